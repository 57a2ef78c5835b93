package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsApiTest {

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

    static JsonObject batch(String key, long fromStep, int n, double offset) {
        JsonArray points = new JsonArray();
        for (int i = 0; i < n; i++) {
            long step = fromStep + i;
            points.add(new JsonObject().put("key", key).put("step", step)
                    .put("value", Math.sin(step * 0.01) + offset).put("time", 1_700_000_000_000L + step));
        }
        return new JsonObject().put("points", points);
    }

    JsonObject series(long run, String query) throws Exception {
        HttpResponse<String> r = s.get("/api/runs/" + run + "/metrics?" + query);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void ingestedPointsReadBackExactly() throws Exception {
        long run = s.createRun("exact");
        JsonObject b = batch("loss/d", 0, 500, 0).put("points",
                batch("loss/d", 0, 500, 0).getJsonArray("points").addAll(batch("kl", 0, 3, 7).getJsonArray("points")));
        HttpResponse<String> r = s.post("/api/runs/" + run + "/metrics", b);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(503, new JsonObject(r.body()).getInteger("stored"));

        JsonObject body = series(run, "key=loss/d&key=kl&maxPoints=1000");
        JsonObject d = body.getJsonArray("series").getJsonObject(0);
        assertEquals("loss/d", d.getString("key"));
        assertEquals(500, d.getInteger("count"));
        for (int i = 0; i < 500; i++) {
            assertEquals(i, d.getJsonArray("steps").getLong(i));
            assertEquals(Math.sin(i * 0.01), d.getJsonArray("values").getDouble(i), 0.0);
            assertEquals(1_700_000_000_000L + i, d.getJsonArray("times").getLong(i));
        }
        JsonObject kl = body.getJsonArray("series").getJsonObject(1);
        assertEquals(new JsonArray().add(7.0).add(Math.sin(0.01) + 7).add(Math.sin(0.02) + 7), kl.getJsonArray("values"));
    }

    @Test
    void aKeyOfTwoHundredEmojiIsStoredAsTheContractAllows() throws Exception {
        long run = s.createRun("emoji");
        String key = "\uD83D\uDE00".repeat(200); // 200 characters, 400 UTF-16 units
        HttpResponse<String> r = s.post("/api/runs/" + run + "/metrics", batch(key, 0, 3, 0));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = series(run, "key=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(3, body.getJsonArray("series").getJsonObject(0).getInteger("count"));
    }

    @Test
    void aResentBatchNeitherDuplicatesNorFails() throws Exception {
        long run = s.createRun("idempotent");
        JsonObject b = batch("loss/g", 10, 100, 0);
        assertEquals(200, s.post("/api/runs/" + run + "/metrics", b).statusCode());
        assertEquals(200, s.post("/api/runs/" + run + "/metrics", b).statusCode());
        assertEquals(100, series(run, "key=loss/g").getJsonArray("series").getJsonObject(0).getInteger("count"));
        // the same steps with new values (a resumed run re-logging): last write wins, still no duplicate
        assertEquals(200, s.post("/api/runs/" + run + "/metrics", batch("loss/g", 10, 100, 1)).statusCode());
        JsonObject g = series(run, "key=loss/g").getJsonArray("series").getJsonObject(0);
        assertEquals(100, g.getInteger("count"));
        assertEquals(Math.sin(0.1) + 1, g.getJsonArray("values").getDouble(0), 0.0);
        String csv = s.get("/api/runs/" + run + "/metrics/export").body();
        assertEquals(101, csv.split("\n").length, "header + 100 points");
    }

    @Test
    void downsampledReadKeepsEachBucketsExtremesWithinMaxPoints() throws Exception {
        long run = s.createRun("downsample");
        int n = 30_000;
        for (int from = 0; from < n; from += 10_000) {
            JsonObject b = batch("loss/d", from, 10_000, 0);
            if (from == 10_000) {
                b.getJsonArray("points").getJsonObject(1234).put("value", 50.0); // a spike at step 11234
            }
            assertEquals(200, s.post("/api/runs/" + run + "/metrics", b).statusCode());
        }
        JsonObject d = series(run, "key=loss/d&maxPoints=300").getJsonArray("series").getJsonObject(0);
        assertTrue(d.getBoolean("downsampled"));
        assertEquals(n, d.getInteger("count"));
        JsonArray steps = d.getJsonArray("steps");
        JsonArray values = d.getJsonArray("values");
        assertTrue(steps.size() <= 300, "got " + steps.size());
        int buckets = 150;
        for (int bkt = 0; bkt < buckets; bkt++) {
            int start = (int) ((long) bkt * n / buckets);
            int end = (int) ((long) (bkt + 1) * n / buckets);
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (int i = start; i < end; i++) {
                double v = i == 11_234 ? 50.0 : Math.sin(i * 0.01);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            boolean hasMin = false;
            boolean hasMax = false;
            for (int i = 0; i < steps.size(); i++) {
                long st = steps.getLong(i);
                if (st >= start && st < end) {
                    hasMin |= values.getDouble(i) == min;
                    hasMax |= values.getDouble(i) == max;
                }
            }
            assertTrue(hasMin && hasMax, "bucket " + bkt);
        }
        assertTrue(hasStep(steps, 11_234), "the spike stays visible");
        // a zoomed window is downsampled on its own
        JsonObject zoom = series(run, "key=loss/d&maxPoints=100&fromStep=11000&toStep=11999")
                .getJsonArray("series").getJsonObject(0);
        assertEquals(1000, zoom.getInteger("count"));
        assertTrue(hasStep(zoom.getJsonArray("steps"), 11_234));
    }

    private static boolean hasStep(JsonArray steps, long step) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.getLong(i) == step) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aBatchWithOneBadPointStoresNothing() throws Exception {
        long run = s.createRun("atomic");
        JsonObject b = batch("loss/d", 0, 100, 0);
        b.getJsonArray("points").getJsonObject(99).put("step", -1);
        HttpResponse<String> r = s.post("/api/runs/" + run + "/metrics", b);
        assertEquals(400, r.statusCode());
        assertEquals("points[99].step", new JsonObject(r.body()).getString("field"));
        // 1e999 parses to Infinity: caught after the schema, still nothing stored
        String inf = "{\"points\":[{\"key\":\"loss/d\",\"step\":0,\"value\":1},"
                + "{\"key\":\"loss/d\",\"step\":1,\"value\":2},{\"key\":\"loss/d\",\"step\":2,\"value\":1e999}]}";
        HttpResponse<String> r2 = s.send("POST", "/api/runs/" + run + "/metrics", inf);
        assertEquals(400, r2.statusCode(), r2.body());
        assertEquals("points[2].value", new JsonObject(r2.body()).getString("field"));
        JsonObject keys = new JsonObject(s.get("/api/runs/" + run + "/metrics/keys").body());
        assertEquals(0, keys.getJsonArray("keys").size());
    }

    @Test
    void batchesAreCappedAtTenThousandPoints() throws Exception {
        long run = s.createRun("cap");
        HttpResponse<String> r = s.post("/api/runs/" + run + "/metrics", batch("x", 0, 10_001, 0));
        assertEquals(400, r.statusCode());
        assertEquals("points", new JsonObject(r.body()).getString("field"));
        assertEquals(200, s.post("/api/runs/" + run + "/metrics", batch("x", 0, 10_000, 0)).statusCode());
    }

    @Test
    void keySummariesAndUnknownKeys() throws Exception {
        long run = s.createRun("keys");
        s.post("/api/runs/" + run + "/metrics", batch("b", 0, 5, 0));
        s.post("/api/runs/" + run + "/metrics", batch("a", 3, 2, 0));
        JsonArray keys = new JsonObject(s.get("/api/runs/" + run + "/metrics/keys").body()).getJsonArray("keys");
        assertEquals("a", keys.getJsonObject(0).getString("key"));
        assertEquals(2, keys.getJsonObject(0).getLong("count"));
        assertEquals(4, keys.getJsonObject(0).getLong("lastStep"));
        assertEquals(5, keys.getJsonObject(1).getLong("count"));
        JsonObject none = series(run, "key=never").getJsonArray("series").getJsonObject(0);
        assertEquals(0, none.getInteger("count"));
    }
}
