package dev.telltale.experiments.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpTrackerTest {

    private static final long RUN = 7;

    @TempDir
    Path tmp;

    private HttpTracker.Builder tracker(int port) throws IOException {
        Path runDir = Files.createDirectories(tmp.resolve("runs/" + RUN));
        return HttpTracker.builder()
                .setServer(java.net.URI.create("http://127.0.0.1:" + port))
                .setRunId(RUN)
                .setToken(StandInServer.TOKEN)
                .setRunDir(runDir)
                .optSpoolDir(tmp.resolve("spool"))
                .optFlushInterval(Duration.ofMillis(20))
                .optRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(40))
                .optCloseTimeout(Duration.ofSeconds(10));
    }

    private Path sample(String name) throws IOException {
        Path file = tmp.resolve("runs/" + RUN + "/samples/" + name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "png");
    }

    /** Logs {@code count} points of two keys from {@code firstStep}; returns what the server must hold. */
    private static Map<String, Double> logPoints(Tracker tracker, int firstStep, int count) {
        Map<String, Double> expected = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String key = i % 2 == 0 ? "loss/d" : "loss/g";
            long step = firstStep + i / 2;
            double value = step * 0.01 + (i % 2);
            tracker.scalar(key, step, value);
            expected.put(key + "@" + step, value);
        }
        return expected;
    }

    @Test
    void everyPointArrivesOnceThroughFailuresAndArtifactsFollowTheirPoints() throws Exception {
        try (StandInServer server = new StandInServer(RUN, 0)) {
            server.failure = StandInServer.Failure.STATUS_503;
            server.failuresLeft.set(3);
            Map<String, Double> expected;
            try (HttpTracker tracker = tracker(server.port()).optBatchSize(50).build()) {
                expected = logPoints(tracker, 0, 500);
                tracker.artifact(ArtifactKind.SAMPLE_IMAGE, sample("step-250.png"), 250L, 3);
                // now the connection drops without an answer, twice
                assertTrue(tracker.flush(Duration.ofSeconds(10)));
                server.failure = StandInServer.Failure.CLOSE_CONNECTION;
                server.failuresLeft.set(2);
                expected.putAll(logPoints(tracker, 250, 100));
                tracker.artifact(ArtifactKind.CHECKPOINT, sample("../checkpoints/step-300.params"), 300L, null);
                assertTrue(tracker.flush(Duration.ofSeconds(10)));
                assertEquals(600, tracker.deliveredPoints());
                assertEquals(0, tracker.pendingPoints());
            }
            assertEquals(0, server.failuresLeft.get(), "every planned failure happened");
            assertEquals(expected, server.stored());
            // all or nothing per request and no lost answers: each point was accepted exactly once
            assertEquals(600, server.acceptedPoints());
            List<StandInServer.Artifact> artifacts = server.artifacts();
            assertEquals(2, artifacts.size());
            assertEquals(new StandInServer.Artifact("sample_image", "samples/step-250.png", 250L, 3, 500), artifacts.get(0));
            assertEquals(new StandInServer.Artifact("checkpoint", "checkpoints/step-300.params", 300L, null, 600), artifacts.get(1));
        }
    }

    @Test
    void aServerAnswering503IsRetriedAtTheBackoffNotAtTheLoggingRate() throws Exception {
        try (StandInServer server = new StandInServer(RUN, 0)) {
            server.failure = StandInServer.Failure.STATUS_503;
            server.failuresLeft.set(Integer.MAX_VALUE);
            try (HttpTracker tracker = tracker(server.port()).optBatchSize(10).optRetryBackoff(Duration.ofMillis(300), Duration.ofMillis(300))
                    .optCloseTimeout(Duration.ofMillis(100)).build()) {
                // training goes on logging for a second while every request fails: each point above
                // a batch notifies the sender, which must still wait out its backoff
                long end = System.nanoTime() + 1_000_000_000L;
                int step = 0;
                while (System.nanoTime() < end) {
                    tracker.scalar("loss/d", step++, 1.0);
                    Thread.sleep(1);
                }
                int requests = server.requests.get();
                assertTrue(requests <= 6, requests + " requests in a second at a 300 ms backoff");
            }
        }
    }

    @Test
    void aServerDownForAWhileGetsEverythingFromTheSpoolWhenItReturns() throws Exception {
        int port = freePort();
        Map<String, Double> expected;
        try (HttpTracker tracker = tracker(port).optBatchSize(10).optMaxBufferedPoints(20).build()) {
            expected = logPoints(tracker, 0, 200);
            tracker.artifact(ArtifactKind.SAMPLE_IMAGE, sample("a.png"), 100L, null);
            expected.putAll(logPoints(tracker, 100, 50));
            assertFalse(tracker.flush(Duration.ofMillis(200)), "nobody answers yet");
            assertEquals(250, tracker.pendingPoints());
            assertTrue(Files.exists(tracker.spoolFile()), "the overflow went to disk");
            // 20 points in memory, the other 230 and the artifact spooled
            assertEquals(231, Files.readAllLines(tracker.spoolFile()).size());

            try (StandInServer server = new StandInServer(RUN, port)) {
                assertTrue(tracker.flush(Duration.ofSeconds(10)));
                assertEquals(expected, server.stored());
                assertEquals(250, server.acceptedPoints());
                assertEquals(List.of(new StandInServer.Artifact("sample_image", "samples/a.png", 100L, null, 200)), server.artifacts());
                assertEquals(250, tracker.deliveredPoints());
                assertFalse(Files.exists(tracker.spoolFile()), "a drained spool is removed");
            }
        }
    }

    @Test
    void whatCloseCannotDeliverIsKeptAndSentByTheNextTrackerOfTheRun() throws Exception {
        int port = freePort();
        Map<String, Double> expected;
        HttpTracker first = tracker(port).optBatchSize(5).optMaxBufferedPoints(10).optCloseTimeout(Duration.ofMillis(200)).build();
        expected = logPoints(first, 0, 30);
        first.artifact(ArtifactKind.LOG, sample("log.txt"), null, null);
        first.close();
        assertEquals(30, first.pendingPoints(), "close reports the undelivered points");
        assertThrows(IllegalStateException.class, () -> first.scalar("loss/d", 99, 1));

        try (StandInServer server = new StandInServer(RUN, port);
                HttpTracker second = tracker(port).build()) {
            expected.putAll(logPoints(second, 15, 4));
            assertTrue(second.flush(Duration.ofSeconds(10)));
            assertEquals(expected, server.stored());
            assertEquals(34, server.acceptedPoints());
            assertEquals(1, server.artifacts().size());
            assertEquals(30, server.artifacts().get(0).pointsStoredBefore(), "the old artifact still follows its points");
        }
    }

    @Test
    void aRejectedBatchIsDroppedNotRetried() throws Exception {
        try (StandInServer server = new StandInServer(RUN, 0);
                // only flush() sends, so the five points are one request however slow this machine is
                HttpTracker tracker = tracker(server.port()).optBatchSize(100).optFlushInterval(Duration.ofSeconds(30)).build()) {
            server.failure = StandInServer.Failure.STATUS_400;
            server.failuresLeft.set(1);
            logPoints(tracker, 0, 5);
            assertTrue(tracker.flush(Duration.ofSeconds(5)));
            Thread.sleep(150); // several backoff periods: a retry would show up
            assertEquals(1, server.requests.get());
            assertEquals(5, tracker.rejectedPoints());
            assertEquals(0, tracker.deliveredPoints());
            assertTrue(server.stored().isEmpty());
            // the tracker goes on with later points
            Map<String, Double> later = logPoints(tracker, 10, 4);
            assertTrue(tracker.flush(Duration.ofSeconds(5)));
            assertEquals(later, server.stored());
        }
    }

    @Test
    void aWrongTokenIsAClientErrorAndIsNotRetried() throws Exception {
        try (StandInServer server = new StandInServer(RUN, 0);
                HttpTracker tracker = tracker(server.port()).setToken("wrong").optFlushInterval(Duration.ofSeconds(30)).build()) {
            logPoints(tracker, 0, 3);
            assertTrue(tracker.flush(Duration.ofSeconds(5)));
            Thread.sleep(100);
            assertEquals(1, server.requests.get());
            assertEquals(3, tracker.rejectedPoints());
        }
    }

    @Test
    void nonFiniteValuesBecomeACounterTheServerAccepts() throws Exception {
        try (StandInServer server = new StandInServer(RUN, 0);
                HttpTracker tracker = tracker(server.port()).build()) {
            tracker.scalar("loss/d", 1, 0.5);
            tracker.scalar("loss/d", 2, Double.NaN);
            tracker.scalar("loss/d", 3, Double.POSITIVE_INFINITY);
            tracker.scalars(3, Map.of("loss/g", Double.NEGATIVE_INFINITY));
            assertTrue(tracker.flush(Duration.ofSeconds(5)));
            assertEquals(Map.of("loss/d@1", 0.5, "nonfinite/loss/d@2", 1.0, "nonfinite/loss/d@3", 2.0, "nonfinite/loss/g@3", 1.0),
                    server.stored());
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() throws Exception {
        try (StandInServer server = new StandInServer(RUN, 0);
                HttpTracker tracker = tracker(server.port()).build()) {
            Path outside = Files.writeString(tmp.resolve("elsewhere.png"), "x");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tracker.artifact(ArtifactKind.SAMPLE_IMAGE, outside, 1L, null));
            assertTrue(e.getMessage().contains("outside the run folder"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> tracker.artifact(ArtifactKind.SAMPLE_IMAGE, tmp.resolve("runs/7/missing.png"), 1L, null));
            assertThrows(IllegalArgumentException.class, () -> tracker.scalar("", 1, 1));
            assertThrows(IllegalArgumentException.class, () -> tracker.scalar("loss", -1, 1));
        }
        e("batchSize", () -> tracker(1).optBatchSize(HttpTracker.MAX_BATCH_SIZE + 1).build());
        e("runId", () -> tracker(1).setRunId(0).build());
        e("token", () -> tracker(1).setToken(" ").build());
        e("maxBufferedPoints", () -> tracker(1).optMaxBufferedPoints(0).build());
    }

    private interface Build {
        HttpTracker build() throws Exception;
    }

    private static void e(String name, Build build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::build);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
