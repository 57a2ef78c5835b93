package dev.telltale.backend.http;

import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.Evaluations.Evaluation;
import dev.telltale.backend.store.MetricPoint;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.Tracking;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the page shows about several runs at once: the latest value of every series and evaluation
 * (a runs table's columns), and a comparison of 2 to 8 runs (parameters that differ, the score
 * table, the series they share, their sample steps).
 */
final class CompareHandlers {

    /** The metrics of the score table, in the order the StackGAN paper's table has them. */
    static final List<String> SCORES = List.of("inception_score", "fid", "caption_accuracy");

    static final int MAX_SUMMARIES = 200;
    static final int MAX_COMPARED = 8;

    private final Tracking tracking;
    private final Blocking db;

    CompareHandlers(Tracking tracking, Blocking db) {
        this.tracking = tracking;
        this.db = db;
    }

    void summaries(RoutingContext ctx) {
        List<Long> ids = ids(ctx);
        if (ids.isEmpty() || ids.size() > MAX_SUMMARIES) {
            throw ApiError.badRequest("id", "summaries take 1 to " + MAX_SUMMARIES + " run ids, got " + ids.size());
        }
        db.call(() -> {
                    JsonArray out = new JsonArray();
                    for (long id : ids) {
                        tracking.runs().require(id);
                        out.add(summary(id));
                    }
                    return new JsonObject().put("summaries", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void compare(RoutingContext ctx) {
        List<Long> ids = ids(ctx);
        if (ids.size() < 2 || ids.size() > MAX_COMPARED) {
            throw ApiError.badRequest("id", "compare takes 2 to " + MAX_COMPARED + " different runs, got " + ids.size());
        }
        db.call(() -> {
                    List<RunView> runs = new ArrayList<>();
                    for (long id : ids) {
                        runs.add(tracking.runs().require(id));
                    }
                    JsonArray runJson = new JsonArray();
                    JsonArray scores = new JsonArray();
                    JsonObject samples = new JsonObject();
                    Map<String, List<Long>> keys = new TreeMap<>();
                    for (RunView r : runs) {
                        runJson.add(JsonViews.run(r));
                        scores.add(scores(r));
                        for (MetricPoint p : tracking.metrics().latestPoints(r.id())) {
                            keys.computeIfAbsent(p.key(), x -> new ArrayList<>()).add(r.id());
                        }
                        samples.put(Long.toString(r.id()), sampleSteps(r.id()));
                    }
                    JsonArray metrics = new JsonArray();
                    keys.forEach((k, in) -> metrics.add(new JsonObject().put("key", k).put("runs", new JsonArray(in))));
                    return new JsonObject()
                            .put("runs", runJson)
                            .put("params", paramDiff(runs))
                            .put("scores", scores)
                            .put("metrics", metrics)
                            .put("samples", samples);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** The id query values, duplicates dropped, in the order given. */
    private static List<Long> ids(RoutingContext ctx) {
        return new ArrayList<>(new LinkedHashSet<>(Params.queryLongs(ctx, "id")));
    }

    private JsonObject summary(long id) {
        JsonObject latest = new JsonObject();
        for (MetricPoint p : tracking.metrics().latestPoints(id)) {
            latest.put(p.key(), new JsonObject().put("step", p.step()).put("value", p.value()).put("time", p.time()));
        }
        JsonObject evaluations = new JsonObject();
        latestEvaluations(id).forEach((metric, e) -> evaluations.put(metric, evaluation(e)));
        return new JsonObject().put("runId", id).put("latest", latest).put("evaluations", evaluations);
    }

    /** The newest evaluation of each metric (the list comes ordered by step). */
    private Map<String, Evaluation> latestEvaluations(long id) {
        Map<String, Evaluation> newest = new LinkedHashMap<>();
        for (Evaluation e : tracking.evaluations().list(id, null)) {
            newest.put(e.metric(), e);
        }
        return newest;
    }

    private static JsonObject evaluation(Evaluation e) {
        return new JsonObject().put("step", e.step()).put("mean", e.mean()).put("std", e.std()).put("n", e.n())
                .put("evaluator", e.evaluator());
    }

    /** One row of the paper-style table: each score at the run's newest evaluation of it. */
    private JsonObject scores(RunView r) {
        Map<String, Evaluation> newest = latestEvaluations(r.id());
        JsonObject row = new JsonObject().put("runId", r.id()).put("name", r.name()).put("model", r.model())
                .put("dataset", r.dataset());
        for (String metric : SCORES) {
            Evaluation e = newest.get(metric);
            row.put(metric, e == null ? null : evaluation(e));
        }
        return row;
    }

    private JsonArray sampleSteps(long runId) {
        List<ArtifactView> all = new ArrayList<>(tracking.artifacts().list(runId, "sample_image"));
        all.addAll(tracking.artifacts().list(runId, "sample_video"));
        all.sort((a, b) -> Long.compare(a.step() == null ? -1 : a.step(), b.step() == null ? -1 : b.step()));
        JsonArray out = new JsonArray();
        for (ArtifactView a : all) {
            out.add(new JsonObject().put("step", a.step()).put("id", a.id()).put("kind", a.kind())
                    .put("contentType", a.contentType()).put("url", "/api/artifacts/" + a.id() + "/content"));
        }
        return out;
    }

    /**
     * The parameters (model, dataset, preset and seed included) whose values are not the same in
     * every run, each with one value per run (null where a run lacks it); and how many agree.
     */
    static JsonObject paramDiff(List<RunView> runs) {
        List<Map<String, Object>> flat = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>();
        for (RunView r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.model());
            m.put("dataset", r.dataset());
            m.put("preset", r.preset());
            m.put("seed", r.seed());
            new JsonObject(r.paramsJson()).forEach(e -> m.put(e.getKey(), e.getValue()));
            keys.addAll(m.keySet());
            flat.add(m);
        }
        JsonArray differing = new JsonArray();
        JsonObject same = new JsonObject();
        for (String k : keys) {
            List<Object> values = new ArrayList<>();
            flat.forEach(m -> values.add(normal(m.get(k))));
            if (values.stream().allMatch(v -> Objects.equals(v, values.get(0)))) {
                same.put(k, values.get(0));
            } else {
                differing.add(new JsonObject().put("key", k).put("values", new JsonArray(values)));
            }
        }
        return new JsonObject().put("differing", differing).put("same", same);
    }

    /** 2 and 2.0 are the same parameter value whether a run stored it from an int or a float. */
    private static Object normal(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return n.longValue();
        }
        return v;
    }
}
