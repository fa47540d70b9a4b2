package io.herald.client;

import static io.herald.client.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the client while requests are still on the wire: Jersey's internals are torn down under
 * them, and whatever they then throw must end as "client closed", never as an exception escaping a
 * client thread (which would land in the application's uncaught-exception handler) or as anything
 * but a {@link HeraldException} to a caller.
 */
class ClosingUnderRequestsTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    ExecutorService threads;
    ScriptedServer server;
    HeraldClient client;

    @BeforeEach
    void start() throws Exception {
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "caller-pool");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
            return t;
        });
        server = new ScriptedServer();
        client = server.client().executor(threads).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        threads.shutdownNow();
    }

    /** Lets every request still held by the server end, and waits until the client's threads are idle. */
    void releaseHeldRequestsAndDrain() throws InterruptedException {
        server.close();
        threads.shutdown();
        assertThat(threads.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLongPollOnTheWireWhenTheClientClosesEndsWithoutAnExceptionEscapingItsThread() throws Exception {
        // the stream stalls, so the subscription falls back to a long-poll the server holds
        server.on("/topics/news/stream", server.streamThenSilence(""))
                .on("/topics/news/poll", server.longPollThenNoContent(), server.longPollThenNoContent());
        client.subscribe(2, e -> { }, "news");
        await().atMost(DEADLINE).until(() -> !server.requestsTo("/topics/news/poll").isEmpty());

        client.close();
        releaseHeldRequestsAndDrain();

        assertThat(uncaught).isEmpty();
    }

    @Test
    void aStreamBeingReadWhenTheClientClosesEndsWithoutAnExceptionEscapingItsThread() throws Exception {
        server.on("/topics/news/stream", server.streamThenSilence("retry: 10\n\nid: 3\ndata: a\n\n"));
        List<ReceivedEvent> got = new CopyOnWriteArrayList<>();
        client.subscribe(2, got::add, "news");
        await().atMost(DEADLINE).until(() -> got.size() == 1);

        client.close();
        releaseHeldRequestsAndDrain();

        assertThat(uncaught).isEmpty();
    }

    @Test
    void aPublishOnTheWireWhenTheClientClosesFailsAsClientClosed() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        server.on("/topics/news/events", exchange -> {
            answer.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            json(201, "{\"id\":9,\"topic\":\"news\",\"data\":\"hi\",\"timestamp\":\"2026-11-28T19:00:00Z\"}").write(exchange);
        });
        CompletableFuture<Object> publish = CompletableFuture.supplyAsync(() -> client.publish("news", null, "hi"));
        await().atMost(DEADLINE).until(() -> !server.requestsTo("/topics/news/events").isEmpty());

        client.close();
        answer.countDown();

        assertThatThrownBy(() -> publish.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HeraldException.class).hasMessageContaining("client closed");
        releaseHeldRequestsAndDrain();
        assertThat(uncaught).isEmpty();
    }
}
