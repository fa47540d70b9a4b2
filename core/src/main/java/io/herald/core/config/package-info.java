/**
 * Herald's settings, read from MicroProfile Config in one place ({@code HeraldConfig}); every key
 * is listed in the README's configuration table.
 */
package io.herald.core.config;
