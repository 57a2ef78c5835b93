package dev.telltale.backend.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launched runs with real worker processes (the experiments CLI in its own JVM) on tiny presets:
 * launch to finish, one slot for two runs, cancel, a killed worker and its resume, a server restart
 * under a running worker, and the bad inputs of the job endpoints.
 */
class JobsTest {

    @TempDir
    Path dir;

    static ServerConfig config(Path data, int port) {
        return new ServerConfig("127.0.0.1", port, data, TestServer.TOKEN, true,
                SchedulerConfig.defaults().withWorkerHeap("1g"));
    }

    static JsonObject launch(TestServer s, String name, int steps, int checkpointEvery) throws Exception {
        JsonObject body = new JsonObject().put("name", name).put("model", "stackgan-stage1").put("dataset", "shapes")
                .put("preset", "tiny").put("evaluate", false)
                .put("params", new JsonObject().put("steps", steps).put("checkpointEvery", checkpointEvery)
                        .put("sampleEvery", 0).put("trainImages", 48).put("testImages", 12));
        HttpResponse<String> r = s.post("/api/runs", body);
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    static JsonObject run(TestServer s, long id) throws Exception {
        return new JsonObject(s.get("/api/runs/" + id).body());
    }

    static JsonObject await(TestServer s, long id, Predicate<JsonObject> until, int seconds, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(seconds);
        JsonObject r = run(s, id);
        while (!until.test(r)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " within " + seconds + " s; run is " + r.encode()
                        + "\nlog: " + s.get("/api/runs/" + id + "/log?lines=40").body());
            }
            Thread.sleep(200);
            r = run(s, id);
        }
        return r;
    }

    static Predicate<JsonObject> status(String st) {
        return r -> r.getString("status").equals(st);
    }

    static Predicate<JsonObject> runningPast(long step) {
        return r -> r.getString("status").equals("RUNNING") && r.getJsonObject("progress").getLong("step") != null
                && r.getJsonObject("progress").getLong("step") >= step;
    }

    static JsonArray steps(TestServer s, long id, String key) throws Exception {
        JsonObject body = new JsonObject(s.get("/api/runs/" + id + "/metrics?key=" + key + "&maxPoints=100000").body());
        return body.getJsonArray("series").getJsonObject(0).getJsonArray("steps");
    }

    static void assertEveryStepOnce(JsonArray steps, int total) {
        assertEquals(total, steps.size(), "one point per step");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(seen.add(steps.getLong(i)));
            assertEquals(i + 1, steps.getLong(i), "no gap");
        }
    }

    @Test
    void aLaunchedRunTrainsInAWorkerAndFinishes() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            JsonObject created = launch(s, "first", 6, 3);
            assertEquals("QUEUED", created.getString("status"));
            long id = created.getLong("id");
            JsonObject done = await(s, id, status("FINISHED"), 180, "the run finished");
            assertEquals("cpu:0", done.getString("device"));
            assertEquals(6, done.getJsonObject("progress").getLong("step"));
            assertEveryStepOnce(steps(s, id, "loss/d"), 6);
            JsonArray checkpoints = new JsonObject(s.get("/api/runs/" + id + "/checkpoints").body()).getJsonArray("checkpoints");
            assertEquals(6, checkpoints.getJsonObject(0).getLong("step"));
            // the run is FINISHED by its worker's word; the attempt closes when the process has exited
            Instant until = Instant.now().plusSeconds(30);
            while (new JsonObject(s.get("/api/runs/" + id + "/attempts").body()).getJsonArray("attempts").getJsonObject(0)
                    .getString("endedAt") == null && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
            JsonArray logs = new JsonObject(s.get("/api/runs/" + id + "/artifacts?kind=log").body()).getJsonArray("artifacts");
            assertEquals(1, logs.size(), "the worker's log is an artifact");
            JsonArray attempts = new JsonObject(s.get("/api/runs/" + id + "/attempts").body()).getJsonArray("attempts");
            assertEquals("FINISHED", attempts.getJsonObject(0).getString("status"));
            JsonObject spec = new JsonObject(Files.readString(dir.resolve("data/runs/" + id + "/launch.json")));
            assertEquals(6, spec.getJsonObject("params").getInteger("steps"), "the resolved spec is stored with the run");
            assertEquals(8, spec.getJsonObject("params").getInteger("zDim"), "the preset is resolved into it (tiny: zDim 8)");
            assertEquals(2.0, spec.getJsonObject("params").getDouble("klCoefficient"), "and the defaults");
            assertNotNull(spec.getString("codeVersion"));
        }
    }

    @Test
    void oneCpuSlotRunsTwoRunsOneAfterTheOther() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            long a = launch(s, "a", 4, 0).getLong("id");
            long b = launch(s, "b", 4, 0).getLong("id");
            JsonObject sched = new JsonObject(s.get("/api/scheduler").body());
            assertEquals(1, sched.getJsonArray("slots").size());
            JsonObject ra = await(s, a, status("FINISHED"), 180, "run a finished");
            JsonObject rb = await(s, b, status("FINISHED"), 180, "run b finished");
            assertTrue(!Instant.parse(rb.getString("startedAt")).isBefore(Instant.parse(ra.getString("finishedAt"))),
                    "b started after a finished: " + ra.getString("finishedAt") + " / " + rb.getString("startedAt"));
        }
    }

    @Test
    void cancelStopsARunningWorkerWithACheckpoint() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            long id = launch(s, "long", 100_000, 10).getLong("id");
            await(s, id, runningPast(12), 180, "the run got going");
            // a status set by hand would leave the worker training under a CANCELLED run
            HttpResponse<String> byHand = s.post("/api/runs/" + id + "/status", new JsonObject().put("status", "CANCELLED"));
            assertEquals(409, byHand.statusCode(), byHand.body());
            assertEquals("status", new JsonObject(byHand.body()).getString("field"));
            assertTrue(byHand.body().contains("/cancel"), byHand.body());
            HttpResponse<String> c = s.post("/api/runs/" + id + "/cancel", "");
            assertEquals(202, c.statusCode(), c.body());
            JsonObject cancelled = await(s, id, status("CANCELLED"), 120, "the run was cancelled");
            long reached = cancelled.getJsonObject("progress").getLong("step");
            JsonArray checkpoints = new JsonObject(s.get("/api/runs/" + id + "/checkpoints").body()).getJsonArray("checkpoints");
            assertTrue(checkpoints.getJsonObject(0).getLong("step") >= reached - 1,
                    "a checkpoint at the step it stopped: " + checkpoints.getJsonObject(0).getLong("step") + " vs " + reached);
            assertEquals(409, s.post("/api/runs/" + id + "/cancel", "").statusCode(), "cancelling a cancelled run");
            JsonObject slot = new JsonObject(s.get("/api/scheduler").body()).getJsonArray("slots").getJsonObject(0);
            assertEquals(null, slot.getLong("runId"), "the slot is free again");
        }
    }

    @Test
    void aKilledWorkerFailsFastWithItsLogAndResumesFromItsCheckpoint() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            long id = launch(s, "crashy", 120, 10).getLong("id");
            await(s, id, runningPast(25), 180, "the run got going");
            long pid = new JsonObject(s.get("/api/runs/" + id + "/attempts").body()).getJsonArray("attempts").getJsonObject(0).getLong("pid");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
            Instant killed = Instant.now();
            JsonObject failed = await(s, id, status("FAILED"), 10, "FAILED within 10 s of the kill");
            assertTrue(Instant.now().isBefore(killed.plusSeconds(10)));
            assertTrue(failed.getString("error").contains("end of its log"), failed.getString("error"));
            HttpResponse<String> r = s.post("/api/runs/" + id + "/resume", "");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(2, new JsonObject(r.body()).getInteger("attempt"));
            await(s, id, status("FINISHED"), 180, "the resumed run finished");
            JsonArray attempts = new JsonObject(s.get("/api/runs/" + id + "/attempts").body()).getJsonArray("attempts");
            assertEquals(2, attempts.size());
            assertEquals("FAILED", attempts.getJsonObject(0).getString("status"));
            long from = attempts.getJsonObject(1).getLong("resumeStep");
            assertTrue(from >= 20, "resumed from a checkpoint step: " + from);
            assertEveryStepOnce(steps(s, id, "loss/g"), 120);
        }
    }

    @Test
    void aServerRestartUnderARunningWorkerLosesNothing() throws Exception {
        Path data = dir.resolve("data");
        TestServer first = TestServer.start(config(data, 0));
        int port = first.server.port();
        long id = launch(first, "survivor", 150, 50).getLong("id");
        await(first, id, runningPast(20), 180, "the run got going");
        first.close(); // the worker keeps training and buffering
        Thread.sleep(1500);
        try (TestServer second = TestServer.start(config(data, port))) {
            await(second, id, status("FINISHED"), 180, "the adopted run finished");
            assertEveryStepOnce(steps(second, id, "loss/d"), 150);
        }
    }

    @Test
    void badJobRequestsGetClear4xx() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            assertEquals(404, s.post("/api/runs/999/cancel", "").statusCode());
            assertEquals(404, s.post("/api/runs/999/resume", "").statusCode());
            HttpResponse<String> bad = s.post("/api/runs", new JsonObject().put("name", "x").put("model", "stackgan-stage1")
                    .put("dataset", "shapes").put("preset", "tiny")
                    .put("params", new JsonObject().put("zDim", -1).put("gfDim", "wide").put("nope", 1)));
            assertEquals(400, bad.statusCode());
            JsonArray errors = new JsonObject(bad.body()).getJsonArray("errors");
            Set<String> fields = new HashSet<>();
            errors.forEach(e -> fields.add(((JsonObject) e).getString("field")));
            assertEquals(Set.of("parameters.zDim", "parameters.gfDim", "parameters.nope"), fields);
            HttpResponse<String> unknown = s.post("/api/runs", new JsonObject().put("name", "x").put("model", "gan9000").put("dataset", "shapes"));
            assertEquals(400, unknown.statusCode());
            assertEquals("model", new JsonObject(unknown.body()).getString("field"));
            HttpResponse<String> noStage1 = s.post("/api/runs", new JsonObject().put("name", "x").put("model", "stackgan-stage2")
                    .put("dataset", "shapes").put("preset", "tiny").put("params", new JsonObject().put("stage1", "run:4242")));
            assertEquals(400, noStage1.statusCode());
            assertEquals("parameters.stage1", new JsonObject(noStage1.body()).getString("field"));
            HttpResponse<String> noGpu = s.post("/api/runs", new JsonObject().put("name", "x").put("model", "stackgan-stage1")
                    .put("dataset", "shapes").put("preset", "tiny").put("device", "gpu"));
            assertEquals(400, noGpu.statusCode(), noGpu.body());
            assertEquals("device", new JsonObject(noGpu.body()).getString("field"));
            assertEquals(0, new JsonObject(s.get("/api/runs").body()).getInteger("total"), "nothing was queued");

            // a run cancelled before it started has no checkpoint to resume from
            s.server.scheduler().close(); // keep it queued
            long queued = launch(s, "q", 5, 0).getLong("id");
            assertEquals(202, s.post("/api/runs/" + queued + "/cancel", "").statusCode());
            assertEquals("CANCELLED", run(s, queued).getString("status"));
            HttpResponse<String> noCkpt = s.post("/api/runs/" + queued + "/resume", "");
            assertEquals(409, noCkpt.statusCode());
            assertTrue(noCkpt.body().contains("no checkpoint"), noCkpt.body());
        }
    }

    @Test
    void sweepsMakeOneRunPerPointAndCloneRelaunchesTheSameSpec() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            s.server.scheduler().close(); // nothing starts: this is about what gets queued
            JsonObject body = new JsonObject().put("name", "kl sweep").put("model", "stackgan-stage1").put("dataset", "shapes")
                    .put("preset", "tiny").put("evaluate", false)
                    .put("grid", new JsonObject().put("klCoefficient", new JsonArray().add(1.0).add(4.0)).put("seed", new JsonArray().add(1).add(2)));
            HttpResponse<String> r = s.post("/api/runs", body);
            assertEquals(201, r.statusCode(), r.body());
            JsonObject out = new JsonObject(r.body());
            String group = out.getString("group");
            JsonArray runs = out.getJsonArray("runs");
            assertEquals(4, runs.size());
            Set<String> points = new HashSet<>();
            for (Object o : runs) {
                JsonObject run = (JsonObject) o;
                assertEquals("QUEUED", run.getString("status"));
                assertTrue(run.getJsonArray("tags").contains(group));
                points.add(run.getJsonObject("params").getDouble("klCoefficient") + "/" + run.getLong("seed"));
            }
            assertEquals(Set.of("1.0/1", "1.0/2", "4.0/1", "4.0/2"), points);
            assertEquals(4, new JsonObject(s.get("/api/runs?tag=" + group).body()).getInteger("total"));

            HttpResponse<String> bad = s.post("/api/runs", body.copy().put("grid", new JsonObject().put("zDim", new JsonArray().add(8).add(-1))));
            assertEquals(400, bad.statusCode());
            assertEquals("parameters.zDim", new JsonObject(bad.body()).getString("field"));
            assertEquals(4, new JsonObject(s.get("/api/runs").body()).getInteger("total"), "a bad point queues none of the sweep");
            // a value that makes sense only beside another's is refused up front, not by a failing worker
            HttpResponse<String> lonely = s.post("/api/runs", new JsonObject().put("name", "warm-up alone").put("model", "tganc-a").put("dataset", "sbmg")
                    .put("preset", "tiny").put("params", new JsonObject().put("sentenceWarmup", 5)));
            assertEquals(400, lonely.statusCode(), lonely.body());
            assertEquals("parameters.sentenceWarmup", new JsonObject(lonely.body()).getString("field"));
            assertTrue(new JsonObject(lonely.body()).encode().contains("contrastiveWeight"), lonely.body());
            assertEquals(4, new JsonObject(s.get("/api/runs").body()).getInteger("total"));

            JsonObject first = runs.getJsonObject(0);
            HttpResponse<String> c = s.post("/api/runs/" + first.getLong("id") + "/clone", "");
            assertEquals(201, c.statusCode(), c.body());
            JsonObject clone = new JsonObject(c.body());
            assertEquals(first.getJsonObject("params"), clone.getJsonObject("params"));
            assertEquals(first.getLong("seed"), clone.getLong("seed"));
            assertTrue(clone.getLong("id") > first.getLong("id"));
            long external = s.createRun("tracked");
            assertEquals(409, s.post("/api/runs/" + external + "/clone", "").statusCode());
        }
    }

    @Test
    void generatedNamesStayWithinTheNameBoundAndOddGridsAreRefusedUpFront() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            s.server.scheduler().close();
            // 200 characters, an emoji among them: a clone's " (clone)" must not overflow the name
            String longName = "\uD83D\uDE00" + "n".repeat(199);
            JsonObject body = new JsonObject().put("name", longName).put("model", "stackgan-stage1").put("dataset", "shapes")
                    .put("preset", "tiny").put("evaluate", false);
            HttpResponse<String> r = s.post("/api/runs", body);
            assertEquals(201, r.statusCode(), r.body());
            HttpResponse<String> c = s.post("/api/runs/" + new JsonObject(r.body()).getLong("id") + "/clone", "");
            assertEquals(201, c.statusCode(), c.body());
            String cloneName = new JsonObject(c.body()).getString("name");
            assertEquals(200, cloneName.codePointCount(0, cloneName.length()), cloneName);
            assertTrue(cloneName.startsWith("\uD83D\uDE00nnn") && cloneName.endsWith("… (clone)"), cloneName);

            HttpResponse<String> sweep = s.post("/api/runs", body.copy().put("grid", new JsonObject().put("seed", new JsonArray().add(1).add(2))));
            assertEquals(201, sweep.statusCode(), sweep.body());
            Set<String> names = new HashSet<>();
            for (Object o : new JsonObject(sweep.body()).getJsonArray("runs")) {
                String name = ((JsonObject) o).getString("name");
                assertTrue(name.codePointCount(0, name.length()) <= 200, name);
                names.add(name);
            }
            assertEquals(Set.of("\uD83D\uDE00" + "n".repeat(187) + "… {\"seed\":1}", "\uD83D\uDE00" + "n".repeat(187) + "… {\"seed\":2}"), names);
            int total = new JsonObject(s.get("/api/runs").body()).getInteger("total");

            // six lists of sixteen values: refused by its size before any point is built
            JsonObject huge = new JsonObject();
            for (String p : new String[] {"zDim", "gfDim", "dfDim", "seed", "klCoefficient", "conditionDim"}) {
                JsonArray values = new JsonArray();
                for (int i = 1; i <= 16; i++) {
                    values.add(i);
                }
                huge.put(p, values);
            }
            long started = System.nanoTime();
            HttpResponse<String> tooBig = s.post("/api/runs", body.copy().put("name", "big").put("grid", huge));
            assertEquals(400, tooBig.statusCode(), tooBig.body());
            assertEquals("grid", new JsonObject(tooBig.body()).getString("field"));
            assertTrue(tooBig.body().contains("16777216"), tooBig.body());
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "answered without building the points");

            HttpResponse<String> textSeed = s.post("/api/runs", body.copy().put("name", "t").put("grid", new JsonObject().put("seed", new JsonArray().add("a"))));
            assertEquals(400, textSeed.statusCode(), textSeed.body());
            assertEquals("parameters.seed", new JsonObject(textSeed.body()).getString("field"));

            HttpResponse<String> hugeRef = s.post("/api/runs", new JsonObject().put("name", "s2").put("model", "stackgan-stage2").put("dataset", "shapes")
                    .put("preset", "tiny").put("params", new JsonObject().put("stage1", "run:99999999999999999999")));
            assertEquals(400, hugeRef.statusCode(), hugeRef.body());
            assertEquals("parameters.stage1", new JsonObject(hugeRef.body()).getString("field"));
            assertEquals(total, new JsonObject(s.get("/api/runs").body()).getInteger("total"), "no refused request queued anything");
        }
    }

    @Test
    void retentionKeepsTheNewestAndTheBestAndFineTuningStartsFromAnotherRun() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            JsonObject body = new JsonObject().put("name", "kept").put("model", "stackgan-stage1").put("dataset", "shapes")
                    .put("preset", "tiny").put("evaluate", false)
                    .put("params", new JsonObject().put("steps", 30).put("checkpointEvery", 5).put("sampleEvery", 0)
                            .put("trainImages", 48).put("testImages", 12).put("keepCheckpoints", 2).put("bestMetric", "loss/d"));
            HttpResponse<String> r = s.post("/api/runs", body);
            assertEquals(201, r.statusCode(), r.body());
            long id = new JsonObject(r.body()).getLong("id");
            await(s, id, status("FINISHED"), 180, "finished");
            JsonArray checkpoints = new JsonObject(s.get("/api/runs/" + id + "/checkpoints").body()).getJsonArray("checkpoints");
            assertTrue(checkpoints.size() >= 2 && checkpoints.size() <= 3, checkpoints.encode());
            assertEquals(30, checkpoints.getJsonObject(0).getLong("step"));
            assertEquals(25, checkpoints.getJsonObject(1).getLong("step"));
            JsonArray lossD = new JsonObject(s.get("/api/runs/" + id + "/metrics?key=loss/d&maxPoints=1000").body())
                    .getJsonArray("series").getJsonObject(0).getJsonArray("values");
            long bestStep = 5;
            for (long st = 5; st <= 30; st += 5) {
                if (lossD.getDouble((int) st - 1) < lossD.getDouble((int) bestStep - 1)) {
                    bestStep = st;
                }
            }
            Set<Long> keptSteps = new HashSet<>();
            checkpoints.forEach(c -> keptSteps.add(((JsonObject) c).getLong("step")));
            assertTrue(keptSteps.contains(bestStep), "the best by loss/d (step " + bestStep + ") is kept: " + keptSteps);
            try (var files = Files.list(dir.resolve("data/runs/" + id + "/checkpoints"))) {
                assertEquals(keptSteps.size(), files.filter(f -> f.toString().endsWith(".zip")).count(), "the others' files are gone");
            }

            HttpResponse<String> tune = s.post("/api/runs", new JsonObject().put("name", "tuned").put("model", "stackgan-stage1")
                    .put("dataset", "shapes").put("preset", "tiny").put("evaluate", false)
                    .put("params", new JsonObject().put("steps", 3).put("initFrom", "run:" + id).put("trainImages", 48).put("testImages", 12)));
            assertEquals(201, tune.statusCode(), tune.body());
            long tuned = new JsonObject(tune.body()).getLong("id");
            assertTrue(new JsonObject(tune.body()).getJsonObject("params").getString("initFrom").endsWith("stage1-step-0000030.zip"));
            await(s, tuned, status("FINISHED"), 180, "the fine-tuned run finished");
            String log = s.get("/api/runs/" + tuned + "/log?lines=400").body();
            assertTrue(log.contains("fine-tuning stackgan-stage1 from"), log);
            assertEveryStepOnce(steps(s, tuned, "loss/d"), 3);
            // a clone relaunches the stored spec, whose run:<id> was already turned into a checkpoint file
            HttpResponse<String> again = s.post("/api/runs/" + tuned + "/clone", "");
            assertEquals(201, again.statusCode(), again.body());
            JsonObject cloned = new JsonObject(again.body());
            assertEquals(new JsonObject(tune.body()).getJsonObject("params").getString("initFrom"), cloned.getJsonObject("params").getString("initFrom"));
            s.post("/api/runs/" + cloned.getLong("id") + "/cancel", "");
            HttpResponse<String> bad = s.post("/api/runs", new JsonObject().put("name", "x").put("model", "stackgan-stage2")
                    .put("dataset", "shapes").put("preset", "tiny").put("params", new JsonObject().put("initFrom", "run:" + id)
                            .put("stage1", "run:" + id)));
            assertEquals(400, bad.statusCode());
            assertEquals("parameters.initFrom", new JsonObject(bad.body()).getString("field"), bad.body());
            // the cpu Stage-II preset draws 128 px from a 32 px Stage-I; this Stage-I draws 16 px
            HttpResponse<String> misfit = s.post("/api/runs", new JsonObject().put("name", "x").put("model", "stackgan-stage2")
                    .put("dataset", "shapes").put("preset", "cpu").put("params", new JsonObject().put("stage1", "run:" + id)));
            assertEquals(400, misfit.statusCode(), misfit.body());
            assertEquals("parameters.imageSize", new JsonObject(misfit.body()).getString("field"), misfit.body());
            assertTrue(misfit.body().contains("must be 64"), misfit.body());
        }
    }

    @Test
    void aTamperedCheckpointIsRefused() throws Exception {
        try (TestServer s = TestServer.start(config(dir.resolve("data"), 0))) {
            long id = launch(s, "t", 100_000, 5).getLong("id");
            await(s, id, runningPast(8), 180, "the run got going");
            // its retention may still delete any of its checkpoints but the newest: not a source to fine-tune from yet
            HttpResponse<String> early = s.post("/api/runs", new JsonObject().put("name", "too early").put("model", "stackgan-stage1")
                    .put("dataset", "shapes").put("preset", "tiny").put("params", new JsonObject().put("initFrom", "run:" + id)));
            assertEquals(400, early.statusCode(), early.body());
            assertEquals("parameters.initFrom", new JsonObject(early.body()).getString("field"), early.body());
            assertTrue(early.body().contains("RUNNING"), early.body());
            assertEquals(202, s.post("/api/runs/" + id + "/cancel", "").statusCode());
            await(s, id, status("CANCELLED"), 120, "cancelled");
            JsonObject newest = new JsonObject(s.get("/api/runs/" + id + "/checkpoints").body()).getJsonArray("checkpoints").getJsonObject(0);
            Path file = dir.resolve("data/runs/" + id).resolve(newest.getString("path"));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);
            HttpResponse<String> r = s.post("/api/runs/" + id + "/resume", "");
            assertEquals(409, r.statusCode());
            assertTrue(r.body().contains("sha256"), r.body());
            assertEquals(409, s.post("/api/runs/" + id + "/cancel", "").statusCode());
        }
    }
}
