package io.herald.web.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverItForwards() {
        ClientAddress none = new ClientAddress(List.of());
        assertThat(none.resolve("10.0.0.5", headers("203.0.113.7"))).isEqualTo("10.0.0.5");
    }

    @Test
    void aTrustedProxyForwardsTheRightMostUntrustedAddress() {
        ClientAddress lb = new ClientAddress(List.of("10.0.0.0/8", "127.0.0.1"));
        assertThat(lb.resolve("10.0.0.5", headers("203.0.113.7"))).isEqualTo("203.0.113.7");
        // the client wrote 198.51.100.1 itself; the proxy appended the address it saw
        assertThat(lb.resolve("10.0.0.5", headers("198.51.100.1, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // two proxies in a row, both trusted; several headers count as one list
        assertThat(lb.resolve("127.0.0.1", headers("198.51.100.1, 203.0.113.7", "10.1.2.3"))).isEqualTo("203.0.113.7");
        assertThat(lb.resolve("10.0.0.5", headers())).isEqualTo("10.0.0.5");
        assertThat(lb.resolve("10.0.0.5", null)).isEqualTo("10.0.0.5");
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        ClientAddress lb = new ClientAddress(List.of("10.0.0.0/8"));
        assertThat(lb.resolve("192.0.2.9", headers("203.0.113.7"))).isEqualTo("192.0.2.9");
        assertThat(lb.resolve("11.0.0.1", headers("203.0.113.7"))).as("outside the /8").isEqualTo("11.0.0.1");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftMostCounts() {
        ClientAddress lb = new ClientAddress(List.of("10.0.0.0/8"));
        assertThat(lb.resolve("10.0.0.5", headers("10.9.9.9, 10.0.0.7"))).isEqualTo("10.9.9.9");
    }

    @Test
    void ipv6RangesAndLiterals() {
        ClientAddress lb = new ClientAddress(List.of("fd00::/8", "::1"));
        assertThat(lb.resolve("fd12::1", headers("2001:db8::42"))).isEqualTo("2001:db8::42");
        assertThat(lb.resolve("0:0:0:0:0:0:0:1", headers("[2001:db8::43]"))).isEqualTo("[2001:db8::43]");
        assertThat(lb.resolve("fe80::1", headers("2001:db8::42"))).isEqualTo("fe80::1");
    }

    @Test
    void prefixesThatAreNotWholeBytes() {
        ClientAddress lb = new ClientAddress(List.of("172.16.0.0/12"));
        assertThat(lb.resolve("172.31.255.1", headers("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(lb.resolve("172.32.0.1", headers("203.0.113.7"))).isEqualTo("172.32.0.1");
    }

    @Test
    void opaqueEntriesAreKeptShortAndNamesAreNeverLookedUp() {
        ClientAddress lb = new ClientAddress(List.of("10.0.0.0/8"));
        assertThat(lb.resolve("10.0.0.5", headers("unknown"))).isEqualTo("unknown");
        assertThat(lb.resolve("10.0.0.5", headers("localhost"))).as("a name, not resolved").isEqualTo("localhost");
        assertThat(lb.resolve("10.0.0.5", headers("x".repeat(500)))).isEqualTo("10.0.0.5");
        assertThat(lb.resolve("10.0.0.5", headers("999.1.1.1"))).as("not an address").isEqualTo("999.1.1.1");
        assertThat(lb.resolve("10.0.0.5", headers("evil.example:80"))).as("not an address").isEqualTo("evil.example:80");
    }

    @Test
    void aBadRangeIsAConfigurationError() {
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example.com"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("herald.limit.trusted-proxies");
    }
}
