/**
 * Errors as {@code application/problem+json}: the problem value and the mappers that turn every
 * exception into a 4xx (or 503) problem, never a 500 page.
 */
package io.herald.web.problem;
