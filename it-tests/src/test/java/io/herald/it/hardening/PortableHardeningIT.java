package io.herald.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.it.security.PrivateTopicReads;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.OpenLibertyProcess;
import io.herald.it.support.WildFlyProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Trust on the same WAR on WildFly and on Open Liberty, where no Payara fast path applies and
 * RESTEasy, not Jersey, reads the request; each test boots its server once, with authentication
 * on and private topics {@code private.*}:
 * <ul>
 * <li>the generated requests of {@link InputFuzzIT}: no input reaches a 500, and every 4xx Herald
 *     answers is a problem (this found RESTEasy's 500 for {@code Accept: *}{@code /*;q=x} and its
 *     HTML 400 for a quoted comma in an {@code Accept}); the status line is the container's own on
 *     both (Servlet 6 cannot set a phrase), so only its code is checked;</li>
 * <li>no form of a read request reads a private topic without a grant ({@link PrivateTopicReads},
 *     as {@code SecurityIT} checks on Payara).</li>
 * </ul>
 */
class PortableHardeningIT {

    /**
     * The fuzz's settings, as {@link InputFuzzIT} boots Payara with them, but the default stream
     * limits: off Payara a stream its client closed gives its place back only when a write to it
     * fails (the next keepalive), and the private reads open streams one after another.
     */
    static final Map<String, String> SETTINGS = Map.of(
            "herald.auth.dev-mode", "false",
            "herald.auth.jwt.secret", InputFuzzIT.SECRET,
            "herald.auth.private-topics", "private.*",
            "herald.limit.trusted-proxies", "127.0.0.1,::1",
            "herald.publish.max-bytes", Integer.toString(InputFuzzIT.MAX_BYTES));

    @Test
    void onWildFlyNoInputGets5xxAndNoPathFormReadsAPrivateTopic() throws Exception {
        try (WildFlyProcess wildfly = new WildFlyProcess("herald-portable-wildfly", SETTINGS).start(WildFlyProcess.BOOT)) {
            privateTopicReads(wildfly, wildfly.uri().getPort()); // first: the fuzz's streams hold places for a while
            fuzz(wildfly, wildfly.uri().getPort());
        }
    }

    @Test
    void onOpenLibertyNoInputGets5xxAndNoPathFormReadsAPrivateTopic() throws Exception {
        try (OpenLibertyProcess liberty = new OpenLibertyProcess("herald-portable-liberty", SETTINGS).start(OpenLibertyProcess.BOOT)) {
            privateTopicReads(liberty, liberty.port);
            fuzz(liberty, liberty.port);
        }
    }

    static void privateTopicReads(HeraldServer server, int port) {
        PrivateTopicReads.Outcome outcome = PrivateTopicReads.check(server.uri(), port, InputFuzzIT.SECRET, "private.leak");
        System.out.printf("private topic reads on %s: %d requests, %d failures%n", server.uri(), outcome.requests(),
                outcome.failures().size());
        assertThat(outcome.requests()).isGreaterThan(500);
        assertThat(outcome.failures()).as("of %d requests", outcome.requests()).isEmpty();
    }

    static void fuzz(HeraldServer server, int port) {
        long seed = Long.getLong("herald.fuzz.seed", 20261130L);
        Duration budget = Duration.ofSeconds(Long.getLong("herald.fuzz.portable-seconds", 20L));
        int maxCases = Integer.getInteger("herald.fuzz.cases", 6000);
        InputFuzz fuzz = new InputFuzz(seed,
                InputFuzzIT.token(Instant.now().plusSeconds(3600), List.of("fuzz.*", "private.*"), null),
                InputFuzzIT.token(Instant.now().plusSeconds(3600), null, List.of("private.*")),
                InputFuzzIT.token(InputFuzzIT.YEAR_5138, List.of("*"), List.of("*")));
        int logStart = server.logText().length();
        InputFuzzIT.Fuzzed run = InputFuzzIT.fuzz(port, fuzz, budget, maxCases, false);
        System.out.printf("portable fuzz on %s: seed %d, %s%n", server.uri(), seed, run);
        List<String> incidents = new java.util.ArrayList<>();
        Matcher unexpected = Pattern.compile("(?m)^.*Unexpected failure.*$").matcher(server.logText().substring(logStart));
        while (unexpected.find() && incidents.size() < 10) {
            incidents.add(unexpected.group());
        }
        assertThat(run.failures()).as("fuzz failures (seed %d; rerun with -Dherald.fuzz.seed=%d)", seed, seed).isEmpty();
        assertThat(incidents).as("unexpected failures in the server log (seed %d)", seed).isEmpty();
        assertThat(run.cases()).as("requests sent").isGreaterThan(200);
    }
}
