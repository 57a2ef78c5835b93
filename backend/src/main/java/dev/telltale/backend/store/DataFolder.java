package dev.telltale.backend.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The layout of the data folder: the H2 file, {@code runs/<id>/} per run, the token file, {@code generated/}, {@code studies/<id>/}. */
public final class DataFolder {

    private final Path root;

    public DataFolder(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data folder " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Path runsDir() {
        return root.resolve("runs");
    }

    public Path runDir(long runId) {
        return runsDir().resolve(Long.toString(runId));
    }

    public Path tokenFile() {
        return root.resolve("token");
    }

    public Path cacheDir() {
        return root.resolve("cache");
    }

    /** Pictures generated on request (not artifacts of any run). */
    public Path generatedDir() {
        return root.resolve("generated");
    }

    /** The sample files of ranking studies, {@code studies/<id>/} each. */
    public Path studiesDir() {
        return root.resolve("studies");
    }

    public Path studyDir(long studyId) {
        return studiesDir().resolve(Long.toString(studyId));
    }

    /** Creates the run's folder if it is missing and returns it. */
    public Path ensureRunDir(long runId) {
        Path dir = runDir(runId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }
}
