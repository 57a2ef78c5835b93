package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsApiTest {

    @TempDir
    Path dir;

    TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private JsonObject create(String name, String model, String dataset, List<String> tags) throws Exception {
        JsonObject b = new JsonObject().put("name", name).put("model", model).put("dataset", dataset)
                .put("params", new JsonObject().put("klCoefficient", 2.0).put("zDim", 100))
                .put("seed", 42).put("tags", new JsonArray(tags)).put("external", true);
        HttpResponse<String> r = s.post("/api/runs", b);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("/api/runs/" + new JsonObject(r.body()).getLong("id"), r.headers().firstValue("Location").orElseThrow());
        return new JsonObject(r.body());
    }

    private List<String> names(String query) throws Exception {
        HttpResponse<String> r = s.get("/api/runs?" + query);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("runs").stream()
                .map(o -> ((JsonObject) o).getString("name")).toList();
    }

    @Test
    void createGetAndTheRunFolder() throws Exception {
        JsonObject run = create("first", "stackgan-stage1", "shapes", List.of("cpu", "baseline"));
        assertEquals("QUEUED", run.getString("status"));
        assertEquals(2.0, run.getJsonObject("params").getDouble("klCoefficient"));
        assertEquals(42, run.getLong("seed"));
        assertEquals(List.of("baseline", "cpu"), run.getJsonArray("tags").getList());
        assertNotNull(run.getString("createdAt"));
        JsonObject again = new JsonObject(s.get("/api/runs/" + run.getLong("id")).body());
        assertEquals(run, again);
        assertTrue(Files.isDirectory(dir.resolve("runs").resolve(run.getLong("id").toString())));
    }

    @Test
    void listFiltersSortsAndPages() throws Exception {
        create("b-shapes", "stackgan-stage1", "shapes", List.of("cpu"));
        create("a-digits", "stackgan-stage1", "digits", List.of("gpu"));
        long video = create("c-video", "tganc-a", "sbmg", List.of("cpu")).getLong("id");
        s.post("/api/runs/" + video + "/status", new JsonObject().put("status", "RUNNING"));

        assertEquals(List.of("c-video", "a-digits", "b-shapes"), names("sort=-created"));
        assertEquals(List.of("a-digits", "b-shapes", "c-video"), names("sort=name"));
        assertEquals(List.of("a-digits", "b-shapes"), names("model=stackgan-stage1&sort=-id"));
        assertEquals(List.of("c-video", "b-shapes"), names("tag=cpu&sort=-id"));
        assertEquals(List.of("c-video"), names("status=RUNNING"));
        assertEquals(List.of("a-digits"), names("dataset=digits"));
        assertEquals(List.of("a-digits"), names("q=DIGI"));
        assertEquals(List.of(), names("q=_"), "a _ in the text is a literal, not a LIKE wildcard");
        // a literal % cannot pass the contract validator (it decodes twice): a clear 400 names q
        HttpResponse<String> percent = s.get("/api/runs?q=%25");
        assertEquals(400, percent.statusCode());
        assertEquals("q", new JsonObject(percent.body()).getString("field"));
        JsonObject page = new JsonObject(s.get("/api/runs?sort=name&limit=2&offset=1").body());
        assertEquals(3, page.getInteger("total"));
        assertEquals(List.of("b-shapes", "c-video"),
                page.getJsonArray("runs").stream().map(o -> ((JsonObject) o).getString("name")).toList());
    }

    @Test
    void notesTagsAndTheLifecycle() throws Exception {
        long id = create("life", "stackgan-stage1", "shapes", List.of("a")).getLong("id");
        HttpResponse<String> r = s.send("PATCH", "/api/runs/" + id, "{\"notes\":\"lr too high?\",\"tags\":[\"b\",\"c\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject run = new JsonObject(r.body());
        assertEquals("lr too high?", run.getString("notes"));
        assertEquals(List.of("b", "c"), run.getJsonArray("tags").getList());

        JsonObject running = new JsonObject(s.post("/api/runs/" + id + "/status", new JsonObject().put("status", "RUNNING")).body());
        assertEquals("RUNNING", running.getString("status"));
        assertNotNull(running.getString("startedAt"));
        assertNull(running.getString("finishedAt"));
        HttpResponse<String> failed = s.post("/api/runs/" + id + "/status",
                new JsonObject().put("status", "FAILED").put("error", "CUDA out of memory"));
        assertEquals("FAILED", new JsonObject(failed.body()).getString("status"));
        assertEquals("CUDA out of memory", new JsonObject(failed.body()).getString("error"));
        assertNotNull(new JsonObject(failed.body()).getString("finishedAt"));
        // a finished run does not go back to RUNNING through the status endpoint
        HttpResponse<String> again = s.post("/api/runs/" + id + "/status", new JsonObject().put("status", "RUNNING"));
        assertEquals(409, again.statusCode());
    }

    @Test
    void aClientAskingForCleartextHttp2GetsHttp1() throws Exception {
        // Java's HttpClient asks for an h2c upgrade by default; the server declines, which keeps every
        // client on the plain HTTP/1.1 path (an upgraded exchange once hung past its timeout here)
        java.net.http.HttpClient defaults = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> r = defaults.send(s.request("/api/openapi.json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, r.version());
    }

    @Test
    void theContractIsServedAndNamesEveryOperation() throws Exception {
        JsonObject contract = new JsonObject(s.get("/api/openapi.json").body());
        JsonObject paths = contract.getJsonObject("paths");
        assertTrue(paths.containsKey("/api/runs/{runId}/metrics"));
        assertEquals("ingestMetrics", paths.getJsonObject("/api/runs/{runId}/metrics").getJsonObject("post").getString("operationId"));
        assertEquals(10_000, paths.getJsonObject("/api/runs/{runId}/metrics").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getJsonObject("properties").getJsonObject("points").getInteger("maxItems"));
        assertTrue(s.get("/api/openapi.yaml").body().startsWith("openapi: 3.1.0"));
    }
}
