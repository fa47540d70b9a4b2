/**
 * Errors as {@code application/problem+json}: the problem value and the mappers that turn every
 * exception into a 4xx (or 503) problem, never a 500 page, and {@code RetryAfter}, the one
 * {@code Retry-After} every 429 and 503 carries.
 */
package io.herald.web.problem;
