package dev.telltale.backend.http;

import dev.telltale.backend.store.ArtifactStore;
import dev.telltale.backend.store.ArtifactView;
import dev.telltale.backend.store.RunStore;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Register, list and download a run's files (ETag, single HTTP Range, Content-Disposition). */
final class ArtifactHandlers {

    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    private final ArtifactStore artifacts;
    private final RunStore runs;
    private final Blocking db;
    private final dev.telltale.backend.jobs.Retention retention;

    ArtifactHandlers(ArtifactStore artifacts, RunStore runs, Blocking db, dev.telltale.backend.jobs.Retention retention) {
        this.artifacts = artifacts;
        this.runs = runs;
        this.db = db;
        this.retention = retention;
    }

    void register(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        JsonObject b = Params.body(ctx);
        db.call(() -> {
                    ArtifactView a = artifacts.register(runId, b.getString("kind"), b.getString("path"), b.getLong("step"),
                            b.getInteger("captionIndex"));
                    if (a.kind().equals("checkpoint") && retention != null) {
                        retention.apply(runId);
                    }
                    return a;
                })
                .onSuccess(a -> {
                    ctx.response().putHeader("Location", "/api/artifacts/" + a.id());
                    Respond.json(ctx, 201, JsonViews.artifact(a));
                })
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        String kind = Params.query(ctx, "kind");
        db.call(() -> {
                    runs.require(runId);
                    JsonArray out = new JsonArray();
                    artifacts.list(runId, kind).forEach(a -> out.add(JsonViews.artifact(a)));
                    return new JsonObject().put("artifacts", out);
                })
                .onSuccess(body -> Respond.json(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "artifactId");
        db.call(() -> artifacts.get(id).orElseThrow(() -> notFound(id)))
                .onSuccess(a -> Respond.json(ctx, 200, JsonViews.artifact(a)))
                .onFailure(ctx::fail);
    }

    private record Found(ArtifactView artifact, Path file, long size) {}

    void download(RoutingContext ctx) {
        long id = Params.pathLong(ctx, "artifactId");
        boolean attachment = Params.queryBool(ctx, "download");
        db.call(() -> {
                    ArtifactView a = artifacts.get(id).orElseThrow(() -> notFound(id));
                    Path file = artifacts.file(a).orElseThrow(
                            () -> ApiError.notFound("artifactId", "the file of artifact " + id + " is gone"));
                    try {
                        return new Found(a, file, Files.size(file));
                    } catch (java.nio.file.NoSuchFileException e) {
                        throw ApiError.notFound("artifactId", "the file of artifact " + id + " is gone");
                    }
                })
                .onSuccess(f -> send(ctx, f, attachment))
                .onFailure(ctx::fail);
    }

    private static void send(RoutingContext ctx, Found f, boolean attachment) {
        HttpServerResponse resp = ctx.response();
        // the stored hash names the bytes registered; a file that has grown since (a worker's log
        // appended to by a resumed attempt) gets no validator, so no 304 or If-Range splices an old copy
        boolean asRegistered = f.artifact().bytes() == f.size();
        String etag = asRegistered ? "\"" + f.artifact().sha256() + "\"" : null;
        String name = f.file().getFileName().toString();
        if (etag != null) {
            resp.putHeader("ETag", etag);
        }
        resp.putHeader("Accept-Ranges", "bytes")
                .putHeader("Cache-Control", "private, no-cache")
                .putHeader("Content-Type", f.artifact().contentType())
                .putHeader("Content-Disposition", disposition(attachment, name));
        String inm = ctx.request().getHeader("If-None-Match");
        if (etag != null && inm != null && (inm.equals("*") || inm.contains(etag))) {
            resp.setStatusCode(304).end();
            return;
        }
        String range = ctx.request().getHeader("Range");
        String ifRange = ctx.request().getHeader("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) { // a null etag matches no If-Range
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                long size = f.size();
                long start;
                long end;
                try {
                    if (m.group(1).isEmpty()) { // suffix: the last N bytes
                        long n = Long.parseLong(m.group(2));
                        start = Math.max(0, size - n);
                        end = size - 1;
                        if (n == 0) {
                            start = size;
                        }
                    } else {
                        start = Long.parseLong(m.group(1));
                        end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                    }
                } catch (NumberFormatException e) {
                    start = size;
                    end = -1;
                }
                if (start >= size || start > end) {
                    resp.setStatusCode(416).putHeader("Content-Range", "bytes */" + size);
                    Errors.send(ctx, new ApiError(416, "Range", "range not satisfiable for a file of " + size + " bytes"));
                    return;
                }
                resp.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
                Respond.file(ctx, f.file().toString(), start, end - start + 1, "artifactId");
                return;
            }
            // a malformed or multi-part range is ignored: the whole file is a valid answer
        }
        Respond.file(ctx, f.file().toString(), 0, Long.MAX_VALUE, "artifactId");
    }

    static String disposition(boolean attachment, String name) {
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return (attachment ? "attachment" : "inline") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static ApiError notFound(long id) {
        return ApiError.notFound("artifactId", "no artifact " + id);
    }
}
