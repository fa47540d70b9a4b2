package io.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SSE stream read byte for byte with java.net.http, parsed by the rules of the HTML
 * event-stream format, keeping what Jersey's {@code SseEventSource} hides: {@code retry:} lines,
 * comments ({@code : keepalive}) and the raw lines. Closing it closes the TCP connection.
 */
public final class RawSseStream implements AutoCloseable {

    /** One dispatched event block: id (null if none in the block), event name (null = "message"), data lines joined by LF. */
    public record Frame(String id, String event, String data) {
    }

    private final HttpResponse<InputStream> response;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final List<Long> retries = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private volatile boolean closed;

    private RawSseStream(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::readLoop, "raw-sse-" + response.uri().getPath());
            reader.setDaemon(true);
            reader.start();
        } else {
            ended = true;
        }
    }

    /** Opens {@code uri} with {@code Accept: text/event-stream} and any extra header name/value pairs; returns once headers arrived. */
    public static RawSseStream open(HttpClient http, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return new RawSseStream(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(30, java.util.concurrent.TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("could not open " + uri, e);
        }
    }

    private void readLoop() {
        // BufferedReader.readLine ends lines at CR, LF or CRLF, exactly like the SSE grammar.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            List<String> data = new ArrayList<>();
            boolean any = false;
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (any) {
                        frames.add(new Frame(id, event, data.isEmpty() ? null : String.join("\n", data)));
                    }
                    id = null;
                    event = null;
                    data = new ArrayList<>();
                    any = false;
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "id" -> { id = value; any = true; }
                    case "event" -> { event = value; any = true; }
                    case "data" -> { data.add(value); any = true; }
                    case "retry" -> retries.add(Long.parseLong(value));
                    default -> lines.add("?? unknown field: " + line);
                }
            }
        } catch (IOException e) {
            // closed by us, or the connection broke: either way the stream is over
        } finally {
            ended = true;
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Data-carrying frames' ids, as numbers, in arrival order. */
    public List<Long> ids() {
        return frames.stream().filter(f -> f.id() != null && !f.id().isEmpty() && f.data() != null)
                .map(f -> Long.parseLong(f.id())).toList();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    public List<Long> retries() {
        return List.copyOf(retries);
    }

    /** True once the server closed the stream (or we did). */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                response.body().close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** An HTTP/1.1 client suitable for many concurrent streams. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
