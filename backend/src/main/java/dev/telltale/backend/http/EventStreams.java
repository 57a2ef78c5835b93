package dev.telltale.backend.http;

import dev.telltale.backend.store.ArtifactStore;
import dev.telltale.backend.store.MetricPoint;
import dev.telltale.backend.store.MetricStore;
import dev.telltale.backend.store.RunStore;
import dev.telltale.backend.store.Tracking;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-Sent Events for one run and for all runs. A stream subscribes first, then replays from the
 * database what came after the client's Last-Event-ID, then goes live; frames at or below what was
 * already sent are dropped, so nothing stored is missed and nothing is sent twice.
 */
final class EventStreams {

    static final int REPLAY_PAGE = 5_000;
    /**
     * Most metric points one replay holds in memory; a client further behind gets a {@code reset}
     * event (its lastEventId the current position) and refetches what it shows instead.
     */
    static final int REPLAY_MAX_POINTS = 200_000;
    static final long KEEPALIVE_MS = 15_000;
    /** How long a client's write queue may stay full before its stream is closed. */
    static final long STALLED_MS = 60_000;

    private final Vertx vertx;
    private final Tracking tracking;
    private final EventHub hub;
    private final Blocking db;

    EventStreams(Vertx vertx, Tracking tracking, EventHub hub, Blocking db) {
        this.vertx = vertx;
        this.tracking = tracking;
        this.hub = hub;
        this.db = db;
    }

    void runEvents(RoutingContext ctx) {
        long runId = Params.pathLong(ctx, "runId");
        Long lastId = lastEventId(ctx);
        db.call(() -> tracking.runs().require(runId))
                .onSuccess(run -> open(ctx, runId, lastId))
                .onFailure(ctx::fail);
    }

    void allEvents(RoutingContext ctx) {
        open(ctx, EventHub.ALL, lastEventId(ctx));
    }

