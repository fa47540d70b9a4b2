/**
 * Herald behind nginx, through the documented {@code docs/nginx/herald.conf}: TLS and HTTP/2 to
 * clients (Java's HttpClient, raw HTTP/1.1 over TLS from chosen loopback addresses, headless
 * Chromium), one node and two nodes on Redis behind one upstream.
 */
package io.herald.it.proxy;
