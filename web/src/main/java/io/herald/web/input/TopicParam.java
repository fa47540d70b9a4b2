package io.herald.web.input;

import io.herald.api.Topic;
import io.herald.web.problem.ProblemException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Validates topic names from the path or query against {@link Topic}: anything else is a 400. */
public final class TopicParam {

    private TopicParam() {
    }

    /** Returns {@code name} if it is a valid topic name. */
    public static String require(String name) {
        if (!Topic.isValid(name)) {
            throw ProblemException.badRequest("invalid-topic", "Invalid topic name",
                    "Topic names are 1-" + Topic.MAX_LENGTH + " characters of [A-Za-z0-9._~-], not . or ..");
        }
        return name;
    }

    /**
     * The distinct valid names of {@code ?topic=} parameters, in request order; at least one, at most
     * {@code max} ({@code herald.limit.topics-per-stream}); more is a 400.
     */
    public static Set<String> requireAll(Collection<String> names, int max) {
        if (names == null || names.isEmpty()) {
            throw ProblemException.badRequest("missing-topic", "Missing topic",
                    "Name at least one topic: ?topic=a&topic=b");
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String name : names) {
            topics.add(require(name));
        }
        if (topics.size() > max) {
            throw ProblemException.badRequest("too-many-topics", "Too many topics",
                    "A stream may name at most " + max + " topics");
        }
        return Set.copyOf(topics);
    }
}
