package dev.telltale.backend.http;

import dev.telltale.backend.TelltaleVersion;
import dev.telltale.backend.jobs.LaunchSpec;
import dev.telltale.backend.jobs.Scheduler;
import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.InvalidInputException;
import dev.telltale.backend.store.NewRun;
import dev.telltale.backend.store.RunStatus;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.Tracking;
import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.catalog.ResolvedSpec;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a launch request into a queued run: resolves it against the experiment catalog (every bad
 * field named, nothing queued), resolves a Stage-I run reference to its newest checkpoint, stores
 * the full resolved spec with the code version (so the run can be re-launched exactly), and wakes
 * the scheduler.
 */
final class Launcher {

    private final Tracking tracking;
    private final Catalog catalog;
    private final Supplier<Scheduler> scheduler;

    Launcher(Tracking tracking, Catalog catalog, Supplier<Scheduler> scheduler) {
        this.tracking = tracking;
        this.catalog = catalog;
        this.scheduler = scheduler;
    }

    /** Launches one run, or one per combination of {@code grid} (a sweep) tagged with one group tag. */
    JsonObject launchAll(JsonObject b) {
        JsonObject grid = b.getJsonObject("grid");
        if (grid == null || grid.isEmpty()) {
            return JsonViews.run(launch(b));
        }
        long combinations = 1;
        for (String name : grid.fieldNames()) {
            // counted before any point is built: 6 lists of 16 values would be 16.7 million points
            combinations *= grid.getJsonArray(name).size();
        }
        if (combinations > MAX_SWEEP) {
            throw new InvalidInputException("grid", "a sweep may create at most " + MAX_SWEEP + " runs, this one " + combinations);
        }
        java.util.List<JsonObject> points = new java.util.ArrayList<>();
        points.add(new JsonObject());
        for (String name : grid.fieldNames()) {
            java.util.List<JsonObject> next = new java.util.ArrayList<>();
            for (JsonObject p : points) {
                for (Object v : grid.getJsonArray(name)) {
                    next.add(p.copy().put(name, v));
                }
            }
            points = next;
        }
        // every point is checked against the catalog before any run is queued
        for (JsonObject p : points) {
            resolve(withPoint(b, p));
        }
        String group = "sweep:" + java.util.UUID.randomUUID().toString().substring(0, 8);
        io.vertx.core.json.JsonArray runs = new io.vertx.core.json.JsonArray();
        for (JsonObject p : points) {
            JsonObject one = withPoint(b, p);
            one.put("name", withSuffix(b.getString("name"), " " + p.encode()));
            io.vertx.core.json.JsonArray tags = one.getJsonArray("tags", new io.vertx.core.json.JsonArray()).copy().add(group);
            one.put("tags", tags);
            runs.add(JsonViews.run(launch(one)));
        }
        return new JsonObject().put("group", group).put("runs", runs);
    }

    static final int MAX_SWEEP = 64;

    /** The contract's bound on a run name, in characters (code points). */
    static final int MAX_NAME = 200;

    /**
     * A generated name (a clone's, a sweep point's) within {@link #MAX_NAME} characters: the base is
     * shortened, never the suffix that tells the runs apart, unless the suffix alone is too long.
     */
    static String withSuffix(String base, String suffix) {
        int room = MAX_NAME - suffix.codePointCount(0, suffix.length());
        if (room < 1) {
            return prefix(base + suffix, MAX_NAME);
        }
        return (base.codePointCount(0, base.length()) > room ? prefix(base, room - 1) + "…" : base) + suffix;
    }

    private static String prefix(String s, int codePoints) {
        return s.codePointCount(0, s.length()) <= codePoints ? s : s.substring(0, s.offsetByCodePoints(0, codePoints));
    }

    private static JsonObject withPoint(JsonObject b, JsonObject point) {
        JsonObject one = b.copy();
        one.remove("grid");
        JsonObject params = one.getJsonObject("params", new JsonObject()).copy();
        point.forEach(e -> params.put(e.getKey(), e.getValue()));
        if (point.containsKey("seed")) {
            one.put("seed", point.getValue("seed"));
        }
        return one.put("params", params);
    }

    private ResolvedSpec resolve(JsonObject b) {
        return resolve(b, false);
    }

