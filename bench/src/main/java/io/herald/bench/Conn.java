package io.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A non-blocking HTTP/1.1 client connection driven by its {@link Loop}. */
abstract class Conn implements HttpResponseParser.Handler {
    final Loop loop;
    final Bench bench;
    SocketChannel ch;
    SelectionKey key;
    ByteBuffer out;
    HttpResponseParser parser;
    long handshakeStart;
    boolean cancelled;
    boolean closing;
    /** Index of the server node this connection talks to (see {@link Bench#addresses}). */
    int node;

    Conn(Loop loop, Bench bench) {
        this.loop = loop;
        this.bench = bench;
    }

    long handshakeTimeoutNanos() {
        return 60_000_000_000L;
    }

    /** Start connecting (loop thread). */
    void open() {
        closing = false;
        parser = new HttpResponseParser(this);
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (ch.connect(bench.addresses[node])) {
                key = ch.register(loop.selector, SelectionKey.OP_READ, this);
                onConnected();
            } else {
                key = ch.register(loop.selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail("connect", e);
        }
    }

    void ready(SelectionKey k) {
        try {
            if (!k.isValid()) {
                return;
            }
            if (k.isConnectable()) {
                ch.finishConnect();
                k.interestOps(SelectionKey.OP_READ);
                onConnected();
            }
            if (k.isValid() && k.isWritable()) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                ByteBuffer buf = loop.readBuf;
                while (true) {
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        boolean clean = parser.onEof();
                        eof(clean);
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                    parser.feed(buf.array(), 0, n);
                    if (ch == null || !ch.isOpen()) {
                        return;
                    }
                    if (n < buf.capacity()) {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(k.isValid() && !k.isConnectable() ? "io" : "connect", e);
        }
    }

    void send(String request) {
        out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
        try {
            flush();
        } catch (IOException e) {
            fail("io", e);
        }
    }

    private void flush() throws IOException {
        if (out == null) {
            return;
        }
        ch.write(out);
        if (out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            out = null;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** Close the socket; abort=true resets it (no TIME_WAIT on the client side). */
    void close(boolean abort) {
        closing = true;
        loop.handshakeDone(this);
        if (ch == null) {
            return;
        }
        try {
            if (abort && ch.isOpen()) {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // already gone
        }
        if (key != null) {
            key.cancel();
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    void fail(String kind, Exception e) {
        boolean wasClosing = closing;
        close(true);
        if (!wasClosing) {
            onFailure(kind, e);
        }
    }

    void eof(boolean cleanEnd) {
        boolean wasClosing = closing;
        close(true);
        if (!wasClosing) {
            onFailure("closed-by-server", null);
        }
    }

    String requestHead(String requestLineAndHeaders) {
        return requestLineAndHeaders + "Host: " + bench.hostHeaders[node] + "\r\nUser-Agent: herald-bench\r\n\r\n";
    }

    abstract void onConnected();

    abstract void onFailure(String kind, Exception e);

    @Override
    public void onHead(int status, Map<String, String> headers) {
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
    }

    @Override
    public void onComplete() {
    }
}
