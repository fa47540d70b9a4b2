package io.herald.jakarta.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

/** What a topic takes from events built with Jersey's {@code OutboundSseEvent} builder (Payara's). */
class OutboundDataTest {

    @Test
    void aStringWithoutMediaTypeIsTheTextAndTheNameTheType() {
        OutboundEvent e = new OutboundEvent.Builder().name("created").data("hello\r\nworld").build();
        assertThat(OutboundData.type(e)).isEqualTo("created");
        assertThat(OutboundData.text(e)).isEqualTo("hello\r\nworld");
    }

    @Test
    void theNameOfHeraldsMissedEventsFrameIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OutboundData.type(new OutboundEvent.Builder().name("reset").data("x").build()))
                .withMessageContaining("reserved");
        assertThat(OutboundData.type(new OutboundEvent.Builder().name("Reset").data("x").build())).isEqualTo("Reset");
    }

    @Test
    void anEventWithoutNameHasNoType() {
        assertThat(OutboundData.type(new OutboundEvent.Builder().data("x").build())).isNull();
    }

    @Test
    void aStringAsTextOrJsonIsTakenAsItIs() {
        assertThat(OutboundData.text(new OutboundEvent.Builder().mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, "plain").build())).isEqualTo("plain");
        assertThat(OutboundData.text(new OutboundEvent.Builder().mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, "{\"id\":1}").build())).isEqualTo("{\"id\":1}");
        assertThat(OutboundData.text(new OutboundEvent.Builder().mediaType(MediaType.valueOf("application/problem+json"))
                .data(String.class, "{}").build())).isEqualTo("{}");
    }

    @Test
    void aJsonValueIsItsJsonText() {
        OutboundEvent e = new OutboundEvent.Builder()
                .data(Json.createObjectBuilder().add("id", 7).add("item", "lamp").build()).build();
        assertThat(OutboundData.text(e)).isEqualTo("{\"id\":7,\"item\":\"lamp\"}");
    }

    @Test
    void anEventWithoutDataIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OutboundData.text(new OutboundEvent.Builder().comment("only a comment").build()))
                .withMessageContaining("needs data");
    }

    @Test
    void anIdIsRefusedBecauseHeraldAssignsIds() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OutboundData.text(new OutboundEvent.Builder().id("5").data("x").build()))
                .withMessageContaining("must not set an id");
    }

    @Test
    void bytesOrAnObjectWithoutJsonMediaTypeAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OutboundData.text(new OutboundEvent.Builder().data(new byte[] {1, 2}).build()))
                .withMessageContaining("carries text");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OutboundData.text(new OutboundEvent.Builder()
                        .mediaType(MediaType.APPLICATION_XML_TYPE).data(String.class, "<a/>").build()))
                .withMessageContaining("carries text");
    }

    @Test
    void anInvalidNameIsRefusedAsAnSseEventName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> OutboundData.type(new OutboundEvent.Builder().name("two\nlines").data("x").build()))
                .withMessageStartingWith("SSE event name:");
    }
}
