package dev.edgesync.origin.console;

import static dev.edgesync.origin.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.lab.demo.DemoResult;
import dev.edgesync.lab.report.RunStore;
import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console lists the lab's newest runs from the runs directory and serves each run's page. */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class ConsoleLabRunsTest {
    /** %test.edgesync.console.runs-dir; runs-shown is the default 5. */
    private static final Path RUNS = Path.of("target/console-runs");

    @Test
    void theNewestRunsTheLabWroteAreListedNewestFirstWithTheirPages() throws Exception {
        RunStore store = new RunStore(RUNS);
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Path run = store.save("demo", new DemoResult("item-" + i, 1, 2, 0, 5, List.of(), null));
            saved.add(RunStore.pageOf(run).getFileName().toString());
            Thread.sleep(2); // run files are named by the millisecond
        }
        Files.writeString(RUNS.resolve("notes.html"), "<p>not a run</p>");

        JsonPath runs = given().get("/console/api/runs").then().statusCode(200).extract().jsonPath();
        assertEquals(RUNS.toAbsolutePath().toString(), runs.getString("dir"));
        List<String> names = runs.getList("runs.name");
        assertEquals(5, names.size(), names.toString());
        assertEquals(saved.get(6), names.get(0), "newest first");
        assertEquals(saved.get(2), names.get(4));
        assertTrue(runs.getList("runs.kind").stream().allMatch("demo"::equals));
        assertTrue(runs.getLong("runs[0].createdAt") >= runs.getLong("runs[4].createdAt"));

        given().get("/console/api/runs/" + names.get(0)).then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("sandbox"))
                .body(containsString("content item-6 v1 to v2"));
    }

    @Test
    void onlyRunPagesAreServed() {
        problem(given().get("/console/api/runs/notes.html").then(), 404);
        given().urlEncodingEnabled(false).get("/console/api/runs/..%2F..%2Fpom.xml").then().statusCode(404);
        problem(given().get("/console/api/runs/20250101-000000-000-demo.json").then(), 404);
        problem(given().get("/console/api/runs/20250101-000000-000-demo.html").then(), 404);
    }
}
