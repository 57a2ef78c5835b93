package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.LocalTracker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/generate with a TGANs-C run on a real server: a tiny TGANs-C-A run trained in this JVM
 * into a tracked run's folder and its checkpoint registered, as a worker would; the answer is a video
 * whose GIF the server hands out.
 */
class GenerateVideoApiTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static long runId;
    static long checkpointId;

    @BeforeAll
    static void trainATinyVideoRun() throws Exception {
        s = TestServer.start(dir.resolve("data"));
        runId = s.createRun("tiny tganc-a");
        Path runDir = s.server.tracking().folder().runDir(runId);
        Train.run(new Train.Request("tganc-a", "sbmg", "tiny", Map.of("steps", 2, "sampleEvery", 0), runDir, null, null, false,
                LocalTracker::new));
        HttpResponse<String> r = s.post("/api/runs/" + runId + "/artifacts",
                new JsonObject().put("kind", "checkpoint").put("path", "checkpoints/tganc-a-step-0000002.zip").put("step", 2));
        assertEquals(201, r.statusCode(), r.body());
        checkpointId = new JsonObject(r.body()).getLong("id");
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static JsonObject ok(JsonObject body) throws Exception {
        HttpResponse<String> r = s.post("/api/generate", body);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void aCaptionGivesALoopingGifOfTheModelsFramesAndTheSameSeedTheSameClip() throws Exception {
        String caption = "the digit 4 is moving left and right . zorblax";
        JsonObject a = ok(new JsonObject().put("runId", runId).put("caption", caption).put("seed", 11));
        assertEquals(checkpointId, a.getLong("checkpointId"), "the run's newest generator checkpoint");
        assertEquals(new JsonArray().add("zorblax"), a.getJsonArray("unknownWords"));
        assertTrue(a.getJsonArray("knownWords").contains("digit"));
        JsonArray images = a.getJsonArray("images");
        assertEquals(1, images.size(), "one clip");
        JsonObject clip = images.getJsonObject(0);
        assertEquals("video", clip.getString("stage"));
        assertEquals(16, clip.getInteger("width"));
        assertEquals(16, clip.getInteger("height"));
        assertEquals(4, clip.getInteger("frames"));
        String url = clip.getString("url");
        assertTrue(url.matches("/api/generated/[0-9a-f]{32}\\.gif"), url);

        HttpResponse<byte[]> gif = s.http.send(s.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gif.statusCode());
        assertEquals("image/gif", gif.headers().firstValue("Content-Type").orElse(""));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif.body()))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(4, reader.getNumImages(true), "one GIF frame per generated frame");
            assertEquals(16, reader.read(3).getWidth());
            assertEquals(16, reader.read(3).getHeight());
            reader.dispose();
        }

        JsonObject again = ok(new JsonObject().put("runId", runId).put("checkpointId", checkpointId).put("caption", caption).put("seed", 11));
        assertEquals(url, again.getJsonArray("images").getJsonObject(0).getString("url"));
        assertArrayEquals(gif.body(), s.http.send(s.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        JsonObject other = ok(new JsonObject().put("runId", runId).put("caption", caption).put("seed", 12));
        assertNotEquals(url, other.getJsonArray("images").getJsonObject(0).getString("url"), "another seed, another clip");
    }

    @Test
    void aCaptionWithoutKnownWordsIsA400() throws Exception {
        HttpResponse<String> r = s.post("/api/generate", new JsonObject().put("runId", runId).put("caption", "zorblax quuxly"));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("caption", new JsonObject(r.body()).getString("field"));
    }

    @Test
    void conditionNoiseIsStackGansAndA400HereUnlessLeftAtOne() throws Exception {
        String caption = "the digit 4 is moving left and right .";
        HttpResponse<String> r = s.post("/api/generate", new JsonObject().put("runId", runId).put("caption", caption).put("conditionNoise", 0));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("conditionNoise", new JsonObject(r.body()).getString("field"));
        JsonObject one = ok(new JsonObject().put("runId", runId).put("caption", caption).put("seed", 11).put("conditionNoise", 1));
        JsonObject plain = ok(new JsonObject().put("runId", runId).put("caption", caption).put("seed", 11));
        assertEquals(plain.getJsonArray("images"), one.getJsonArray("images"));
    }
}
