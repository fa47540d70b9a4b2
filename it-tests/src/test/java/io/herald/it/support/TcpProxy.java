package io.herald.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of the server, so a test can cut every open connection the way a
 * server (or a proxy, or a sleeping network) closes them, and hold new connections while paused.
 * It also records the request head of each connection, to see what the browser sent on reconnect.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean paused;
    private volatile boolean closed;

    public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> relay(client), "tcp-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        try {
            synchronized (gate) {
                while (paused && !closed) {
                    gate.wait();
                }
            }
            Socket server = new Socket();
            server.connect(upstream, 5000);
            open.add(server);
            Thread up = new Thread(() -> pump(client, server, true), "tcp-proxy-up");
            up.setDaemon(true);
            up.start();
            pump(server, client, false);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, boolean recordHead) {
        byte[] buffer = new byte[8192];
        StringBuilder head = recordHead ? new StringBuilder() : null;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (head != null) {
                    head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    int end = head.indexOf("\r\n\r\n");
                    if (end >= 0) {
                        requestHeads.add(head.substring(0, end));
                        head.setLength(0);  // a keep-alive connection carries more requests (body bytes end up in front; fine for a grep)
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Closes every open connection in both directions, as a server closing its streams would. */
    public void cutAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    /** New connections are accepted but not relayed until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    /** Request line and headers of every request seen so far, oldest first. */
    public List<String> requestHeads() {
        return List.copyOf(requestHeads);
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        cutAll();
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
