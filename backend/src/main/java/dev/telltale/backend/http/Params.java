package dev.telltale.backend.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.List;

/** Typed access to a request that the OpenAPI contract has already validated. */
final class Params {

    private Params() {}

    private static ValidatedRequest validated(RoutingContext ctx) {
        ValidatedRequest vr = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        if (vr == null) {
            throw new IllegalStateException("route without contract validation: " + ctx.request().path());
        }
        return vr;
    }

    /** Whether the contract validated this request (every route but the hand-checked ingestion). */
    static boolean isValidated(RoutingContext ctx) {
        return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST) != null;
    }

    static long pathLong(RoutingContext ctx, String name) {
        return validated(ctx).getPathParameters().get(name).getLong();
    }

    static String query(RoutingContext ctx, String name) {
        RequestParameter p = validated(ctx).getQuery().get(name);
        return p == null || p.isNull() ? null : String.valueOf(p.get());
    }

    static Long queryLong(RoutingContext ctx, String name) {
        RequestParameter p = validated(ctx).getQuery().get(name);
        return p == null || p.isNull() ? null : ((Number) p.get()).longValue();
    }

    static Integer queryInt(RoutingContext ctx, String name, int fallback) {
        Long v = queryLong(ctx, name);
        return v == null ? fallback : v.intValue();
    }

    static boolean queryBool(RoutingContext ctx, String name) {
        RequestParameter p = validated(ctx).getQuery().get(name);
        return p != null && !p.isNull() && Boolean.TRUE.equals(p.getBoolean());
    }

    /**
     * An integer array query as longs. The contract bounds each to 2^53 - 1 but, as JSON Schema
     * does, counts 1.0 as an integer; reading the numbers (not their text) takes both in.
     */
    static List<Long> queryLongs(RoutingContext ctx, String name) {
        List<Long> out = new ArrayList<>();
        for (Object x : queryValues(ctx, name)) {
            if (!(x instanceof Number n)) {
                throw ApiError.badRequest(name, "must be integers, got '" + x + "'");
            }
            out.add(n.longValue());
        }
        return out;
    }

    static List<String> queryList(RoutingContext ctx, String name) {
        List<String> out = new ArrayList<>();
        queryValues(ctx, name).forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    /** A query's values as the contract typed them: none, the one given, or each of an array's. */
    private static List<?> queryValues(RoutingContext ctx, String name) {
        RequestParameter p = validated(ctx).getQuery().get(name);
        if (p == null || p.isNull()) {
            return List.of();
        }
        Object v = p.get();
        return v instanceof JsonArray a ? a.getList() : List.of(v);
    }

    /** The body when the contract makes it optional: an empty object when none was sent. */
    static JsonObject optionalBody(RoutingContext ctx) {
        RequestParameter body = validated(ctx).getBody();
        return body == null || body.isNull() || body.isEmpty() || !body.isJsonObject() ? new JsonObject() : body.getJsonObject();
    }

    static JsonObject body(RoutingContext ctx) {
        RequestParameter body = validated(ctx).getBody();
        if (body == null || body.isNull() || !body.isJsonObject()) {
            throw ApiError.badRequest("body", "a JSON object body is needed");
        }
        return body.getJsonObject();
    }
}
