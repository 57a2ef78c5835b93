package dev.telltale.backend.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of a worker's log, read from the end: logs have no size cap. */
class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void theLastLinesComeFromTheEndOfTheFile() throws IOException {
        Path log = dir.resolve("worker.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        assertEquals("line 199997\nline 199998\nline 199999", Scheduler.tail(log, 3));
        assertEquals(200_000, Scheduler.tail(log, 300_000).split("\n").length, "fewer lines than asked: all of them");
        Files.writeString(log, "no newline at the end\nlast");
        assertEquals("last", Scheduler.tail(log, 1));
        assertEquals("", Scheduler.tail(dir.resolve("missing.log"), 5));
        Files.writeString(log, "");
        assertEquals("", Scheduler.tail(log, 5));
    }

    @Test
    void aBrokenByteOrAHugeLineDoesNotCostTheTail() throws IOException {
        Path log = dir.resolve("worker.log");
        try (OutputStream out = Files.newOutputStream(log)) {
            // a runaway line of 20 MB, then a byte that is not UTF-8 in the line that says why it failed
            byte[] junk = new byte[1 << 20];
            java.util.Arrays.fill(junk, (byte) 'x');
            for (int i = 0; i < 20; i++) {
                out.write(junk);
            }
            out.write("\nException: caf".getBytes(StandardCharsets.UTF_8));
            out.write(0xe9);
            out.write(" exploded\n".getBytes(StandardCharsets.UTF_8));
        }
        String tail = Scheduler.tail(log, 40);
        assertTrue(tail.endsWith("Exception: caf\uFFFD exploded"), tail.substring(Math.max(0, tail.length() - 80)));
        assertTrue(tail.length() <= Scheduler.TAIL_MAX_BYTES + 64 * 1024, "read at most a few MB: " + tail.length());
    }
}
