package dev.telltale.backend.http;

import io.vertx.core.json.JsonObject;

/**
 * One Server-Sent Event, already in wire form. {@code seq} orders it; a frame with {@code id} false
 * does not move the client's Last-Event-ID.
 */
record SseFrame(long seq, String text) {

    static SseFrame of(long seq, String event, JsonObject data) {
        return new SseFrame(seq, "id: " + seq + "\nevent: " + event + "\ndata: " + data.encode() + "\n\n");
    }

    static SseFrame withoutId(long seq, String event, JsonObject data) {
        return new SseFrame(seq, "event: " + event + "\ndata: " + data.encode() + "\n\n");
    }
}
