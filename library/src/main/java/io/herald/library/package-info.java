/**
 * Herald as a library inside an application's WAR: the JAX-RS application that mounts the endpoints
 * the application chose ({@link io.herald.library.HeraldEndpoints}, mapped by this jar's
 * {@code META-INF/web-fragment.xml}) and its settings ({@link io.herald.library.LibrarySettings}).
 */
package io.herald.library;
