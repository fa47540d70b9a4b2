/**
 * Where core's settings are read: {@link io.herald.core.config.CoreSettings} reads core's records
 * ({@code HubSettings}, {@code TransportSettings} with the memory and Redis settings) from
 * MicroProfile Config once at start-up and offers them to CDI; {@link io.herald.core.config.ConfigValues}
 * holds the parsing rules. The records live with the package that uses them. Web's settings are
 * web's own (the WAR never imports this package); every key is in the README's configuration table.
 */
package io.herald.core.config;
