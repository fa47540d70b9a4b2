package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.OpenLibertyProcess;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@link HeraldIT} scenario, browser included, against the same {@code herald.war} on Open
 * Liberty (its RESTEasy-based JAX-RS and its own web container), plus what it gives: MicroProfile
 * Health and Metrics next to the API, as on Payara.
 */
class HeraldOpenLibertyIT extends HeraldIT {

    @Override
    HeraldServer startServer() {
        return new OpenLibertyProcess("herald-liberty-it", Map.of()).start(OpenLibertyProcess.BOOT);
    }

    /** Not Grizzly: the portable path. */
    @Override
    String expectedStreamWritePath() {
        return "an event stream writes through the servlet output stream";
    }

    @Override
    String screenshotSuffix() {
        return "-liberty";
    }

    /** Open Liberty serves MicroProfile Health and Metrics on the HTTP port, with Herald's checks and series. */
    @Test
    void healthAndMetricsAreServedNextToTheApi() {
        HttpResponse<String> ready = http.get("health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"herald-transport\"").contains("\"UP\"");
        HttpResponse<String> live = http.get("health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"herald\"");
        String metrics = http.get("metrics?scope=application").body();
        assertThat(metrics).contains("herald_subscribers{kind=\"sse\"", "herald_events_published");
    }
}
