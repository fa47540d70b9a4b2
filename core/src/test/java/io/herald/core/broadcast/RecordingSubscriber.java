package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a subscriber is told, for assertions; thread-safe. */
class RecordingSubscriber implements Subscriber {

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Long> missed = new CopyOnWriteArrayList<>();
    volatile int closes;

    @Override
    public void onEvent(Event event) {
        events.add(event);
    }

    @Override
    public void onMissed(long lastEventId) {
        missed.add(lastEventId);
    }

    @Override
    public void onClose() {
        closes++;
    }

    List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (Event e : events) {
            ids.add(e.id());
        }
        return ids;
    }

    List<String> data() {
        List<String> data = new ArrayList<>();
        for (Event e : events) {
            data.add(e.data());
        }
        return data;
    }
}
