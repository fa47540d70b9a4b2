package io.herald.web.container.grizzly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.web.container.ClientTooSlowException;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real Grizzly HTTP server (the version Payara Micro ships) and raw sockets: the chunks
 * written to the connection must make one valid chunked response, whether the channel took the
 * connection over (keep-alive on, Payara's default) or writes around the container, which then
 * ends the response with its own last chunk (keep-alive off).
 */
class GrizzlyChunkChannelTest {

    private static final String HEAD_FRAME = "retry: 1000\n\n";
    private static final String HEAD_CHUNK = "d\r\n" + HEAD_FRAME + "\r\n";
    /** Short, so that a test can see the keep-alive idle timers run (Grizzly checks them every second). */
    private static final int KEEP_ALIVE_IDLE_SECONDS = 1;
    /** A frame far larger than a stalled client's socket can hold. */
    private static final SseFrame BIG = frame(1, "x".repeat(8 * 1024));
    /** The connection's queue limit for stalled clients here (Payara's pre-boot file sets 256 KiB). */
    private static final int QUEUE_LIMIT = 16 * 1024;

    private HttpServer server;
    private TCPNIOTransport transport;
    private int port;
    /** Responses the handler suspended after committing them as event streams. */
    private final BlockingQueue<Response> streams = new LinkedBlockingQueue<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger plainRequests = new AtomicInteger();

    /** Keep-alive on, with a 1 s idle timeout (Grizzly then also adds its idle-timeout filter). */
    private void start() throws IOException {
        server = new HttpServer();
        NetworkListener listener = new NetworkListener("test", "127.0.0.1", 0);
        listener.getKeepAlive().setIdleTimeoutInSeconds(KEEP_ALIVE_IDLE_SECONDS);
        server.addListener(listener);
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.setContentType("text/event-stream");
                if (request.getParameter("keepalive") == null) {
                    response.setHeader("Connection", "close");
                }
                if (request.getParameter("length") != null) {
                    response.setContentLength(Integer.parseInt(request.getParameter("length")));
                }
                response.suspend();
                if (request.getParameter("uncommitted") == null) {
                    response.getOutputStream().write(HEAD_FRAME.getBytes(StandardCharsets.UTF_8));
                    if (request.getParameter("buffered") == null) {
                        response.getOutputStream().flush();
                    }
                }
                streams.add(response);
            }
        }, "/stream");
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                plainRequests.incrementAndGet();
                response.setContentType("text/plain");
                response.getWriter().write("plain");
            }
        }, "/plain");
        server.start();
        transport = listener.getTransport();
        port = listener.getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void aTakenOverConnectionCarriesTheFramesAfterTheContainerEndedTheRequestAndCloseEndsTheResponse() throws Exception {
        start();
        try (Socket client = get("/stream")) {
            Response response = nextStream();
            FrameChannel channel = channelOf(response);
            assertThat(channel).isNotNull();
            assertThat(channel.ownsConnection()).isTrue();

            channel.write(frame(1, "a"));
            channel.flush();
            String first = "id: 1\ndata: a\n\n";
            String wire = readUntil(client.getInputStream(), first + "\r\n");
            response.resume(); // the container ends the request: it must write nothing, nor close
            channel.write(frame(2, "b\nc"));
            channel.write(SseFrame.comment("keepalive"));
            channel.flush(); // two frames, one chunk
            channel.flush(); // nothing taken: nothing written
            assertThat(failures).hasValue(0);
            channel.close();

            wire += readToTheEnd(client);
            String batch = "id: 2\ndata: b\ndata: c\n\n: keepalive\n\n";
            assertThat(wire).contains("Transfer-Encoding: chunked\r\n", "Connection: close\r\n").endsWith("\r\n\r\n"
                    + HEAD_CHUNK
                    + chunk(first) + chunk(batch) + "0\r\n\r\n");
        }
    }

    /** Repeated: whether Grizzly still holds the pipelined request when the stream starts depends on timing. */
    @org.junit.jupiter.api.RepeatedTest(20)
    void aRequestSentBehindTheStreamsOnItsConnectionIsNeverAnswered() throws Exception {
        start();
        try (Socket client = connect(0)) {
            send(client, "/stream", "/plain"); // pipelined: both in one write
            Response response = nextStream();
            FrameChannel channel = channelOf(response);
            assertThat(channel.ownsConnection()).isTrue();
            response.resume();
            String wire = readUntil(client.getInputStream(), HEAD_CHUNK);
            send(client, "/plain"); // and one more once the stream is open
            wire = endWithOneEvent(client, channel, wire);
            assertThat(wire).startsWith("HTTP/1.1 200");
            assertThat(wire.split("HTTP/1.1", -1)).as("one response").hasSize(2);
        }
        assertThat(plainRequests).as("requests after the stream's on its connection").hasValue(0);
    }

    @Test
    void whateverTheClientSendsLaterIsReadAndDropped() throws Exception {
        start();
        try (TakenOver stream = takenOverStream()) {
            OutputStream out = stream.client().getOutputStream();
            out.write("NOT HTTP\r\n\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII)); // 140 KB
            out.flush();
            endWithOneEvent(stream.client(), stream.channel(), stream.head());
        }
        assertThat(failures.get()).as("only the close reported").isLessThanOrEqualTo(1);
    }

    @Test
    void aTakenOverConnectionOutlivesTheKeepAliveIdleTimeout() throws Exception {
        start();
        try (TakenOver stream = takenOverStream()) {
            // an ordinary kept-alive connection, idle from a moment later, is closed by the timers...
            try (Socket control = connect(0)) {
                send(control, "/plain");
                readUntil(control.getInputStream(), "plain");
                assertThat(readToTheEnd(control)).as("closed by the idle timers within the read timeout").isNotNull();
            }
            // ...the stream's, idle for longer, is not
            stream.channel().write(frame(1, "still here"));
            stream.channel().flush();
            String after = "id: 1\ndata: still here\n\n";
            assertThat(readUntil(stream.client().getInputStream(), after + "\r\n")).isEqualTo(chunk(after));
            assertThat(failures).hasValue(0);
        }
    }

    @Test
    void aClientThatClosesATakenOverConnectionIsReportedWithoutAWriteAndLeavesTheIdleTimer() throws Exception {
        start();
        org.glassfish.grizzly.utils.IdleTimeoutFilter idle = ((org.glassfish.grizzly.filterchain.FilterChain) transport.getProcessor())
                .stream().filter(org.glassfish.grizzly.utils.IdleTimeoutFilter.class::isInstance)
                .map(org.glassfish.grizzly.utils.IdleTimeoutFilter.class::cast).findFirst().orElseThrow();
        org.glassfish.grizzly.Connection<?> connection;
        try (TakenOver stream = takenOverStream()) {
            connection = stream.connection();
            assertThat(failures).hasValue(0);
            assertThat(idle.getResolver().getTimeoutMillis(connection)).isEqualTo(org.glassfish.grizzly.utils.IdleTimeoutFilter.FOREVER);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() > 0);
        assertThat(idle.getResolver().getTimeoutMillis(connection)).as("no longer kept by the idle timer")
                .isNotEqualTo(org.glassfish.grizzly.utils.IdleTimeoutFilter.FOREVER);
    }

    @Test
    void clientsThatResetTheirTakenOverConnectionsAtOnceAreEachReportedWithoutAWriteAndServingGoesOn() throws Exception {
        start();
        List<TakenOver> taken = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            taken.add(takenOverStream());
        }
        assertThat(failures).hasValue(0);
        for (TakenOver stream : taken) {
            stream.client().setSoLinger(true, 0); // close with a reset (RST), as a client that drops its connection does
            stream.client().close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() == taken.size());
        assertThat(taken).allSatisfy(stream -> assertThat(stream.connection().isOpen()).isFalse());
        try (Socket control = get("/plain?keepalive")) {
            assertThat(readUntil(control.getInputStream(), "plain")).endsWith("plain");
        }
        assertThat(failures).as("each reported once").hasValue(taken.size());
    }

    @Test
    void withKeepAliveOffFramesAreWrittenAroundTheContainerWhichEndsTheResponseAfterThem() throws Exception {
        start();
        try (Socket client = get("/stream")) {
            Response response = withKeepAliveOff(nextStream());
            FrameChannel channel = channelOf(response);
            assertThat(channel).isNotNull();
            assertThat(channel.ownsConnection()).isFalse();

            channel.write(frame(1, "a"));
            channel.flush();
            channel.write(frame(2, "b\nc"));
            channel.write(SseFrame.comment("keepalive"));
            channel.flush();
            channel.close(); // not the channel's to end: nothing
            response.resume();

            String wire = readUntilLastChunk(client.getInputStream());
            String first = "id: 1\ndata: a\n\n";
            String batch = "id: 2\ndata: b\ndata: c\n\n: keepalive\n\n";
            assertThat(wire).contains("Transfer-Encoding: chunked\r\n", "Connection: close\r\n").endsWith("\r\n\r\n"
                    + HEAD_CHUNK
                    + chunk(first) + chunk(batch) + "0\r\n\r\n");
        }
        assertThat(failures).hasValue(0);
    }

    @Test
    void onlyACommittedChunkedResponseWithAnEmptyBufferThatClosesItsConnectionQualifies() throws Exception {
        start();
        try (Socket uncommitted = get("/stream?uncommitted=1");
             Socket buffered = get("/stream?buffered=1");
             Socket fixedLength = get("/stream?length=100");
             Socket keptAlive = get("/stream?keepalive=1")) {
            for (int i = 0; i < 4; i++) {
                Response response = nextStream();
                assertThat(channelOf(response)).as(response.getRequest().getQueryString()).isNull();
                response.resume();
            }
        }
        assertThat(GrizzlyChunkChannel.of(new Object(), failures::incrementAndGet)).isNull();
    }

    @Test
    void withKeepAliveOffAChunkWrittenAfterTheContainerEndedTheResponseNeverReachesTheConnection() throws Exception {
        start();
        try (Socket client = get("/stream")) {
            Response response = withKeepAliveOff(nextStream());
            FrameChannel channel = channelOf(response);
            response.resume(); // the container ends the response on its own
            String wire = readUntilLastChunk(client.getInputStream());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    channel.write(frame(1, "late"));
                    channel.flush();
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
            assertThat(client.getInputStream().read()).as("nothing after the last chunk, then end of stream").isEqualTo(-1);
            assertThat(wire).doesNotContain("late");
        }
    }

    @Test
    void withKeepAliveOffAClientThatHungUpIsReportedAndLaterWritesFail() throws Exception {
        start();
        FrameChannel channel;
        try (Socket client = get("/stream")) {
            channel = channelOf(withKeepAliveOff(nextStream()));
            readUntil(client.getInputStream(), HEAD_FRAME);
        }
        // the first writes after the peer closed may still be taken by the kernel
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                channel.write(frame(1, "x"));
                channel.flush();
                return failures.get() > 0;
            } catch (IOException failed) {
                return true;
            }
        });
        assertThat(failures.get()).isPositive();
        channel.write(frame(2, "y"));
        assertThatThrownBy(channel::flush).isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatStopsReadingHasItsFramesHeldBackWithoutWaitingThenIsClosedAfterTheWriteTimeout() throws Exception {
        start();
        try (TakenOver stream = takenOver(stalledClient())) {
            long written = backUp(stream.channel());
            // behind: the flush holds the frame back and returns, it does not wait for the client
            stream.channel().write(BIG);
            stream.channel().flush();
            assertThat(stream.connection().isOpen()).isTrue();
            // a flush once the client has been behind for the write timeout (300 ms) closes it
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                stream.channel().write(BIG);
                try {
                    stream.channel().flush();
                    return false;
                } catch (ClientTooSlowException tooSlow) {
                    return tooSlow.getMessage().contains("read nothing");
                }
            });
            assertClosedAtOnce(stream, written);
            stream.channel().write(BIG);
            assertThatThrownBy(stream.channel()::flush).isInstanceOf(IOException.class);
        }
    }

    @Test
    void whatAClientThatIsBehindHasQueuedStaysWithinTheQueueLimitPlusOneChunk() throws Exception {
        start();
        try (TakenOver stream = takenOver(stalledClient())) {
            backUp(stream.channel());
            NIOConnection connection = (NIOConnection) stream.connection();
            long bound = QUEUE_LIMIT + GrizzlyChunkChannel.MAX_JOINED_BYTES + 64;
            for (int batch = 0; batch < 20; batch++) {
                // a backlog of small events, as a mailbox hands over after a pause: one flush each
                for (int i = 0; i < 64; i++) {
                    stream.channel().write(frame(1000 + batch * 64 + i, "y".repeat(1024)));
                }
                stream.channel().flush();
                assertThat((long) connection.getAsyncWriteQueue().spaceInBytes())
                        .as("bytes queued for the client after batch %d", batch).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void framesHeldBackForAClientThatIsBehindAreSentInOrderOnceItReads() throws Exception {
        start();
        transport.getAsyncQueueIO().getWriter().setMaxPendingBytesPerConnection(QUEUE_LIMIT); // before connecting
        try (TakenOver stream = takenOver(get("/stream", 4096))) {
            Object writeLock = new Object(); // the stream's write lock, as SseStream holds it
            AtomicInteger resumed = new AtomicInteger();
            stream.channel().onWritable(() -> {
                resumed.incrementAndGet();
                synchronized (writeLock) {
                    try {
                        stream.channel().flush();
                    } catch (IOException failed) {
                        throw new java.io.UncheckedIOException(failed);
                    }
                }
            });
            // write until the client is behind (the socket buffers are full), then 500 more
            int events = 0;
            int more = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (more != 0) {
                assertThat(System.nanoTime()).as("behind within 10 s").isLessThan(deadline);
                events++;
                synchronized (writeLock) {
                    stream.channel().write(frame(events, "event " + events + " " + "z".repeat(200)));
                    stream.channel().flush();
                    if (more < 0 && stream.channel().backedUp()) {
                        more = 500;
                    }
                }
                if (more > 0) {
                    more--;
                }
            }
            // the client reads only now: what was held back comes when it has read enough
            String wire = readPast(stream.client().getInputStream(), "id: " + events + "\n");
            assertThat(resumed.get()).as("held back and resumed").isPositive();
            java.util.List<Long> ids = wire.lines().filter(l -> l.startsWith("id: "))
                    .map(l -> Long.parseLong(l.substring(4))).toList();
            assertThat(ids).as("every event once, in order")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, (long) events).boxed().toList());
            assertThat(failures).hasValue(0);
        }
    }

    @Test
    void closingATakenOverStreamWhoseClientIsBehindClosesTheConnectionAtOnce() throws Exception {
        start();
        try (TakenOver stream = takenOver(stalledClient())) {
            long written = backUp(stream.channel());
            assertThat(failures).hasValue(0);
            stream.channel().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() > 0);
            assertClosedAtOnce(stream, written);
        }
    }

    @Test
    void anIdleStreamWhoseClientStoppedReadingIsClosedAtAKeepaliveAfterTheWriteTimeout() throws Exception {
        start();
        try (TakenOver stream = takenOver(stalledClient())) {
            long written = backUp(stream.channel());
            // no more events: only keepalive ticks ask, and after the write timeout one is told
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    stream.channel().backedUp();
                    return false;
                } catch (IOException stalled) {
                    return stalled.getMessage().contains("read nothing");
                }
            });
            assertClosedAtOnce(stream, written);
        }
    }

    /**
     * The connection was closed at once, what was queued dropped: not Grizzly's graceful close,
     * which waits for the queue to drain, which a client that reads nothing never lets happen.
     */
    private static void assertClosedAtOnce(TakenOver stream, long written) throws IOException {
        assertThat(stream.connection().isOpen()).isFalse();
        assertThat(bytesUntilTheEnd(stream.client())).as("bytes the client got before the connection ended")
                .isLessThan(written);
    }

    /** A stream whose connection its channel took over, after the container ended the request; head read. */
    private record TakenOver(Socket client, FrameChannel channel, org.glassfish.grizzly.Connection<?> connection, String head)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    private TakenOver takenOverStream() throws Exception {
        return takenOver(get("/stream"));
    }

    private TakenOver takenOver(Socket client) throws Exception {
        Response response = nextStream();
        org.glassfish.grizzly.Connection<?> connection = response.getRequest().getContext().getConnection();
        FrameChannel channel = channelOf(response);
        assertThat(channel.ownsConnection()).isTrue();
        response.resume(); // the container ends the request
        return new TakenOver(client, channel, connection, readUntil(client.getInputStream(), HEAD_CHUNK));
    }

    /**
     * Writes one more event, closes the channel, and checks that the client got it, then the last
     * chunk, then the end of the connection, right after the head's chunk; returns all it got.
     */
    private static String endWithOneEvent(Socket client, FrameChannel channel, String wireSoFar) throws IOException {
        channel.write(frame(1, "after"));
        channel.flush();
        channel.close();
        String wire = wireSoFar + readToTheEnd(client);
        assertThat(wire).endsWith("\r\n\r\n" + HEAD_CHUNK + chunk("id: 1\ndata: after\n\n") + "0\r\n\r\n");
        return wire;
    }

    /** {@code frames} as one HTTP/1.1 chunk. */
    private static String chunk(String frames) {
        return Integer.toHexString(frames.length()) + "\r\n" + frames + "\r\n";
    }

    /**
     * A stream client that will read nothing and can hold little unread (4 KiB), on a connection
     * whose write queue limit is 16 KiB and whose write timeout is 300 ms.
     */
    private Socket stalledClient() throws IOException {
        transport.getAsyncQueueIO().getWriter().setMaxPendingBytesPerConnection(QUEUE_LIMIT);
        transport.setWriteTimeout(300, TimeUnit.MILLISECONDS); // taken by connections made from now on
        return get("/stream", 4096);
    }

    /**
     * Makes writes to a stalled client pile up past the connection's queue limit; writes never
     * wait until then ({@link #BIG} frames). Returns the bytes written.
     */
    private static long backUp(FrameChannel channel) throws IOException {
        long written = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!channel.backedUp()) {
            assertThat(System.nanoTime()).as("backed up within 10 s").isLessThan(deadline);
            channel.write(BIG);
            channel.flush();
            written += BIG.chunkBytes().length;
        }
        return written;
    }

    /** Reads in blocks until {@code marker} has arrived; for long wires (looks only at the new tail). */
    private static String readPast(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            int from = Math.max(0, seen.length() - marker.length());
            seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            if (seen.indexOf(marker, from) >= 0) {
                return seen.toString();
            }
        }
        throw new IOException("ended before " + marker);
    }

    /** How many bytes the client reads before the connection ends (end of stream or reset). */
    private static long bytesUntilTheEnd(Socket client) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = client.getInputStream().read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            throw new AssertionError("connection still open after " + total + " bytes", stillOpen);
        } catch (java.net.SocketException reset) {
            // ended by a reset
        }
        return total;
    }

    /**
     * What a response looks like on a listener with keep-alive off: no keep-alive context (a
     * standalone Grizzly server always has one; its connection is still closed at the end).
     */
    private static Response withKeepAliveOff(Response response) {
        response.getRequest().getRequest().getProcessingState().getHttpContext().getAttributes()
                .removeAttribute(GrizzlyConnectionTakeover.KEEP_ALIVE_CONTEXT);
        return response;
    }

    private FrameChannel channelOf(Response response) {
        return GrizzlyChunkChannel.of(response, failures::incrementAndGet);
    }

    private Response nextStream() throws InterruptedException {
        Response response = streams.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a stream request reached the handler").isNotNull();
        return response;
    }

    private Socket get(String path) throws IOException {
        return get(path, 0);
    }

    /** A raw HTTP/1.1 GET; {@code receiveBuffer} > 0 makes a client that can hold little unread. */
    private Socket get(String path, int receiveBuffer) throws IOException {
        Socket socket = connect(receiveBuffer);
        send(socket, path);
        return socket;
    }

    private Socket connect(int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** HTTP/1.1 GETs of {@code paths}, all in one write. */
    private static void send(Socket socket, String... paths) throws IOException {
        StringBuilder requests = new StringBuilder();
        for (String path : paths) {
            requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** What the client receives until the server closes the connection; null if it is still open after the read timeout. */
    private static String readToTheEnd(Socket client) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = client.getInputStream().read(buffer)) >= 0; ) {
                seen.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException open) {
            return null;
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static String readUntilLastChunk(InputStream in) throws IOException {
        return readUntil(in, "\r\n0\r\n\r\n");
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static SseFrame frame(long id, String data) {
        return SseFrame.of(new Event(id, "t", null, data, Instant.now()));
    }
}
