package dev.telltale.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.track.ArtifactKind;
import dev.telltale.experiments.track.HttpTracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiments' HTTP tracker against the real server: every point arrives once, artifacts are
 * registered, and a server that goes away and comes back on the same data folder loses nothing
 * (the tracker buffers, spills to disk, and retries).
 */
class HttpTrackerServerTest {

    @TempDir
    Path dir;

    @Test
    void everyPointArrivesOnceAcrossAServerRestart() throws Exception {
        Path data = dir.resolve("data");
        TestServer first = TestServer.start(data);
        int port = first.server.port();
        long run = first.createRun("tracked");
        Path runDir = data.resolve("runs").resolve(Long.toString(run));
        Files.createDirectories(runDir.resolve("samples"));
        Files.write(runDir.resolve("samples/grid.png"), new byte[] {1, 2, 3});

        TestServer second = null;
        try (HttpTracker tracker = HttpTracker.builder()
                .setServer(URI.create("http://127.0.0.1:" + port))
                .setRunId(run)
                .setToken(TestServer.TOKEN)
                .setRunDir(runDir)
                .optSpoolDir(dir.resolve("spool"))
                .optMaxBufferedPoints(2_000)
                .optFlushInterval(Duration.ofMillis(50))
                .optRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .optCloseTimeout(Duration.ofSeconds(60))
                .build()) {
            for (int step = 0; step < 5_000; step++) {
                tracker.scalar("loss/d", step, step * 0.5);
            }
            tracker.artifact(ArtifactKind.SAMPLE_IMAGE, runDir.resolve("samples/grid.png"), 4_999L, null);
            assertTrue(tracker.flush(Duration.ofSeconds(30)), "the first half reaches the live server");

            first.close(); // the server goes away while training goes on
            for (int step = 5_000; step < 12_000; step++) {
                tracker.scalar("loss/d", step, step * 0.5);
                tracker.scalar("kl", step, 1.0 / (step + 1));
            }
            Thread.sleep(300);
            second = TestServer.startOnPort(data, port);
            assertTrue(tracker.flush(Duration.ofSeconds(60)), "everything is delivered once the server is back");
            assertEquals(0, tracker.pendingPoints());
        }
        try {
            JsonObject read = new JsonObject(second.get("/api/runs/" + run + "/metrics?key=loss/d&key=kl&maxPoints=100000").body());
            JsonObject d = read.getJsonArray("series").getJsonObject(0);
            assertEquals(12_000, d.getInteger("count"));
            JsonArray steps = d.getJsonArray("steps");
            JsonArray values = d.getJsonArray("values");
            for (int i = 0; i < 12_000; i++) {
                assertEquals(i, steps.getLong(i));
                assertEquals(i * 0.5, values.getDouble(i), 0.0);
            }
            assertEquals(7_000, read.getJsonArray("series").getJsonObject(1).getInteger("count"));
            JsonArray artifacts = new JsonObject(second.get("/api/runs/" + run + "/artifacts").body()).getJsonArray("artifacts");
            assertEquals(1, artifacts.size());
            assertEquals("samples/grid.png", artifacts.getJsonObject(0).getString("path"));
            assertEquals(4_999, artifacts.getJsonObject(0).getLong("step"));
        } finally {
            second.close();
        }
    }
}
