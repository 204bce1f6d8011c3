package dev.edgesync.origin.rest;

import static dev.edgesync.origin.Api.create;
import static dev.edgesync.origin.Api.problem;
import static dev.edgesync.origin.Api.slug;
import static dev.edgesync.origin.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.origin.RealServersTestResource;
import dev.edgesync.origin.persistence.Content;
import dev.edgesync.origin.persistence.OutboxEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class ContentResourceTest {
    private static final String CACHE_CONTROL = "public, s-maxage=3600, stale-while-revalidate=60";

    @Test
    void createReadUpdateDeleteBumpsTheVersionAndSetsCachingHeaders() {
        String slug = slug();
        int id = writer().contentType(ContentType.JSON)
                .body(Map.of("title", "Hello", "slug", slug, "body", "first", "tags", List.of("news", "tech")))
                .when().post("/api/content")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .header("ETag", notNullValue())
                .body("title", equalTo("Hello"), "slug", equalTo(slug), "body", equalTo("first"),
                        "tags", contains("news", "tech"), "version", is(1), "updatedAt", notNullValue())
                .extract().path("id");

        given().when().get("/api/content/" + id)
                .then().statusCode(200)
                .header("ETag", "\"" + id + "-1\"")
                .header("Cache-Control", CACHE_CONTROL)
                .header("X-Content-Version", "1")
                .header("Surrogate-Key", "content-" + id + " news tech")
                .header("Last-Modified", endsWith(" GMT"))
                .body("id", is(id), "version", is(1), "body", equalTo("first"));

        writer().contentType(ContentType.JSON).body(Map.of("body", "second"))
                .when().put("/api/content/" + id)
                .then().statusCode(200).body("version", is(2)).header("ETag", "\"" + id + "-2\"");

        given().when().get("/api/content/" + id)
                .then().statusCode(200)
                .header("ETag", "\"" + id + "-2\"")
                .header("X-Content-Version", "2")
                .body("version", is(2), "body", equalTo("second"));

        writer().when().delete("/api/content/" + id).then().statusCode(204);
        problem(given().when().get("/api/content/" + id).then(), 404);
        problem(writer().when().delete("/api/content/" + id).then(), 404);
    }

    @Test
    void matchingIfNoneMatchGives304WithValidatorsAndNoBody() {
        int id = create(slug(), List.of("a"));
        given().header("If-None-Match", "\"" + id + "-1\"")
                .when().get("/api/content/" + id)
                .then().statusCode(304)
                .header("ETag", "\"" + id + "-1\"")
                .header("Cache-Control", CACHE_CONTROL)
                .body(emptyString());

        writer().contentType(ContentType.JSON).body(Map.of("title", "changed"))
                .when().put("/api/content/" + id).then().statusCode(200);

        given().header("If-None-Match", "\"" + id + "-1\"")
                .when().get("/api/content/" + id)
                .then().statusCode(200).header("ETag", "\"" + id + "-2\"").body("title", equalTo("changed"));
    }

    @Test
    void partialUpdateLeavesAbsentFieldsUnchanged() {
        String slug = slug();
        int id = create(slug, List.of("keep"));
        writer().contentType(ContentType.JSON).body(Map.of("title", "New title"))
                .when().put("/api/content/" + id)
                .then().statusCode(200)
                .body("title", equalTo("New title"), "slug", equalTo(slug), "body", equalTo("text"),
                        "tags", contains("keep"), "version", is(2));
        writer().contentType(ContentType.JSON).body(Map.of("tags", List.of()))
                .when().put("/api/content/" + id)
                .then().statusCode(200).body("title", equalTo("New title"), "tags", equalTo(List.of()), "version", is(3));
    }

    @Test
    void listFiltersByTagAndPagesInIdOrder() {
        String tag = "t-" + UUID.randomUUID().toString().substring(0, 8);
        int first = create(slug(), List.of(tag));
        int second = create(slug(), List.of(tag, "other"));
        int third = create(slug(), List.of(tag));
        create(slug(), List.of("other"));

        given().queryParam("tag", tag).queryParam("size", 2)
                .when().get("/api/content")
                .then().statusCode(200)
                .header("Cache-Control", CACHE_CONTROL)
                .header("Surrogate-Key", "content-list")
                .header("X-Content-Version", nullValue())
                .body("items.id", contains(first, second), "total", is(3), "page", is(0), "size", is(2));
        given().queryParam("tag", tag).queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/content")
                .then().statusCode(200).body("items.id", contains(third), "total", is(3));
        given().when().get("/api/content").then().statusCode(200).body("size", is(20));
    }

    @Test
    void badPaginationIs400() {
        problem(given().queryParam("page", -1).when().get("/api/content").then(), 400);
        problem(given().queryParam("page", "x").when().get("/api/content").then(), 400);
        problem(given().queryParam("size", 0).when().get("/api/content").then(), 400);
        problem(given().queryParam("size", 101).when().get("/api/content").then(), 400);
    }

    @Test
    void invalidCreatesAre400AndStoreNothing() {
        long contentBefore = count(Content.class);
        long outboxBefore = count(OutboxEntry.class);
        String slug = slug();
        List<Object> bodies = List.of(
                "{\"title\": \"x\", ",
                "[1, 2]",
                Map.of("slug", slug, "body", "b"),
                Map.of("title", "x".repeat(301), "slug", slug, "body", "b"),
                Map.of("title", "t", "slug", "Not A Slug", "body", "b"),
                Map.of("title", "t", "slug", slug, "body", "b", "tags", Collections.nCopies(21, "t")),
                Map.of("title", "t", "slug", slug, "body", "b", "tags", List.of("UPPER")),
                Map.of("title", "t", "slug", slug, "body", "b", "tags", "not-a-list"),
                Map.of("title", "t", "slug", slug, "body", "x".repeat(512 * 1024 + 1)));
        for (Object body : bodies) {
            problem(writer().contentType(ContentType.JSON).body(body).when().post("/api/content").then(), 400);
        }
        problem(writer().contentType(ContentType.JSON).when().post("/api/content").then(), 400);
        assertEquals(contentBefore, count(Content.class));
        assertEquals(outboxBefore, count(OutboxEntry.class));
    }

    @Test
    void bodiesOverOneMebibyteAre413AndWrongMediaTypeIs415() {
        long contentBefore = count(Content.class);
        problem(writer().contentType(ContentType.JSON)
                .body(Map.of("title", "t", "slug", slug(), "body", "x".repeat(1024 * 1024 + 10)))
                .when().post("/api/content").then(), 413);
        problem(writer().contentType(ContentType.TEXT).body("hello").when().post("/api/content").then(), 415);
        assertEquals(contentBefore, count(Content.class));
    }

    @Test
    void unknownIdsAre404() {
        problem(given().when().get("/api/content/999999999").then(), 404);
        problem(writer().contentType(ContentType.JSON).body(Map.of("title", "t"))
                .when().put("/api/content/999999999").then(), 404);
        problem(writer().when().delete("/api/content/999999999").then(), 404);
        problem(given().when().get("/api/content/not-a-number").then(), 404);
    }

    @Test
    void duplicateSlugIs409OnCreateAndUpdateAndChangesNothing() {
        String taken = slug();
        create(taken, List.of());
        int other = create(slug(), List.of());
        long outboxBefore = count(OutboxEntry.class);

        problem(writer().contentType(ContentType.JSON).body(Map.of("title", "t", "slug", taken, "body", "b"))
                .when().post("/api/content").then(), 409);
        problem(writer().contentType(ContentType.JSON).body(Map.of("slug", taken, "title", "renamed"))
                .when().put("/api/content/" + other).then(), 409);

        given().when().get("/api/content/" + other).then().statusCode(200).body("version", is(1),
                "title", equalTo("Title"));
        assertEquals(outboxBefore, count(OutboxEntry.class));
    }

    @Test
    void invalidUpdateIs400AndKeepsTheVersion() {
        int id = create(slug(), List.of());
        problem(writer().contentType(ContentType.JSON).body(Map.of("title", ""))
                .when().put("/api/content/" + id).then(), 400);
        problem(writer().contentType(ContentType.JSON).body("{not json")
                .when().put("/api/content/" + id).then(), 400);
        given().when().get("/api/content/" + id).then().statusCode(200).body("version", is(1));
    }

    @Test
    void contentWritesWithoutTheWriteTokenAre401AndChangeNothing() {
        int id = create(slug(), List.of());
        long contentBefore = count(Content.class);
        long outboxBefore = count(OutboxEntry.class);
        Map<String, Object> body = Map.of("title", "t", "slug", slug(), "body", "b");
        for (RequestSpecification request : List.of(given(), given().auth().oauth2("test-purge-token"),
                given().auth().oauth2("wrong"), given().header("Authorization", "Basic test-write-token"))) {
            ValidatableResponse post = request.contentType(ContentType.JSON).body(body).when().post("/api/content").then();
            problem(post, 401);
            post.header("WWW-Authenticate", startsWith("Bearer"));
        }
        problem(given().contentType(ContentType.JSON).body(Map.of("title", "x")).when().put("/api/content/" + id).then(), 401);
        problem(given().auth().oauth2("test-purge-token").when().delete("/api/content/" + id).then(), 401);
        given().when().get("/api/content/" + id).then().statusCode(200).body("version", is(1));
        assertEquals(contentBefore, count(Content.class));
        assertEquals(outboxBefore, count(OutboxEntry.class));
    }

    @Test
    void controlCharactersInTitleBodySlugOrTagsAre400() {
        String slug = slug();
        List<Object> bodies = List.of(
                Map.of("title", "a\u0000b", "slug", slug, "body", "b"),
                Map.of("title", "a\u0007b", "slug", slug, "body", "b"),
                Map.of("title", "a\nb", "slug", slug, "body", "b"),
                Map.of("title", "t", "slug", slug, "body", "nul\u0000inside"),
                Map.of("title", "t", "slug", slug, "body", "escape\u001b[31m"),
                Map.of("title", "t", "slug", "a\u0000b", "body", "b"),
                Map.of("title", "t", "slug", slug, "body", "b", "tags", List.of("a\u0000")));
        long contentBefore = count(Content.class);
        for (Object body : bodies) {
            problem(writer().contentType(ContentType.JSON).body(body).when().post("/api/content").then(), 400);
        }
        int id = create(slug(), List.of());
        problem(writer().contentType(ContentType.JSON).body(Map.of("body", "x\u0000y"))
                .when().put("/api/content/" + id).then(), 400);
        assertEquals(contentBefore + 1, count(Content.class));
        // newlines, carriage returns and tabs are text in a body
        writer().contentType(ContentType.JSON).body(Map.of("title", "t", "slug", slug(), "body", "line\r\nnext\tcol"))
                .when().post("/api/content").then().statusCode(201);
    }

    @Test
    void pagingOutsideItsBoundsIs400() {
        for (String[] query : new String[][] { { "21474837", "100" }, { "0", "0" }, { "0", "101" }, { "-1", "10" },
                { "1073741824", "2" }, { "99999999999", "10" }, { "0", "abc" }, { "1.5", "10" } }) {
            problem(given().queryParam("page", query[0]).queryParam("size", query[1])
                    .when().get("/api/content").then(), 400);
        }
        given().queryParam("page", 0).queryParam("size", 100).when().get("/api/content").then().statusCode(200);
    }

    @Test
    void aNonCanonicalOrOutOfRangeIdIsNotTheItem() {
        int id = create(slug(), List.of());
        for (String alias : List.of("0" + id, "+" + id, "%20" + id, id + ".0", "%2B" + id, "00" + id)) {
            problem(given().urlEncodingEnabled(false).when().get("/api/content/" + alias).then(), 404);
        }
        for (String huge : List.of("9223372036854775808", "99999999999999999999999", "-1")) {
            problem(given().when().get("/api/content/" + huge).then(), 404);
            problem(writer().when().delete("/api/content/" + huge).then(), 404);
        }
        given().when().get("/api/content/" + id).then().statusCode(200);
    }

    private static long count(Class<?> entity) {
        return QuarkusTransaction.requiringNew().call(() -> entity == Content.class ? Content.count() : OutboxEntry.count());
    }
}
