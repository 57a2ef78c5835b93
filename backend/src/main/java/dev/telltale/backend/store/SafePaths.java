package dev.telltale.backend.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves user-given relative paths so that nothing outside a base folder is ever reached: no
 * absolute paths, no {@code ..} that climbs out, no symbolic link that points out.
 */
public final class SafePaths {

    private SafePaths() {}

    /**
     * The regular file {@code relative} names inside {@code base}, as a real path; an
     * {@link InvalidInputException} on {@code field} otherwise.
     */
    public static Path existingFileInside(Path base, String relative, String field) {
        Path candidate = inside(base, relative, field);
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(field, "no file '" + relative + "' in the run's folder");
        }
        Path real;
        Path realBase;
        try {
            real = candidate.toRealPath();
            realBase = base.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot resolve '" + relative + "': " + e.getMessage());
        }
        if (!real.startsWith(realBase)) {
            throw new InvalidInputException(field, "'" + relative + "' leads outside the run's folder");
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidInputException(field, "'" + relative + "' is not a regular file");
        }
        return real;
    }

    /** {@code relative} resolved under {@code base} without touching the disk, refusing escapes. */
    public static Path inside(Path base, String relative, String field) {
        if (relative == null || relative.isBlank()) {
            throw new InvalidInputException(field, "path is empty");
        }
        if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
            throw new InvalidInputException(field, "path has a forbidden character");
        }
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(field, "not a path: " + e.getMessage());
        }
        if (rel.isAbsolute()) {
            throw new InvalidInputException(field, "path must be relative to the run's folder");
        }
        Path resolved = base.resolve(rel).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new InvalidInputException(field, "path leaves the run's folder");
        }
        return resolved;
    }
}
