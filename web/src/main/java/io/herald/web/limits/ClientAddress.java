package io.herald.web.limits;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Who a request comes from, for the per-client limits: the TCP peer, unless that peer is one of
 * the trusted proxies ({@code herald.limit.trusted-proxies}); then the client its
 * {@code X-Forwarded-For} names: the right-most address that is not itself a trusted proxy.
 * Entries further left were written by the client and could be forged, so they are never used.
 * Behind a load balancer without this, every client would share the balancer's address and its
 * stream limit.
 */
@ApplicationScoped
public class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** A forwarded entry that is not an IP literal is used as given only up to this length. */
    private static final int MAX_OPAQUE = 64;

    @Inject
    LimitSettings settings;

    private List<AddressRange> trusted = List.of();

    public ClientAddress() {
    }

    /** For unit tests. */
    ClientAddress(List<String> trustedProxies) {
        trusted = parse(trustedProxies);
    }

    @PostConstruct
    void init() {
        trusted = parse(settings.trustedProxies());
    }

    private static List<AddressRange> parse(List<String> ranges) {
        return ranges.stream().map(AddressRange::parse).toList();
    }

    /** The client's address, as the limits count it. */
    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), request.getHeaders(FORWARDED_FOR));
    }

    /** The client's address from the TCP peer's and the {@code X-Forwarded-For} values, as {@link #of(HttpServletRequest)}. */
    public String of(String peer, List<String> forwardedFor) {
        return resolve(peer, forwardedFor.isEmpty() ? null : Collections.enumeration(forwardedFor));
    }

    /** The header this reads beside the peer's address. */
    public static String forwardedForHeader() {
        return FORWARDED_FOR;
    }

    public String resolve(String peer, Enumeration<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(peer) || forwardedFor == null) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(forwardedFor)) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    hops.add(entry.strip());
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (AddressRange.literal(hop) == null) {
                // "unknown", an obfuscated name: the proxy vouches for it, but it is no address
                return hop.length() <= MAX_OPAQUE ? hop : client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client; // every hop is a trusted proxy: the left-most one
    }

    private boolean isTrusted(String address) {
        byte[] bytes = AddressRange.literal(address);
        for (AddressRange range : trusted) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
