package dev.telltale.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token file: made once, owner-only, reused; a damaged one named. */
class TokensTest {

    @TempDir
    Path dir;

    @Test
    void aNewTokenIsOwnerOnlyAndKeptAcrossStarts() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("token");
        // what a start that died between writing and moving left behind
        Files.writeString(dir.resolve("token.tmp"), "stale");
        String t = Tokens.loadOrCreate(file, null);
        assertTrue(t.matches("[0-9a-f]{48}"), t);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(t, Tokens.loadOrCreate(file, null), "the next start reads the same token");
        assertTrue(Files.notExists(dir.resolve("token.tmp")));
        assertEquals("given", Tokens.loadOrCreate(file, "given"));
        Files.writeString(file, "short\n");
        IOException e = assertThrows(IOException.class, () -> Tokens.loadOrCreate(file, null));
        assertTrue(e.getMessage().contains("holds no usable token"), e.getMessage());
    }
}
