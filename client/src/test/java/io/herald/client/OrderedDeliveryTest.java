package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.Event;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OrderedDeliveryTest {

    final List<Long> events = new CopyOnWriteArrayList<>();
    final List<Long> resets = new CopyOnWriteArrayList<>();
    final GuardedListener listener = new GuardedListener(new HeraldListener() {
        @Override
        public void onEvent(ReceivedEvent event) {
            events.add(event.id());
        }

        @Override
        public void onReset(long lastEventId) {
            resets.add(lastEventId);
        }
    });

    static ReceivedEvent received(long id) {
        return new ReceivedEvent(id, "t", null, "d" + id);
    }

    static Event polled(long id) {
        return new Event(id, "t", null, "d" + id, Instant.EPOCH);
    }

    @Test
    void deliversOnlyIdsAboveTheLastDelivered() {
        OrderedDelivery d = new OrderedDelivery(listener, 5);
        for (long id : new long[] {5, 6, 6, 4, 8, 7, 9}) {
            d.offer(received(id));
        }
        assertThat(events).containsExactly(6L, 8L, 9L);
        assertThat(d.last()).isEqualTo(9);
    }

    @Test
    void fromNowIsResolvedOnceAndAKnownPositionStays() {
        OrderedDelivery d = new OrderedDelivery(listener, -1);
        d.startAt(12);
        d.startAt(40);
        assertThat(d.last()).isEqualTo(12);
        OrderedDelivery known = new OrderedDelivery(listener, 3);
        known.startAt(40);
        assertThat(known.last()).isEqualTo(3);
    }

    @Test
    void afterAStreamResetFromOurPositionTheNextLowerIdIsTakenOnce() {
        OrderedDelivery d = new OrderedDelivery(listener, 50);
        d.streamReset(50); // a restarted node: its sequence starts over
        d.offer(received(2));
        d.offer(received(1));
        d.offer(received(3));
        assertThat(resets).containsExactly(50L);
        assertThat(events).containsExactly(2L, 3L);
    }

    @Test
    void aResetOfAStreamOpenedFromAnOlderPositionKeepsTheUsualRule() {
        OrderedDelivery d = new OrderedDelivery(listener, 50);
        d.streamReset(40);
        d.offer(received(45));
        d.offer(received(51));
        assertThat(resets).containsExactly(40L);
        assertThat(events).containsExactly(51L);
    }

    @Test
    void aPollRoundThatMissedEventsResetsOnlyWhenItStartedFromTheCurrentPosition() {
        OrderedDelivery d = new OrderedDelivery(listener, 10);
        d.pollRound(List.of(polled(20), polled(21)), true, 10);
        assertThat(resets).containsExactly(10L);
        d.pollRound(List.of(polled(21), polled(22)), true, 10); // began before 20 and 21 arrived
        assertThat(resets).as("a stale round knows less").containsExactly(10L);
        assertThat(events).containsExactly(20L, 21L, 22L);
    }

    @Test
    void aPollRoundWithIdsAtOrBelowTheAskedPositionIsARestartedSequence() {
        OrderedDelivery d = new OrderedDelivery(listener, 30);
        d.pollRound(List.of(polled(1), polled(2)), false, 30);
        assertThat(resets).containsExactly(30L);
        assertThat(events).containsExactly(1L, 2L);
    }
}
