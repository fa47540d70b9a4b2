package io.herald.core.broadcast;

import io.herald.api.ReplayResult;
import io.herald.core.transport.Transport;
import java.util.Set;

/**
 * Replay: the retained events of a set of topics after a position, merged in id order as one
 * consistent cut (the transport reads all histories at one instant), and whether events after
 * the position are gone. Together with a mailbox's single watermark (or a poll's early events),
 * an event published while the cut is read is either in it or delivered live, never lost between.
 */
final class Replay {

    private final Transport transport;

    Replay(Transport transport) {
        this.transport = transport;
    }

    /**
     * The retained events after {@code after}. An id above every id assigned is unknown here (from
     * a server whose clock was ahead, or a view of the sequence that is behind): it is answered
     * as missed, with the events above it only, so that a client never sees an id at or below
     * one it already has.
     *
     * @throws io.herald.api.HubUnavailableException when the histories cannot be read now
     */
    ReplayResult after(Set<String> topics, long after) {
        // asked before the read: an id assigned meanwhile must not make an unknown position look known
        boolean unknown = after > transport.lastId();
        ReplayResult cut = transport.history(topics, after);
        return unknown && !cut.missed() ? new ReplayResult(cut.events(), true) : cut;
    }
}
