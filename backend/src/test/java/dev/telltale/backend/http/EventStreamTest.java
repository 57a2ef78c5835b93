package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.backend.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStreamTest {

    @TempDir
    Path dir;

    TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private void ingest(long run, String key, long step, double value) throws Exception {
        JsonObject b = new JsonObject().put("points", new JsonArray()
                .add(new JsonObject().put("key", key).put("step", step).put("value", value)));
        assertEquals(200, s.post("/api/runs/" + run + "/metrics", b).statusCode());
    }

    @Test
    void aClientSeesAPointWithinASecondOfItsIngestion() throws Exception {
        long run = s.createRun("live");
        try (SseClient sse = new SseClient(s, "/api/runs/" + run + "/events", null);
                SseClient all = new SseClient(s, "/api/events", null)) {
            assertEquals(200, sse.status);
            assertNotNull(sse.next("hello", 2000), "the stream opens with its position");
            assertNotNull(all.next("hello", 2000));
            for (int step = 0; step < 5; step++) {
                long sent = System.nanoTime();
                ingest(run, "loss/d", step, step * 0.5);
                SseClient.Event e = sse.next("metrics", 1000);
                assertNotNull(e, "no point within a second (step " + step + ")");
                assertTrue(e.receivedNanos() - sent < 1_000_000_000L);
                JsonObject p = e.data().getJsonArray("points").getJsonObject(0);
                assertEquals(step, p.getLong("step"));
                assertEquals(step * 0.5, p.getDouble("value"));
                SseClient.Event summary = all.next("metrics", 1000);
                assertNotNull(summary);
                assertEquals(run, summary.data().getLong("runId"));
            }
            assertEquals(200, s.post("/api/runs/" + run + "/status", new JsonObject().put("status", "RUNNING")).statusCode());
            SseClient.Event status = sse.next("status", 1000);
            assertEquals("RUNNING", status.data().getJsonObject("run").getString("status"));
            assertEquals("RUNNING", all.next("status", 1000).data().getJsonObject("run").getString("status"));
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsEverythingItMissed() throws Exception {
        long run = s.createRun("reconnect");
        long other = s.createRun("other");
        long lastSeen;
        try (SseClient sse = new SseClient(s, "/api/runs/" + run + "/events", null)) {
            sse.next("hello", 2000);
            ingest(run, "loss/d", 0, 1.0);
            lastSeen = sse.next("metrics", 2000).id();
        }
        // while the client is away: points of two keys, another run's points, a status change
        for (int step = 1; step <= 30; step++) {
            ingest(run, "loss/d", step, step);
            ingest(other, "loss/d", step, -step);
            if (step % 10 == 0) {
                ingest(run, "kl", step, step / 10.0);
            }
        }
        s.post("/api/runs/" + run + "/status", new JsonObject().put("status", "RUNNING"));
        TreeSet<Long> dSteps = new TreeSet<>();
        List<Double> kl = new ArrayList<>();
        try (SseClient again = new SseClient(s, "/api/runs/" + run + "/events", lastSeen)) {
            SseClient.Event e;
            long prevId = lastSeen;
            boolean sawStatus = false;
            while ((e = nextAny(again)) != null) {
                assertTrue(e.id() > prevId, "ids only grow");
                prevId = e.id();
                if (e.event().equals("metrics")) {
                    assertEquals(run, e.data().getLong("runId"));
                    for (Object o : e.data().getJsonArray("points")) {
                        JsonObject p = (JsonObject) o;
                        if (p.getString("key").equals("loss/d")) {
                            assertTrue(dSteps.add(p.getLong("step")), "no point twice");
                            assertEquals((double) p.getLong("step"), p.getDouble("value"), "not the other run's");
                        } else {
                            kl.add(p.getDouble("value"));
                        }
                    }
                }
                sawStatus |= e.event().equals("status");
                if (sawStatus && dSteps.size() == 30) {
                    break;
                }
            }
            assertEquals(30, dSteps.size());
            assertEquals(1L, dSteps.first());
            assertEquals(List.of(1.0, 2.0, 3.0), kl);
            assertTrue(sawStatus);
            // and it is live again afterwards
            ingest(run, "loss/d", 31, 31);
            SseClient.Event live = again.next("metrics", 1000);
            assertNotNull(live);
            assertEquals(31, live.data().getJsonArray("points").getJsonObject(0).getLong("step"));
        }
    }

    @Test
    void aReplayOfManyPointsArrivesWholeOverOneConnection() throws Exception {
        long run = s.createRun("many behind");
        long lastSeen = position("/api/runs/" + run + "/events");
        // frames of thousands of points fill the socket's buffer at once: that is not a client that stopped reading
        int total = 30_000;
        ingestSteps(run, 0, total);
        assertEquals(200, s.post("/api/runs/" + run + "/status", new JsonObject().put("status", "RUNNING")).statusCode());
        TreeSet<Long> steps = new TreeSet<>();
        boolean sawStatus = false;
        try (SseClient again = new SseClient(s, "/api/runs/" + run + "/events", lastSeen)) {
            SseClient.Event e;
            while ((steps.size() < total || !sawStatus) && (e = nextAny(again)) != null) {
                if (e.event().equals("metrics")) {
                    for (Object o : e.data().getJsonArray("points")) {
                        steps.add(((JsonObject) o).getLong("step"));
                    }
                }
                sawStatus |= e.event().equals("status");
            }
        }
        assertEquals(total, steps.size(), "every point replayed once the connection carries them");
        assertTrue(sawStatus, "and the status change after them");

        // a client on a slow link: a small receive buffer, read a little at a time; its full write
        // queue is back-pressure, not a reason to cut it off mid-replay
        java.net.URI base = java.net.URI.create(s.base());
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /api/runs/" + run + "/events HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + dev.telltale.backend.TestServer.TOKEN + "\r\nLast-Event-ID: " + lastSeen
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            byte[] buf = new byte[2048];
            String pattern = "\"step\":";
            int seen = 0;
            int matched = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (seen < total && System.nanoTime() < deadline) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    matched = buf[i] == pattern.charAt(matched) ? matched + 1 : (buf[i] == pattern.charAt(0) ? 1 : 0);
                    if (matched == pattern.length()) {
                        seen++;
                        matched = 0;
                    }
                }
                Thread.sleep(1);
            }
            // (the run's own progress in the status event names a step too)
            assertTrue(seen >= total, "a slow reader gets the whole replay: " + seen + " of " + total + " points");
        }
    }

    @Test
    void aClientTooFarBehindIsToldToRefetchInsteadOfAGiantReplay() throws Exception {
        long run = s.createRun("far behind");
        long lastSeen = position("/api/runs/" + run + "/events");
        long lastSeenAll = position("/api/events");
        // more points than one replay holds
        ingestSteps(run, 0, EventStreams.REPLAY_MAX_POINTS + 10_000);
        try (SseClient again = new SseClient(s, "/api/runs/" + run + "/events", lastSeen)) {
            SseClient.Event first = again.nextOf(10_000, "reset", "metrics");
            assertNotNull(first);
            assertEquals("reset", first.event(), "not " + EventStreams.REPLAY_MAX_POINTS + "+ points in one go");
            assertEquals(first.id(), first.data().getLong("lastEventId"));
            ingest(run, "kl", 1, 0.5);
            SseClient.Event live = again.next("metrics", 2000);
            assertNotNull(live, "live again after the reset");
            assertEquals("kl", live.data().getJsonArray("points").getJsonObject(0).getString("key"));
        }
        // the all-runs stream too: its replay would read every point since to find each key's newest
        try (SseClient all = new SseClient(s, "/api/events", lastSeenAll)) {
            SseClient.Event first = all.nextOf(10_000, "reset", "metrics", "replayed");
            assertNotNull(first);
            assertEquals("reset", first.event());
        }
    }

    @Test
    void anIdFromTheFutureStartsTheClientAfresh() throws Exception {
        long run = s.createRun("future");
        try (SseClient sse = new SseClient(s, "/api/runs/" + run + "/events", 1_000_000_000L)) {
            SseClient.Event hello = sse.next("hello", 2000);
            assertNotNull(hello, "a client with an unknown future id is told the current position");
            assertTrue(hello.id() < 1_000_000_000L);
            ingest(run, "loss/d", 0, 1.0);
            assertNotNull(sse.next("metrics", 2000), "and then gets live events");
        }
    }

    /** The stream's current position, as a fresh client's hello tells it. */
    private long position(String path) throws Exception {
        try (SseClient sse = new SseClient(s, path, null)) {
            return sse.next("hello", 2000).id();
        }
    }

    /** Points of loss/d at steps [from, to), in batches of the most one request may carry. */
    private void ingestSteps(long run, int from, int to) throws Exception {
        for (int start = from; start < to; start += 10_000) {
            JsonArray points = new JsonArray();
            for (int step = start; step < Math.min(to, start + 10_000); step++) {
                points.add(new JsonObject().put("key", "loss/d").put("step", step).put("value", 1.0));
            }
            assertEquals(200, s.post("/api/runs/" + run + "/metrics", new JsonObject().put("points", points)).statusCode());
        }
    }

    private static SseClient.Event nextAny(SseClient c) throws InterruptedException {
        return c.nextOf(10_000, "metrics", "status");
    }
}
