package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import dev.telltale.backend.TinyRuns;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.render.Gif;
import dev.telltale.experiments.track.LocalTracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ranking study of two real tiny TGANs-C runs on held-out captions with the real clips as a
 * control: every item a rater sees is a looping GIF with as many frames as the generated clips.
 */
class VideoStudyApiTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static long runC;
    static long runA;

    static long trainedVideoRun(String model) throws Exception {
        long id = s.createRun("tiny " + model);
        Path runDir = s.server.tracking().folder().runDir(id);
        Train.run(new Train.Request(model, "sbmg", "tiny", Map.of("steps", 2, "sampleEvery", 0), runDir, null, null, false,
                LocalTracker::new));
        TinyRuns.register(s, id, "checkpoints/" + model + "-step-0000002.zip", 2);
        TinyRuns.finish(s, id);
        return id;
    }

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir.resolve("data"));
        runC = trainedVideoRun("tganc-c");
        runA = trainedVideoRun("tganc-a");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void heldOutCaptionsWithRealClipsGiveGifsOfOneLength() throws Exception {
        HttpResponse<String> r = s.post("/api/studies", new JsonObject().put("name", "motion")
                .put("runs", new JsonArray().add(new JsonObject().put("runId", runC)).add(new JsonObject().put("runId", runA)))
                .put("captions", new JsonObject().put("heldOut", 2)).put("includeReal", true));
        assertEquals(201, r.statusCode(), r.body());
        String token = new JsonObject(r.body()).getString("token");
        HttpResponse<String> tasks = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/rate/" + token + "?rater=ann"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tasks.statusCode(), tasks.body());
        JsonArray list = new JsonObject(tasks.body()).getJsonArray("tasks");
        assertEquals(2, list.size());
        for (Object t : list) {
            JsonArray items = ((JsonObject) t).getJsonArray("items");
            assertEquals(3, items.size(), "two runs and the real clip");
            for (Object i : items) {
                HttpResponse<byte[]> bytes = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + ((JsonObject) i).getString("url")))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, bytes.statusCode());
                assertEquals("image/gif", bytes.headers().firstValue("Content-Type").orElse(""));
                Path gif = Files.write(dir.resolve("item.gif"), bytes.body());
                Gif.Info info = Gif.info(gif);
                assertEquals(4, info.frames(), "the tiny preset's clip length, real or generated");
                assertEquals(16, info.width());
                assertTrue(info.loop());
            }
        }
    }
}
