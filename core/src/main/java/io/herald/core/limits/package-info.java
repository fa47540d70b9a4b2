/**
 * What a refused request carries when a limit is reached: the key that refused it and whether it
 * is the client's limit (429) or the server's (503).
 */
package io.herald.core.limits;
