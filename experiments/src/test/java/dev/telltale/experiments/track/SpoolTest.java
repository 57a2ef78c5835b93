package dev.telltale.experiments.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static QueuedItem point(long step) {
        return new QueuedItem.Point(new MetricPoint("loss", step, step / 2.0, 1000 + step));
    }

    @Test
    void aNewSpoolResumesAfterTheAcknowledgedOffsetAndSurvivesAHalfWrittenLine() throws Exception {
        Spool spool = new Spool(dir, 5);
        for (int step = 0; step < 10; step++) {
            spool.append(point(step));
        }
        spool.append(new QueuedItem.Artifact(new ArtifactRecord(ArtifactKind.CHECKPOINT, "c/x.params", 9L, null, 5)));
        List<QueuedItem> first = spool.load(4);
        assertEquals(List.of(point(0), point(1), point(2), point(3)), first);
        spool.commitLoaded();
        spool.load(3); // in flight when the process dies: not acknowledged
        spool.close();
        // the process died in the middle of writing a line
        Files.writeString(spool.file(), "{\"type\":\"point\",\"key\":\"lo", StandardOpenOption.APPEND);

        Spool replay = new Spool(dir, 5);
        assertEquals(7, replay.unreadItems(), "6 unacknowledged points and the artifact; the half line is not an item");
        assertEquals(6, replay.unreadPoints());
        replay.append(point(10));
        List<QueuedItem> rest = replay.load(100);
        assertEquals(8, rest.size());
        assertEquals(point(4), rest.get(0));
        assertFalse(rest.get(6).isPoint());
        assertEquals(point(10), rest.get(7), "an item appended after the half line is intact");
        replay.commitLoaded();
        assertFalse(Files.exists(replay.file()), "a fully acknowledged spool is removed");
        assertFalse(replay.hasUnread());
    }

    @Test
    void persistPutsTheItemsInMemoryBeforeTheUnreadTail() {
        Spool spool = new Spool(dir, 6);
        for (int step = 0; step < 6; step++) {
            spool.append(point(step));
        }
        spool.load(2); // steps 0, 1 are in memory now, together with fresh ones
        spool.persist(List.of(point(0), point(1), point(100)));
        spool.close();
        Spool replay = new Spool(dir, 6);
        List<QueuedItem> all = replay.load(100);
        assertEquals(List.of(point(0), point(1), point(100), point(2), point(3), point(4), point(5)), all);
        assertTrue(Files.exists(replay.file()));
    }
}
