package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint file is an ordinary file of its folder: the usual mode, and no temp file left beside it. */
class CheckpointFileTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointHasTheModeAnyNewFileOfItsFolderHasAndLeavesNothingBehind() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("checkpoints/g.zip");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear block = Linear.builder().setUnits(2).build();
            block.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            JsonObject meta = new JsonObject();
            meta.addProperty("kind", "test");
            Checkpoint.write(file, meta, Map.of("b", block));
        }
        Path plain = dir.resolve("checkpoints/plain");
        try (var out = Files.newOutputStream(plain)) {
            out.write(1);
        }
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file), "not owner-only");
        try (var left = Files.list(file.getParent())) {
            assertEquals(2, left.count(), "the checkpoint and the plain file, no temp file");
        }
    }
}
