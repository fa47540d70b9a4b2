/**
 * Parsing and validating request parameters that several endpoints share: topic names and event
 * positions ({@code since}, {@code Last-Event-ID}); anything invalid is a 400 problem.
 */
package io.herald.web.input;
