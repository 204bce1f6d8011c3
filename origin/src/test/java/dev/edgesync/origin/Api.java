package dev.edgesync.origin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.edgesync.events.problem.Problem;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small steps the HTTP tests share. */
public final class Api {
    private Api() {
    }

    public static final String WRITE_TOKEN = "test-write-token";

    /** A request carrying the content write token. */
    public static io.restassured.specification.RequestSpecification writer() {
        return given().auth().oauth2(WRITE_TOKEN);
    }

    /** Creates a content item titled "Title" with body "text"; returns its id. */
    public static int create(String slug, List<String> tags) {
        return writer().contentType(ContentType.JSON)
                .body(Map.of("title", "Title", "slug", slug, "body", "text", "tags", tags))
                .when().post("/api/content")
                .then().statusCode(201).extract().path("id");
    }

    public static String slug() {
        return "s-" + UUID.randomUUID();
    }

    /** Asserts an RFC 9457 problem with {@code status} and that status's standard title (the edge's too). */
    public static void problem(ValidatableResponse response, int status) {
        response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", is(status), "type", startsWith("https://edgesync.dev/problems/"),
                        "title", is(Problem.title(status)), "instance", startsWith("/"));
    }
}
