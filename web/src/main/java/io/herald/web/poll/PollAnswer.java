package io.herald.web.poll;

/**
 * The answer to a completed long-poll wait, whichever path serves it (JAX-RS or the direct lane):
 * 200 with the events as a JSON array, or 204 with none; either with {@code Herald-Missed: true}
 * when events after {@code since} are gone.
 *
 * @param status 200 or 204
 * @param body   the JSON array; empty for 204
 * @param missed whether events after the poll's position are gone
 */
record PollAnswer(int status, byte[] body, boolean missed) {

    /** The header that says events were missed. */
    static final String MISSED_HEADER = io.herald.web.events.EventsResource.MISSED_HEADER;
}
