package dev.telltale.experiments.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.train.ConditionedGenerator;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.StackGanModels;
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
 * in the same process (the machine's ceiling for dense work), and the FLOP/s a step achieves as a
 * share of it. A step's FLOPs are counted from the networks' layer shapes ({@link ModelFlops}): the
 * discriminator update runs G forward once and D forward and backward on real, wrong and fake
 * (backward ≈ 2× forward), the generator update runs G and D forward and backward, so a step is
 * about 4·G + 12·D forward passes (plus the frozen Stage-I forward for Stage-II); with
 * discriminatorBatch joint the generator update passes the real and wrong pairs through D as well,
 * 4·G + 18·D. The first steps are left out.
 *
 * <pre>java -cp experiments/target/telltale-experiments.jar dev.telltale.experiments.bench.StepSpeedBenchmark [--presets cpu,paper] [--steps N] [--stages 1,2]</pre>
 */
public final class StepSpeedBenchmark {

    private StepSpeedBenchmark() {}

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // the steps timed are those training would run: with oneDNN switched off where it is wrong
        System.out.println(dev.telltale.experiments.ConvolutionCheck.ensure().description());
        List<String> presets = List.of("cpu", "paper");
        int steps = 12;
        boolean stageTwo = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--presets" -> presets = List.of(args[i + 1].split(","));
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                // the paper's Stage-II step is about 11 TFLOP: minutes per step on a small CPU
                case "--stages" -> stageTwo = args[i + 1].contains("2");
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
            double oneMs = medianStepMs(s1);
            ParamMap oneParams = params(s1);
            double oneFlops = stepFlops(oneParams, embeddingDim, null);
            System.out.printf(Locale.ROOT, "%s Stage-I: median %.0f ms/step, %.2f GFLOP/step, %.1f GFLOP/s = %.0f %% of matmul%n",
                    preset, oneMs, oneFlops / 1e9, oneFlops / oneMs / 1e6, 100 * oneFlops / oneMs / 1e6 / gflops);
            if (!stageTwo) {
                continue;
            }
            Map<String, Object> two = new LinkedHashMap<>(common);
            two.put("stage1", one.checkpoint().toString());
            Path s2 = work.resolve(preset + "-stage2");
            Train.run(new Train.Request("stackgan-stage2", "shapes", preset, two, s2, null, null, false, LocalTracker::new));
            double twoMs = medianStepMs(s2);
            double twoFlops = stepFlops(params(s2), embeddingDim, oneParams);
            System.out.printf(Locale.ROOT, "%s Stage-II: median %.0f ms/step, %.2f GFLOP/step, %.1f GFLOP/s = %.0f %% of matmul%n",
                    preset, twoMs, twoFlops / 1e9, twoFlops / twoMs / 1e6, 100 * twoFlops / twoMs / 1e6 / gflops);
        }
    }

    /** The resolved parameters a run wrote to its spec.json. */
    static ParamMap params(Path runDir) throws java.io.IOException {
        com.google.gson.JsonObject spec = com.google.gson.JsonParser.parseString(Files.readString(runDir.resolve("spec.json")))
                .getAsJsonObject();
        Map<String, Object> map = new com.google.gson.Gson().fromJson(spec.get("params"),
                new com.google.gson.reflect.TypeToken<Map<String, Object>>() {}.getType());
        return new ParamMap(map);
    }

    /** FLOPs of one training step (see the class comment); Stage-II when {@code stageOne} is given. */
    static double stepFlops(ParamMap p, int embeddingDim, ParamMap stageOne) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int batch = p.getInt("batchSize");
            double extra = 0;
            ConditionedGenerator g;
            Block d;
            Shape x;
            if (stageOne == null) {
                g = StackGanModels.stageOneGenerator(p, embeddingDim);
                d = StackGanModels.stageOneDiscriminator(p, embeddingDim);
                x = new Shape(batch, p.getInt("zDim"));
            } else {
                int s1 = stageOne.getInt("imageSize");
                ConditionedGenerator one = StackGanModels.stageOneGenerator(stageOne, embeddingDim);
                one.initialize(m, DataType.FLOAT32, new Shape(batch, stageOne.getInt("zDim")), new Shape(batch, embeddingDim));
                extra = ModelFlops.forward(one);
                g = StackGanModels.stageTwoGenerator(p, embeddingDim, s1);
                d = StackGanModels.stageTwoDiscriminator(p, embeddingDim, s1);
                x = new Shape(batch, 3, s1, s1);
            }
            int size = stageOne == null ? p.getInt("imageSize") : 4 * stageOne.getInt("imageSize");
            g.initialize(m, DataType.FLOAT32, x, new Shape(batch, embeddingDim));
            d.initialize(m, DataType.FLOAT32, new Shape(batch, 3, size, size), new Shape(batch, StackGanModels.discriminatorConditionDim(p, embeddingDim)));
            int discriminatorPasses = StackGanModels.jointDiscriminatorBatch(p) ? 18 : 12;
            return 4 * ModelFlops.forward(g) + discriminatorPasses * ModelFlops.forward(d) + extra;
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
