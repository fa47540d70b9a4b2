/**
 * Test helpers shared by Herald's test suites, most of them by those that run Herald for real
 * (web's Grizzly tests, it-tests and the example application): {@code RawSseStream}, a reader of an
 * event stream that keeps every frame
 * and header exactly as sent, {@code RawSockets}, HTTP/1.1 on a plain socket (a client that stops
 * reading), {@code ChunkedBody}, a chunked body's chunks and content as read off the socket, and
 * {@code NormalScopedBeans}, which finds the bean methods Weld's client proxies would call by
 * reflection (used by web, core and library).
 * JDK only, so that depending on it adds nothing to a test classpath; nothing here is shipped.
 */
package io.herald.testing;
