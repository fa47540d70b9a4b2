package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a subscriber is told, for assertions; thread-safe. */
public class RecordingSubscriber implements Subscriber {

    public final List<Event> events = new CopyOnWriteArrayList<>();
    public final List<Long> missed = new CopyOnWriteArrayList<>();
    public volatile int closes;

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

    public List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (Event e : events) {
            ids.add(e.id());
        }
        return ids;
    }

    public List<String> data() {
        List<String> data = new ArrayList<>();
        for (Event e : events) {
            data.add(e.data());
        }
        return data;
    }
}
