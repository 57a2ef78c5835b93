package dev.telltale.backend.http;

import dev.telltale.backend.store.ConflictException;
import dev.telltale.backend.store.ContentTypes;
import dev.telltale.backend.store.NotFoundException;
import dev.telltale.backend.store.StudyStore;
import dev.telltale.backend.store.StudyStore.Sample;
import dev.telltale.backend.store.StudyStore.StudyView;
import dev.telltale.backend.store.StudyStore.Task;
import dev.telltale.backend.study.OpaqueIds;
import dev.telltale.backend.study.RaterOrder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raters' side, reached only through a study's share token in the path (no server token, and the
 * study token opens nothing else). Blind: tasks and pictures are named by random ids, the pictures of
 * a task come in an order of the rater's own, and nothing in an answer or a URL tells arms apart.
 */
final class RateHandlers {

    private final StudyStore studies;
    private final Blocking db;

    RateHandlers(StudyStore studies, Blocking db) {
        this.studies = studies;
        this.db = db;
    }

    /** The study for the path's token; 404 for a token no study has. */
    private StudyView study(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        return studies.byToken(OpaqueIds.sha256(token))
                .orElseThrow(() -> new NotFoundException("token", "no study has this link (it may have been replaced)"));
    }

    /** The study, and with {@code rater} that rater's tasks in their order with their progress. */
    void tasks(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        String raterParam = Params.query(ctx, "rater");
        String rater = raterParam == null ? null : raterName(raterParam);
        db.call(() -> {
                    StudyView s = study(ctx);
                    List<Task> tasks = studies.tasks(s.id());
                    JsonObject out = new JsonObject()
                            .put("study", new JsonObject()
                                    .put("name", s.name())
                                    .put("kind", s.kind())
                                    .put("open", s.open())
                                    .put("tasks", tasks.size())
                                    .put("itemsPerTask", s.arms().size()));
                    if (rater == null) {
                        return out;
                    }
                    Set<String> judged = studies.judgedBy(s.id(), rater);
                    Map<Long, Task> byId = new HashMap<>();
                    tasks.forEach(t -> byId.put(t.id(), t));
                    JsonArray list = new JsonArray();
                    for (Task t : RaterOrder.tasks(s.orderKey(), rater, tasks, Task::publicId,
                            t -> t.repeatOf() == null ? null : byId.get(t.repeatOf()))) {
                        JsonArray items = new JsonArray();
                        for (Sample x : RaterOrder.items(s.orderKey(), rater, t.publicId(), t.samples())) {
                            items.add(new JsonObject().put("itemId", x.publicId())
                                    .put("url", "/api/rate/" + token + "/items/" + x.publicId()));
                        }
                        list.add(new JsonObject()
                                .put("taskId", t.publicId())
                                .put("caption", t.caption())
                                .put("judged", judged.contains(t.publicId()))
                                .put("items", items));
                    }
                    return out.put("rater", rater)
                            .put("progress", new JsonObject().put("done", judged.size()).put("total", tasks.size()))
                            .put("tasks", list);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void item(RoutingContext ctx) {
        String itemId = ctx.pathParam("itemId");
        db.call(() -> studies.sampleFile(study(ctx).id(), itemId)
                        .orElseThrow(() -> new NotFoundException("itemId", "no such picture in this study")))
                .onSuccess(file -> ctx.response()
                        .putHeader("Content-Type", ContentTypes.of(file.getFileName().toString()))
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Cache-Control", "private, max-age=86400, immutable")
                        .sendFile(file.toString()))
                .onFailure(ctx::fail);
    }

    /** A ranking: tie groups of the task's item ids, best group first, each item exactly once. */
    void judge(RoutingContext ctx) {
        String taskId = ctx.pathParam("taskId");
        JsonObject b = Params.body(ctx);
        String rater = raterName(b.getString("rater"));
        JsonArray order = b.getJsonArray("order");
        Long ms = b.getLong("ms");
        db.call(() -> {
                    StudyView s = study(ctx);
                    if (!s.open()) {
                        throw new ConflictException("token", "the study is closed: it takes no more judgements");
                    }
                    List<Task> tasks = studies.tasks(s.id());
                    Task task = tasks.stream().filter(t -> t.publicId().equals(taskId)).findFirst()
                            .orElseThrow(() -> new NotFoundException("taskId", "no such task in this study"));
                    checkPermutation(task, order);
                    boolean replaced = studies.judge(s.id(), task.id(), rater, order.encode(), ms);
                    int done = studies.judgedBy(s.id(), rater).size();
                    return new JsonObject().put("taskId", taskId).put("replaced", replaced)
                            .put("progress", new JsonObject().put("done", done).put("total", tasks.size()));
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private static void checkPermutation(Task task, JsonArray order) {
        Set<String> items = new HashSet<>();
        task.samples().forEach(x -> items.add(x.publicId()));
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < order.size(); g++) {
            JsonArray group = order.getJsonArray(g);
            for (int k = 0; k < group.size(); k++) {
                String id = group.getString(k);
                if (!items.contains(id)) {
                    throw ApiError.badRequest("order[" + g + "][" + k + "]", "'" + id + "' is not an item of this task");
                }
                if (!seen.add(id)) {
                    throw ApiError.badRequest("order[" + g + "][" + k + "]", "'" + id + "' is ranked twice");
                }
            }
        }
        if (seen.size() != items.size()) {
            throw ApiError.badRequest("order", "the ranking names " + seen.size() + " of the task's " + items.size() + " items");
        }
    }

    /** A rater's name as stored: trimmed, not empty, no control characters. */
    private static String raterName(String given) {
        String name = given.strip();
        if (name.isEmpty() || name.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("rater", "a rater's name must be printable text");
        }
        return name;
    }
}
