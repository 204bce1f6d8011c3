package dev.edgesync.origin.rest;

import static dev.edgesync.origin.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-token rate limits: 429 problem+json with an honest Retry-After. */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
@TestProfile(ShortDeadlineLowLimits.class)
class PurgeLimitsTest {

    @Test
    void purgesOverTheTokensRateAre429WithRetryAfterAndGoThroughAfterIt() throws InterruptedException {
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 6 && refused == null; i++) {
            Response r = purge("limit-" + i);
            if (r.statusCode() == 202) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertTrue(accepted >= 3, "the burst of 3 is allowed, accepted " + accepted);
        assertTrue(refused != null, "a purge over the limit was accepted");
        problem(refused.then(), 429);
        refused.then().body("type", endsWith("/rate-limited"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        // an unauthenticated request is refused before it can use up the token's allowance
        problem(given().contentType(ContentType.JSON).body(Map.of("tags", List.of("x"))).post("/api/purge").then(), 401);

        Thread.sleep(retryAfter * 1000);
        assertEquals(202, purge("limit-after").statusCode(), "a purge after Retry-After is accepted");
    }

    private static Response purge(String tag) {
        return given().auth().oauth2("test-purge-token").contentType(ContentType.JSON)
                .body(Map.of("tags", List.of(tag))).post("/api/purge");
    }
}
