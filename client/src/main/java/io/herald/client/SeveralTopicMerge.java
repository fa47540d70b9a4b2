package io.herald.client;

import io.herald.api.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a several-topic subscription polls without a several-topic long-poll: each topic is polled
 * on its own, and an answer on one is a wake-up. The other topics' histories, read after that
 * answer, are merged in by id up to the answer's highest id. Ids are assigned and stored in one
 * order on the server, so once an event is visible every lower id is too and the merge leaves no
 * gap; anything above that id comes with the next round (and is not delivered early, since a lower
 * id on the answering topic may not be visible yet).
 */
final class SeveralTopicMerge {

    private SeveralTopicMerge() {
    }

    /** Whether an {@code answer} of a subscription to {@code topicCount} topics needs the others' histories. */
    static boolean wakesOthers(int topicCount, History answer) {
        return topicCount > 1 && !answer.events().isEmpty();
    }

    /** One round: the answer and the others' histories up to the answer's highest id, in id order. */
    static History merge(History answer, List<History> others) {
        List<Event> batch = new ArrayList<>(answer.events());
        boolean missed = answer.missed();
        long cut = batch.stream().mapToLong(Event::id).max().orElseThrow();
        for (History h : others) {
            missed |= h.missed();
            h.events().stream().filter(ev -> ev.id() <= cut).forEach(batch::add);
        }
        batch.sort(Comparator.comparingLong(Event::id));
        return new History(batch, missed);
    }
}
