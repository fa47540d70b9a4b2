package io.herald.core.broadcast;

import io.herald.api.Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recording subscriber that asks to take its catch-up while subscribing, as a direct-lane stream
 * does, and records each call with the thread it ran on; thread-safe.
 */
public class CatchingUpSubscriber extends RecordingSubscriber {

    /** Each call as {@code "event <id>"}, {@code "missed <id>"} or {@code "flush"}, with its thread. */
    public final List<Call> calls = new CopyOnWriteArrayList<>();

    /** One call to the subscriber and the thread that made it. */
    public record Call(String what, Thread thread) {
    }

    @Override
    public boolean catchesUpWhileSubscribing() {
        return true;
    }

    @Override
    public void onEvent(Event event) {
        calls.add(new Call("event " + event.id(), Thread.currentThread()));
        super.onEvent(event);
    }

    @Override
    public void onMissed(long lastEventId) {
        calls.add(new Call("missed " + lastEventId, Thread.currentThread()));
        super.onMissed(lastEventId);
    }

    @Override
    public void flush() {
        calls.add(new Call("flush", Thread.currentThread()));
    }

    /** The calls made on {@code thread}, in order. */
    public List<String> callsOn(Thread thread) {
        return calls.stream().filter(c -> c.thread() == thread).map(Call::what).toList();
    }
}
