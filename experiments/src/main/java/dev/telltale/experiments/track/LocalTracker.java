package dev.telltale.experiments.track;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tracks a run into plain files of a folder, for runs without a server and for tests:
 * {@code metrics.csv} ({@code key,step,value,time}, time in epoch ms) and {@code artifacts.jsonl}
 * (one JSON object a line). Both are appended to, so a resumed run continues its files.
 * Thread-safe.
 */
public final class LocalTracker implements Tracker {

    public static final String METRICS_FILE = "metrics.csv";
    public static final String ARTIFACTS_FILE = "artifacts.jsonl";
    private static final String HEADER = "key,step,value,time";
    // scalars are cheap to lose on a crash but a flush per scalar would cost a syscall per step
    private static final long FLUSH_EVERY_MS = 1000;

    private final Path dir;
    private final TrackerChecks checks = new TrackerChecks();
    private final Writer metrics;
    private final Writer artifacts;
    private long lastFlush = System.currentTimeMillis();
    private volatile Instant lastHeartbeat;
    private boolean closed;

    /** Opens (creating if needed) the tracking files in {@code dir}. */
    public LocalTracker(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("tracking folder must be given");
        }
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
            Path metricsFile = this.dir.resolve(METRICS_FILE);
            // a run that died mid-line (its writer flushes whenever its buffer fills) is resumed
            // here: its half line is dropped, or the next line would be glued to it and the file unreadable
            dropPartialLastLine(metricsFile);
            dropPartialLastLine(this.dir.resolve(ARTIFACTS_FILE));
            boolean fresh = !Files.exists(metricsFile) || Files.size(metricsFile) == 0;
            metrics = append(metricsFile);
            if (fresh) {
                metrics.write(HEADER + "\n");
            }
            artifacts = append(this.dir.resolve(ARTIFACTS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the tracking files in " + this.dir, e);
        }
    }

    static void dropPartialLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = channel.size();
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            long keep = end;
            // back to just after the last newline (a line is at most a few hundred bytes; a file of
            // one unterminated line is emptied)
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                channel.truncate(keep);
            }
        }
    }

    private static Writer append(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void scalar(String key, long step, double value) {
        ensureOpen();
        MetricPoint point = checks.point(key, step, value, System.currentTimeMillis());
        try {
            metrics.write(csvField(point.key()) + "," + point.step() + "," + point.value() + "," + point.time() + "\n");
            if (point.time() - lastFlush >= FLUSH_EVERY_MS) {
                flushWriters();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(METRICS_FILE), e);
        }
    }

    @Override
    public synchronized void artifact(ArtifactKind kind, Path file, Long step, Integer captionIndex) {
        ensureOpen();
        TrackerChecks.checkArtifactArguments(kind, step, captionIndex);
        if (file == null) {
            throw new IllegalArgumentException("artifact file must be given");
        }
        Path absolute = file.toAbsolutePath().normalize();
        String path = absolute.startsWith(dir) ? slashes(dir.relativize(absolute)) : absolute.toString();
        JsonObject json = new JsonObject();
        json.addProperty("kind", kind.apiName());
        json.addProperty("path", path);
        if (step != null) {
            json.addProperty("step", step);
        }
        if (captionIndex != null) {
            json.addProperty("captionIndex", captionIndex);
        }
        json.addProperty("time", System.currentTimeMillis());
        try {
            // written after the scalars before it, and flushed with them: the file order is the call order
            artifacts.write(json + "\n");
            flushWriters();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(ARTIFACTS_FILE), e);
        }
    }

    /** Only remembers the time: a local run has no one to tell that it is alive. */
    @Override
    public void heartbeat() {
        lastHeartbeat = Instant.now();
    }

    public Optional<Instant> lastHeartbeat() {
        return Optional.ofNullable(lastHeartbeat);
    }

    @Override
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            flushWriters();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush the tracking files in " + dir, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Writer m = metrics; Writer a = artifacts) {
            m.flush();
            a.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the tracking files in " + dir, e);
        }
    }

    private void flushWriters() throws IOException {
        metrics.flush();
        artifacts.flush();
        lastFlush = System.currentTimeMillis();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("tracker of " + dir + " is closed");
        }
    }

    /** Every point of {@code dir}'s metrics file, in the order they were recorded. */
    public static List<MetricPoint> readMetrics(Path dir) {
        Path file = dir.resolve(METRICS_FILE);
        List<MetricPoint> points = new ArrayList<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line : (Iterable<String>) lines::iterator) {
                lineNumber++;
                if (line.isEmpty() || (lineNumber == 1 && line.equals(HEADER))) {
                    continue;
                }
                points.add(parseMetricLine(file, lineNumber, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return points;
    }

    /** Every artifact registered in {@code dir}, in registration order. */
    public static List<ArtifactRecord> readArtifacts(Path dir) {
        Path file = dir.resolve(ARTIFACTS_FILE);
        List<ArtifactRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                    records.add(new ArtifactRecord(
                            ArtifactKind.fromApiName(json.get("kind").getAsString()),
                            json.get("path").getAsString(),
                            json.has("step") ? json.get("step").getAsLong() : null,
                            json.has("captionIndex") ? json.get("captionIndex").getAsInt() : null,
                            json.get("time").getAsLong()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + " is not an artifact record: " + line, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return records;
    }

    private static MetricPoint parseMetricLine(Path file, int lineNumber, String line) {
        try {
            String key;
            int rest;
            if (line.startsWith("\"")) {
                StringBuilder sb = new StringBuilder();
                int i = 1;
                while (true) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    sb.append(c);
                    i++;
                }
                key = sb.toString();
                rest = i + 1;
            } else {
                rest = line.indexOf(',');
                key = line.substring(0, rest);
            }
            String[] fields = line.substring(rest + 1).split(",", -1);
            if (line.charAt(rest) != ',' || fields.length != 3) {
                throw new IllegalArgumentException("expected 4 fields");
            }
            return new MetricPoint(key, Long.parseLong(fields[0]), Double.parseDouble(fields[1]), Long.parseLong(fields[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not key,step,value,time: " + line, e);
        }
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
