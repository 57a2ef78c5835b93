package dev.telltale.backend.http;

import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.MetricBatch;
import dev.telltale.backend.store.MetricPoint;
import dev.telltale.backend.store.RunView;
import dev.telltale.backend.store.StoredEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live streams send. A run's stream carries every point; the all-runs stream carries only
 * the newest point of each key per batch (enough for a runs table, small enough for many runs).
 */
final class Frames {

    private Frames() {}

    static SseFrame forRun(StoredEvent e) {
        return switch (e.type()) {
            case RUN, STATUS -> runFrame(e.seq(), e.type(), null, (RunView) e.payload());
            case ARTIFACT -> SseFrame.of(e.seq(), "artifact", JsonViews.artifact((ArtifactView) e.payload()));
            case METRICS -> {
                MetricBatch b = (MetricBatch) e.payload();
                yield metrics(e.seq(), b.runId(), b.points());
            }
        };
    }

    static SseFrame forAll(StoredEvent e) {
        if (e.type() != StoredEvent.Type.METRICS) {
            return forRun(e);
        }
        MetricBatch b = (MetricBatch) e.payload();
        return SseFrame.of(e.seq(), "metrics", latest(b.runId(), b.points()));
    }

    static SseFrame runFrame(long seq, StoredEvent.Type type, String what, RunView run) {
        String event = type == StoredEvent.Type.STATUS ? "status" : "run";
        JsonObject data = new JsonObject().put("run", JsonViews.run(run));
        if (what != null) {
            data.put("what", what);
        }
        return SseFrame.of(seq, event, data);
    }

    static SseFrame metrics(long seq, long runId, List<MetricPoint> points) {
        return SseFrame.of(seq, "metrics", new JsonObject().put("runId", runId).put("points", JsonViews.points(points)));
    }

    /** The newest (highest-step) point of each key. */
    static JsonObject latest(long runId, List<MetricPoint> points) {
        Map<String, MetricPoint> newest = new LinkedHashMap<>();
        for (MetricPoint p : points) {
            newest.merge(p.key(), p, (a, b) -> b.step() >= a.step() ? b : a);
        }
        JsonArray arr = new JsonArray();
        newest.values().forEach(p -> arr.add(JsonViews.point(p)));
        return new JsonObject().put("runId", runId).put("latest", arr).put("count", points.size());
    }
}
