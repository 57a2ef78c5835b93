package dev.telltale.backend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store of pictures made on request: one file per picture, old ones and crash leftovers pruned. */
class GeneratedFilesTest {

    @TempDir
    Path dir;

    @Test
    void aPictureAskedForAgainIsStoredAfreshAndLeftoversOfACrashArePruned() throws Exception {
        GeneratedFiles files = new GeneratedFiles(dir, Duration.ofDays(7));
        byte[] png = {1, 2, 3};
        String name = files.write(png, "png");
        Path file = files.file(name).orElseThrow();
        Instant old = Instant.now().minus(Duration.ofDays(8));
        Files.setLastModifiedTime(file, FileTime.from(old));
        // a write that died between its temp file and the move
        Path leftover = Files.write(dir.resolve("new-123.tmp"), new byte[] {9});
        Files.setLastModifiedTime(leftover, FileTime.from(old));

        assertEquals(name, files.write(png, "png"), "the same bytes, the same name");
        assertArrayEquals(png, Files.readAllBytes(files.file(name).orElseThrow()));
        assertTrue(Files.getLastModifiedTime(file).toInstant().isAfter(old), "asked for again: young again");
        files.prune(Instant.now().minus(Duration.ofDays(7)));
        assertTrue(files.file(name).isPresent(), "a picture just asked for survives the prune");
        assertFalse(Files.exists(leftover), "the crash's temp file is pruned");
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temp file of the writes is left behind");
        }
    }
}
