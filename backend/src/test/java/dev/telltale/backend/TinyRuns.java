package dev.telltale.backend;

import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.LocalTracker;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real tiny Stage-I StackGAN runs (shapes, 3 steps) for API and page tests: each seed is trained once
 * per test JVM, in this process, then planted into a server's data folder as a tracked run whose
 * checkpoints are registered the way a worker registers them. Seeds other than {@link #FIRST} reuse
 * the first run's text encoder, as a user comparing generators on one encoder would.
 */
public final class TinyRuns {

    public static final long FIRST = 1;
    public static final String GENERATOR = "checkpoints/stage1-step-0000003.zip";
    public static final String ENCODER = "text-encoder/checkpoints/text-encoder.zip";

    private static final Map<Long, Path> TRAINED = new HashMap<>();
    private static Path cache;

    /** A planted run: its id, its generator checkpoint's artifact id and (seed 1 only) its text encoder's. */
    public record TinyRun(long runId, long generatorCheckpoint, Long encoderCheckpoint, Path runDir) {}

    private TinyRuns() {}

    /** The folder of the tiny run trained with {@code seed}. */
    public static synchronized Path trained(long seed) throws IOException {
        Path done = TRAINED.get(seed);
        if (done != null) {
            return done;
        }
        if (cache == null) {
            cache = Files.createTempDirectory("telltale-tiny-runs");
            Path root = cache;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        }
        Map<String, Object> params = new LinkedHashMap<>(Map.of("trainImages", 48, "testImages", 12, "sampleEvery", 0, "seed", seed));
        if (seed != FIRST) {
            params.put("textEncoder", trained(FIRST).resolve(ENCODER).toString());
        }
        Path dir = cache.resolve("seed-" + seed);
        Train.run(new Train.Request("stackgan-stage1", "shapes", "tiny", params, dir, null, null, false, LocalTracker::new));
        TRAINED.put(seed, dir);
        return dir;
    }

    /** A new tracked run named {@code name} holding a copy of the tiny run of {@code seed}, FINISHED when asked. */
    public static TinyRun plant(TestServer s, String name, long seed, boolean finished) throws Exception {
        Path source = trained(seed);
        long runId = s.createRun(name);
        Path runDir = s.server.tracking().folder().runDir(runId);
        copyTree(source, runDir);
        long generator = register(s, runId, GENERATOR, 3);
        // registered last at the same step, the encoder's checkpoint heads the run's checkpoint list
        Long encoder = Files.isRegularFile(runDir.resolve(ENCODER)) ? register(s, runId, ENCODER, 3) : null;
        if (finished) {
            finish(s, runId);
        }
        return new TinyRun(runId, generator, encoder, runDir);
    }

    public static long register(TestServer s, long run, String path, long step) throws Exception {
        HttpResponse<String> r = s.post("/api/runs/" + run + "/artifacts",
                new JsonObject().put("kind", "checkpoint").put("path", path).put("step", step));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("register " + path + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getLong("id");
    }

    /** QUEUED → RUNNING → FINISHED, as the run's worker would report. */
    public static void finish(TestServer s, long runId) throws Exception {
        for (String status : new String[] {"RUNNING", "FINISHED"}) {
            HttpResponse<String> r = s.post("/api/runs/" + runId + "/status", new JsonObject().put("status", status));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + status + ": " + r.statusCode() + " " + r.body());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
