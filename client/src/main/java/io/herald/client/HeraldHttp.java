package io.herald.client;

import io.herald.api.Topic;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.glassfish.jersey.client.ClientProperties;

/**
 * How a client sends to one server: the JAX-RS client, the server's resource paths, the bearer
 * token on every request with one new try after a 401, and "no answer" as a {@link HeraldException}.
 * Each request gets its own read timeout, because a stream, a long-poll and a publish wait very
 * differently long for their next byte.
 */
final class HeraldHttp {

    private final Client jaxrs;
    private final WebTarget root;
    private final TokenCache tokens;
    private volatile boolean closed;

    HeraldHttp(URI base, ClientSettings settings, TokenCache tokens, ClientThreads threads) {
        this.tokens = tokens;
        this.jaxrs = ClientBuilder.newBuilder()
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .executorService(threads.executor())
                .build();
        URI dir = base.getPath().endsWith("/") ? base : URI.create(base + "/");
        this.root = jaxrs.target(dir);
    }

    /** {@code topics/{topic}}, or {@code topics/{topic}/{leaf}}. */
    WebTarget topicTarget(String topic, String leaf) {
        WebTarget t = root.path("topics").path(Topic.requireValid(topic));
        return leaf == null ? t : t.path(leaf);
    }

    /** The stream of one topic, or the several-topic stream. */
    WebTarget streamTarget(List<String> topics) {
        if (topics.size() == 1) {
            return topicTarget(topics.get(0), "stream");
        }
        WebTarget t = root.path("stream");
        for (String topic : topics) {
            t = t.queryParam("topic", topic);
        }
        return t;
    }

    /**
     * Sends a request with the bearer token (if any) and {@code readTimeout}; after a 401 it asks
     * the token supplier for a new token and sends once more. The caller closes the response.
     */
    Response send(WebTarget target, Function<Invocation.Builder, Response> method, Duration readTimeout,
                  Function<Invocation.Builder, Invocation.Builder> extra) {
        String token = tokens.current();
        Response r = sendOnce(target, method, readTimeout, extra, token);
        // A 401 is decided before the body is read, so re-sending a publish cannot store it twice.
        if (r.getStatus() == 401 && tokens.refresh(token)) {
            r.close();
            r = sendOnce(target, method, readTimeout, extra, tokens.current());
        }
        return r;
    }

    private Response sendOnce(WebTarget target, Function<Invocation.Builder, Response> method, Duration readTimeout,
                              Function<Invocation.Builder, Invocation.Builder> extra, String token) {
        if (closed) {
            throw new HeraldException("client closed");
        }
        Invocation.Builder call = target.request()
                .property(ClientProperties.READ_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        if (token != null) {
            call = call.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (extra != null) {
            call = extra.apply(call);
        }
        try {
            return method.apply(call);
        } catch (ProcessingException e) {
            throw new HeraldException("no answer from " + target.getUri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs one whole exchange (send, read the answer, close it). Closing the client tears down
     * Jersey's internals under requests still on the wire, which then fail with whatever those
     * throw (HK2's {@code MultiException}, {@code IllegalStateException}); once closed, any such
     * failure is "client closed", as a request sent after the close would be.
     */
    <T> T whileOpen(Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (HeraldException e) {
            throw e;
        } catch (RuntimeException e) {
            if (closed) {
                throw new HeraldException("client closed", e);
            }
            throw e;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** From now on every request fails at once with "client closed". */
    void refuseRequests() {
        closed = true;
    }

    /**
     * Closes the JAX-RS client on the executor: connections still being read end as their reads
     * return (see {@link StreamingSubscription#close()}), and closing one waits for that.
     */
    void close(ClientThreads threads) {
        closed = true;
        threads.runOrHere(jaxrs::close); // here when the caller's executor is already shut down
    }
}
