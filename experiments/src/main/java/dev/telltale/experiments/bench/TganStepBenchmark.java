package dev.telltale.experiments.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.tganc.Discriminators;
import dev.telltale.experiments.tganc.VideoGenerator;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.TganTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TGANs-C step times (not a test): the median ms per training step of each variant and preset on a
 * bouncing-digit dataset, as the training loop measures it, next to the FLOP/s of a 2048² float
 * matmul in the same process ({@link StepSpeedBenchmark#matmulGflops}) and the share of it a step
 * achieves.
 *
 * <p>A step's FLOPs come from the networks' layer shapes ({@link ModelFlops}, which counts the
 * Conv3d of G and D0, the per-frame Conv2d of D1, D2's convolutions and every fully connected
 * layer). With G and D the forward FLOPs of one batch (D = D0 + D1, + D2 for TGANs-C-A, whose
 * motion discriminator reads D1's frame features within the same pass), and backward ≈ 2× forward
 * (one product for the input gradient, one for the weight gradient):
 * <ul>
 * <li>the D update runs G forward once (its clip is detached, so no G backward) and D forward and
 *     backward on each of the triplet {v_real+, v_real−, v_syn+}: G + 3·3·D;</li>
 * <li>the G update runs G forward, D forward on v_syn+, and backward through both: 3·G + 3·D.</li>
 * </ul>
 * So a step is about 4·G + 12·D forward passes. Left out, as small: the sentence encoder's LSTM
 * (ModelFlops does not count recurrent layers; a few MFLOP at the cpu sizes), normalisation,
 * activations, upsampling and the temporal coherence term. The count is thus a slight
 * underestimate, and the achieved FLOP/s a lower bound. The first two steps (warm-up) are left out
 * of the median; so are sampling, checkpoints and evaluation, which this benchmark turns off. On a
 * shared machine steps vary several-fold with the other load; the fastest step is the better guide
 * to what an idle machine does.
 *
 * <pre>java -cp experiments/target/telltale-experiments.jar dev.telltale.experiments.bench.TganStepBenchmark
 *     [--models tganc-c,tganc-a] [--presets cpu,paper] [--dataset sbmg] [--steps N]</pre>
 */
public final class TganStepBenchmark {

    private TganStepBenchmark() {}

    /** One variant and preset measured. */
    public record Measurement(String model, String preset, double msPerStep, double fastestMs, double generatorFlops,
            double discriminatorFlops, double stepFlops, int presetSteps) {

        public double gflopsPerSecond() {
            return stepFlops / msPerStep / 1e6;
        }

        /** The preset's full run at this step time, in minutes (training steps only). */
        public double presetMinutes() {
            return presetSteps * msPerStep / 60_000;
        }
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // the steps timed are those training would run: with oneDNN switched off where it is wrong
        System.out.println(dev.telltale.experiments.ConvolutionCheck.ensure().description());
        List<String> models = List.of(TganTraining.COHERENCE, TganTraining.ADVERSARIAL);
        List<String> presets = List.of("cpu", "paper");
        String dataset = "sbmg";
        int steps = 12;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--models" -> models = List.of(args[i + 1].split(","));
                case "--presets" -> presets = List.of(args[i + 1].split(","));
                case "--dataset" -> dataset = args[i + 1];
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (steps < 3) {
            throw new IllegalArgumentException("--steps must be at least 3: the first two are warm-up");
        }
        double gflops = StepSpeedBenchmark.matmulGflops();
        System.out.printf(Locale.ROOT, "2048x2048 float matmul: %.1f GFLOP/s (%d cores)%n", gflops, Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("telltale-tganc-steps");
        for (String preset : presets) {
            for (String model : models) {
                Measurement m = measure(model, dataset, preset, steps, work.resolve(model + "-" + preset));
                System.out.printf(Locale.ROOT,
                        "%s %s on %s: median %.0f ms/step (fastest %.0f), %.4f GFLOP/step (G %.4f, D %.4f forward), %.2f GFLOP/s = %.1f %% of matmul;"
                                + " the preset's %d steps would take about %.1f min%n",
                        model, preset, dataset, m.msPerStep(), m.fastestMs(), m.stepFlops() / 1e9, m.generatorFlops() / 1e9,
                        m.discriminatorFlops() / 1e9, m.gflopsPerSecond(), 100 * m.gflopsPerSecond() / gflops, m.presetSteps(),
                        m.presetMinutes());
            }
        }
    }

    /** Trains {@code steps} steps of the preset into {@code dir} (no samples, evaluation or intermediate checkpoints) and times them. */
    public static Measurement measure(String model, String dataset, String preset, int steps, Path dir) throws Exception {
        ParamMap resolved = new ParamMap(dev.telltale.experiments.catalog.Catalog.load().resolve(model, dataset, preset, Map.of()).parameters());
        Map<String, Object> overrides = new LinkedHashMap<>(Map.of("steps", steps, "sampleEvery", 0, "checkpointEvery", steps,
                "evalEvery", 0, "trainClips", 256, "testClips", 16));
        Train.Outcome o = Train.run(new Train.Request(model, dataset, preset, overrides, dir, null, null, false, LocalTracker::new));
        ParamMap p = StepSpeedBenchmark.params(dir);
        int vocabulary = dev.telltale.experiments.train.Checkpoint.read(o.checkpoint()).meta().getAsJsonArray("vocabulary").size();
        int maxWords = dev.telltale.experiments.train.Checkpoint.read(o.checkpoint()).meta().get("maxWords").getAsInt();
        double[] gd = forwardFlops(model, p, vocabulary, maxWords);
        double fastest = LocalTracker.readMetrics(dir).stream().filter(x -> x.key().equals("time/step_ms") && x.step() > 2)
                .mapToDouble(dev.telltale.experiments.track.MetricPoint::value).min().orElse(Double.NaN);
        return new Measurement(model, preset, StepSpeedBenchmark.medianStepMs(dir), fastest, gd[0], gd[1], stepFlops(gd[0], gd[1]),
                resolved.getInt("steps"));
    }

    /** A step's FLOPs from G's and D's forward FLOPs of one batch (see the class comment). */
    public static double stepFlops(double generatorForward, double discriminatorForward) {
        return 4 * generatorForward + 12 * discriminatorForward;
    }

    /** {G, D} forward FLOPs of one batch of the run's parameters; D includes the sentence encoder's fully connected layers. */
    public static double[] forwardFlops(String model, ParamMap p, int vocabularySize, int maxWords) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int batch = p.getInt("batchSize");
            int frames = p.getInt("frames");
            int size = p.getInt("frameSize");
            VideoGenerator g = TganTraining.generator(p);
            g.initialize(m, DataType.FLOAT32, new Shape(batch, p.getInt("zDim")), new Shape(batch, p.getInt("sentenceDim")));
            Discriminators d = TganTraining.discriminators(model, p, vocabularySize);
            d.initialize(m, DataType.FLOAT32, new Shape(batch, 3, frames, size, size), new Shape(batch, maxWords));
            return new double[] {ModelFlops.forward(g), ModelFlops.forward(d)};
        }
    }
}
