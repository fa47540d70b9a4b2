/**
 * Events and topic info as JSON (Parsson), for answers and long-polls.
 */
package io.herald.web.json;