    /**
     * {@code fromSpec}: the parameters are a stored spec's, whose run and artifact references were
     * already turned into checkpoint files when it was launched (a clone relaunches them as they are).
     */
    private ResolvedSpec resolve(JsonObject b, boolean fromSpec) {
        Map<String, Object> overrides = new LinkedHashMap<>(b.getJsonObject("params", new JsonObject()).getMap());
        // the catalog checks the seed's type and range, as it does every parameter's: a sweep's
        // grid may hold anything JSON can
        if (b.getValue("seed") != null) {
            overrides.put("seed", b.getValue("seed"));
        }
        Object stage1 = overrides.get("stage1");
        if (stage1 != null) {
            overrides.put("stage1", fromSpec ? storedFile(stage1, "parameters.stage1") : stageOneCheckpoint(String.valueOf(stage1)));
        }
        Object initFrom = overrides.get("initFrom");
        if (initFrom != null && !String.valueOf(initFrom).isEmpty()) {
            overrides.put("initFrom", fromSpec ? storedFile(initFrom, "parameters.initFrom")
                    : checkpointFile(String.valueOf(initFrom), b.getString("model"), "parameters.initFrom"));
        }
        ResolvedSpec spec = catalog.resolve(b.getString("model"), b.getString("dataset"), b.getString("preset", "cpu"), overrides);
        requireStageOneFits(spec);
        return spec;
    }

    /**
     * Stage-II draws 4× its Stage-I's images: a preset of another size (the server's default is cpu,
     * 128 px, for a 32 px Stage-I) would fail in the worker after its encoder and judge have loaded.
     */
    private static void requireStageOneFits(ResolvedSpec spec) {
        Object stage1 = spec.parameters().get("stage1");
        if (stage1 == null || String.valueOf(stage1).isEmpty() || !(spec.parameters().get("imageSize") instanceof Number size)) {
            return;
        }
        dev.telltale.experiments.train.Checkpoint cp;
        try {
            cp = dev.telltale.experiments.train.Checkpoint.read(java.nio.file.Path.of(String.valueOf(stage1)));
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidInputException("parameters.stage1", "the Stage-I checkpoint will not read: " + e.getMessage());
        }
        com.google.gson.JsonObject params = cp.meta().has("params") ? cp.meta().getAsJsonObject("params") : null;
        if (params != null && params.has("imageSize")) {
            int stageOne = params.get("imageSize").getAsInt();
            if (size.intValue() != 4 * stageOne) {
                throw new InvalidInputException("parameters.imageSize", "Stage-II draws 4x its Stage-I's " + stageOne + " px images, so imageSize must be "
                        + 4 * stageOne + ", got " + size + " (pick the preset of the Stage-I run's size)");
            }
        }
    }

    /** The same resolved spec as a new run. */
    RunView cloneRun(long runId, String name) {
        RunView old = tracking.runs().require(runId);
        if (old.execution().external() || old.execution().specJson() == null) {
            throw new dev.telltale.backend.store.ConflictException("runId", "run " + runId + " is tracked-only: there is no spec to launch");
        }
        JsonObject spec = new JsonObject(old.execution().specJson());
        JsonObject b = new JsonObject()
                .put("name", name != null ? name : withSuffix(old.name(), " (clone)"))
                .put("model", spec.getString("model"))
                .put("dataset", spec.getString("dataset"))
                .put("preset", spec.getString("preset"))
                .put("params", spec.getJsonObject("params"))
                .put("evaluate", spec.getBoolean("evaluate", true))
                .put("device", old.execution().deviceKind())
                .put("priority", old.execution().priority())
                .put("tags", new io.vertx.core.json.JsonArray(old.tags()));
        return launch(b, true);
    }

    RunView launch(JsonObject b) {
        return launch(b, false);
    }

    private RunView launch(JsonObject b, boolean fromSpec) {
        ResolvedSpec spec = resolve(b, fromSpec);
        String device = b.getString("device", "cpu");
        Scheduler sched = scheduler.get();
        if (sched != null && !sched.hasSlotKind(device)) {
            // queued for a device this server has no slot for, it would wait forever
            throw new InvalidInputException("device", "this server has no " + device + " slot (see GET /api/scheduler)");
        }
        String specJson = LaunchSpec.of(spec.model().id(), spec.dataset().id(), spec.preset(), spec.parameters(),
                b.getBoolean("evaluate", true), TelltaleVersion.VERSION);
        Object seed = spec.parameters().get("seed");
        RunView run = tracking.runs().create(new NewRun(
                b.getString("name"), spec.model().id(), spec.dataset().id(), spec.preset(),
                new JsonObject(new LinkedHashMap<>(spec.parameters())).encode(),
                seed instanceof Number n ? n.longValue() : null,
                RunHandlers.strings(b.getJsonArray("tags")), b.getString("notes"),
                false, device, b.getInteger("priority", 0), specJson));
        Scheduler s = scheduler.get();
        if (s != null) {
            s.wake();
        }
        return run;
    }

