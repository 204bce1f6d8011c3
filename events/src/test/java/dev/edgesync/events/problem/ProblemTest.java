package dev.edgesync.events.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProblemTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theBodyClientsReadHasTheStableTypeTheStandardTitleAndTheFieldsInRfcOrder() {
        String json = Problem.of(404, "not-found", "content 7 does not exist").json();

        assertEquals("{\"type\":\"https://edgesync.dev/problems/not-found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"content 7 does not exist\"}", json);
    }

    @Test
    void theInstanceIsTheRequestPathWhenGivenAndAbsentOtherwise() throws Exception {
        JsonNode at = mapper.readTree(Problem.of(400, "invalid-request", "bad").at("/api/content").json());
        JsonNode bare = mapper.readTree(Problem.of(400, "invalid-request", null).json());

        assertEquals("/api/content", at.get("instance").asText());
        assertEquals(false, bare.has("instance"));
        assertEquals(false, bare.has("detail"));
    }

    @Test
    void aDetailEchoingHostileInputStaysOneJsonString() throws Exception {
        String detail = "key '/a\"b\\c\n\u0000' must start with /";

        JsonNode read = mapper.readTree(Problem.of(400, "invalid-request", detail).json());

        assertEquals(detail, read.get("detail").asText());
    }

    @Test
    void bothServicesGetOneTitlePerStatus() {
        assertEquals("Not Found", Problem.title(404));
        assertEquals("Bad Request", Problem.title(400));
        assertEquals("Content Too Large", Problem.title(413));
        assertEquals("Gateway Timeout", Problem.title(504));
        assertEquals("Client Error", Problem.title(499));
        assertEquals("Server Error", Problem.title(599));
        assertEquals(Problem.title(409), new ProblemException(409, "conflict", "taken").problem().title());
    }
}
