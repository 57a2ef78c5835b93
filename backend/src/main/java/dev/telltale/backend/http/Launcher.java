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

    RunView launch(JsonObject b) {
        Map<String, Object> overrides = new LinkedHashMap<>(b.getJsonObject("params", new JsonObject()).getMap());
        if (b.getLong("seed") != null) {
            overrides.put("seed", b.getLong("seed"));
        }
        Object stage1 = overrides.get("stage1");
        if (stage1 != null) {
            overrides.put("stage1", stageOneCheckpoint(String.valueOf(stage1)));
        }
        String preset = b.getString("preset", "cpu");
        ResolvedSpec spec = catalog.resolve(b.getString("model"), b.getString("dataset"), preset, overrides);
        String device = b.getString("device", "cpu");
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

    /** "run:12" or "12": the newest checkpoint of finished Stage-I run 12, as a file path. */
    private String stageOneCheckpoint(String ref) {
        String id = ref.startsWith("run:") ? ref.substring(4) : ref;
        if (!id.chars().allMatch(Character::isDigit) || id.isEmpty()) {
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
