/**
 * The WAR's JAX-RS application: which resources, filters and mappers are deployed. Each feature
 * lives in a package of its own below this one.
 */
package io.herald.web;
