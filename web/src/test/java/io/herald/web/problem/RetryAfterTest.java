package io.herald.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.LimitExceededException;
import io.herald.web.limits.LimitExceededMapper;
import io.herald.web.settings.TestConfig;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every 429 and 503 Herald answers carries the one configured {@code Retry-After}. */
class RetryAfterTest {

    private final RetryAfter configured = RetryAfter.from(TestConfig.of(Map.of(RetryAfter.KEY, "11")));

    @Test
    void every429And503PathCarriesTheConfiguredRetryAfter() {
        Map<String, Response> answers = Map.of(
                "client limit", LimitExceededMapper.toResponse(new LimitExceededException("herald.limit.streams-per-client",
                        LimitExceededException.Scope.CLIENT, "too many"), configured),
                "server limit (also: server stopping)", LimitExceededMapper.toResponse(new LimitExceededException(
                        "herald.limit.subscribers", LimitExceededException.Scope.SERVER, "full"), configured),
                "transport down", TransportUnavailableMapper.toResponse(configured),
                "container's 503", new WebApplicationExceptionMapper(configured).toResponse(new ServiceUnavailableException()),
                "container's 429", new WebApplicationExceptionMapper(configured).toResponse(new WebApplicationException(429)));
        answers.forEach((path, answer) -> {
            assertThat(answer.getStatus()).as(path).isIn(429, 503);
            assertThat(answer.getHeaders().get("Retry-After")).as(path).containsExactly("11");
        });
    }

    @Test
    void aRetryAfterTheContainerAlreadyChoseIsKept() {
        Response answer = new WebApplicationExceptionMapper(configured).toResponse(new ServiceUnavailableException(30L));
        assertThat(answer.getHeaders().get("Retry-After")).hasSize(1);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo("30");
    }

    @Test
    void otherStatusesGetNone() {
        assertThat(RetryAfter.appliesTo(500)).isFalse();
        assertThat(RetryAfter.appliesTo(413)).isFalse();
        Response notFound = new WebApplicationExceptionMapper(configured).toResponse(new jakarta.ws.rs.NotFoundException());
        assertThat(notFound.getHeaderString("Retry-After")).isNull();
    }
}
