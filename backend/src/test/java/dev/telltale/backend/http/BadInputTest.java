package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets a 4xx with a JSON body naming the problem, and changes nothing. */
class BadInputTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static long run;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir);
        run = s.createRun("target");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static Stream<Arguments> badRequests() {
        String m = "/api/runs/1/metrics";
        return Stream.of(
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1,", 400, "body"),
                Arguments.of("POST", m, "not json at all", 400, "body"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":NaN}]}", 400, "body"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":Infinity}]}", 400, "body"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":-1e400}]}", 400, "points[0].value"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":-5,\"value\":1}]}", 400, "points[0].step"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1.5,\"value\":1}]}", 400, "points[0].step"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1e30,\"value\":1}]}", 400, "points[0].step"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":\"1\",\"value\":1}]}", 400, "points[0].step"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":\"0.5\"}]}", 400, "points[0].value"),
                Arguments.of("POST", m, "{\"points\":[{\"key\":\"\",\"step\":1,\"value\":1}]}", 400, "points[0].key"),
                Arguments.of("POST", m, "{\"points\":[{\"step\":1,\"value\":1}]}", 400, "points[0].key"),
                Arguments.of("POST", m, "{\"points\":[]}", 400, "points"),
                Arguments.of("POST", m, "{\"dots\":[]}", 400, "dots"),
                Arguments.of("POST", m, "[1,2,3]", 400, "body"),
                Arguments.of("POST", "/api/runs/999/metrics", "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1}]}", 404, "runId"),
                Arguments.of("POST", "/api/runs/zero/metrics", "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1}]}", 400, "runId"),
                Arguments.of("POST", "/api/runs", "{\"name\":\"x\"}", 400, "model"),
                Arguments.of("POST", "/api/runs", "{\"name\":\"x\",\"model\":\"m\",\"seed\":\"seven\"}", 400, "seed"),
                Arguments.of("POST", "/api/runs", "{\"name\":\"x\",\"model\":\"m\",\"tags\":[\"bad tag!\"]}", 400, "tags[0]"),
                Arguments.of("POST", "/api/runs", "{\"name\":\"x\",\"model\":\"m\",\"params\":[]}", 400, "params"),
                Arguments.of("PATCH", "/api/runs/1", "{}", 400, "body"),
                Arguments.of("POST", "/api/runs/1/status", "{\"status\":\"DONE\"}", 400, "status"),
                Arguments.of("POST", "/api/runs/1/status", "{\"status\":\"FINISHED\"}", 409, "status"),
                Arguments.of("GET", "/api/runs/999", null, 404, "runId"),
                Arguments.of("GET", "/api/runs?limit=100000", null, 400, "limit"),
                Arguments.of("GET", "/api/runs?sort=password", null, 400, "sort"),
                Arguments.of("GET", "/api/runs/1/metrics", null, 400, "key"),
                Arguments.of("GET", "/api/runs/1/metrics?key=a&maxPoints=1", null, 400, "maxPoints"),
                Arguments.of("GET", "/api/runs?offset=2147483648", null, 400, "offset"),
                Arguments.of("GET", "/api/runs/18446744073709551617", null, 400, "runId"),
                Arguments.of("GET", "/api/compare?id=99999999999999999999&id=1", null, 400, "id"),
                Arguments.of("POST", "/api/generate", "{\"runId\":18446744073709551617,\"caption\":\"a red circle\"}", 400, "runId"),
                Arguments.of("GET", "/api/runs/1/events", null, 200, null));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("badRequests")
    void answersWithAClearError(String method, String path, String body, int status, String field) throws Exception {
        if (status == 200) {
            return; // the stream itself is covered elsewhere; kept here so the table shows a valid neighbour
        }
        HttpResponse<String> r = body == null ? s.get(path) : s.send(method, path, body);
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonObject json = new JsonObject(r.body());
        assertNotNull(json.getString("error"));
        assertFalse(json.getString("error").contains("Exception"), "no stack trace or class names: " + json);
        assertFalse(r.body().contains("\tat "), "no stack trace");
        assertEquals(field, json.getString("field"), json.encode());
    }

    @Test
    void nothingFromTheBadRequestsWasStored() throws Exception {
        JsonObject keys = new JsonObject(s.get("/api/runs/" + run + "/metrics/keys").body());
        assertEquals(0, keys.getJsonArray("keys").size());
        JsonObject runs = new JsonObject(s.get("/api/runs").body());
        assertEquals(1, runs.getInteger("total"));
    }

    @Test
    void textIsBoundedInCharactersAsTheContractCountsThem() throws Exception {
        // an emoji is one character to the contract and two UTF-16 units to a VARCHAR column
        String name = "\uD83D\uDE00".repeat(150);
        HttpResponse<String> r = s.send("PATCH", "/api/runs/" + run, new JsonObject().put("name", name).encode());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(name, new JsonObject(s.get("/api/runs/" + run).body()).getString("name"));
        HttpResponse<String> tooLong = s.send("PATCH", "/api/runs/" + run, new JsonObject().put("name", "\uD83D\uDE00".repeat(201)).encode());
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertEquals(name, new JsonObject(s.get("/api/runs/" + run).body()).getString("name"));
        s.send("PATCH", "/api/runs/" + run, new JsonObject().put("name", "target").encode());
        // a tracked-only run names its model, dataset and preset freely, up to 100 characters each
        String label = "\uD83E\uDDEA".repeat(100);
        HttpResponse<String> tracked = s.post("/api/runs", new JsonObject().put("name", "emoji labels").put("external", true)
                .put("model", label).put("dataset", label).put("preset", label));
        assertEquals(201, tracked.statusCode(), tracked.body());
        assertEquals(label, new JsonObject(tracked.body()).getString("model"));
    }

    @Test
    void integerIdsReadAsNumbersNotText() throws Exception {
        // JSON Schema counts 1.0 as an integer, so the contract lets it through: it is run 1
        HttpResponse<String> r = s.get("/api/summaries?id=" + run + ".0");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(run, new JsonObject(r.body()).getJsonArray("summaries").getJsonObject(0).getLong("runId"));
    }

    @Test
    void anOversizeBodyIsRefusedWith413() throws Exception {
        String huge = "{\"points\":[" + "{\"key\":\"a\",\"step\":1,\"value\":1},".repeat(300_000) + "{}]}";
        assertTrue(huge.length() > ApiRouter.BODY_LIMIT);
        HttpResponse<String> r = s.post("/api/runs/" + run + "/metrics", huge);
        assertEquals(413, r.statusCode());
        assertEquals("body", new JsonObject(r.body()).getString("field"));
    }

    @Test
    void writesWithoutTheTokenGet401() throws Exception {
        for (String[] req : new String[][] {
                {"POST", "/api/runs", "{\"name\":\"x\",\"model\":\"m\",\"external\":true}"},
                {"POST", "/api/runs/1/metrics", "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1}]}"},
                {"PATCH", "/api/runs/1", "{\"notes\":\"n\"}"},
                {"POST", "/api/runs/1/status", "{\"status\":\"RUNNING\"}"},
                {"POST", "/api/runs/1/artifacts", "{\"kind\":\"log\",\"path\":\"x\"}"}}) {
            for (String auth : new String[] {null, "Bearer wrong-token-0000000000", "Basic abc"}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base() + req[1]))
                        .header("Content-Type", "application/json")
                        .method(req[0], HttpRequest.BodyPublishers.ofString(req[2]));
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                HttpResponse<String> r = s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, r.statusCode(), req[0] + " " + req[1] + " with " + auth);
                assertEquals("Authorization", new JsonObject(r.body()).getString("field"));
            }
        }
        // and none of them did anything
        assertEquals(1, new JsonObject(s.get("/api/runs").body()).getInteger("total"));
        assertEquals("QUEUED", new JsonObject(s.get("/api/runs/" + run).body()).getString("status"));
    }

    @Test
    void healthAndTheContractArePublicButDataIsNot() throws Exception {
        HttpResponse<String> health = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpResponse<String> runs = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/runs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, runs.statusCode());
    }

    @Test
    void unknownEndpointsAreJson404s() throws Exception {
        HttpResponse<String> r = s.get("/api/nope");
        assertEquals(404, r.statusCode());
        assertNotNull(new JsonObject(r.body()).getString("error"));
    }
}
