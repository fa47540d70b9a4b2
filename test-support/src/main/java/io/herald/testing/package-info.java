/**
 * Test helpers shared by the test suites that run Herald for real (it-tests and the example
 * application): {@code RawSseStream}, a reader of an event stream that keeps every frame and header
 * exactly as sent, and {@code RawSockets}, HTTP/1.1 on a plain socket (a client that stops
 * reading). JDK only, so that depending on it adds nothing to a test classpath; nothing here is
 * shipped.
 */
package io.herald.testing;