    /** The Last-Event-ID header (what a reconnecting EventSource sends), else the lastEventId query parameter. */
    private static Long lastEventId(RoutingContext ctx) {
        String header = ctx.request().getHeader("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            try {
                long v = Long.parseLong(header.trim());
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Last-Event-ID", "Last-Event-ID must be a non-negative integer");
            }
        }
        return Params.queryLong(ctx, "lastEventId");
    }

    /** One open stream; touched only on its own context. */
    private final class Stream {
        final HttpServerResponse resp;
        final List<SseFrame> pending = new ArrayList<>();
        boolean replaying = true;
        long sent;
        boolean closed;
        /** When the write queue was first seen full, 0 while it drains. */
        long fullSince;

        Stream(HttpServerResponse resp) {
            this.resp = resp;
        }

        void live(SseFrame f) {
            if (replaying) {
                pending.add(f);
            } else {
                write(f);
            }
        }

        void write(SseFrame f) {
            if (closed || f.seq() <= sent) {
                return;
            }
            send(f);
            sent = f.seq();
        }

        /**
         * A client that stops reading would have the server buffer every event for it. A full write
         * queue alone is no sign of that (a replay's frames fill it in a moment): only a queue full
         * for {@link #STALLED_MS} closes the stream, and the browser reconnects with its
         * Last-Event-ID. A replay, bounded by {@link #REPLAY_MAX_POINTS}, is written whole.
         */
        private void send(SseFrame f) {
            if (closed || stalled()) {
                return;
            }
            resp.write(f.text());
        }

        /** Whether the client has not read for too long (then the stream is closed). */
        boolean stalled() {
            if (replaying || !resp.writeQueueFull()) {
                return false;
            }
            long now = System.currentTimeMillis();
            if (fullSince == 0) {
                fullSince = now;
                resp.drainHandler(v -> fullSince = 0);
                return false;
            }
            if (now - fullSince < STALLED_MS) {
                return false;
            }
            closed = true;
            resp.reset();
            return true;
        }

        void finishReplay(List<SseFrame> frames, long upTo) {
            for (SseFrame f : frames) {
                send(f);
            }
            sent = Math.max(sent, upTo);
            replaying = false;
            pending.forEach(this::write);
            pending.clear();
        }
    }

    private void open(RoutingContext ctx, long scope, Long lastId) {
        HttpServerResponse resp = ctx.response();
        resp.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        resp.write("retry: 2000\n\n");
        Context context = vertx.getOrCreateContext();
        Stream stream = new Stream(resp);
        EventHub.Subscription sub = hub.subscribe(scope, context, stream::live);
        long timer = vertx.setPeriodic(KEEPALIVE_MS, t -> {
            // the keepalive also notices a client that stopped reading while nothing else was sent
            if (!stream.closed && !stream.stalled()) {
                resp.write(": keepalive\n\n");
            }
        });
        resp.closeHandler(v -> {
            stream.closed = true;
            sub.close();
            vertx.cancelTimer(timer);
        });
        if (resp.closed()) {
            // gone while the run was looked up: the close handler above will never be called
            stream.closed = true;
            sub.close();
            vertx.cancelTimer(timer);
            return;
        }
        db.call(() -> lastId == null ? hello() : replay(scope, lastId))
                .onSuccess(r -> stream.finishReplay(r.frames(), r.upTo()))
                .onFailure(err -> {
                    stream.closed = true;
                    sub.close();
                    vertx.cancelTimer(timer);
                    resp.reset();
                });
    }

    private record Replay(List<SseFrame> frames, long upTo) {}

    /** A fresh client gets the current position, so its browser can resume from there. */
    private Replay hello() {
        long seq = tracking.log().lastSeq();
        return new Replay(List.of(SseFrame.of(seq, "hello", new JsonObject().put("lastEventId", seq))), seq);
    }

    private Replay replay(long scope, long after) {
        long upTo = tracking.log().lastSeq();
        if (after > upTo) {
            // an id from another data folder (or a reset one): start the client afresh rather than
            // silently dropping everything below its id
            return hello();
        }
        // every query stops at upTo: what came later reaches the stream live (it subscribed before
        // upTo was read), and a replay reaching past upTo would make the stream drop those frames
        return scope == EventHub.ALL ? replayAll(after, upTo) : replayRun(scope, after, upTo);
    }

    /** Everything of one run after {@code after} up to {@code upTo}, in seq order; consecutive points share a frame. */
    private Replay replayRun(long runId, long after, long upTo) {
        RunStore runs = tracking.runs();
        ArtifactStore artifacts = tracking.artifacts();
        MetricStore metrics = tracking.metrics();
        TreeMap<Long, SseFrame> others = new TreeMap<>();
        runs.since(runId, after).stream().filter(e -> e.seq() <= upTo)
                .forEach(e -> others.put(e.seq(), Frames.runFrame(e.seq(), e.type(), e.what(), e.run())));
        artifacts.since(runId, after).stream().filter(a -> a.seq() <= upTo)
                .forEach(a -> others.put(a.seq(), SseFrame.of(a.seq(), "artifact", JsonViews.artifact(a.value()))));
        List<SseFrame> out = new ArrayList<>();
        List<MetricPoint> group = new ArrayList<>();
        long groupSeq = 0;
        long cursor = after;
        int points = 0;
        boolean more = true;
        while (more) {
            List<MetricStore.SeqPoint> page = metrics.since(runId, cursor, REPLAY_PAGE);
            more = page.size() == REPLAY_PAGE;
            for (MetricStore.SeqPoint p : page) {
                if (p.seq() > upTo) {
                    more = false;
                    break;
                }
                if (++points > REPLAY_MAX_POINTS) {
                    return reset(upTo);
                }
                // flush other events that come before this point, closing the current group first
                Map.Entry<Long, SseFrame> next = others.firstEntry();
                if (next != null && next.getKey() < p.seq()) {
                    if (!group.isEmpty()) {
                        out.add(Frames.metrics(groupSeq, runId, group));
                        group = new ArrayList<>();
                    }
                    while (next != null && next.getKey() < p.seq()) {
                        out.add(others.pollFirstEntry().getValue());
                        next = others.firstEntry();
                    }
                }
                group.add(p.point());
                groupSeq = p.seq();
                if (group.size() >= REPLAY_PAGE) {
                    out.add(Frames.metrics(groupSeq, runId, group));
                    group = new ArrayList<>();
                }
                cursor = p.seq();
            }
        }
        if (!group.isEmpty()) {
            out.add(Frames.metrics(groupSeq, runId, group));
        }
        out.addAll(others.values());
        return new Replay(out, Math.max(upTo, after));
    }

    /** Too far behind to replay: the client refetches what it shows and continues from {@code upTo}. */
    private static Replay reset(long upTo) {
        return new Replay(List.of(SseFrame.of(upTo, "reset", new JsonObject().put("lastEventId", upTo))), upTo);
    }

    /**
     * All runs after {@code after}: first the newest point per key (without ids: re-sending them is
     * harmless), then run and artifact events in seq order (with ids), then a marker at the end.
     */
    private Replay replayAll(long after, long upTo) {
        if (tracking.metrics().moreThanSince(after, REPLAY_MAX_POINTS)) {
            // the newest point of each key would be read out of every point since: too far behind
            return reset(upTo);
        }
        List<SseFrame> out = new ArrayList<>();
        Map<Long, List<MetricPoint>> latestByRun = new TreeMap<>();
        for (MetricStore.SeqPoint p : tracking.metrics().latestSince(after)) {
            if (p.seq() > upTo) {
                continue; // newer than upTo: it comes live
            }
            latestByRun.computeIfAbsent(p.runId(), k -> new ArrayList<>()).add(p.point());
        }
        for (var e : latestByRun.entrySet()) {
            out.add(SseFrame.withoutId(0, "metrics", Frames.latest(e.getKey(), e.getValue())));
        }
        TreeMap<Long, SseFrame> ordered = new TreeMap<>();
        tracking.runs().since(null, after).stream().filter(e -> e.seq() <= upTo)
                .forEach(e -> ordered.put(e.seq(), Frames.runFrame(e.seq(), e.type(), e.what(), e.run())));
        tracking.artifacts().since(null, after).stream().filter(a -> a.seq() <= upTo)
                .forEach(a -> ordered.put(a.seq(), SseFrame.of(a.seq(), "artifact", JsonViews.artifact(a.value()))));
        out.addAll(ordered.values());
        long end = Math.max(upTo, after);
        out.add(SseFrame.of(end, "replayed", new JsonObject().put("lastEventId", end)));
        return new Replay(out, end);
    }
}
