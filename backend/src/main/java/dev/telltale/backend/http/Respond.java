package dev.telltale.backend.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers. */
final class Respond {

    private Respond() {}

    /**
     * Sends a file, or 404 naming {@code field} when it went between the lookup and the send (a
     * retention or cleanup deleted it): Vert.x's sendFile then fails its future and answers nothing.
     */
    static void file(RoutingContext ctx, String file, long offset, long length, String field) {
        io.vertx.core.http.HttpServerResponse resp = ctx.response();
        resp.sendFile(file, offset, length).onFailure(e -> {
            if (resp.headWritten()) {
                resp.reset();
            } else {
                resp.headers().remove("Content-Disposition").remove("ETag").remove("Content-Range").remove("Cache-Control");
                Errors.send(ctx, ApiError.notFound(field, "the file is gone"));
            }
        });
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
