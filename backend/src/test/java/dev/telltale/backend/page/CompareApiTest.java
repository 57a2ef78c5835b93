package dev.telltale.backend.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints the page reads several runs through: summaries for the table, compare for 2 to 8 runs. */
class CompareApiTest {

    @TempDir
    Path dir;

    static long run(TestServer s, String name, JsonObject params, long seed) throws Exception {
        HttpResponse<String> r = s.post("/api/runs", new JsonObject().put("name", name).put("model", "stackgan-stage1")
                .put("dataset", "shapes").put("preset", "tiny").put("params", params).put("seed", seed).put("external", true));
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getLong("id");
    }

    static void points(TestServer s, long run, String key, double... values) throws Exception {
        JsonArray pts = new JsonArray();
        for (int i = 0; i < values.length; i++) {
            pts.add(new JsonObject().put("key", key).put("step", i + 1).put("value", values[i]));
        }
        assertEquals(200, s.post("/api/runs/" + run + "/metrics", new JsonObject().put("points", pts)).statusCode());
    }

    static void evaluation(TestServer s, long run, long step, String metric, double mean, Double std) throws Exception {
        JsonObject e = new JsonObject().put("step", step).put("metric", metric).put("mean", mean).put("n", 64);
        if (std != null) {
            e.put("std", std);
        }
        assertEquals(201, s.post("/api/runs/" + run + "/evaluations", e).statusCode());
    }

    @Test
    void compareNamesOnlyTheDifferingParametersAndTheNewestScores() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            long a = run(s, "a", new JsonObject().put("zDim", 8).put("klCoefficient", 2).put("gfDim", 8), 1);
            // 2.0 and 2 are the same value; a key only one run has differs
            long b = run(s, "b", new JsonObject().put("zDim", 8).put("klCoefficient", 2.0).put("gfDim", 16).put("beta1", 0.5), 2);
            points(s, a, "loss/d", 1.5, 1.25, 1.0);
            points(s, b, "loss/d", 2.0);
            points(s, b, "kl", 0.5);
            evaluation(s, a, 10, "inception_score", 1.5, 0.25);
            evaluation(s, a, 20, "inception_score", 1.75, 0.125);
            evaluation(s, a, 20, "fid", 300.5, null);
            Path samples = s.server.tracking().folder().runDir(b).resolve("samples");
            Files.createDirectories(samples);
            Files.write(samples.resolve("s2.png"), new byte[] {1, 2, 3});
            Files.write(samples.resolve("s1.png"), new byte[] {4, 5});
            assertEquals(201, s.post("/api/runs/" + b + "/artifacts", new JsonObject().put("kind", "sample_image").put("path", "samples/s2.png").put("step", 20)).statusCode());
            assertEquals(201, s.post("/api/runs/" + b + "/artifacts", new JsonObject().put("kind", "sample_image").put("path", "samples/s1.png").put("step", 10)).statusCode());

            HttpResponse<String> r = s.get("/api/compare?id=" + a + "&id=" + b);
            assertEquals(200, r.statusCode(), r.body());
            JsonObject c = new JsonObject(r.body());
            assertEquals(2, c.getJsonArray("runs").size());
            assertEquals(a, c.getJsonArray("runs").getJsonObject(0).getLong("id"), "in the order asked");

            Map<String, JsonArray> differing = new HashMap<>();
            c.getJsonObject("params").getJsonArray("differing").forEach(o -> differing.put(((JsonObject) o).getString("key"), ((JsonObject) o).getJsonArray("values")));
            assertEquals(Map.of("gfDim", new JsonArray().add(8).add(16), "seed", new JsonArray().add(1).add(2),
                    "beta1", new JsonArray().addNull().add(0.5)), differing);
            JsonObject same = c.getJsonObject("params").getJsonObject("same");
            assertEquals(8, same.getInteger("zDim"));
            assertEquals(2, same.getInteger("klCoefficient"));
            assertEquals("stackgan-stage1", same.getString("model"));

