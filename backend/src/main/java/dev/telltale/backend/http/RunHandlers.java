package dev.telltale.backend.http;

import dev.telltale.backend.store.NewRun;
import dev.telltale.backend.store.RunQuery;
import dev.telltale.backend.store.RunStatus;
import dev.telltale.backend.store.RunStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Create, list, read and edit runs, and move them through their lifecycle. */
final class RunHandlers {

    private final RunStore runs;
    private final Blocking db;
    private final java.util.function.LongSupplier lastSeq;
    private final Launcher launcher;

    RunHandlers(RunStore runs, Blocking db, java.util.function.LongSupplier lastSeq, Launcher launcher) {
        this.runs = runs;
        this.db = db;
        this.lastSeq = lastSeq;
        this.launcher = launcher;
    }

    void list(RoutingContext ctx) {
        String status = Params.query(ctx, "status");
        RunQuery q = new RunQuery(
                status == null ? null : RunStatus.valueOf(status),
                Params.query(ctx, "model"),
                Params.query(ctx, "dataset"),
                Params.query(ctx, "tag"),
                Params.query(ctx, "q"),
                Params.query(ctx, "sort"),
                Params.queryInt(ctx, "limit", 50),
                Params.queryInt(ctx, "offset", 0));
        db.call(() -> {
                    long seq = lastSeq.getAsLong();
                    var page = runs.list(q);
                    JsonArray items = new JsonArray();
                    page.runs().forEach(r -> items.add(JsonViews.run(r)));
                    return new JsonObject()
                            .put("runs", items)
                            .put("total", page.total())
                            .put("limit", page.limit())
                            .put("offset", page.offset())
                            .put("lastEventId", seq);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void create(RoutingContext ctx) {
        JsonObject b = Params.body(ctx);
        JsonObject params = b.getJsonObject("params", new JsonObject());
        if (!b.getBoolean("external", false)) {
            db.call(() -> launcher.launchAll(b))
                    .onSuccess(out -> {
                        if (out.containsKey("id")) {
                            ctx.response().putHeader("Location", "/api/runs/" + out.getLong("id"));
                        }
                        Respond.json(ctx, 201, out);
                    })
                    .onFailure(ctx::fail);
            return;
        }
        NewRun spec = new NewRun(
                b.getString("name"),
                b.getString("model"),
                b.getString("dataset"),
                b.getString("preset"),
                params.encode(),
                b.getLong("seed"),
                strings(b.getJsonArray("tags")),
                b.getString("notes"));
        db.call(() -> runs.create(spec))
                .onSuccess(run -> {
                    ctx.response().putHeader("Location", "/api/runs/" + run.id());
                    Respond.json(ctx, 201, JsonViews.run(run));
                })
                .onFailure(ctx::fail);
    }

    void cloneRun(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        JsonObject b = Params.optionalBody(ctx);
        db.call(() -> launcher.cloneRun(id, b.getString("name")))
                .onSuccess(run -> {
                    ctx.response().putHeader("Location", "/api/runs/" + run.id());
                    Respond.json(ctx, 201, JsonViews.run(run));
                })
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        db.call(() -> runs.require(id))
                .onSuccess(run -> Respond.json(ctx, 200, JsonViews.run(run)))
                .onFailure(ctx::fail);
    }

    void update(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        JsonObject b = Params.body(ctx);
        List<String> tags = b.containsKey("tags") ? strings(b.getJsonArray("tags")) : null;
        db.call(() -> runs.update(id, b.getString("name"), b.getString("notes"), tags))
                .onSuccess(run -> Respond.json(ctx, 200, JsonViews.run(run)))
                .onFailure(ctx::fail);
    }

    void setStatus(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "runId");
        JsonObject b = Params.body(ctx);
        RunStatus status = RunStatus.valueOf(b.getString("status"));
        // the run's own worker reports its status; anyone else may move only a tracked-only run
        boolean byWorker = ctx.get(Auth.WORKER) != null;
        db.call(() -> byWorker ? runs.setStatus(id, status, b.getString("error")) : runs.setStatusByHand(id, status, b.getString("error")))
                .onSuccess(run -> Respond.json(ctx, 200, JsonViews.run(run)))
                .onFailure(ctx::fail);
    }

    static List<String> strings(JsonArray a) {
        if (a == null) {
            return List.of();
        }
        return a.stream().map(String::valueOf).toList();
    }
}
