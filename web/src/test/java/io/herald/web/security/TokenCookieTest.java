package io.herald.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which {@code access_token} cookie a request's {@code Cookie} fields give: the first, as a browser orders them. */
class TokenCookieTest {

    @Test
    void theFirstCookieOfTheNameIsRead() {
        assertThat(AuthFilter.firstCookie(List.of("access_token=first; access_token=second"), "access_token")).isEqualTo("first");
        assertThat(AuthFilter.firstCookie(List.of("x=1", "access_token=a", "access_token=b"), "access_token")).isEqualTo("a");
        assertThat(AuthFilter.firstCookie(List.of("$Version=1; access_token=\"quoted\"; $Path=/"), "access_token")).isEqualTo("quoted");
        assertThat(AuthFilter.firstCookie(List.of(" other = 1 ;  access_token = spaced "), "access_token")).isEqualTo("spaced");
        assertThat(AuthFilter.firstCookie(List.of("access_token="), "access_token")).isEmpty();
    }

    @Test
    void otherNamesAndNoFieldsGiveNone() {
        assertThat(AuthFilter.firstCookie(null, "access_token")).isNull();
        assertThat(AuthFilter.firstCookie(List.of("Access_Token=x; my_access_token=y; access_token2=z"), "access_token")).isNull();
        assertThat(AuthFilter.firstCookie(List.of(";;;==="), "access_token")).isNull();
    }
}