    /**
     * A checkpoint to fine-tune from: "run:<id>" (that run's newest checkpoint) or "artifact:<id>",
     * of the same model; as a file path inside the data folder.
     */
    private String checkpointFile(String ref, String model, String field) {
        ArtifactView a;
        if (ref.startsWith("artifact:") && ref.substring(9).matches("\\d{1,18}")) {
            a = tracking.artifacts().get(Long.parseLong(ref.substring(9)))
                    .filter(x -> x.kind().equals("checkpoint"))
                    .orElseThrow(() -> new InvalidInputException(field, "there is no checkpoint " + ref));
        } else if (ref.startsWith("run:") && ref.substring(4).matches("\\d{1,18}")) {
            long runId = Long.parseLong(ref.substring(4));
            a = tracking.artifacts().list(runId, "checkpoint").stream().filter(x -> x.step() != null).findFirst()
                    .orElseThrow(() -> new InvalidInputException(field, "run " + runId + " has no checkpoint"));
        } else {
            throw new InvalidInputException(field, "name a checkpoint as run:<id> or artifact:<id>, got '" + ref + "'");
        }
        RunView source = tracking.runs().require(a.runId());
        if (source.status() == RunStatus.QUEUED || source.status() == RunStatus.RUNNING) {
            // its retention may delete this checkpoint before the new run starts, leaving it nothing to load
            throw new InvalidInputException(field, ref + " belongs to run " + source.id() + ", which is " + source.status()
                    + ": its checkpoints may still be pruned; fine-tune from it once it has ended");
        }
        if (!source.model().equals(model)) {
            throw new InvalidInputException(field, ref + " is a " + source.model() + " checkpoint, this run is " + model);
        }
        return tracking.artifacts().file(a).orElseThrow(() -> new InvalidInputException(field, "the file of " + ref + " is gone"))
                .toString();
    }

    /** A checkpoint file a stored spec names, still there (retention or a user may have removed it since). */
    private static String storedFile(Object path, String field) {
        if (!java.nio.file.Files.isRegularFile(Path.of(String.valueOf(path)))) {
            throw new dev.telltale.backend.store.ConflictException(field, "the checkpoint this run started from, " + path
                    + ", is gone: launch a new run naming another");
        }
        return String.valueOf(path);
    }

    /** "run:12" or "12": the newest checkpoint of finished Stage-I run 12, as a file path. */
    private String stageOneCheckpoint(String ref) {
        String id = ref.startsWith("run:") ? ref.substring(4) : ref;
        if (!id.matches("\\d{1,18}")) {
            throw new InvalidInputException("parameters.stage1", "stage1 must name a Stage-I run as run:<id>, got '" + ref + "'");
        }
        long runId = Long.parseLong(id);
        RunView run = tracking.runs().get(runId).orElseThrow(() ->
                new InvalidInputException("parameters.stage1", "there is no run " + runId));
        if (!run.model().equals("stackgan-stage1")) {
            throw new InvalidInputException("parameters.stage1", "run " + runId + " is a " + run.model() + " run, not a Stage-I one");
        }
        if (run.status() != RunStatus.FINISHED) {
            throw new InvalidInputException("parameters.stage1", "Stage-I run " + runId + " is " + run.status() + ", not finished");
        }
        ArtifactView newest = tracking.artifacts().list(runId, "checkpoint").stream().filter(a -> a.step() != null).findFirst()
                .orElseThrow(() -> new InvalidInputException("parameters.stage1", "Stage-I run " + runId + " has no checkpoint"));
        Path file = tracking.artifacts().file(newest).orElseThrow(() ->
                new InvalidInputException("parameters.stage1", "the checkpoint of Stage-I run " + runId + " is gone"));
        return file.toString();
    }
}
