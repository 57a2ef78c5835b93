package dev.telltale.experiments.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.track.MetricPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step times (not a test): median ms per Stage-I and Stage-II training step for the given presets
 * on shapes, measured by the training loop itself, next to the FLOP/s of a 2048² float matmul run
 * in the same process (the machine's ceiling for dense work). The first steps are left out.
 *
 * <pre>java -cp experiments/target/telltale-experiments.jar dev.telltale.experiments.bench.StepSpeedBenchmark [--presets cpu,paper] [--steps N]</pre>
 */
public final class StepSpeedBenchmark {

    private StepSpeedBenchmark() {}

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        List<String> presets = List.of("cpu", "paper");
        int steps = 12;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--presets" -> presets = List.of(args[i + 1].split(","));
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        double gflops = matmulGflops();
        System.out.printf(Locale.ROOT, "2048x2048 float matmul: %.1f GFLOP/s (%d cores)%n", gflops, Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("telltale-steps");
        for (String preset : presets) {
            Map<String, Object> common = new LinkedHashMap<>(Map.of("steps", steps, "trainImages", 128, "testImages", 16,
                    "sampleEvery", 0, "checkpointEvery", steps));
            // a small text encoder of the preset's embedding size: only the GAN steps are timed here
            int embeddingDim = dev.telltale.experiments.catalog.Catalog.load()
                    .resolve("stackgan-stage1", "shapes", preset, Map.of()).getInt("embeddingDim");
            Train.Outcome encoder = Train.run(new Train.Request("text-encoder", "shapes", "tiny",
                    new LinkedHashMap<>(Map.of("embeddingDim", embeddingDim, "trainImages", 128, "testImages", 16)),
                    work.resolve(preset + "-text"), null, null, false, LocalTracker::new));
            common.put("textEncoder", encoder.checkpoint().toString());
            Path s1 = work.resolve(preset + "-stage1");
            Train.Outcome one = Train.run(new Train.Request("stackgan-stage1", "shapes", preset, common, s1, null, null, false,
                    LocalTracker::new));
            System.out.printf(Locale.ROOT, "%s Stage-I: median %.0f ms/step%n", preset, medianStepMs(s1));
            Map<String, Object> two = new LinkedHashMap<>(common);
            two.put("stage1", one.checkpoint().toString());
            Path s2 = work.resolve(preset + "-stage2");
            Train.run(new Train.Request("stackgan-stage2", "shapes", preset, two, s2, null, null, false, LocalTracker::new));
            System.out.printf(Locale.ROOT, "%s Stage-II: median %.0f ms/step%n", preset, medianStepMs(s2));
        }
    }

    static double medianStepMs(Path dir) {
        List<MetricPoint> points = LocalTracker.readMetrics(dir);
        double[] ms = points.stream().filter(p -> p.key().equals("time/step_ms") && p.step() > 2)
                .mapToDouble(MetricPoint::value).sorted().toArray();
        return ms.length == 0 ? Double.NaN : ms[ms.length / 2];
    }

    static double matmulGflops() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.randomUniform(0, 1, new Shape(2048, 2048));
            NDArray b = m.randomUniform(0, 1, new Shape(2048, 2048));
            double[] t = new double[7];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(t);
            return 2.0 * 2048 * 2048 * 2048 / t[t.length / 2] / 1e9;
        }
    }
}
