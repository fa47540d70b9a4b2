package io.herald.core.transport.redis;

/**
 * The names of Herald's keys under one prefix (described in {@link RedisTransport}'s javadoc).
 */
record RedisKeys(String prefix) {

    String seq() {
        return prefix + "seq";
    }

    String all() {
        return prefix + "all";
    }

    String horizon() {
        return prefix + "horizon";
    }

    String forgotten() {
        return prefix + "forgotten";
    }

    String bytes() {
        return prefix + "bytes";
    }

    String topics() {
        return prefix + "topics";
    }

    String oldest() {
        return prefix + "oldest";
    }

    String topic(String topic) {
        return prefix + "topic:" + topic;
    }

    String meta(String topic) {
        return prefix + "meta:" + topic;
    }
}
