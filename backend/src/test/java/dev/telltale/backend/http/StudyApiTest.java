package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import dev.telltale.backend.TinyRuns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranking studies over HTTP on a real server with two real tiny StackGAN runs: creation and its
 * refusals, the blind rater API (its token opens nothing else), per-rater shuffles, replacing
 * judgements, and results checked against hand-computed values.
 */
class StudyApiTest {

    @TempDir
    static Path dir;

    static TestServer s;
    static TinyRuns.TinyRun a;
    static TinyRuns.TinyRun b;
    static final String NAME_A = "alpha-baseline-run";
    static final String NAME_B = "beta-ca-run";

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir.resolve("data"));
        a = TinyRuns.plant(s, NAME_A, TinyRuns.FIRST, true);
        b = TinyRuns.plant(s, NAME_B, 2, true);
        // run A's evaluations: the one at its checkpoint's step (3) must be the one shown
        for (long step : new long[] {1, 3, 5}) {
            HttpResponse<String> r = s.post("/api/runs/" + a.runId() + "/evaluations", new JsonObject()
                    .put("step", step).put("metric", "inception_score").put("mean", 1.0 + step).put("std", 0.1));
            assertEquals(201, r.statusCode(), r.body());
        }
        assertEquals(201, s.post("/api/runs/" + b.runId() + "/evaluations", new JsonObject()
                .put("step", 3).put("metric", "fid").put("mean", 42.5)).statusCode());
        assertEquals(201, s.post("/api/runs/" + b.runId() + "/evaluations", new JsonObject()
                .put("step", 9).put("metric", "caption_accuracy").put("mean", 0.9)).statusCode());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aHeldOutFileThatWillNotReadIsTheDatasetsFaultNotTheServers() throws Exception {
        // a folder in the StackGAN layout whose first TEST image has an empty caption file
        Path photos = dir.resolve("photos");
        Files.createDirectories(photos);
        Files.writeString(photos.resolve("trainclasses.txt"), "001.Red\n");
        Files.writeString(photos.resolve("testclasses.txt"), "002.Blue\n");
        for (String c : List.of("001.Red", "002.Blue")) {
            Path images = Files.createDirectories(photos.resolve("images").resolve(c));
            Path texts = Files.createDirectories(photos.resolve("text_c10").resolve(c));
            for (int k = 0; k < 2; k++) {
                ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png", images.resolve("b" + k + ".png").toFile());
                Files.writeString(texts.resolve("b" + k + ".txt"), c.equals("002.Blue") && k == 0 ? "\n" : "a red circle\n");
            }
        }
        JsonArray runs = new JsonArray();
        for (String name : List.of("photos-one", "photos-two")) {
            long runId = s.createRun(name);
            Path zip = s.server.tracking().folder().runDir(runId).resolve(TinyRuns.GENERATOR);
            Files.createDirectories(zip.getParent());
            // the tiny shapes generator, told it was trained on that folder
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(TinyRuns.trained(TinyRuns.FIRST).resolve(TinyRuns.GENERATOR)));
                    var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
                for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    byte[] bytes = in.readAllBytes();
                    if (e.getName().equals("checkpoint.json")) {
                        JsonObject meta = new JsonObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                        meta.put("dataset", "cub");
                        meta.getJsonObject("params").put("dataPath", photos.toString());
                        bytes = meta.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            TinyRuns.register(s, runId, TinyRuns.GENERATOR, 3);
            TinyRuns.finish(s, runId);
            runs.add(new JsonObject().put("runId", runId));
        }
        HttpResponse<String> r = s.post("/api/studies", studyRequest().put("runs", runs)
                .put("captions", new JsonObject().put("heldOut", 1)).put("samplesPerCaption", 1).put("repeats", 0));
        assertError(r, 409, "captions.heldOut");
        assertTrue(r.body().contains("b0.txt"), r.body());
    }

    // ---- helpers ----

    static JsonObject studyRequest() {
        return new JsonObject().put("name", "which pictures fit the caption?")
                .put("runs", new JsonArray().add(new JsonObject().put("runId", a.runId())).add(new JsonObject().put("runId", b.runId())))
                .put("captions", new JsonObject().put("heldOut", 3))
                .put("samplesPerCaption", 2)
                .put("includeReal", true)
                .put("repeats", 2);
    }

    static JsonObject create(JsonObject body) throws Exception {
        HttpResponse<String> r = s.post("/api/studies", body);
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    static JsonObject owner(long id) throws Exception {
        HttpResponse<String> r = s.get("/api/studies/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** A request with no server token at all: what a rater's browser sends. */
    static HttpResponse<String> anonymous(String method, String path, String json) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(s.base() + path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            req.header("Content-Type", "application/json");
        }
        return s.http.send(req.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] anonymousBytes(String path) throws Exception {
        HttpResponse<byte[]> r = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path);
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        return r.body();
    }

    static String raw(String token, String rater) throws Exception {
        HttpResponse<String> r = anonymous("GET", "/api/rate/" + token + (rater == null ? "" : "?rater=" + rater), null);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static HttpResponse<String> judge(String token, String taskId, String rater, JsonArray order) throws Exception {
        return anonymous("POST", "/api/rate/" + token + "/tasks/" + taskId + "/judgement",
                new JsonObject().put("rater", rater).put("order", order).put("ms", 1234).encode());
    }

    static void assertError(HttpResponse<String> r, int status, String field) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject e = new JsonObject(r.body());
        assertEquals(field, e.getString("field"), r.body());
        assertFalse(e.getString("error").isBlank());
    }

    /** item id → arm id, from the owner's view (behind the blind). */
    static Map<String, Long> armOfItem(JsonObject owner) {
        Map<String, Long> out = new HashMap<>();
        for (Object t : owner.getJsonArray("taskList")) {
            for (Object i : ((JsonObject) t).getJsonArray("items")) {
                out.put(((JsonObject) i).getString("itemId"), ((JsonObject) i).getLong("armId"));
            }
        }
        return out;
    }

    static long armOfRun(JsonObject owner, Long runId) {
        for (Object o : owner.getJsonArray("arms")) {
            JsonObject arm = (JsonObject) o;
            if (java.util.Objects.equals(arm.getLong("runId"), runId)) {
                return arm.getLong("armId");
            }
        }
        throw new AssertionError("no arm for run " + runId);
    }

    /** The task's items grouped as {@code byArm} orders arms (each inner list a tie group of arm ids). */
    static JsonArray order(JsonObject task, Map<String, Long> armOfItem, List<List<Long>> byArm) {
        JsonArray out = new JsonArray();
        for (List<Long> group : byArm) {
            JsonArray g = new JsonArray();
            for (Object i : task.getJsonArray("items")) {
                String id = ((JsonObject) i).getString("itemId");
                if (group.contains(armOfItem.get(id))) {
                    g.add(id);
                }
            }
            out.add(g);
        }
        return out;
    }

    static void collectKeys(Object json, Set<String> keys) {
        if (json instanceof JsonObject o) {
            for (String k : o.fieldNames()) {
                keys.add(k);
                collectKeys(o.getValue(k), keys);
            }
        } else if (json instanceof JsonArray arr) {
            arr.forEach(x -> collectKeys(x, keys));
        }
    }

    // ---- tests ----

    @Test
    void aStudyIsFrozenWithSharedSeedsRepeatsAndARealControl() throws Exception {
        JsonObject created = create(studyRequest());
        String token = created.getString("token");
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertEquals("/rate/" + token, created.getString("sharePath"));
        JsonObject o = owner(created.getLong("id"));
        assertFalse(o.encode().contains(token), "the token is not kept in clear");
        assertEquals("OPEN", o.getString("status"));
        assertEquals("image", o.getString("kind"));
        JsonArray arms = o.getJsonArray("arms");
        assertEquals(3, arms.size());
        assertEquals(NAME_A, arms.getJsonObject(0).getString("runName"));
        assertEquals(a.generatorCheckpoint(), arms.getJsonObject(0).getLong("checkpointId"), "the newest generator checkpoint, not the encoder's");
        assertEquals(3, arms.getJsonObject(0).getLong("step"));
        assertTrue(arms.getJsonObject(2).getBoolean("real"));
        assertNull(arms.getJsonObject(2).getValue("runId"));

        JsonArray tasks = o.getJsonArray("taskList");
        assertEquals(3 * 2 + 2, tasks.size());
        assertEquals(3, o.getJsonArray("captions").size());
        Map<String, JsonObject> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(((JsonObject) t).getString("taskId"), (JsonObject) t));
        int repeats = 0;
        Set<String> itemIds = new HashSet<>();
        for (Object x : tasks) {
            JsonObject t = (JsonObject) x;
            assertEquals(3, t.getJsonArray("items").size());
            t.getJsonArray("items").forEach(i -> assertTrue(itemIds.add(((JsonObject) i).getString("itemId")), "item ids are unique"));
            if (t.getValue("repeatOf") != null) {
                repeats++;
                JsonObject original = byId.get(t.getString("repeatOf"));
                assertEquals(original.getString("caption"), t.getString("caption"));
                assertEquals(original.getLong("seed"), t.getLong("seed"));
            }
        }
        assertEquals(2, repeats);

        // every run drew the caption with the task's seed: the same bytes /api/generate gives for it
        Map<String, Long> armOf = armOfItem(o);
        JsonObject first = tasks.getJsonObject(0);
        long armA = armOfRun(o, a.runId());
        String itemA = first.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("itemId"))
                .filter(i -> armOf.get(i) == armA).findFirst().orElseThrow();
        byte[] studyBytes = anonymousBytes("/api/rate/" + token + "/items/" + itemA);
        JsonObject direct = new JsonObject(s.post("/api/generate", new JsonObject().put("runId", a.runId())
                .put("caption", first.getString("caption")).put("seed", first.getLong("seed"))).body());
        HttpResponse<byte[]> generated = s.http.send(s.request(direct.getJsonArray("images").getJsonObject(0).getString("url")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(generated.body(), studyBytes);

        // the real control has the generated pictures' size, so size does not give it away
        for (Object i : first.getJsonArray("items")) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(anonymousBytes("/api/rate/" + token + "/items/"
                    + ((JsonObject) i).getString("itemId"))));
            assertEquals(16, img.getWidth());
        }
        // files under studies/<id>/, named neither by item id nor by arm
        try (Stream<Path> files = Files.list(s.server.tracking().folder().studyDir(created.getLong("id")))) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(3 * 2 * 3, names.size(), "repeats share their original's files");
            names.forEach(n -> {
                assertTrue(n.matches("[0-9a-f]{32}\\.png"), n);
                assertFalse(itemIds.contains(n.substring(0, 32)));
            });
        }
    }

    @Test
    void theRaterPayloadIsBlindAndItsUrlsAreOpaque() throws Exception {
        JsonObject created = create(studyRequest());
        String token = created.getString("token");
        long id = created.getLong("id");
        JsonObject json = new JsonObject(raw(token, "ann"));
        // the token itself is random text that could spell anything
        String body = json.encode().replace(token, "<token>");

        Set<String> keys = new HashSet<>();
        collectKeys(json, keys);
        assertEquals(Set.of("study", "name", "kind", "open", "tasks", "itemsPerTask", "rater", "progress", "done", "total",
                "taskId", "caption", "judged", "items", "itemId", "url"), keys, "nothing but these keys reaches a rater");
        List<String> forbidden = new ArrayList<>(List.of(NAME_A, NAME_B, "stage1", "step", "real", "run", "arm", "checkpoint", "seed",
                "repeat", ".png", ".zip"));
        try (Stream<Path> files = Files.list(s.server.tracking().folder().studyDir(id))) {
            files.forEach(f -> forbidden.add(f.getFileName().toString().substring(0, 32)));
        }
        for (String f : forbidden) {
            assertFalse(body.contains(f), "the rater payload mentions '" + f + "': " + body);
        }
        // the ids a rater sees are not the database's row ids or the run's
        for (Object t : json.getJsonArray("tasks")) {
            JsonObject task = (JsonObject) t;
            assertTrue(task.getString("taskId").matches("[0-9a-f]{32}"));
            for (Object i : task.getJsonArray("items")) {
                JsonObject item = (JsonObject) i;
                assertTrue(item.getString("itemId").matches("[0-9a-f]{32}"));
                assertEquals("/api/rate/" + token + "/items/" + item.getString("itemId"), item.getString("url"));
            }
        }
        // the real arm and the runs' items are in no fixed place: over raters every arm is shown first somewhere
        JsonObject o = owner(id);
        Map<String, Long> armOf = armOfItem(o);
        Set<Long> shownFirst = new HashSet<>();
        for (String rater : List.of("ann", "bob", "cy", "dee")) {
            for (Object t : new JsonObject(raw(token, rater)).getJsonArray("tasks")) {
                shownFirst.add(armOf.get(((JsonObject) t).getJsonArray("items").getJsonObject(0).getString("itemId")));
            }
        }
        assertEquals(3, shownFirst.size());
        // without a rater name: the study only
        JsonObject bare = new JsonObject(raw(token, null));
        assertEquals(Set.of("study"), bare.fieldNames());
        assertEquals(8, bare.getJsonObject("study").getInteger("tasks"));
        assertEquals(3, bare.getJsonObject("study").getInteger("itemsPerTask"));
    }

    @Test
    void eachRaterGetsTheirOwnShuffleAndTheSameOneOnReturning() throws Exception {
        JsonObject created = create(studyRequest());
        String token = created.getString("token");
        JsonObject ann = new JsonObject(raw(token, "ann"));
        JsonObject bob = new JsonObject(raw(token, "bob"));
        assertEquals(ann, new JsonObject(raw(token, "ann")), "a returning rater sees the same order");
        assertNotEquals(taskOrder(ann), taskOrder(bob), "task order differs between raters");
        Map<String, List<String>> annItems = itemOrders(ann);
        Map<String, List<String>> bobItems = itemOrders(bob);
        assertEquals(annItems.keySet(), bobItems.keySet());
        int differs = 0;
        for (String task : annItems.keySet()) {
            assertEquals(new HashSet<>(annItems.get(task)), new HashSet<>(bobItems.get(task)), "same items, maybe in another order");
            if (!annItems.get(task).equals(bobItems.get(task))) {
                differs++;
            }
        }
        assertTrue(differs > 0, "item order differs between raters on some task");
        // a repeat never comes before the task it repeats
        JsonObject o = owner(created.getLong("id"));
        Map<String, String> repeatOf = new HashMap<>();
        o.getJsonArray("taskList").forEach(t -> {
            JsonObject task = (JsonObject) t;
            if (task.getValue("repeatOf") != null) {
                repeatOf.put(task.getString("taskId"), task.getString("repeatOf"));
            }
        });
        for (String rater : List.of("ann", "bob", "cy", "dee", "eve")) {
            List<String> seen = taskOrder(new JsonObject(raw(token, rater)));
            repeatOf.forEach((rep, orig) -> assertTrue(seen.indexOf(orig) < seen.indexOf(rep), rater + ": " + seen));
        }
    }

    static List<String> taskOrder(JsonObject rater) {
        return rater.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("taskId")).toList();
    }

    static Map<String, List<String>> itemOrders(JsonObject rater) {
        Map<String, List<String>> out = new HashMap<>();
        rater.getJsonArray("tasks").forEach(t -> out.put(((JsonObject) t).getString("taskId"),
                ((JsonObject) t).getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("itemId")).toList()));
        return out;
    }

    @Test
    void aResubmissionReplacesTheRatersJudgement() throws Exception {
        JsonObject created = create(studyRequest().put("includeReal", false).put("repeats", 0)
                .put("captions", new JsonObject().put("heldOut", 1)).put("samplesPerCaption", 1));
        String token = created.getString("token");
        JsonObject o = owner(created.getLong("id"));
        Map<String, Long> armOf = armOfItem(o);
        long armA = armOfRun(o, a.runId());
        long armB = armOfRun(o, b.runId());
        JsonObject task = new JsonObject(raw(token, "ann")).getJsonArray("tasks").getJsonObject(0);
        HttpResponse<String> first = judge(token, task.getString("taskId"), "ann", order(task, armOf, List.of(List.of(armA), List.of(armB))));
        assertEquals(200, first.statusCode(), first.body());
        assertFalse(new JsonObject(first.body()).getBoolean("replaced"));
        HttpResponse<String> second = judge(token, task.getString("taskId"), "ann", order(task, armOf, List.of(List.of(armB), List.of(armA))));
        assertEquals(200, second.statusCode(), second.body());
        assertTrue(new JsonObject(second.body()).getBoolean("replaced"));
        assertEquals(new JsonObject().put("done", 1).put("total", 1), new JsonObject(second.body()).getJsonObject("progress"));

        JsonObject after = owner(created.getLong("id"));
        assertEquals(1, after.getInteger("judgements"));
        assertEquals(1, after.getInteger("raters"));
        JsonObject results = new JsonObject(s.get("/api/studies/" + created.getLong("id") + "/results").body());
        assertEquals(1, results.getInteger("judgements"));
        JsonObject armResultB = results.getJsonArray("arms").getJsonObject(1);
        assertEquals(1.0, armResultB.getJsonObject("averageRank").getDouble("estimate"), "the second ranking counts, B first");
        assertTrue(new JsonObject(raw(token, "ann")).getJsonArray("tasks").getJsonObject(0).getBoolean("judged"));
        assertFalse(new JsonObject(raw(token, "bob")).getJsonArray("tasks").getJsonObject(0).getBoolean("judged"));
    }

    @Test
    void badJudgementsAreRefusedAndTheStudyTokenOpensNothingElse() throws Exception {
        JsonObject created = create(studyRequest().put("includeReal", false).put("repeats", 0)
                .put("captions", new JsonObject().put("heldOut", 2)).put("samplesPerCaption", 1));
        String token = created.getString("token");
        JsonArray tasks = new JsonObject(raw(token, "ann")).getJsonArray("tasks");
        JsonObject task = tasks.getJsonObject(0);
        JsonObject other = tasks.getJsonObject(1);
        String i0 = task.getJsonArray("items").getJsonObject(0).getString("itemId");
        String i1 = task.getJsonArray("items").getJsonObject(1).getString("itemId");
        String foreign = other.getJsonArray("items").getJsonObject(0).getString("itemId");
        String taskId = task.getString("taskId");

        assertError(judge(token, taskId, "ann", new JsonArray().add(new JsonArray().add(i0))), 400, "order");
        assertError(judge(token, taskId, "ann", new JsonArray().add(new JsonArray().add(i0)).add(new JsonArray().add(i0).add(i1))), 400, "order[1][0]");
        assertError(judge(token, taskId, "ann", new JsonArray().add(new JsonArray().add(i0)).add(new JsonArray().add(foreign))), 400, "order[1][0]");
        assertEquals(400, judge(token, taskId, "ann", new JsonArray().add(new JsonArray().add(i0).add(i1)).add(new JsonArray())).statusCode());
        assertError(judge(token, taskId, "  ", new JsonArray().add(new JsonArray().add(i0).add(i1))), 400, "rater");
        assertError(judge(token, "0".repeat(32), "ann", new JsonArray().add(new JsonArray().add(i0).add(i1))), 404, "taskId");
        assertError(judge(token, other.getString("taskId") + "x", "ann", new JsonArray().add(new JsonArray().add(i0).add(i1))), 400, "taskId");
        assertError(judge("x".repeat(43), taskId, "ann", new JsonArray().add(new JsonArray().add(i0).add(i1))), 404, "token");
        assertError(anonymous("GET", "/api/rate/" + "x".repeat(43) + "?rater=ann", null), 404, "token");
        assertError(anonymous("GET", "/api/rate/" + token + "/items/" + "0".repeat(32), null), 404, "itemId");
        // a tie of both items is a valid ranking
        assertEquals(200, judge(token, taskId, "ann", new JsonArray().add(new JsonArray().add(i0).add(i1))).statusCode());
        assertEquals(1, owner(created.getLong("id")).getInteger("judgements"), "only the valid one was stored");

        // the study token is no server token, not as a bearer and not by climbing out of its path
        HttpResponse<String> runs = s.http.send(HttpRequest.newBuilder(URI.create(s.base() + "/api/runs"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, runs.statusCode());
        assertEquals(401, anonymous("GET", "/api/rate/" + token + "/../../runs", null).statusCode());
        HttpResponse<String> encoded = anonymous("GET", "/api/rate/" + token + "/%2e%2e/%2e%2e/studies", null);
        assertTrue(encoded.statusCode() == 401 || encoded.statusCode() == 404, encoded.statusCode() + " " + encoded.body());
        assertEquals(401, anonymous("GET", "/api/studies/" + created.getLong("id") + "/results", null).statusCode());
        assertEquals(401, anonymous("POST", "/api/studies/" + created.getLong("id") + "/close", null).statusCode());

        // closed: no more judgements, the page still loads and says so
        assertEquals(200, s.post("/api/studies/" + created.getLong("id") + "/close", "").statusCode());
        assertError(judge(token, taskId, "ann", new JsonArray().add(new JsonArray().add(i1)).add(new JsonArray().add(i0))), 409, "token");
        assertFalse(new JsonObject(raw(token, "ann")).getJsonObject("study").getBoolean("open"));

        // a new share link replaces the old one
        JsonObject shared = new JsonObject(s.post("/api/studies/" + created.getLong("id") + "/share", "").body());
        assertEquals(404, anonymous("GET", "/api/rate/" + token + "?rater=ann", null).statusCode());
        assertEquals(200, anonymous("GET", "/api/rate/" + shared.getString("token") + "?rater=ann", null).statusCode());
        assertError(s.get("/api/studies/9999"), 404, "studyId");
    }

    @Test
    void badStudiesAreRefusedNamingTheField() throws Exception {
        JsonArray two = new JsonArray().add(new JsonObject().put("runId", a.runId())).add(new JsonObject().put("runId", b.runId()));
        JsonObject ok = new JsonObject().put("name", "x").put("runs", two).put("captions", new JsonArray().add("a red circle"));
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0)))), 400, "runs");
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0)).add(two.getValue(0)))), 400, "runs[1]");
        // its newest checkpoint by default and the same checkpoint by id are one arm, not two
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0))
                .add(new JsonObject().put("runId", a.runId()).put("checkpointId", a.generatorCheckpoint())))), 400, "runs[1]");
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0)).add(new JsonObject().put("runId", 9999)))),
                404, "runs[1].runId");
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0))
                .add(new JsonObject().put("runId", b.runId()).put("checkpointId", 9999)))), 404, "runs[1].checkpointId");
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0))
                .add(new JsonObject().put("runId", a.runId()).put("checkpointId", a.encoderCheckpoint())))), 400, "runs[1].checkpointId");
        long unfinished = TinyRuns.plant(s, "still running", 2, false).runId();
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(two.getValue(0)).add(new JsonObject().put("runId", unfinished)))),
                409, "runs[1].runId");
        long empty = s.createRun("no checkpoint");
        TinyRuns.finish(s, empty);
        assertError(s.post("/api/studies", ok.copy().put("runs", new JsonArray().add(new JsonObject().put("runId", empty)).add(two.getValue(1)))),
                409, "runs[0].runId");
        assertError(s.post("/api/studies", ok.copy().put("captions", new JsonArray().add("a red circle").add(" a red circle "))), 400, "captions[1]");
        assertError(s.post("/api/studies", ok.copy().put("captions", new JsonArray().add("zorblax quuxly"))), 400, "captions[0]");
        assertError(s.post("/api/studies", ok.copy().put("captions", new JsonArray().add("red ".repeat(100).strip()))), 400, "captions[0]");
        assertError(s.post("/api/studies", ok.copy().put("includeReal", true)), 400, "includeReal");
        assertError(s.post("/api/studies", ok.copy().put("repeats", 2)), 400, "repeats");
        assertError(s.post("/api/studies", ok.copy().put("captions", new JsonObject().put("heldOut", 200))), 400, "captions.heldOut");
        assertError(s.post("/api/studies", ok.copy().put("samplesPerCaption", 0)), 400, "samplesPerCaption");
        HttpResponse<String> noCaptions = s.post("/api/studies", ok.copy().put("captions", new JsonArray()));
        assertEquals(400, noCaptions.statusCode(), noCaptions.body());
        assertTrue(new JsonObject(noCaptions.body()).getString("field").startsWith("captions"), noCaptions.body());
        assertError(s.post("/api/studies", ok.copy().put("name", "")), 400, "name");
        // nothing half-made is left behind
        try (Stream<Path> left = Files.list(s.server.tracking().folder().studiesDir())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("new-")));
        } catch (java.nio.file.NoSuchFileException fine) {
            // no study made at all yet
        }
    }

    /**
     * Two raters on 6 tasks (2 captions × 3 samples, with a real arm) and 2 repeats. Ann: real, A, B on
     * every task; repeats the same. Bob: real, then A and B tied; repeats reversed (B, A, real).
     * By hand: mean ranks real 1, A (6·2 + 6·2.5)/12 = 2.25, B 2.75; A beats B 6 + 6/2 of 12 = 0.75;
     * Kendall's W per task 12·6.5 / (4·24 − 2·6) = 78/84; Ann's repeats identical (ρ 1), Bob's
     * ρ((1, 2.5, 2.5), (3, 2, 1)) = −1.5/√3.
     */
    @Test
    void resultsMatchAHandComputation() throws Exception {
        JsonObject created = create(studyRequest().put("captions", new JsonObject().put("heldOut", 2)).put("samplesPerCaption", 3));
        long id = created.getLong("id");
        String token = created.getString("token");
        JsonObject o = owner(id);
        Map<String, Long> armOf = armOfItem(o);
        long armA = armOfRun(o, a.runId());
        long armB = armOfRun(o, b.runId());
        long real = o.getJsonArray("arms").getJsonObject(2).getLong("armId");
        Set<String> repeatTasks = new HashSet<>();
        o.getJsonArray("taskList").forEach(t -> {
            if (((JsonObject) t).getValue("repeatOf") != null) {
                repeatTasks.add(((JsonObject) t).getString("taskId"));
            }
        });
        for (String rater : List.of("ann", "bob")) {
            for (Object t : new JsonObject(raw(token, rater)).getJsonArray("tasks")) {
                JsonObject task = (JsonObject) t;
                boolean repeat = repeatTasks.contains(task.getString("taskId"));
                List<List<Long>> groups = rater.equals("ann") ? List.of(List.of(real), List.of(armA), List.of(armB))
                        : repeat ? List.of(List.of(armB), List.of(armA), List.of(real))
                        : List.of(List.of(real), List.of(armA, armB));
                HttpResponse<String> r = judge(token, task.getString("taskId"), rater, order(task, armOf, groups));
                assertEquals(200, r.statusCode(), r.body());
            }
        }
        JsonObject res = new JsonObject(s.get("/api/studies/" + id + "/results").body());
        assertEquals(12, res.getInteger("judgements"));
        assertEquals(4, res.getInteger("repeatJudgements"));
        JsonArray arms = res.getJsonArray("arms");
        double[] expected = {2.25, 2.75, 1.0};
        int[] places = {2, 3, 1};
        for (int i = 0; i < 3; i++) {
            JsonObject arm = arms.getJsonObject(i);
            JsonObject avg = arm.getJsonObject("averageRank");
            assertEquals(expected[i], avg.getDouble("estimate"), 1e-12, arm.encode());
            assertTrue(avg.getDouble("low") <= expected[i] && expected[i] <= avg.getDouble("high"), arm.encode());
            assertEquals(places[i], arm.getInteger("place"));
        }
        JsonObject btA = arms.getJsonObject(0).getJsonObject("bradleyTerry");
        JsonObject btB = arms.getJsonObject(1).getJsonObject("bradleyTerry");
        JsonObject btReal = arms.getJsonObject(2).getJsonObject("bradleyTerry");
        assertTrue(btReal.getDouble("estimate") > btA.getDouble("estimate") && btA.getDouble("estimate") > btB.getDouble("estimate"));
        assertEquals(1.0, btA.getDouble("estimate") + btB.getDouble("estimate") + btReal.getDouble("estimate"), 1e-9);
        assertEquals(0.75, res.getJsonArray("winRates").getJsonArray(0).getDouble(1), 1e-12);
        assertEquals(0.25, res.getJsonArray("winRates").getJsonArray(1).getDouble(0), 1e-12);
        assertNull(res.getJsonArray("winRates").getJsonArray(0).getValue(0));
        assertEquals(78.0 / 84, res.getJsonObject("kendallW").getDouble("mean"), 1e-12);
        assertEquals(6, res.getJsonObject("kendallW").getInteger("tasks"));
        assertEquals(1.0, res.getJsonObject("control").getDouble("accuracy"), 1e-12);

        JsonArray captions = res.getJsonArray("captions");
        assertEquals(2, captions.size());
        for (Object c : captions) {
            JsonObject caption = (JsonObject) c;
            assertEquals(6, caption.getInteger("judgements"));
            assertEquals(2.25, caption.getJsonArray("averageRank").getJsonObject(0).getDouble("estimate"), 1e-12);
            assertEquals(78.0 / 84, caption.getDouble("kendallW"), 1e-12);
        }
        Map<String, JsonObject> raters = new HashMap<>();
        res.getJsonArray("raters").forEach(r -> raters.put(((JsonObject) r).getString("rater"), (JsonObject) r));
        assertEquals(1.0, raters.get("ann").getJsonObject("selfConsistency").getDouble("spearman"), 1e-12);
        assertEquals(1.0, raters.get("ann").getJsonObject("selfConsistency").getDouble("identical"), 1e-12);
        assertEquals(-1.5 / Math.sqrt(3), raters.get("bob").getJsonObject("selfConsistency").getDouble("spearman"), 1e-12);
        assertEquals(0.0, raters.get("bob").getJsonObject("selfConsistency").getDouble("identical"), 1e-12);
        assertEquals(2, raters.get("bob").getJsonObject("selfConsistency").getInteger("pairs"));
        assertEquals(0.5, res.getJsonObject("selfConsistency").getDouble("identical"), 1e-12);
        assertEquals(1234, raters.get("ann").getLong("medianMs"));
        // each rater against the other's ranking of the same task: ρ((1,2,3), (1,2.5,2.5)) = 0.75/√0.75
        assertEquals(Math.sqrt(0.75), raters.get("ann").getDouble("agreement"), 1e-12);
        assertEquals(6, raters.get("ann").getInteger("compared"));

        // the metrics beside the people: A's Inception score at its checkpoint's step 3, not the last (5)
        JsonObject evalA = arms.getJsonObject(0).getJsonObject("evaluation");
        assertEquals(4.0, evalA.getJsonObject("inception_score").getDouble("mean"), 1e-12);
        assertEquals(3, evalA.getJsonObject("inception_score").getLong("step"));
        assertEquals(42.5, arms.getJsonObject(1).getJsonObject("evaluation").getJsonObject("fid").getDouble("mean"), 1e-12);
        // B's only caption accuracy came after its checkpoint's step: it judged another model, so none is shown
        assertFalse(arms.getJsonObject(1).getJsonObject("evaluation").containsKey("caption_accuracy"),
                arms.getJsonObject(1).encode());
        assertEquals(NAME_A, arms.getJsonObject(0).getString("runName"));

        HttpResponse<String> csv = s.get("/api/studies/" + id + "/results?format=csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\n");
        assertEquals("measure,caption,arm,label,run_id,step,against,estimate,low,high,n", lines[0]);
        assertTrue(csv.body().contains("average_rank,," + armA + "," + NAME_A + "," + a.runId() + ",3,,2.25000,"), csv.body());
        assertTrue(csv.body().contains("win_rate,," + armA + "," + NAME_A + "," + a.runId() + ",3," + NAME_B + ",0.750000,"), csv.body());
        HttpResponse<String> json = s.get("/api/studies/" + id + "/results?format=json");
        assertTrue(json.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        assertEquals(16, new JsonObject(json.body()).getJsonArray("judgementList").size());
        assertNotNull(new JsonObject(json.body()).getJsonArray("arms"));
    }
}
