package io.herald.api;

/**
 * A snapshot of one topic as seen by this node.
 *
 * @param topic       the topic name
 * @param streams     open stream subscribers on this topic
 * @param polls       long-polls currently waiting on this topic
 * @param lastId      id of the newest retained event of the topic, 0 if none
 * @param buffered    how many events the replay history holds for the topic
 */
public record TopicInfo(String topic, int streams, int polls, long lastId, int buffered) {

    /** Streams plus waiting polls. */
    public int subscribers() {
        return streams + polls;
    }
}
