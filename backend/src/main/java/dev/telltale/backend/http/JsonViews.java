package dev.telltale.backend.http;

import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.KeySummary;
import dev.telltale.backend.store.MetricPoint;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.SeriesView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of the API (see openapi.yaml), made from the store's views. */
final class JsonViews {

    private JsonViews() {}

    static JsonObject run(RunView r) {
        return new JsonObject()
                .put("id", r.id())
                .put("name", r.name())
                .put("model", r.model())
                .put("dataset", r.dataset())
                .put("preset", r.preset())
                .put("params", new JsonObject(r.paramsJson()))
                .put("seed", r.seed())
                .put("tags", new JsonArray(r.tags()))
                .put("notes", r.notes())
                .put("status", r.status().name())
                .put("error", r.error())
                .put("createdAt", time(r.createdAt()))
                .put("updatedAt", time(r.updatedAt()))
                .put("startedAt", time(r.startedAt()))
                .put("finishedAt", time(r.finishedAt()))
                .put("external", r.execution().external())
                .put("deviceKind", r.execution().deviceKind())
                .put("device", r.execution().device())
                .put("priority", r.execution().priority())
                // whether its worker judges samples while training (launched runs; null for tracked-only ones)
                .put("evaluate", r.execution().specJson() == null ? null : dev.telltale.backend.jobs.LaunchSpec.evaluate(r.execution().specJson()))
                .put("attempt", r.execution().attempt())
                .put("progress", progress(r));
    }

    /** Steps done of all, and a naive ETA from this attempt's pace (a resumed attempt starts its clock anew). */
    static JsonObject progress(RunView r) {
        RunView.Execution e = r.execution();
        JsonObject p = new JsonObject().put("step", e.step()).put("totalSteps", e.totalSteps())
                .put("heartbeatAt", time(e.heartbeatAt()));
        if (e.step() != null && e.totalSteps() != null && e.totalSteps() > 0) {
            p.put("fraction", Math.min(1.0, (double) e.step() / e.totalSteps()));
            if (r.status() == dev.telltale.backend.store.RunStatus.RUNNING && r.startedAt() != null && e.heartbeatAt() != null && e.step() > 0) {
                double elapsed = java.time.Duration.between(r.startedAt(), e.heartbeatAt()).toMillis() / 1000.0;
                p.put("etaSeconds", Math.max(0, elapsed / e.step() * (e.totalSteps() - e.step())));
            }
        }
        return p;
    }

    static JsonObject artifact(ArtifactView a) {
        return new JsonObject()
                .put("id", a.id())
                .put("runId", a.runId())
                .put("kind", a.kind())
                .put("step", a.step())
                .put("captionIndex", a.captionIndex())
                .put("path", a.path())
                .put("bytes", a.bytes())
                .put("sha256", a.sha256())
                .put("contentType", a.contentType())
                .put("createdAt", time(a.createdAt()))
                .put("url", "/api/artifacts/" + a.id() + "/content");
    }

    static JsonObject series(SeriesView s) {
        JsonArray steps = new JsonArray(new java.util.ArrayList<>(s.steps().length));
        JsonArray values = new JsonArray(new java.util.ArrayList<>(s.values().length));
        JsonArray times = new JsonArray(new java.util.ArrayList<>(s.times().length));
        for (int i = 0; i < s.steps().length; i++) {
            steps.add(s.steps()[i]);
            values.add(s.values()[i]);
            times.add(s.times()[i]);
        }
        return new JsonObject()
                .put("key", s.key())
                .put("count", s.count())
                .put("downsampled", s.downsampled())
                .put("steps", steps)
                .put("values", values)
                .put("times", times);
    }

    static JsonObject keySummary(KeySummary k) {
        return new JsonObject()
                .put("key", k.key())
                .put("count", k.count())
                .put("lastStep", k.lastStep())
                .put("lastValue", k.lastValue())
                .put("lastTime", k.lastTime());
    }

    static JsonObject point(MetricPoint p) {
        return new JsonObject().put("key", p.key()).put("step", p.step()).put("value", p.value()).put("time", p.time());
    }

    static JsonArray points(List<MetricPoint> points) {
        JsonArray a = new JsonArray(new java.util.ArrayList<>(points.size()));
        for (MetricPoint p : points) {
            a.add(point(p));
        }
        return a;
    }

    static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
