package dev.telltale.backend.http;

import dev.telltale.backend.store.MetricPoint;
import dev.telltale.backend.store.MetricStore;
import dev.telltale.backend.store.RunStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Metric ingestion (batches, all or nothing), downsampled series, key summaries and CSV export. */
final class MetricHandlers {

    static final int MAX_BATCH = 10_000;

    private final MetricStore metrics;
    private final RunStore runs;
    private final Blocking db;
    private final LongSupplier lastSeq;

    MetricHandlers(MetricStore metrics, RunStore runs, Blocking db, LongSupplier lastSeq) {
        this.metrics = metrics;
        this.runs = runs;
        this.db = db;
        this.lastSeq = lastSeq;
    }

    void ingest(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        List<MetricPoint> points = parsePoints(Params.body(ctx), System.currentTimeMillis());
        db.call(() -> metrics.ingest(runId, points))
                .onSuccess(r -> Respond.json(ctx, 200,
                        new JsonObject().put("stored", r.stored()).put("lastEventId", r.lastSeq())))
                .onFailure(ctx::fail);
    }

    /**
     * Checks every point before anything is stored, so a bad point rejects the whole batch. The
     * contract has checked the shape; this adds what JSON Schema cannot say (finite, integral).
     */
    static List<MetricPoint> parsePoints(JsonObject body, long now) {
        JsonArray arr = body.getJsonArray("points");
        if (arr == null || arr.isEmpty()) {
            throw ApiError.badRequest("points", "points must be a non-empty array");
        }
        if (arr.size() > MAX_BATCH) {
            throw ApiError.badRequest("points", "at most " + MAX_BATCH + " points a request");
        }
        List<MetricPoint> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            Object o = arr.getValue(i);
            String at = "points[" + i + "]";
            if (!(o instanceof JsonObject p)) {
                throw ApiError.badRequest(at, "each point must be an object");
            }
            Object key = p.getValue("key");
            if (!(key instanceof String k) || k.isEmpty() || k.length() > 200) {
                throw ApiError.badRequest(at + ".key", "key must be a string of 1 to 200 characters");
            }
            long step = integral(p.getValue("step"), at + ".step");
            double value = finite(p.getValue("value"), at + ".value");
            long time = now;
            if (p.getValue("time") != null) {
                double t = finite(p.getValue("time"), at + ".time");
                if (t < 0) {
                    throw ApiError.badRequest(at + ".time", "time must be epoch milliseconds (>= 0)");
                }
                time = Math.round(t);
            }
            out.add(new MetricPoint(k, step, value, time));
        }
        return out;
    }

    private static long integral(Object v, String field) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long s = ((Number) v).longValue();
            if (s < 0) {
                throw ApiError.badRequest(field, "step must be >= 0");
            }
            return s;
        }
        if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
            throw ApiError.badRequest(field, "step must be an integer between 0 and " + Long.MAX_VALUE);
        }
        throw ApiError.badRequest(field, "step must be an integer");
    }

    private static double finite(Object v, String field) {
        if (!(v instanceof Number n)) {
            throw ApiError.badRequest(field, "must be a number");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw ApiError.badRequest(field, "must be finite (no NaN or Infinity)");
        }
        return d;
    }

    void read(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        List<String> keys = Params.queryList(ctx, "key");
        int maxPoints = Params.queryInt(ctx, "maxPoints", 2000);
        Long from = Params.queryLong(ctx, "fromStep");
        Long to = Params.queryLong(ctx, "toStep");
        db.call(() -> {
                    long seq = lastSeq.getAsLong();
                    runs.require(runId);
                    long t0 = System.nanoTime();
                    var series = metrics.read(runId, keys, from == null ? 0 : from, to == null ? Long.MAX_VALUE : to, maxPoints);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    JsonArray out = new JsonArray();
                    series.forEach(s -> out.add(JsonViews.series(s)));
                    return new Timed(new JsonObject().put("series", out).put("lastEventId", seq), ms);
                })
                .onSuccess(t -> {
                    // the store's own time, so a client can tell server work from transfer
                    ctx.response().putHeader("Server-Timing", String.format(java.util.Locale.ROOT, "read;dur=%.3f", t.ms()));
                    Respond.json(ctx, 200, t.body());
                })
                .onFailure(ctx::fail);
    }

    private record Timed(JsonObject body, double ms) {}

    void keys(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        db.call(() -> {
                    runs.require(runId);
                    JsonArray out = new JsonArray();
                    metrics.keys(runId).forEach(k -> out.add(JsonViews.keySummary(k)));
                    return new JsonObject().put("keys", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void export(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        List<String> keys = Params.queryList(ctx, "key");
        db.call(() -> {
                    runs.require(runId);
                    StringBuilder sb = new StringBuilder(1 << 16);
                    metrics.exportCsv(runId, keys, sb);
                    return sb.toString();
                })
                .onSuccess(csv -> ctx.response()
                        .putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"run-" + runId + "-metrics.csv\"")
                        .end(csv))
                .onFailure(ctx::fail);
    }
}
