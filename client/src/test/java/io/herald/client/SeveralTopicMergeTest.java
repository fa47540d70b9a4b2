package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeveralTopicMergeTest {

    static Event event(long id, String topic) {
        return new Event(id, topic, null, "d" + id, Instant.EPOCH);
    }

    @Test
    void mergesTheOthersByIdUpToTheAnswersHighestId() {
        History answer = new History(List.of(event(10, "a"), event(13, "a")), false);
        History b = new History(List.of(event(8, "b"), event(12, "b"), event(14, "b")), false);
        History c = new History(List.of(event(11, "c")), false);
        History round = SeveralTopicMerge.merge(answer, List.of(b, c));
        assertThat(round.events()).extracting(Event::id).containsExactly(8L, 10L, 11L, 12L, 13L);
        assertThat(round.missed()).isFalse();
    }

    @Test
    void anyTopicsMissedEventsMarkTheRound() {
        History answer = new History(List.of(event(10, "a")), false);
        History round = SeveralTopicMerge.merge(answer, List.of(new History(List.of(), true)));
        assertThat(round.missed()).isTrue();
    }

    @Test
    void onlyAnAnswerWithEventsOfASeveralTopicSubscriptionWakesTheOthers() {
        History some = new History(List.of(event(1, "a")), false);
        History none = new History(List.of(), true);
        assertThat(SeveralTopicMerge.wakesOthers(2, some)).isTrue();
        assertThat(SeveralTopicMerge.wakesOthers(2, none)).isFalse();
        assertThat(SeveralTopicMerge.wakesOthers(1, some)).isFalse();
    }
}
