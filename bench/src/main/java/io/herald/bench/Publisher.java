package io.herald.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A blocking keep-alive HTTP/1.1 publisher (one connection, one request at a time). */
final class Publisher implements AutoCloseable, HttpResponseParser.Handler {
    private final Bench bench;
    private SocketChannel ch;
    private HttpResponseParser parser;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private int status;
    private boolean done;
    private boolean serverCloses;
    final Histogram responseUs = new Histogram(LoopStats.MAX_US, 3);

    Publisher(Bench bench) {
        this.bench = bench;
    }

    private void connect() throws IOException {
        ch = SocketChannel.open(bench.address);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        parser = new HttpResponseParser(this);
    }

    /** Publishes payload "seq,nanos,step"; returns true on a 2xx. The publish time is taken just before the write. */
    boolean publish(String topic, long seq, int step) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (ch == null) {
                    connect();
                }
                long t = System.nanoTime();
                if (seq < bench.pubNanos.length) {
                    bench.pubNanos[(int) seq] = t;
                }
                String body = seq + "," + t + "," + step + bench.padding;
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                String head = "POST " + bench.target.publishPath(topic) + " HTTP/1.1\r\nHost: " + bench.hostHeader
                        + "\r\nContent-Type: text/plain\r\nContent-Length: " + b.length + "\r\n\r\n";
                byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
                ByteBuffer req = ByteBuffer.allocate(h.length + b.length).put(h).put(b).flip();
                while (req.hasRemaining()) {
                    ch.write(req);
                }
                done = false;
                serverCloses = false;
                while (!done) {
                    in.clear();
                    int n = ch.read(in);
                    if (n < 0) {
                        if (!parser.onEof()) {
                            throw new IOException("publisher connection closed");
                        }
                        break;
                    }
                    parser.feed(in.array(), 0, n);
                }
                responseUs.recordValue(Math.min(LoopStats.MAX_US, (System.nanoTime() - t) / 1000));
                if (serverCloses) {
                    close();
                }
                if (status / 100 == 2) {
                    return true;
                }
                bench.error("publish-http-" + status);
                return false;
            } catch (IOException | RuntimeException e) {
                close();
                if (attempt == 1) {
                    bench.error("publish-io");
                }
            }
        }
        return false;
    }

    @Override
    public void onHead(int status, Map<String, String> headers) {
        this.status = status;
        String c = headers.get("connection");
        serverCloses = c != null && c.equalsIgnoreCase("close");
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
    }

    @Override
    public void onComplete() {
        done = true;
    }

    @Override
    public void close() {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
            ch = null;
        }
    }
}
