package io.herald.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server (the JDK's) answering each request to a path with the next scripted answer
 * for it, so a test can give the client exactly the bytes a Herald server produces, cut where it
 * wants. Records every request's path, query and headers.
 */
final class ScriptedServer implements AutoCloseable {

    /** One scripted answer. */
    interface Answer {
        void write(HttpExchange exchange) throws IOException, InterruptedException;
    }

    record Request(String path, String query, Map<String, List<String>> headers, long nanos) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, BlockingQueue<Answer>> scripts = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Released at close: answers that hold a connection open wait on it. */
    final CountDownLatch closing = new CountDownLatch(1);

    ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * A client of this server with the short timings the tests want: a stream silent for 300 ms is
     * stalled, retries come within 50 ms, a long-poll waits 1 s, and a stream is not retried while
     * polling for a minute.
     */
    HeraldClient.Builder client() {
        return HeraldClient.builder(uri())
                .keepAlive(Duration.ofMillis(300))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .pollTimeout(Duration.ofSeconds(1))
                .streamRetryInterval(Duration.ofSeconds(60));
    }

    /** Queues answers for requests to {@code path}. */
    ScriptedServer on(String path, Answer... answers) {
        BlockingQueue<Answer> q = scripts.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
        q.addAll(List.of(answers));
        return this;
    }

    List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(path, exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                System.nanoTime()));
        try {
            BlockingQueue<Answer> q = scripts.get(path);
            Answer next = q == null ? null : q.poll(5, TimeUnit.SECONDS);
            if (next == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                next.write(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            exchange.close();
        }
    }

    /** An event stream that sends {@code text} and ends. */
    static Answer stream(String text) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    /** An event stream that sends {@code text} and then stays open, silent, until the server closes. */
    Answer streamThenSilence(String text) {
        return exchange -> {
            stream(text).write(exchange);
            closing.await(30, TimeUnit.SECONDS);
        };
    }

    /** A JSON answer with optional extra headers (name, value, ...). */
    static Answer json(int status, String body, String... headers) {
        return exchange -> {
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A long-poll that waits (up to 800 ms, or until the server closes) and times out with 204. */
    Answer longPollThenNoContent() {
        return exchange -> {
            closing.await(800, TimeUnit.MILLISECONDS);
            exchange.sendResponseHeaders(204, -1);
        };
    }

    /** 204, as a long-poll that timed out. */
    static Answer noContent() {
        return exchange -> exchange.sendResponseHeaders(204, -1);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
