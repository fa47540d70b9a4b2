package io.herald.client;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The long-poll fallback for one topic of a subscription: polls from the subscription's position,
 * round after round, while its fallback period (epoch) is current. A failure ends the loop and is
 * reported to {@link StreamingSubscription}, which stops the other topics' loops and reconnects.
 * For a several-topic subscription each answer is merged with the other topics' histories
 * ({@link SeveralTopicMerge}).
 */
final class TopicPollLoop implements Runnable {

    private final StreamingSubscription subscription;
    private final String topic;
    private final long pollEpoch;

    TopicPollLoop(StreamingSubscription subscription, String topic, long pollEpoch) {
        this.subscription = subscription;
        this.topic = topic;
        this.pollEpoch = pollEpoch;
    }

    @Override
    public void run() {
        try {
            subscription.resolveStart();
        } catch (HeraldException e) {
            subscription.pollFailed(pollEpoch, e);
            return;
        }
        while (true) {
            OptionalLong position = subscription.lastEventIdWhileCurrent(pollEpoch);
            if (position.isEmpty()) {
                return;
            }
            long since = position.getAsLong();
            History round;
            try {
                round = pollRound(since);
            } catch (HeraldException e) {
                subscription.pollFailed(pollEpoch, e);
                return;
            }
            boolean delivered = subscription.whileCurrent(pollEpoch, () -> {
                subscription.reconnects.succeeded();
                subscription.delivery.pollRound(round.events(), round.missed(), since);
            });
            if (!delivered) {
                return;
            }
        }
    }

    /** One long-poll of this topic, merged with the others' histories when it woke up with events. */
    private History pollRound(long since) {
        History answer = subscription.endpoints.poll(topic, since);
        List<String> topics = subscription.topics();
        if (!SeveralTopicMerge.wakesOthers(topics.size(), answer)) {
            return answer;
        }
        List<History> others = new ArrayList<>();
        for (String other : topics) {
            if (!other.equals(topic)) {
                others.add(subscription.endpoints.history(other, since));
            }
        }
        return SeveralTopicMerge.merge(answer, others);
    }
}
