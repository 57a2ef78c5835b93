package dev.telltale.backend.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Pictures made on request, in one flat folder, each named by the hash of its bytes: the same
 * picture asked for twice is one file, and a name says nothing about the run or caption behind it.
 * Files nobody asked for again within {@code maxAge} are removed (checked at most hourly).
 */
public final class GeneratedFiles {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}\\.(png|gif)");
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Path dir;
    private final Duration maxAge;
    private Instant lastPrune = Instant.EPOCH;

    public GeneratedFiles(Path dir, Duration maxAge) {
        this.dir = dir;
        this.maxAge = maxAge;
    }

    /** Whether {@code name} is one this store could have made (a hash and png or gif, nothing else). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Stores the bytes (if new) and returns their file name. */
    public String write(byte[] bytes, String extension) {
        if (!extension.equals("png") && !extension.equals("gif")) {
            throw new IllegalArgumentException("png or gif, not " + extension);
        }
        String name = hash(bytes) + "." + extension;
        Path file = dir.resolve(name);
        try {
            // a full disk may be what failed last time: what a prune frees comes first
            pruneIfDue();
            Files.createDirectories(dir);
            // written afresh even when a file of that name exists: touching it instead raced a prune
            // that could delete it between the check and the answer (a link to a missing picture)
            Path tmp = Files.createTempFile(dir, "new-", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a generated picture in " + dir, e);
        }
        return name;
    }

    /** The stored file of a valid name, if there is one. */
    public Optional<Path> file(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        Path file = dir.resolve(name);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    private void pruneIfDue() {
        Instant now = Instant.now();
        synchronized (this) {
            if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
                return;
            }
            lastPrune = now;
        }
        prune(now.minus(maxAge));
    }

    /** Removes the pictures last asked for before {@code cutoff}. */
    public void prune(Instant cutoff) {
        try (Stream<Path> files = Files.list(dir)) {
            // and temp files a crash left (a live write's is seconds old, never past the cutoff)
            files.filter(f -> validName(f.getFileName().toString()) || f.getFileName().toString().matches("new-.*\\.tmp")).forEach(f -> {
                try {
                    if (Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // gone already, or unreadable: the next prune tries again
                }
            });
        } catch (IOException ignored) {
            // no folder yet
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