            JsonObject scoresA = c.getJsonArray("scores").getJsonObject(0);
            assertEquals(1.75, scoresA.getJsonObject("inception_score").getDouble("mean"), "the newest evaluation");
            assertEquals(0.125, scoresA.getJsonObject("inception_score").getDouble("std"));
            assertEquals(20, scoresA.getJsonObject("inception_score").getLong("step"));
            assertEquals(300.5, scoresA.getJsonObject("fid").getDouble("mean"));
            assertNull(scoresA.getValue("caption_accuracy"));
            assertNull(c.getJsonArray("scores").getJsonObject(1).getValue("inception_score"));

            JsonArray metrics = c.getJsonArray("metrics");
            assertEquals(new JsonObject().put("key", "kl").put("runs", new JsonArray().add(b)), metrics.getJsonObject(0));
            assertEquals(new JsonObject().put("key", "loss/d").put("runs", new JsonArray().add(a).add(b)), metrics.getJsonObject(1));

            JsonArray sb = c.getJsonObject("samples").getJsonArray(Long.toString(b));
            assertEquals(10, sb.getJsonObject(0).getLong("step"), "oldest step first, for a slider");
            assertEquals(20, sb.getJsonObject(1).getLong("step"));
            HttpResponse<byte[]> bytes = s.http.send(s.request(sb.getJsonObject(1).getString("url")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(3, bytes.body().length);
            assertTrue(c.getJsonObject("samples").getJsonArray(Long.toString(a)).isEmpty());
        }
    }

    @Test
    void summariesCarryTheLatestPointAndEvaluationOfEachRun() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            long a = run(s, "a", new JsonObject(), 1);
            long b = run(s, "b", new JsonObject(), 1);
            points(s, a, "loss/d", 1.5, 1.25, 1.0);
            // a late re-send of an early step is not the latest point
            assertEquals(200, s.post("/api/runs/" + a + "/metrics", new JsonObject().put("points", new JsonArray()
                    .add(new JsonObject().put("key", "loss/d").put("step", 1).put("value", 9.0)))).statusCode());
            points(s, a, "loss/g", 3.0, 2.5);
            evaluation(s, a, 2, "caption_accuracy", 0.5, null);
            evaluation(s, a, 3, "caption_accuracy", 0.625, null);
            JsonArray out = new JsonObject(s.get("/api/summaries?id=" + b + "&id=" + a).body()).getJsonArray("summaries");
            assertEquals(b, out.getJsonObject(0).getLong("runId"));
            assertTrue(out.getJsonObject(0).getJsonObject("latest").isEmpty());
            JsonObject sa = out.getJsonObject(1);
            JsonObject d = sa.getJsonObject("latest").getJsonObject("loss/d");
            assertEquals(3, d.getLong("step"), "the highest step, not the last sent");
            assertEquals(1.0, d.getDouble("value"));
            JsonObject g = sa.getJsonObject("latest").getJsonObject("loss/g");
            assertEquals(2, g.getLong("step"));
            assertEquals(2.5, g.getDouble("value"));
            assertEquals(0.625, sa.getJsonObject("evaluations").getJsonObject("caption_accuracy").getDouble("mean"));
        }
    }

    @Test
    void badRequestsAreNamed4xx() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            long a = s.createRun("a");
            HttpResponse<String> one = s.get("/api/compare?id=" + a);
            assertEquals(400, one.statusCode());
            assertEquals("id", new JsonObject(one.body()).getString("field"));
            HttpResponse<String> twice = s.get("/api/compare?id=" + a + "&id=" + a);
            assertEquals(400, twice.statusCode(), "the same run twice is one run");
            assertEquals("id", new JsonObject(twice.body()).getString("field"));
            StringBuilder nine = new StringBuilder("/api/compare?id=1");
            for (int i = 2; i <= 9; i++) {
                nine.append("&id=").append(i);
            }
            HttpResponse<String> tooMany = s.get(nine.toString());
            assertEquals(400, tooMany.statusCode());
            assertEquals("id", new JsonObject(tooMany.body()).getString("field"));
            HttpResponse<String> missing = s.get("/api/compare?id=" + a + "&id=4242");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("4242"), missing.body());
            assertEquals(400, s.get("/api/compare?id=x&id=1").statusCode());
            assertEquals(400, s.get("/api/summaries").statusCode());
            assertEquals(404, s.get("/api/summaries?id=4242").statusCode());
        }
    }
}
