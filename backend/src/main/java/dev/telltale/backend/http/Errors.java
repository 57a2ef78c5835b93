package dev.telltale.backend.http;

import dev.telltale.backend.store.ConflictException;
import dev.telltale.backend.store.InvalidInputException;
import dev.telltale.backend.store.NotFoundException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure into a JSON answer: 4xx with the problem and the field for bad input, a bare
 * 500 (details only in the server log) for our own bugs. No stack trace ever reaches a client.
 */
public final class Errors {

    private static final Logger LOG = Logger.getLogger(Errors.class.getName());
    private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
    private static final Pattern PARAMETER = Pattern.compile("parameter (\\w+)");

    private Errors() {}

    /** The router's failure handler. */
    public static void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Throwable t = ctx.failure();
        int status = ctx.statusCode();
        ApiError e = toApiError(t, status);
        if (e.getMessage() != null && e.getMessage().startsWith("Can't decode URL value")) {
            // Vert.x's OpenAPI validator URL-decodes query values a second time, so a literal '%'
            // (sent as %25) cannot pass; say so, naming the parameter
            String field = ctx.queryParams().entries().stream()
                    .filter(en -> en.getValue().contains("%")).map(java.util.Map.Entry::getKey).findFirst().orElse("query");
            e = new ApiError(400, field, "a literal '%' is not accepted in query values");
        }
        if (e.status() >= 500) {
            LOG.log(Level.SEVERE, "unhandled failure on " + ctx.request().method() + " " + ctx.request().path(), t);
        }
        send(ctx, e);
    }

    static ApiError toApiError(Throwable t, int status) {
        if (t instanceof HttpException h) {
            // the OpenAPI router wraps its validation failures
            if (h.getCause() != null) {
                return toApiError(h.getCause(), h.getStatusCode());
            }
            return toApiError(null, h.getStatusCode());
        }
        if (t instanceof ApiError e) {
            return e;
        }
        if (t instanceof dev.telltale.experiments.catalog.InvalidSpecException e) {
            java.util.List<String[]> all = e.errors().stream().map(fe -> new String[] {fe.field(), fe.message()}).toList();
            String headline = e.errors().stream().map(fe -> fe.field() + ": " + fe.message()).collect(java.util.stream.Collectors.joining("; "));
            return new ApiError(400, all.isEmpty() ? null : all.get(0)[0], headline, all);
        }
        if (t instanceof InvalidInputException e) {
            return new ApiError(400, e.field(), e.getMessage());
        }
        if (t instanceof NotFoundException e) {
            return new ApiError(404, e.field(), e.getMessage());
        }
        if (t instanceof ConflictException e) {
            return new ApiError(409, e.field(), e.getMessage());
        }
        if (t instanceof SchemaValidationException e) {
            Matcher m = PARAMETER.matcher(String.valueOf(e.getMessage()));
            if (m.find()) {
                return new ApiError(400, m.group(1), e.getMessage());
            }
            String field = fieldOf(e);
            OutputUnit unit = mostSpecific(e.getOutputUnit());
            Matcher req = REQUIRED.matcher(unit == null || unit.getError() == null ? "" : unit.getError());
            if (unit != null && keyword(unit).equals("required") && req.find()) {
                field = field.equals("body") ? req.group(1) : field + "." + req.group(1);
            }
            return new ApiError(400, field, describe(e));
        }
        if (t instanceof ValidatorException e) {
            String msg = String.valueOf(e.getMessage());
            Matcher m = PARAMETER.matcher(msg);
            if (m.find()) {
                return new ApiError(400, m.group(1), msg);
            }
            if (msg.startsWith("Can't decode URL value")) {
                return new ApiError(400, "query", msg);
            }
            if (e.type() == ValidatorErrorType.ILLEGAL_VALUE || msg.contains("decode")) {
                msg = "the body is not valid JSON (NaN and Infinity are not JSON either)";
            }
            return new ApiError(400, "body", msg);
        }
        if (t instanceof DecodeException) {
            return new ApiError(400, "body", "the body is not valid JSON (NaN and Infinity are not JSON either)");
        }
        if (status == 413) {
            return new ApiError(413, "body", "the request body is larger than the limit");
        }
        if (status == 401) {
            return new ApiError(401, "Authorization", "a bearer token or session is needed");
        }
        if (status >= 400 && status < 500) {
            return new ApiError(status, null, t == null || t.getMessage() == null ? "bad request" : t.getMessage());
        }
        return new ApiError(500, null, "internal error (see the server log)");
    }

    /** The first failing JSON location as a dotted path (points[3].step), or "body". */
    static String fieldOf(SchemaValidationException e) {
        OutputUnit unit = mostSpecific(e.getOutputUnit());
        String loc = unit == null ? null : unit.getInstanceLocation();
        if (loc == null || loc.isEmpty() || loc.equals("#") || loc.equals("/")) {
            return "body";
        }
        String p = loc.startsWith("#") ? loc.substring(1) : loc;
        StringBuilder sb = new StringBuilder();
        for (String part : p.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(part).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.length() == 0 ? "body" : sb.toString();
    }

    private static String describe(SchemaValidationException e) {
        OutputUnit unit = mostSpecific(e.getOutputUnit());
        if (unit == null || unit.getError() == null) {
            return String.valueOf(e.getMessage());
        }
        if (keyword(unit).equals("additionalProperties")) {
            return "unknown property (not in the API's schema)";
        }
        return unit.getError();
    }

    /**
     * The validator reports a flat list from the root down; the useful entry is the one deepest in
     * the document whose keyword is a real constraint (minimum, type, required...) rather than a
     * container (properties, items, $ref) that only says "something below failed".
     */
    private static OutputUnit mostSpecific(OutputUnit root) {
        if (root == null) {
            return null;
        }
        java.util.List<OutputUnit> all = new java.util.ArrayList<>();
        collect(root, all);
        OutputUnit best = null;
        for (OutputUnit u : all) {
            if (u.getError() == null) {
                continue;
            }
            if (best == null || depth(u) > depth(best) || (depth(u) == depth(best) && rank(u) > rank(best))) {
                best = u;
            }
        }
        return best == null ? root : best;
    }

    private static void collect(OutputUnit u, java.util.List<OutputUnit> out) {
        out.add(u);
        if (u.getErrors() != null) {
            u.getErrors().forEach(c -> collect(c, out));
        }
    }

    private static String keyword(OutputUnit u) {
        String k = u.getKeywordLocation();
        return k == null ? "" : k.substring(k.lastIndexOf('/') + 1);
    }

    private static int rank(OutputUnit u) {
        return switch (keyword(u)) {
            case "properties", "items", "$ref", "allOf", "anyOf", "oneOf", "" -> 0;
            case "additionalProperties" -> 1;
            default -> 2;
        };
    }

    private static int depth(OutputUnit u) {
        String loc = u.getInstanceLocation();
        return loc == null ? -1 : loc.split("/").length;
    }

    static void send(RoutingContext ctx, ApiError e) {
        JsonObject body = new JsonObject().put("error", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        if (!e.errors().isEmpty()) {
            io.vertx.core.json.JsonArray all = new io.vertx.core.json.JsonArray();
            e.errors().forEach(fe -> all.add(new JsonObject().put("field", fe[0]).put("message", fe[1])));
            body.put("errors", all);
        }
        ctx.response()
                .setStatusCode(e.status())
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }
}
