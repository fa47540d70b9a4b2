package io.herald.web.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.api.LimitExceededException;
import io.herald.web.problem.RetryAfter;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientStreamLimitsTest {

    @Test
    void aClientPastItsLimitIsRefusedAndASlotIsGivenBackOnce() {
        ClientStreamLimits limits = new ClientStreamLimits(2);
        ClientStreamLimits.Slot a = limits.acquire("10.0.0.1");
        limits.acquire("10.0.0.1");
        limits.acquire("10.0.0.2");
        assertThatThrownBy(() -> limits.acquire("10.0.0.1"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.scope()).isEqualTo(LimitExceededException.Scope.CLIENT);
                    assertThat(e.key()).isEqualTo("herald.limit.streams-per-client");
                });
        a.release();
        a.release();
        assertThat(limits.count("10.0.0.1")).isEqualTo(1);
        limits.acquire("10.0.0.1");
        assertThat(limits.count("10.0.0.1")).isEqualTo(2);
    }

    @Test
    void countsStayExactUnderConcurrencyAndIdleClientsCostNothing() throws Exception {
        int max = 3;
        ClientStreamLimits limits = new ClientStreamLimits(max);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger over = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String client = "c" + (t % 2);
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        try {
                            ClientStreamLimits.Slot s = limits.acquire(client);
                            if (limits.count(client) > max) {
                                over.incrementAndGet();
                            }
                            s.release();
                            s.release();
                        } catch (LimitExceededException e) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(over.get()).isZero();
        assertThat(limits.clients()).isZero();
    }

    @Test
    void clientLimitsAre429AndServerLimits503WithRetryAfterAsProblems() {
        Response client = LimitExceededMapper.toResponse(new LimitExceededException("herald.limit.streams-per-client",
                LimitExceededException.Scope.CLIENT, "too many"), new RetryAfter(Duration.ofSeconds(5)));
        assertThat(client.getStatus()).isEqualTo(429);
        assertThat(client.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(client.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(client.getEntity().toString()).contains("\"status\":429", "too many");

        Response server = LimitExceededMapper.toResponse(new LimitExceededException("herald.limit.subscribers",
                LimitExceededException.Scope.SERVER, "full"), new RetryAfter(Duration.ofSeconds(9)));
        assertThat(server.getStatus()).isEqualTo(503);
        assertThat(server.getHeaderString("Retry-After")).isEqualTo("9");
        assertThat(server.getHeaderString("Herald-Limit")).isEqualTo("herald.limit.subscribers");
    }
}
