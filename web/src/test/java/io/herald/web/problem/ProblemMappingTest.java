package io.herald.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.HubUnavailableException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.RedirectionException;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProblemMappingTest {

    private static JsonObject body(Response response) {
        return Json.createReader(new StringReader((String) response.getEntity())).readObject();
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        JsonObject json = body(response);
        assertThat(json.getInt("status")).isEqualTo(status);
        assertThat(json.keySet()).contains("type", "title", "status", "detail");
    }

    @Test
    void ourProblems() {
        Response r = new ProblemExceptionMapper().toResponse(
                ProblemException.badRequest("invalid-topic", "Invalid topic name", "bad"));
        assertProblem(r, 400);
        assertThat(body(r).getString("type")).isEqualTo("urn:herald:problem:invalid-topic");
        assertThat(body(r).getString("detail")).isEqualTo("bad");
    }

    @Test
    void containerRejectionsBecomeProblems() {
        WebApplicationExceptionMapper mapper = new WebApplicationExceptionMapper(new RetryAfter(Duration.ofSeconds(5)));
        assertProblem(mapper.toResponse(new NotFoundException()), 404);
        assertProblem(mapper.toResponse(new NotSupportedException()), 415);
        Response notAllowed = mapper.toResponse(new NotAllowedException("GET", new String[] {"POST"}));
        assertProblem(notAllowed, 405);
        assertThat(notAllowed.getAllowedMethods()).contains("GET", "POST");
        assertThat(body(notAllowed).getString("title")).isEqualTo("Method Not Allowed");
        assertThat(body(notAllowed).getString("detail")).isEqualTo("HTTP 405 Method Not Allowed");
        Response echoing = mapper.toResponse(new NotFoundException("RESTEASY003210: Could not find resource for full path: /x<y>"));
        assertThat(body(echoing).getString("detail")).as("the runtime's message, request parts and all, is not shown")
                .isEqualTo("HTTP 404 Not Found");
    }

    @Test
    void aTransportOutageIsLoggedByItsRedactedMessageOnlyNeverByItsCauses() {
        java.util.List<String> logged = new java.util.ArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                StringBuilder text = new StringBuilder(new java.util.logging.SimpleFormatter().formatMessage(record));
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(' ').append(t);
                }
                logged.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(TransportUnavailableMapper.class.getName());
        log.addHandler(capture);
        try {
            // a client library's message may quote the URI; the transport's own message is redacted
            Response r = new TransportUnavailableMapper(new RetryAfter(Duration.ofSeconds(5))).toResponse(new HubUnavailableException(
                    "Redis connect failed at redis://****@db:6379",
                    new IllegalStateException("cannot AUTH redis://herald:pw-s3cret-1@db:6379")));
            assertProblem(r, 503);
            assertThat(body(r).toString()).doesNotContain("pw-s3cret-1").doesNotContain("redis://");
        } finally {
            log.removeHandler(capture);
        }
        assertThat(logged).singleElement().satisfies(line -> {
            assertThat(line).contains("redis://****@db:6379");
            assertThat(line).doesNotContain("pw-s3cret-1");
        });
    }

    @Test
    void redirectsAreLeftAlone() {
        Response r = new WebApplicationExceptionMapper(new RetryAfter(Duration.ofSeconds(5)))
                .toResponse(new RedirectionException(Response.Status.SEE_OTHER, URI.create("/x")));
        assertThat(r.getStatus()).isEqualTo(303);
    }

    @Test
    void unexpectedFailuresLeakNothing() {
        Response r = new UnexpectedExceptionMapper().toResponse(new IllegalStateException("secret internals"));
        assertProblem(r, 500);
        assertThat((String) r.getEntity()).doesNotContain("secret", "IllegalStateException", "at io.");
    }

    @Test
    void transportDownIs503WithRetryAfter() {
        Response r = new TransportUnavailableMapper(new RetryAfter(Duration.ofSeconds(5))).toResponse(
                new HubUnavailableException("redis down", new RuntimeException()));
        assertProblem(r, 503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat((String) r.getEntity()).doesNotContain("redis");
    }
}
