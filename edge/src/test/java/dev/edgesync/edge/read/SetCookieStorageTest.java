package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.RawOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, {@code Set-Cookie} in a shared cache per path ({@code edgesync.cache.set-cookie}): by default as RFC 9111
 * allows (stored and sent with the copy, unless {@code private} or {@code no-cache="Set-Cookie"}), {@code never} on
 * the test's {@code /cookie-never/} prefix, {@code shared-only} under {@code /api/} (HttpCachingTest,
 * LastMileCachingTest). A raw origin, so that one response can carry two {@code Set-Cookie} lines.
 */
@QuarkusTest
@TestProfile(WireCornersTest.Raw.class)
class SetCookieStorageTest extends EdgeTestSupport {
    static final RawOrigin RAW = RawOrigin.get();

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    private static byte[] ok(String cacheControl, String... cookies) {
        List<String> headers = new ArrayList<>(List.of("Date: " + HttpDate.format(System.currentTimeMillis()),
                "Cache-Control: " + cacheControl, "Content-Type: text/plain"));
        for (String cookie : cookies) {
            headers.add("Set-Cookie: " + cookie);
        }
        return RawOrigin.response("200 OK", headers, "body".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void byDefaultAResponseWithCookiesIsStoredAndItsCookiesSentWithTheCopy() {
        String p = "/cookie-" + RUN + "/default";
        String expiring = "session=abc; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/";
        RawOrigin.Script script = RAW.answer(p, ok("max-age=600", expiring, "theme=dark"));
        Response miss = get(p);
        assertEquals("MISS", miss.getHeader("X-Cache"));
        assertEquals(List.of(expiring, "theme=dark"), miss.getHeaders().getValues("Set-Cookie"));
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals(List.of(expiring, "theme=dark"), hit.getHeaders().getValues("Set-Cookie"),
                "each cookie its own field line, the comma in Expires kept");
        assertEquals(1, script.reads());
    }

    @Test
    void noCacheSetCookieStoresTheResponseButSendsTheCookieOnlyAfterValidation() {
        String p = "/cookie-" + RUN + "/no-cache-field";
        RawOrigin.Script script = RAW.answer(p, ok("max-age=600, no-cache=\"Set-Cookie\"", "s=1"));
        assertEquals("s=1", get(p).getHeader("Set-Cookie"));
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertNull(hit.getHeader("Set-Cookie"));
        assertEquals(1, script.reads());
    }

    @Test
    void aPrivateResponseWithCookiesIsNotStored() {
        String p = "/cookie-" + RUN + "/private";
        RawOrigin.Script script = RAW.answer(p, ok("private, max-age=600", "s=1"));
        get(p);
        assertEquals("BYPASS", get(p).getHeader("X-Cache"));
        assertEquals(2, script.reads());
    }

    @Test
    void underANeverPathAResponseWithCookiesIsNotStoredEvenWhenPublic() {
        String p = "/cookie-never/" + RUN;
        RawOrigin.Script script = RAW.answer(p, ok("public, s-maxage=600", "s=1"));
        assertEquals("s=1", get(p).getHeader("Set-Cookie"));
        Response again = get(p);
        assertEquals("BYPASS", again.getHeader("X-Cache"));
        assertEquals("s=1", again.getHeader("Set-Cookie"));
        assertEquals(2, script.reads());
    }
}
