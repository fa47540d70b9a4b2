/**
 * Where the WAR's settings are read: {@link io.herald.web.settings.WebSettings} reads every web
 * settings record from MicroProfile Config once, at start-up (a bad value fails the deployment),
 * and offers each to CDI; {@link io.herald.web.settings.ConfigValues} holds the shared parsing
 * rules. The records themselves live with the package that uses them ({@code StreamSettings} in
 * {@code stream}, {@code PollSettings} in {@code poll}, ...). Nothing here knows what a setting
 * means; core's settings are core's own.
 */
package io.herald.web.settings;
