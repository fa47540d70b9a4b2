/**
 * {@code /topics/{topic}}: a topic's info on this node.
 */
package io.herald.web.topic;
