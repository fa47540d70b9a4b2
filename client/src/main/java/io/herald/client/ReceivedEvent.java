package io.herald.client;

import java.util.Objects;

/**
 * An event as a subscription delivers it.
 *
 * @param id    its position in the server's one id sequence (never assume ids are consecutive)
 * @param topic its topic; {@code null} for an event of a several-topic subscription that arrived on
 *              the stream, whose frames do not name the topic (only polled events do)
 * @param type  its type, {@code null} when it has none
 * @param data  the payload text (JSON text for a JSON publish)
 */
public record ReceivedEvent(long id, String topic, String type, String data) {

    public ReceivedEvent {
        Objects.requireNonNull(data, "data");
    }
}
