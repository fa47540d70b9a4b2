package io.herald.api;

/** The publish contract: accept one event for a topic and fan it out to its subscribers. */
public interface Publisher {

    /**
     * Assigns the next id, stores the event in the topic's replay history and hands it to every
     * current subscriber of the topic. Returns once the event is accepted, not once it was written
     * to every subscriber.
     *
     * @param topic a valid topic name (see {@link Topic})
     * @param type  optional event type (see {@link Event#isValidType(String)}), or {@code null}
     * @param data  the payload text
     * @return the stored event, with its id and timestamp
     * @throws IllegalArgumentException if the topic or type is invalid
     * @throws HubUnavailableException  if the event could not be stored (nothing was published)
     */
    Event publish(String topic, String type, String data);
}
