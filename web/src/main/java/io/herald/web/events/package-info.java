/**
 * {@code /topics/{topic}/events}: publishing (JSON or text bodies, read within the size limit and
 * validated here, at the edge) and the history read.
 */
package io.herald.web.events;
