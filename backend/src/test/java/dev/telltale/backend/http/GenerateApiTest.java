package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import dev.telltale.backend.TinyRuns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/generate and GET /api/generated/{name} on a real server with a tiny Stage-I run trained
 * in this JVM and planted into a tracked run's folder with its checkpoints registered, as a worker would ({@link TinyRuns}).
 */
class GenerateApiTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static long runId;
    static long ganCheckpoint;
    static long encoderCheckpoint;
    static List<String> vocabulary;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        s = TestServer.start(dir.resolve("data"));
        TinyRuns.TinyRun run = TinyRuns.plant(s, "tiny stage-I", TinyRuns.FIRST, false);
        runId = run.runId();
        ganCheckpoint = run.generatorCheckpoint();
        encoderCheckpoint = run.encoderCheckpoint();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                var text = dev.telltale.experiments.train.TextEncoderModel.load(run.runDir().resolve(TinyRuns.ENCODER), m)) {
            vocabulary = text.vocabulary().words();
        }
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static long register(long run, String path, long step) throws Exception {
        return TinyRuns.register(s, run, path, step);
    }

    static HttpResponse<String> generate(JsonObject body) throws Exception {
        return s.post("/api/generate", body);
    }

    static JsonObject ok(JsonObject body) throws Exception {
        HttpResponse<String> r = generate(body);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    static byte[] bytes(String url) throws Exception {
        HttpResponse<byte[]> r = s.http.send(s.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        return r.body();
    }

    static void assertError(HttpResponse<String> r, int status, String field) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject e = new JsonObject(r.body());
        assertEquals(field, e.getString("field"), r.body());
        assertFalse(e.getString("error").isBlank());
    }

    String caption() {
        return vocabulary.get(2) + " zorblax " + vocabulary.get(3);
    }

    @Test
    void aCaptionGivesAPngOfTheStatedSizeAndTheSameSeedTheSameBytes() throws Exception {
        JsonObject a = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", 5));
        assertEquals(runId, a.getLong("runId"));
        assertEquals(ganCheckpoint, a.getLong("checkpointId"), "the newest generator checkpoint, not the text encoder's");
        assertEquals(5, a.getLong("seed"));
        assertEquals(caption(), a.getString("caption"));
        assertEquals(new JsonArray().add(vocabulary.get(2)).add(vocabulary.get(3)), a.getJsonArray("knownWords"));
        assertEquals(new JsonArray().add("zorblax"), a.getJsonArray("unknownWords"));
        JsonArray images = a.getJsonArray("images");
        assertEquals(1, images.size(), "a Stage-I run: one picture");
        JsonObject img = images.getJsonObject(0);
        assertEquals("stage1", img.getString("stage"));
        assertEquals(16, img.getInteger("width"));
        assertEquals(16, img.getInteger("height"));
        String url = img.getString("url");
        assertTrue(url.matches("/api/generated/[0-9a-f]{32}\\.png"), url);
        byte[] png = bytes(url);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(16, decoded.getWidth());
        assertEquals(16, decoded.getHeight());

        JsonObject again = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", 5)
                .put("checkpointId", ganCheckpoint));
        assertEquals(url, again.getJsonArray("images").getJsonObject(0).getString("url"));
        assertArrayEquals(png, bytes(url));
        JsonObject other = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", 6));
        String otherUrl = other.getJsonArray("images").getJsonObject(0).getString("url");
        assertNotEquals(url, otherUrl, "another seed, another picture");
        assertFalse(java.util.Arrays.equals(png, bytes(otherUrl)));
        assertEquals(1.0, a.getDouble("conditionNoise"), "the paper's sampling unless asked");

        // the same seed with the CA's noise scaled: 1 is the default, 0 (the mean μ) another picture
        JsonObject paper = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", 5).put("conditionNoise", 1));
        assertEquals(url, paper.getJsonArray("images").getJsonObject(0).getString("url"));
        JsonObject mean = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", 5).put("conditionNoise", 0));
        assertEquals(0.0, mean.getDouble("conditionNoise"));
        String meanUrl = mean.getJsonArray("images").getJsonObject(0).getString("url");
        assertNotEquals(url, meanUrl, "the CA's noise changes the picture");
        // from the mean, the seed still draws z: another seed, another picture
        JsonObject meanOther = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", 6).put("conditionNoise", 0));
        assertNotEquals(meanUrl, meanOther.getJsonArray("images").getJsonObject(0).getString("url"));
    }

    @Test
    void withoutASeedARandomOneIsChosenAndReturned() throws Exception {
        JsonObject a = ok(new JsonObject().put("runId", runId).put("caption", caption()));
        long seed = a.getLong("seed");
        assertTrue(seed >= 0);
        JsonObject b = ok(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", seed));
        assertEquals(a.getJsonArray("images"), b.getJsonArray("images"), "the returned seed reproduces the picture");
    }

    @Test
    void concurrentRequestsAllGetTheirOwnPicture() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int seed = 100; seed < 106; seed++) {
            pending.add(s.http.sendAsync(s.request("/api/generate").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("runId", runId)
                            .put("caption", caption()).put("seed", seed).encode())).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> urls = new HashSet<>();
        for (var f : pending) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            urls.add(new JsonObject(r.body()).getJsonArray("images").getJsonObject(0).getString("url"));
        }
        assertEquals(6, urls.size());
    }

    @Test
    void aCaptionWithoutKnownWordsIsA400NamingThem() throws Exception {
        HttpResponse<String> r = generate(new JsonObject().put("runId", runId).put("caption", "zorblax quuxly").put("seed", 1));
        assertError(r, 400, "caption");
        assertTrue(new JsonObject(r.body()).getString("error").contains("zorblax, quuxly"), r.body());
        assertError(generate(new JsonObject().put("runId", runId).put("caption", " ?! ")), 400, "caption");
        assertError(generate(new JsonObject().put("runId", runId).put("caption", "")), 400, "caption");
        assertError(generate(new JsonObject().put("runId", runId).put("caption", "a".repeat(501))), 400, "caption");
        // words past what the encoder reads would be listed as read and never reach the model
        HttpResponse<String> long_ = generate(new JsonObject().put("runId", runId).put("caption", (caption() + " ").repeat(12).strip()));
        assertError(long_, 400, "caption");
        assertTrue(new JsonObject(long_.body()).getString("error").contains("this model reads at most"), long_.body());
        assertError(generate(new JsonObject().put("runId", runId).put("caption", caption()).put("seed", -1)), 400, "seed");
        for (Object bad : List.of(-0.1, 1.5, "none")) {
            assertError(generate(new JsonObject().put("runId", runId).put("caption", caption()).put("conditionNoise", bad)), 400, "conditionNoise");
        }
        assertError(generate(new JsonObject().put("caption", caption())), 400, "runId");
    }

    @Test
    void unknownRunsAndCheckpointsAre404AndARunWithoutCheckpointA409() throws Exception {
        assertError(generate(new JsonObject().put("runId", 9999).put("caption", caption())), 404, "runId");
        assertError(generate(new JsonObject().put("runId", runId).put("checkpointId", 9999).put("caption", caption())), 404, "checkpointId");
        long empty = s.createRun("no checkpoints");
        assertError(generate(new JsonObject().put("runId", empty).put("caption", caption())), 409, "runId");
        // a checkpoint of another run
        assertError(generate(new JsonObject().put("runId", empty).put("checkpointId", ganCheckpoint).put("caption", caption())),
                404, "checkpointId");
    }

    @Test
    void checkpointsThatWillNotLoadAre422() throws Exception {
        HttpResponse<String> encoder = generate(new JsonObject().put("runId", runId).put("checkpointId", encoderCheckpoint)
                .put("caption", caption()));
        assertError(encoder, 422, "checkpointId");
        assertTrue(encoder.body().contains("text-encoder"), encoder.body());

        Path original = s.server.tracking().folder().runDir(runId).resolve("checkpoints/stage1-step-0000003.zip");
        long tampered = s.createRun("tampered");
        Path copy = s.server.tracking().folder().runDir(tampered).resolve("checkpoints/stage1-step-0000003.zip");
        Files.createDirectories(copy.getParent());
        Files.copy(original, copy);
        register(tampered, "checkpoints/stage1-step-0000003.zip", 3);
        // still a readable zip, but not the bytes that were registered
        Files.write(copy, new byte[] {0}, StandardOpenOption.APPEND);
        HttpResponse<String> r = generate(new JsonObject().put("runId", tampered).put("caption", caption()));
        assertError(r, 422, "checkpointId");
        assertTrue(r.body().contains("sha256"), r.body());

        long corrupt = s.createRun("corrupt");
        Path junk = s.server.tracking().folder().runDir(corrupt).resolve("checkpoints/stage1-step-0000001.zip");
        Files.createDirectories(junk.getParent());
        Files.writeString(junk, "not a zip");
        register(corrupt, "checkpoints/stage1-step-0000001.zip", 1);
        HttpResponse<String> c = generate(new JsonObject().put("runId", corrupt).put("caption", caption()));
        assertError(c, 422, "checkpointId");
        assertFalse(c.body().contains(dir.toString()), "no server paths in the answer: " + c.body());
    }

    @Test
    void generatedNamesAreCheckedAndUnknownOnesAre404() throws Exception {
        assertError(s.get("/api/generated/nope.png"), 400, "name");
        assertError(s.get("/api/generated/%2e%2e%2ftoken"), 400, "name");
        assertError(s.get("/api/generated/" + "0".repeat(32) + ".exe"), 400, "name");
        assertError(s.get("/api/generated/" + "0".repeat(32) + ".png"), 404, "name");
        HttpResponse<String> noToken = s.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(s.base() + "/api/generated/" + "0".repeat(32) + ".png")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
    }
}
