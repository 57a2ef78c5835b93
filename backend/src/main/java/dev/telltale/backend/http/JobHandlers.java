package dev.telltale.backend.http;

import dev.telltale.backend.jobs.Scheduler;
import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.ConflictException;
import dev.telltale.backend.store.Tracking;
import dev.telltale.experiments.catalog.Catalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.List;

import java.util.function.Supplier;

/** Heartbeats, cancel, resume, checkpoints, attempts, log tail, the scheduler's state and the catalog. */
final class JobHandlers {

    private final Tracking tracking;
    private final Supplier<Scheduler> scheduler;
    private final Blocking db;
    private final String catalogJson;

    JobHandlers(Tracking tracking, Supplier<Scheduler> scheduler, Blocking db, Catalog catalog) {
        this.tracking = tracking;
        this.scheduler = scheduler;
        this.db = db;
        this.catalogJson = catalog.toJson();
    }

    private Scheduler scheduler() {
        Scheduler s = scheduler.get();
        if (s == null) {
            throw new ApiError(503, null, "the scheduler is starting");
        }
        return s;
    }

    void heartbeat(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        JsonObject b = Params.body(ctx);
        db.call(() -> {
                    tracking.executions().heartbeat(id, b.getLong("step"), b.getLong("totalSteps"));
                    return null;
                })
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    void cancel(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        db.call(() -> scheduler().cancel(id))
                .onSuccess(run -> Respond.json(ctx, 202, JsonViews.run(run)))
                .onFailure(ctx::fail);
    }

    void resume(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        db.call(() -> {
                    tracking.runs().require(id);
                    ArtifactView newest = tracking.artifacts().list(id, "checkpoint").stream()
                            .filter(a -> a.step() != null)
                            .findFirst()
                            .orElseThrow(() -> new ConflictException("runId", "run " + id + " has no checkpoint to resume from"));
                    Path file = tracking.artifacts().file(newest).orElseThrow(() ->
                            new ConflictException("checkpoint", "the newest checkpoint (" + newest.path() + ") is gone"));
                    String sha = dev.telltale.backend.store.ArtifactStore.sha256(file);
                    if (!sha.equals(newest.sha256())) {
                        throw new ConflictException("checkpoint", "checkpoint " + newest.path()
                                + " does not match its recorded sha256 (tampered or damaged): refusing to resume from it");
                    }
                    var run = tracking.executions().resume(id, newest.path(), newest.step());
                    scheduler().wake();
                    return run;
                })
                .onSuccess(run -> Respond.json(ctx, 200, JsonViews.run(run)))
                .onFailure(ctx::fail);
    }

    void checkpoints(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        db.call(() -> {
                    tracking.runs().require(id);
                    JsonArray out = new JsonArray();
                    tracking.artifacts().list(id, "checkpoint").forEach(a -> out.add(JsonViews.artifact(a)));
                    return new JsonObject().put("checkpoints", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void attempts(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        db.call(() -> {
                    tracking.runs().require(id);
                    JsonArray out = new JsonArray();
                    tracking.executions().attempts(id).forEach(a -> out.add(new JsonObject()
                            .put("attempt", a.attempt())
                            .put("status", a.status())
                            .put("resumeFrom", a.resumeFrom())
                            .put("resumeStep", a.resumeStep())
                            .put("device", a.device())
                            .put("pid", a.pid())
                            .put("queuedAt", JsonViews.time(a.queuedAt()))
                            .put("startedAt", JsonViews.time(a.startedAt()))
                            .put("endedAt", JsonViews.time(a.endedAt()))
                            .put("error", a.error())));
                    return new JsonObject().put("attempts", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void log(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        int lines = Params.queryInt(ctx, "lines", 200);
        db.call(() -> {
                    tracking.runs().require(id);
                    String tail = Scheduler.tail(tracking.folder().runDir(id).resolve(Scheduler.LOG_FILE), lines);
                    return new JsonObject().put("lines", new JsonArray(tail.isEmpty() ? List.of() : List.of(tail.split("\n", -1))));
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void schedulerState(RoutingContext ctx) {
        db.call(() -> {
                    JsonArray slots = new JsonArray();
                    scheduler().slots().forEach(s -> slots.add(new JsonObject().put("name", s.name()).put("kind", s.kind()).put("runId", s.runId())));
                    JsonArray queue = new JsonArray();
                    tracking.executions().queued().forEach(r -> queue.add(new JsonObject().put("id", r.id()).put("name", r.name())
                            .put("deviceKind", r.execution().deviceKind()).put("priority", r.execution().priority())));
                    return new JsonObject().put("slots", slots).put("queue", queue);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void addEvaluation(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        JsonObject b = Params.body(ctx);
        var e = new dev.telltale.backend.store.Evaluations.Evaluation(b.getLong("step"), b.getString("metric"),
                b.getDouble("mean"), b.getDouble("std"), b.getInteger("n"), b.getString("evaluator"), null);
        db.call(() -> {
                    tracking.evaluations().add(id, e);
                    return null;
                })
                .onSuccess(v -> ctx.response().setStatusCode(201).end())
                .onFailure(ctx::fail);
    }

    void listEvaluations(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        String metric = Params.query(ctx, "metric");
        db.call(() -> {
                    tracking.runs().require(id);
                    JsonArray out = new JsonArray();
                    tracking.evaluations().list(id, metric).forEach(e -> out.add(new JsonObject()
                            .put("step", e.step()).put("metric", e.metric()).put("mean", e.mean()).put("std", e.std())
                            .put("n", e.n()).put("evaluator", e.evaluator()).put("createdAt", JsonViews.time(e.createdAt()))));
                    return new JsonObject().put("evaluations", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void catalog(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(catalogJson);
    }

}
