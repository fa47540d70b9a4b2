/**
 * Test helpers shared by the test suites that run Herald for real (web's Grizzly tests, it-tests and
 * the example application): {@code RawSseStream}, a reader of an event stream that keeps every frame
 * and header exactly as sent, {@code RawSockets}, HTTP/1.1 on a plain socket (a client that stops
 * reading), and {@code ChunkedBody}, a chunked body's chunks and content as read off the socket.
 * JDK only, so that depending on it adds nothing to a test classpath; nothing here is shipped.
 */
package io.herald.testing;
