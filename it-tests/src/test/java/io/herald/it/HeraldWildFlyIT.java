package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.WildFlyProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@link HeraldIT} scenario, browser included, against the same {@code herald.war} on
 * WildFly ({@code standalone-microprofile.xml}, RESTEasy and Undertow), plus what differs there:
 * health on the management interface, no MicroProfile Metrics, streams on the servlet output
 * stream.
 */
class HeraldWildFlyIT extends HeraldIT {

    @Override
    HeraldServer startServer() {
        return new WildFlyProcess("herald-wildfly-it", Map.of()).start(WildFlyProcess.BOOT);
    }

    /** Undertow is not Grizzly: the portable path, chosen at start-up without loading a Grizzly class. */
    @Override
    String expectedStreamWritePath() {
        return "an event stream writes through the servlet output stream";
    }

    @Override
    String screenshotSuffix() {
        return "-wildfly";
    }

    /** WildFly serves MicroProfile Health on its management interface, with Herald's checks in it. */
    @Test
    void healthChecksAreServedOnTheManagementInterface() throws IOException, InterruptedException {
        WildFlyProcess wildfly = (WildFlyProcess) server;
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(wildfly.management().resolve("health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"herald-transport\"").contains("\"UP\"");
        HttpResponse<String> live = client.send(HttpRequest.newBuilder(wildfly.management().resolve("health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"herald\"");
    }

    /**
     * WildFly's default configurations have no MicroProfile Metrics: the application deploys and
     * serves anyway (every scenario above), and says once at start-up that it has no metrics.
     */
    @Test
    void withoutMicroProfileMetricsTheApplicationServesAndSaysSo() {
        assertThat(http.topicInfo(topic).getString("topic")).isEqualTo(topic);
        assertThat(server.logText())
                .contains("MicroProfile Metrics is not available on this server")
                .doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
    }
}
