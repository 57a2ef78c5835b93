package dev.telltale.backend.bench;

import dev.telltale.backend.ServerConfig;
import dev.telltale.backend.TelltaleServer;
import dev.telltale.backend.jobs.SchedulerConfig;
import dev.telltale.backend.store.NewRun;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.ArtifactKind;
import dev.telltale.experiments.track.HttpTracker;
import dev.telltale.experiments.track.Tracker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tracking overhead (not a test): the same small real Stage-I training run, in this process,
 * alternately with the HTTP tracker against a live server and with tracking off; prints the median
 * wall time of each and their ratio (target: tracked at most 3 % slower).
 *
 * <pre>java -cp backend/target/telltale.jar dev.telltale.backend.bench.TrackingOverheadBenchmark [--reps N] [--steps N]</pre>
 */
public final class TrackingOverheadBenchmark {

    private TrackingOverheadBenchmark() {}

    /** Tracking off: everything is dropped. */
    static final class Off implements Tracker {
        @Override
        public void scalar(String key, long step, double value) {}

        @Override
        public void artifact(ArtifactKind kind, Path file, Long step, Integer captionIndex) {}

        @Override
        public void heartbeat() {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int reps = 5;
        int steps = 150;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("telltale-overhead");
        String token = "bench-token-0123456789abcdef";
        Map<String, Object> params = new java.util.LinkedHashMap<>(Map.of("steps", steps, "trainImages", 256, "testImages", 32,
                "sampleEvery", 50, "checkpointEvery", steps, "imageSize", 32, "gfDim", 16, "dfDim", 16, "batchSize", 16));
        // one text encoder for all repetitions, so only the GAN loop is timed
        Train.Outcome first = Train.run(new Train.Request("stackgan-stage1", "shapes", "tiny", params, work.resolve("warmup"),
                null, null, false, dir -> new Off()));
        params.put("textEncoder", first.textEncoder().toString());
        List<Double> tracked = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        try (TelltaleServer server = TelltaleServer.start(new ServerConfig("127.0.0.1", 0, work.resolve("server"), token, true,
                SchedulerConfig.defaults()))) {
            for (int r = 0; r < reps; r++) {
                long runId = server.tracking().runs().create(new NewRun("overhead " + r, "stackgan-stage1", "shapes", "tiny",
                        null, null, List.of(), null)).id();
                Path runDir = server.tracking().folder().ensureRunDir(runId);
                Path offDir = work.resolve("off-" + r);
                // alternate which arm goes first, so drift (heap growth, a neighbour's load) doesn't favour one arm
                for (int arm = 0; arm < 2; arm++) {
                    if ((arm + r) % 2 == 0) {
                        off.add(time(params, offDir, dir -> new Off()));
                    } else {
                        tracked.add(time(params, runDir, dir -> HttpTracker.builder()
                                .setServer(URI.create("http://127.0.0.1:" + server.port())).setRunId(runId).setToken(token)
                                .setRunDir(dir).optSpoolDir(dir.resolve(".spool")).build()));
                    }
                }
                System.out.printf(Locale.ROOT, "rep %d: off %.2f s, tracked %.2f s%n", r + 1, off.get(r), tracked.get(r));
            }
        }
        double mOff = median(off);
        double mTracked = median(tracked);
        System.out.printf(Locale.ROOT, "median: off %.2f s, tracked %.2f s, tracked/off %.3f (target <= 1.03)%n",
                mOff, mTracked, mTracked / mOff);
    }

    private static double time(Map<String, Object> params, Path out, java.util.function.Function<Path, Tracker> tracker)
            throws Exception {
        long t0 = System.nanoTime();
        Train.run(new Train.Request("stackgan-stage1", "shapes", "tiny", params, out, null, null, false, tracker));
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
