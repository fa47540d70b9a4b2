package io.herald.web.limits;

import io.herald.web.settings.ConfigValues;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The per-client limit and who counts as the client.
 *
 * @param streamsPerClient most open streams plus waiting long-polls from one client address; past
 *                         it 429 ({@code herald.limit.streams-per-client}, default 256)
 * @param trustedProxies   IP addresses or CIDR ranges of the proxies whose {@code X-Forwarded-For}
 *                         names the client ({@code herald.limit.trusted-proxies}, comma list, default none)
 */
public record LimitSettings(int streamsPerClient, List<String> trustedProxies) {

    public LimitSettings {
        if (streamsPerClient < 1) {
            throw new IllegalArgumentException("streamsPerClient must be at least 1");
        }
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** The keys {@code herald.limit.streams-per-client} and {@code herald.limit.trusted-proxies}. */
    public static LimitSettings from(Config c) {
        return new LimitSettings(ConfigValues.positive(c, ClientStreamLimits.KEY, 256),
                ConfigValues.list(c, "herald.limit.trusted-proxies"));
    }
}
