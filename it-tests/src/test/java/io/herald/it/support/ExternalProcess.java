package io.herald.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child process the it-tests start (Payara Micro, WildFly, redis-server), always ended when the
 * JVM exits. A process killed outright takes its own children with it (WildFly's launch script
 * runs the server JVM as its child).
 */
public class ExternalProcess implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ExternalProcess::kill)));
    }

    public final String name;
    public final Path log;
    private final List<String> command;
    private final Map<String, String> environment;
    private Process process;

    public ExternalProcess(String name, Path log, List<String> command) {
        this(name, log, command, Map.of());
    }

    /** With {@code environment} added to this JVM's environment. */
    public ExternalProcess(String name, Path log, List<String> command, Map<String, String> environment) {
        this.name = name;
        this.log = log;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " already running");
        }
        try {
            File logFile = log.toFile();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile));
            builder.environment().putAll(environment);
            process = builder.start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGTERM (a graceful shutdown) and returns at once. */
    public synchronized void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGKILL (kill -9: no shutdown hook, nothing flushed) and waits for the process to be gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            Process p = process;
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            RUNNING.remove(p);
        }
    }

    /** Waits for the process to exit; true if it did (or never ran) within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        return p == null || p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Its pid, for diagnostics in test output; -1 when not running. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGTERM (a graceful shutdown), then SIGKILL if it is still there after {@code graceSeconds}. */
    public synchronized void stop(int graceSeconds) {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                kill(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
        } finally {
            RUNNING.remove(p);
        }
    }

    @Override
    public void close() {
        stop(20);
    }

    /** SIGKILL to the process and everything it started. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Whether nothing listens on {@code port} of the loopback address now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
