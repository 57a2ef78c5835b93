package dev.telltale.experiments.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrackerTest {

    @TempDir
    Path dir;

    @Test
    void scalarsRoundTripThroughTheCsvIncludingAwkwardKeys() {
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.scalar("loss/d", 0, 0.6931471805599453);
            tracker.scalar("eval/caption accuracy, top-1", 10, 1e-12);
            tracker.scalar("say \"hi\"", 11, -3.5);
        }
        List<MetricPoint> points = LocalTracker.readMetrics(dir);
        assertEquals(List.of("loss/d", "eval/caption accuracy, top-1", "say \"hi\""),
                points.stream().map(MetricPoint::key).collect(Collectors.toList()));
        assertEquals(0.6931471805599453, points.get(0).value(), 0.0);
        assertEquals(1e-12, points.get(1).value(), 0.0);
        assertEquals(11, points.get(2).step());
        assertTrue(points.get(0).time() > 0);
    }

    @Test
    void aReopenedFolderIsAppendedToWithOneHeader() throws Exception {
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.scalar("a", 1, 1);
        }
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.scalar("a", 2, 2);
        }
        assertEquals(2, LocalTracker.readMetrics(dir).size());
        assertEquals(1, Files.readAllLines(dir.resolve(LocalTracker.METRICS_FILE)).stream().filter(l -> l.startsWith("key,")).count());
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        try (LocalTracker tracker = new LocalTracker(dir)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String key = "worker/" + t;
                threads.add(new Thread(() -> {
                    for (int step = 0; step < 500; step++) {
                        tracker.scalar(key, step, step);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        List<MetricPoint> points = LocalTracker.readMetrics(dir);
        assertEquals(2000, points.size());
        Set<String> distinct = new HashSet<>();
        for (MetricPoint p : points) {
            assertEquals(p.step(), p.value(), 0.0);
            distinct.add(p.key() + "@" + p.step());
        }
        assertEquals(2000, distinct.size());
    }

    @Test
    void artifactsAreRecordedRelativeToTheFolderInOrder() throws Exception {
        Path sample = Files.createDirectories(dir.resolve("samples")).resolve("s.png");
        Files.writeString(sample, "x");
        Path elsewhere = Files.createTempFile("telltale", ".txt");
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.artifact(ArtifactKind.SAMPLE_IMAGE, sample, 100L, 2);
            tracker.artifact(ArtifactKind.LOG, elsewhere, null, null);
            assertThrows(IllegalArgumentException.class, () -> tracker.artifact(null, sample, 1L, null));
            assertThrows(IllegalArgumentException.class, () -> tracker.artifact(ArtifactKind.OTHER, sample, -1L, null));
        } finally {
            Files.delete(elsewhere);
        }
        List<ArtifactRecord> records = LocalTracker.readArtifacts(dir);
        assertEquals(2, records.size());
        assertEquals(ArtifactKind.SAMPLE_IMAGE, records.get(0).kind());
        assertEquals("samples/s.png", records.get(0).path());
        assertEquals(100L, records.get(0).step());
        assertEquals(2, records.get(0).captionIndex());
        assertEquals(elsewhere.toAbsolutePath().toString(), records.get(1).path());
        assertEquals(null, records.get(1).step());
    }

    @Test
    void aRunThatDiedMidLineIsResumedIntoAReadableFile() throws Exception {
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.scalar("loss/d", 1, 0.5);
        }
        // the writer flushed half a row when its buffer filled, then the process was killed
        Files.writeString(dir.resolve(LocalTracker.METRICS_FILE), "loss/d,2,0.2", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve(LocalTracker.ARTIFACTS_FILE), "{\"kind\":\"chec", java.nio.file.StandardOpenOption.APPEND);
        try (LocalTracker resumed = new LocalTracker(dir)) {
            resumed.scalar("loss/d", 2, 0.25);
        }
        assertEquals(List.of("loss/d@1=0.5", "loss/d@2=0.25"),
                LocalTracker.readMetrics(dir).stream().map(p -> p.key() + "@" + p.step() + "=" + p.value()).collect(Collectors.toList()));
        assertEquals("", Files.readString(dir.resolve(LocalTracker.ARTIFACTS_FILE)), "the half artifact line is gone");
    }

    @Test
    void aNonFiniteValueOfALongKeyIsCountedUnderAKeyTheServerTakes() {
        String key = "k".repeat(195);
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.scalar(key, 1, Double.NaN);
        }
        String counter = LocalTracker.readMetrics(dir).get(0).key();
        assertEquals(200, counter.codePointCount(0, counter.length()));
        assertTrue(counter.startsWith("nonfinite/kkk") && counter.endsWith("\u2026"), counter);
    }

    @Test
    void nonFiniteValuesAreCountedUnderTheirOwnKey() {
        try (LocalTracker tracker = new LocalTracker(dir)) {
            tracker.scalar("loss/d", 1, Double.NaN);
            tracker.scalar("loss/g", 1, 2.0);
            tracker.scalar("loss/d", 2, Double.NEGATIVE_INFINITY);
        }
        List<MetricPoint> points = LocalTracker.readMetrics(dir);
        assertEquals(List.of("nonfinite/loss/d@1=1.0", "loss/g@1=2.0", "nonfinite/loss/d@2=2.0"),
                points.stream().map(p -> p.key() + "@" + p.step() + "=" + p.value()).collect(Collectors.toList()));
    }

    @Test
    void aClosedTrackerRefusesMore() {
        LocalTracker tracker = new LocalTracker(dir);
        tracker.close();
        tracker.close();
        assertThrows(IllegalStateException.class, () -> tracker.scalar("a", 1, 1));
    }
}
