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
    private static final java.util.Set<String> POINT_FIELDS = java.util.Set.of("key", "step", "value", "time");

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
        long runId;
        JsonObject body;
        if (Params.isValidated(ctx)) {
            runId = Params.pathLong(ctx, "runId");
            body = Params.body(ctx);
        } else {
            runId = runIdByHand(ctx.pathParam("runId"));
            body = bodyByHand(ctx);
        }
        List<MetricPoint> points = parsePoints(body, System.currentTimeMillis());
        db.call(() -> metrics.ingest(runId, points))
                .onSuccess(r -> Respond.json(ctx, 200,
                        new JsonObject().put("stored", r.stored()).put("lastEventId", r.lastSeq())))
                .onFailure(ctx::fail);
    }

    private static long runIdByHand(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as the contract's validator
        }
        throw ApiError.badRequest("runId", "The value of path parameter runId is invalid: an integer >= 1 is needed");
    }

    private static JsonObject bodyByHand(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw ApiError.badRequest("body", "The related request does not contain the required body.");
        }
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ApiError.badRequest("body", "The format of the request body is not supported");
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
        } catch (io.vertx.core.json.DecodeException e) {
            throw ApiError.badRequest("body", "the body is not valid JSON (NaN and Infinity are not JSON either)");
        }
        if (!(parsed instanceof JsonObject o)) {
            throw ApiError.badRequest("body", "the body must be a JSON object");
        }
        return o;
    }

    /**
     * Checks every point before anything is stored, so a bad point rejects the whole batch. First
     * the ingest schema of openapi.yaml, checked by hand (see ApiRouter) and reporting errors in the
     * order the contract's validator does (the deepest first; a wrong value before an unknown
     * property before a missing one); then what JSON Schema cannot say (a step that fits a long,
     * finite numbers).
     */
    static List<MetricPoint> parsePoints(JsonObject body, long now) {
        Object raw = body.getValue("points");
        List<JsonObject> checked = new ArrayList<>();
        if (body.containsKey("points")) {
            if (!(raw instanceof JsonArray arr)) {
                throw ApiError.badRequest("points", "points must be an array");
            }
            if (arr.isEmpty() || arr.size() > MAX_BATCH) {
                throw ApiError.badRequest("points", "points must hold 1 to " + MAX_BATCH + " points");
            }
            for (int i = 0; i < arr.size(); i++) {
                checked.add(schemaCheck(arr.getValue(i), "points[" + i + "]"));
            }
        }
        for (String name : body.fieldNames()) {
            if (!name.equals("points")) {
                throw ApiError.badRequest(name, "unknown property (not in the API's schema)");
            }
        }
        if (!body.containsKey("points")) {
            throw ApiError.badRequest("points", "Instance does not have required property \"points\"");
        }
        List<MetricPoint> out = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            JsonObject p = checked.get(i);
            String at = "points[" + i + "]";
            long step = asLong(p.getValue("step"), at + ".step");
            double value = finite((Number) p.getValue("value"), at + ".value");
            long time = p.containsKey("time") ? Math.round(finite((Number) p.getValue("time"), at + ".time")) : now;
            out.add(new MetricPoint(p.getString("key"), step, value, time));
        }
        return out;
    }

    /** The Point schema: key string(1..200), step integer >= 0, value number, time number >= 0, nothing else. */
    private static JsonObject schemaCheck(Object o, String at) {
        if (!(o instanceof JsonObject p)) {
            throw ApiError.badRequest(at, "each point must be an object");
        }
        if (p.containsKey("key")) {
            Object k = p.getValue("key");
            if (!(k instanceof String str) || str.isEmpty() || str.codePointCount(0, str.length()) > 200) {
                throw ApiError.badRequest(at + ".key", "key must be a string of 1 to 200 characters");
            }
        }
        if (p.containsKey("step")) {
            Object v = p.getValue("step");
            if (!(v instanceof Number n) || !isIntegral(n)) {
                throw ApiError.badRequest(at + ".step", "step must be an integer");
            }
            if (n.doubleValue() < 0) {
                throw ApiError.badRequest(at + ".step", "step must be >= 0");
            }
        }
        if (p.containsKey("value") && !(p.getValue("value") instanceof Number)) {
            throw ApiError.badRequest(at + ".value", "value must be a number");
        }
        if (p.containsKey("time")) {
            if (!(p.getValue("time") instanceof Number t)) {
                throw ApiError.badRequest(at + ".time", "time must be a number (epoch milliseconds)");
            }
            if (t.doubleValue() < 0) {
                throw ApiError.badRequest(at + ".time", "time must be epoch milliseconds (>= 0)");
            }
        }
        for (String name : p.fieldNames()) {
            if (!POINT_FIELDS.contains(name)) {
                throw ApiError.badRequest(at + "." + name, "unknown property (not in the API's schema)");
            }
        }
        for (String required : new String[] {"key", "step", "value"}) {
            if (!p.containsKey(required)) {
                throw ApiError.badRequest(at + "." + required, "Instance does not have required property \"" + required + "\"");
            }
        }
        return p;
    }

    /** JSON Schema's integer: any number without a fractional part (so 1.0 and 1e300 are integers). */
    private static boolean isIntegral(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            return true;
        }
        if (n instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static long asLong(Object v, String field) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw ApiError.badRequest(field, "step must be a whole number between 0 and " + Long.MAX_VALUE + ", written without a fraction or exponent");
    }

    private static double finite(Number n, String field) {
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
