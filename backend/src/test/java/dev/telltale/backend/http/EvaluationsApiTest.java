package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import dev.telltale.experiments.track.RunReporter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation rows: written by a worker's reporter, listed per run, bad input refused. */
class EvaluationsApiTest {

    @TempDir
    Path dir;

    @Test
    void aReporterWritesEvaluationRowsThatListByStep() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            long run = s.createRun("judged");
            try (RunReporter reporter = new RunReporter(URI.create(s.base()), run, TestServer.TOKEN, Duration.ofSeconds(60))) {
                assertTrue(reporter.evaluation(500, "inception_score", 5.5, 0.7, 200, "ClassifierJudge"));
                assertTrue(reporter.evaluation(500, "fid", 313.9, null, 200, "ClassifierJudge"));
                assertTrue(reporter.evaluation(1000, "inception_score", 6.1, 0.4, 200, "ClassifierJudge"));
                assertTrue(!reporter.evaluation(1000, "fid", Double.NaN, null, 200, "x"), "a NaN is not sent");
            }
            JsonArray all = new JsonObject(s.get("/api/runs/" + run + "/evaluations").body()).getJsonArray("evaluations");
            assertEquals(3, all.size());
            JsonObject first = all.getJsonObject(0);
            assertEquals(500, first.getLong("step"));
            assertEquals("fid", first.getString("metric"));
            JsonArray is = new JsonObject(s.get("/api/runs/" + run + "/evaluations?metric=inception_score").body()).getJsonArray("evaluations");
            assertEquals(2, is.size());
            assertEquals(6.1, is.getJsonObject(1).getDouble("mean"));
            assertEquals(0.4, is.getJsonObject(1).getDouble("std"));
            assertEquals(200, is.getJsonObject(1).getInteger("n"));

            HttpResponse<String> missing = s.post("/api/runs/" + run + "/evaluations", new JsonObject().put("step", 1).put("mean", 2.0));
            assertEquals(400, missing.statusCode());
            assertEquals("metric", new JsonObject(missing.body()).getString("field"));
            HttpResponse<String> inf = s.send("POST", "/api/runs/" + run + "/evaluations", "{\"step\":1,\"metric\":\"fid\",\"mean\":1e999}");
            assertEquals(400, inf.statusCode(), inf.body());
            assertEquals(404, s.post("/api/runs/999/evaluations", new JsonObject().put("step", 1).put("metric", "fid").put("mean", 2.0)).statusCode());
            assertEquals(404, s.get("/api/runs/999/evaluations").statusCode());
        }
    }
}
