package io.herald.core.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTransportTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void idsAreOneSequenceAcrossTopicsAndTheListenerSeesThemInOrder() {
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofHours(1));
        List<Long> seen = new ArrayList<>();
        t.start(e -> seen.add(e.id()));
        t.publish("a", null, "1");
        t.publish("b", null, "2");
        t.publish("a", null, "3");
        assertThat(seen).containsExactly(1L, 2L, 3L);
        assertThat(t.lastId()).isEqualTo(3);
        assertThat(t.history("a", 0).events()).extracting(Event::id).containsExactly(1L, 3L);
    }

    @Test
    void evictionIsReportedOnlyToIdsOlderThanTheNewestEvicted() {
        InMemoryTransport t = new InMemoryTransport(3, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            t.publish("a", null, "x");
        }
        assertThat(t.bufferedCount("a")).isEqualTo(3);
        ReplayResult old = t.history("a", 1);
        assertThat(old.missed()).isTrue();
        assertThat(old.events()).extracting(Event::id).containsExactly(3L, 4L, 5L);
        assertThat(t.history("a", 2).missed()).isFalse();
    }

    @Test
    void idleTopicsAreForgottenAndLateClientsAreToldTheyMissedEvents() {
        ManualClock clock = new ManualClock();
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofMinutes(60), clock);
        t.publish("quiet", null, "1");
        t.publish("quiet", null, "2");
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        t.publish("busy", null, "3");

        assertThat(t.topicCount()).isEqualTo(1);
        assertThat(t.bufferedCount("quiet")).isZero();
        ReplayResult late = t.history("quiet", 1);
        assertThat(late.events()).isEmpty();
        assertThat(late.missed()).isTrue();
        assertThat(t.history("quiet", 2).missed()).isFalse();
    }

    @Test
    void aNewTopicPastTheLimitIsRefusedUntilAnIdleOneExpires() {
        ManualClock clock = new ManualClock();
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofMinutes(60), 2, clock);
        t.publish("a", null, "1");
        t.publish("b", null, "2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.publish("c", null, "3"))
                .isInstanceOf(io.herald.core.limits.LimitExceededException.class);
        assertThat(t.lastId()).as("a refused publish takes no id").isEqualTo(2);
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        t.publish("b", null, "3");
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(t.publish("c", null, "4").id()).as("a expired, making room").isEqualTo(4);
        assertThat(t.topicCount()).isEqualTo(2);
    }
}
