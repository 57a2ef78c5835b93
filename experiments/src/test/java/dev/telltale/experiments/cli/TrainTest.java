package dev.telltale.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.track.MetricPoint;
import dev.telltale.experiments.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's train command end to end on tiny settings: text encoder, Stage-I, resume, Stage-II, errors. */
class TrainTest {

    @TempDir
    static Path dir;

    static Path stageOne;

    record Ran(int code, String out, String err) {}

    static Ran cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] tiny(String model, Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--model", model, "--dataset", "shapes", "--preset", "tiny",
                "--out", out.toString(), "--no-eval", "--set", "trainImages=48", "--set", "testImages=12"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void trainStageOne() {
        stageOne = dir.resolve("stage1");
        Ran r = cli(tiny("stackgan-stage1", stageOne, "--steps", "20", "--set", "checkpointEvery=10"));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void twentyStepsGiveFiniteLossesEveryStepAndMoveTheGenerator() throws Exception {
        List<MetricPoint> points = LocalTracker.readMetrics(stageOne);
        for (String key : List.of("loss/d", "loss/d_real", "loss/d_wrong", "loss/d_fake", "loss/g", "kl", "lr/g", "time/step_ms")) {
            List<MetricPoint> series = points.stream().filter(p -> p.key().equals(key)).toList();
            assertEquals(20, series.size(), key);
            assertTrue(series.stream().allMatch(p -> Double.isFinite(p.value())), key + " stays finite");
        }
        assertTrue(points.stream().noneMatch(p -> p.key().startsWith("nonfinite/")));
        byte[] at10 = entry(stageOne.resolve("checkpoints/stage1-step-0000010.zip"), "generator.params");
        byte[] at20 = entry(stageOne.resolve("checkpoints/stage1-step-0000020.zip"), "generator.params");
        assertEquals(at10.length, at20.length);
        assertFalse(java.util.Arrays.equals(at10, at20), "ten more steps changed G's weights");
        Checkpoint cp = Checkpoint.read(stageOne.resolve("checkpoints/stage1-step-0000020.zip"));
        assertEquals("stackgan-stage1", cp.kind());
        assertEquals(20, cp.step());
        assertTrue(cp.has("discriminator"));
        assertTrue(Files.isRegularFile(Path.of(cp.meta().get("textEncoderPath").getAsString())), "the encoder it conditioned on is recorded");
        assertTrue(Files.size(stageOne.resolve("samples/stage1-step-0000020.png")) > 0, "sample grid of the fixed captions");
    }

    @Test
    void theEncoderTrainedFirstIsKeptButIsNotOneOfTheRunsCheckpoints() throws Exception {
        // resume, fine-tuning and Stage-II take a run's newest checkpoint: the encoder's (1500 steps in
        // the cpu preset) must never be it
        Map<String, String> kinds = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(stageOne.resolve("artifacts.jsonl"))) {
            var json = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
            kinds.put(json.get("path").getAsString(), json.get("kind").getAsString());
        }
        assertEquals("other", kinds.get("text-encoder/checkpoints/text-encoder.zip"), kinds.toString());
        assertEquals("checkpoint", kinds.get("checkpoints/stage1-step-0000020.zip"), kinds.toString());
    }

    private static byte[] entry(Path zip, String name) throws Exception {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    @Test
    void captionEmbeddingsAreScaledToUnitComponentScale() throws Exception {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                dev.telltale.experiments.train.TextEncoderModel text = dev.telltale.experiments.train.TextEncoderModel.load(
                        stageOne.resolve("text-encoder/checkpoints/text-encoder.zip"), m)) {
            float[][] e = text.embed(List.of("a small red circle in the center", "a large blue star", "nonsense words only"));
            for (float[] v : e) {
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                assertEquals(Math.sqrt(text.embeddingDim()), Math.sqrt(norm), 1e-3, "norm sqrt(E): unit scale per component");
            }
            assertFalse(java.util.Arrays.equals(e[0], e[1]), "different captions, different embeddings");
        }
    }

    @Test
    void evaluationsReachTheTrackerWithTheirSpreadAtEachEvaluationStep() throws Exception {
        List<String> calls = new java.util.ArrayList<>();
        dev.telltale.experiments.track.Tracker recording = new dev.telltale.experiments.track.ForwardingTracker(
                new LocalTracker(dir.resolve("recorded"))) {
            @Override
            public void evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator) {
                calls.add(step + " " + metric + " " + mean + " " + std + " " + n);
            }
        };
        // the judge is tested on its own; here only what the loop does with its answer matters
        dev.telltale.experiments.train.ImageJudge judge = (images, size, intended) -> {
            assertEquals(6, images.size(), "evalSamples images");
            assertEquals(6, intended.size());
            return new java.util.LinkedHashMap<>(Map.of("is_mean", 2.5, "is_std", 0.25, "fid", 40.0, "caption_accuracy", 0.5));
        };
        var p = new dev.telltale.experiments.train.ParamMap(dev.telltale.experiments.catalog.Catalog.load()
                .resolve("stackgan-stage1", "shapes", "tiny", Map.of("steps", 4, "evalEvery", 2, "evalSamples", 6,
                        "trainImages", 400, "testImages", 12)).parameters());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                dev.telltale.experiments.train.TextEncoderModel text = dev.telltale.experiments.train.TextEncoderModel.load(
                        stageOne.resolve("text-encoder/checkpoints/text-encoder.zip"), m)) {
            dev.telltale.experiments.train.StackGanTraining.trainStageOne(new dev.telltale.experiments.train.StackGanTraining.Setup(
                    dev.telltale.experiments.train.Datasets.open("shapes", dev.telltale.experiments.data.Split.TRAIN, p),
                    dev.telltale.experiments.train.Datasets.open("shapes", dev.telltale.experiments.data.Split.TEST, p),
                    p, text, recording, dir.resolve("evaluated"), null, judge));
        }
        assertEquals(List.of("2 inception_score 2.5 0.25 6", "2 fid 40.0 null 6", "2 caption_accuracy 0.5 null 6",
                "4 inception_score 2.5 0.25 6", "4 fid 40.0 null 6", "4 caption_accuracy 0.5 null 6"), calls);
        // beside the judge's figures, what D makes of real images with their own and with one-word-wrong captions
        // (400 training images: most have a sample that differs in the shape only, or the colour only)
        List<MetricPoint> points = LocalTracker.readMetrics(dir.resolve("recorded"));
        for (String key : List.of("eval/d_real_own", "eval/d_real_only_shape_wrong", "eval/d_real_only_color_wrong")) {
            List<MetricPoint> found = points.stream().filter(q -> q.key().equals(key)).toList();
            assertEquals(List.of(2L, 4L), found.stream().map(MetricPoint::step).toList(), key);
            assertTrue(found.stream().allMatch(q -> q.value() >= 0 && q.value() <= 1), key + " " + found);
        }
    }

    @Test
    void stageTwoAlsoJudgesItsUpsampledStageOneInputAndPaysTheConsistencyTermWithItsWeight() throws Exception {
        Path run = dir.resolve("stage2-bar");
        List<List<float[]>> judged = new java.util.ArrayList<>();
        dev.telltale.experiments.train.ImageJudge judge = recordingJudge(judged);
        Path checkpoint = stageOne.resolve("checkpoints/stage1-step-0000020.zip");
        var p = new dev.telltale.experiments.train.ParamMap(dev.telltale.experiments.catalog.Catalog.load()
                .resolve("stackgan-stage2", "shapes", "tiny", Map.of("stage1", checkpoint.toString(), "steps", 4, "evalEvery", 2,
                        "evalSamples", 5, "trainImages", 48, "testImages", 12, "stageOneConsistency", 3)).parameters());
        int stageOneSize;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                dev.telltale.experiments.train.TextEncoderModel text = dev.telltale.experiments.train.TextEncoderModel.load(
                        stageOne.resolve("text-encoder/checkpoints/text-encoder.zip"), m)) {
            stageOneSize = ((Number) Checkpoint.read(checkpoint).params().get("imageSize")).intValue();
            dev.telltale.experiments.train.StackGanTraining.trainStageTwo(new dev.telltale.experiments.train.StackGanTraining.Setup(
                    dev.telltale.experiments.train.Datasets.open("shapes", dev.telltale.experiments.data.Split.TRAIN, p),
                    dev.telltale.experiments.train.Datasets.open("shapes", dev.telltale.experiments.data.Split.TEST, p),
                    p, text, new LocalTracker(run), run, null, judge), checkpoint);
        }
        assertEquals(8, judged.size(), "Stage-II's own images, its input, then both from the CA means, at steps 2 and 4");
        int size = 4 * stageOneSize;
        List<float[]> input = judged.get(1);
        assertEquals(5, input.size());
        // the input comes upsampled by repeating each Stage-I pixel 4×4 times; Stage-II's own images are not
        assertTrue(input.stream().allMatch(im -> blockConstant(im, size, 4)));
        assertTrue(judged.get(3).stream().allMatch(im -> blockConstant(im, size, 4)));
        assertFalse(judged.get(0).stream().allMatch(im -> blockConstant(im, size, 4)));
        // every evaluation draws the same noise: the frozen Stage-I gives the same input at step 4 as at
        // step 2, while Stage-II, trained in between, does not repeat its images
        for (int i = 0; i < 5; i++) {
            assertTrue(java.util.Arrays.equals(judged.get(1).get(i), judged.get(5).get(i)), "input " + i);
            assertTrue(java.util.Arrays.equals(judged.get(3).get(i), judged.get(7).get(i)), "input from the mean " + i);
        }
        assertFalse(java.util.Arrays.equals(judged.get(0).get(0), judged.get(4).get(0)));
        // the same z through both stages at their CA means: other pictures than with the sampled ĉ
        assertFalse(java.util.Arrays.equals(judged.get(0).get(0), judged.get(2).get(0)));
        assertFalse(java.util.Arrays.equals(judged.get(1).get(0), judged.get(3).get(0)));
        List<MetricPoint> points = LocalTracker.readMetrics(run);
        assertEquals(1.0, value(points, "eval/fid", 2));
        assertEquals(2.0, value(points, "eval/stage1_fid", 2));
        assertEquals(3.0, value(points, "eval/mu_fid", 2));
        assertEquals(4.0, value(points, "eval/mu_stage1_fid", 2));
        assertEquals(sum(judged.get(6)) / 5, value(points, "eval/mu_caption_accuracy", 4), 1e-6);
        assertFalse(value(points, "eval/caption_accuracy", 2) == value(points, "eval/stage1_caption_accuracy", 2));
        assertEquals(0.5, value(points, "eval/stage1_accuracy_digit", 2), "per-attribute accuracies of any dataset");
        assertTrue(points.stream().noneMatch(q -> q.key().equals("eval/stage1_real_is_mean")), "real images are the same for both");
        // g = adversarial + klCoefficient · kl + 3 · the L1 tie, at every generator step
        double klCoefficient = p.getFloat("klCoefficient", 2f);
        List<MetricPoint> tie = points.stream().filter(q -> q.key().equals("loss/g_stage1_l1")).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L), tie.stream().map(MetricPoint::step).toList());
        for (MetricPoint t : tie) {
            assertTrue(t.value() >= 0 && t.value() < 2, t.toString());
            double g = value(points, "loss/g", t.step());
            double rest = value(points, "loss/g_adversarial", t.step()) + klCoefficient * value(points, "kl", t.step());
            assertEquals(g, rest + 3 * t.value(), 1e-3 * (1 + Math.abs(g)), "loss/g at step " + t.step());
        }
        Ran refused = cli(tiny("stackgan-stage1", dir.resolve("x-tie"), "--set", "stageOneConsistency=1"));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("stageOneConsistency"), refused.err());
    }

    private static boolean blockConstant(float[] image, int size, int k) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (image[(c * size + y) * size + x] != image[(c * size + y / k * k) * size + x / k * k]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void stageOneTrainsOnAFolderInTheStackGanLayout() throws Exception {
        Path root = dir.resolve("cub-fixture");
        java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(root).resolve("trainclasses.txt"), "001.Red\n002.Blue\n");
        java.nio.file.Files.writeString(root.resolve("testclasses.txt"), "003.Green\n");
        Map<String, Integer> colours = Map.of("001.Red", 0xcc2222, "002.Blue", 0x2222cc, "003.Green", 0x22cc22);
        for (Map.Entry<String, Integer> c : colours.entrySet()) {
            Path images = java.nio.file.Files.createDirectories(root.resolve("images").resolve(c.getKey()));
            Path texts = java.nio.file.Files.createDirectories(root.resolve("text_c10").resolve(c.getKey()));
            String word = c.getKey().substring(4).toLowerCase(java.util.Locale.ROOT);
            for (int k = 0; k < 6; k++) {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40 + k, 36, java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = image.createGraphics();
                g.setColor(new java.awt.Color(c.getValue()));
                g.fillOval(4 + k, 6, 24, 20);
                g.dispose();
                javax.imageio.ImageIO.write(image, "jpg", images.resolve(word + "_" + k + ".jpg").toFile());
                java.nio.file.Files.writeString(texts.resolve(word + "_" + k + ".txt"),
                        "a " + word + " bird on black\nthis bird is " + word + "\na small " + word + " bird\n");
            }
        }
        Path out = dir.resolve("cub-run");
        Ran r = cli("train", "--model", "stackgan-stage1", "--dataset", "cub", "--preset", "tiny", "--out", out.toString(),
                "--no-eval", "--set", "dataPath=" + root, "--steps", "4");
        assertEquals(0, r.code(), r.err());
        List<Double> losses = LocalTracker.readMetrics(out).stream().filter(p -> p.key().equals("loss/d")).map(MetricPoint::value).toList();
        assertEquals(4, losses.size());
        assertTrue(losses.stream().allMatch(v -> Double.isFinite(v)), losses.toString());
        assertEquals(4, Checkpoint.read(out.resolve("checkpoints/stage1-step-0000004.zip")).step());
    }

    @Test
    void resumeContinuesTheStepCount() throws Exception {
        Path resumed = dir.resolve("resumed");
        Ran r = cli(tiny("stackgan-stage1", resumed, "--steps", "14", "--resume",
                stageOne.resolve("checkpoints/stage1-step-0000010.zip").toString(),
                "--text-encoder", stageOne.resolve("text-encoder/checkpoints/text-encoder.zip").toString(),
                "--set", "discriminatorWarmup=3"));
        assertEquals(0, r.code(), r.err());
        assertTrue(LocalTracker.readMetrics(resumed).stream().noneMatch(p -> p.key().startsWith("warmup/")),
                "a resumed discriminator has had its warm-up");
        List<Long> steps = LocalTracker.readMetrics(resumed).stream().filter(p -> p.key().equals("loss/g")).map(MetricPoint::step).toList();
        assertEquals(List.of(11L, 12L, 13L, 14L), steps);
        assertEquals(14, Checkpoint.read(resumed.resolve("checkpoints/stage1-step-0000014.zip")).step());
        // the loaded weights are the ones being trained, not copies the optimizer never sees: every
        // weight of G moves (batch-norm running statistics would move even if the weights were frozen)
        Map<String, float[]> from = generatorWeights(stageOne.resolve("checkpoints/stage1-step-0000010.zip"));
        Map<String, float[]> after = generatorWeights(resumed.resolve("checkpoints/stage1-step-0000014.zip"));
        assertFalse(from.isEmpty());
        from.forEach((name, w) -> {
            float[] a = after.get(name);
            assertFalse(java.util.Arrays.equals(w, a), name + " was trained after resuming");
            // and trained from the loaded values: four Adam steps of lr 2e-4 move a weight by about 1e-3,
            // a fresh initialization by far more
            double most = 0;
            for (int i = 0; i < w.length; i++) {
                most = Math.max(most, Math.abs(w[i] - a[i]));
            }
            assertTrue(most < 0.01, name + " moved " + most + " in four steps: not continued from the checkpoint");
        });
    }

    @Test
    void aWeightAverageDrawsTheEvaluatedPicturesIsSavedBesideTheTrainedWeightsAndResumes() throws Exception {
        Path run = dir.resolve("ema");
        List<List<float[]>> judged = new java.util.ArrayList<>();
        dev.telltale.experiments.train.ImageJudge judge = recordingJudge(judged);
        Map<String, Object> overrides = new java.util.HashMap<>(Map.of("steps", 4, "evalEvery", 4, "checkpointEvery", 4,
                "evalSamples", 5, "trainImages", 48, "testImages", 12, "generatorEma", 0.9));
        Path encoder = stageOne.resolve("text-encoder/checkpoints/text-encoder.zip");
        var p = new dev.telltale.experiments.train.ParamMap(dev.telltale.experiments.catalog.Catalog.load()
                .resolve("stackgan-stage1", "shapes", "tiny", overrides).parameters());
        float[][] embeddings;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                dev.telltale.experiments.train.TextEncoderModel text = dev.telltale.experiments.train.TextEncoderModel.load(encoder, m)) {
            var test = dev.telltale.experiments.train.Datasets.open("shapes", dev.telltale.experiments.data.Split.TEST, p);
            dev.telltale.experiments.train.StackGanTraining.trainStageOne(new dev.telltale.experiments.train.StackGanTraining.Setup(
                    dev.telltale.experiments.train.Datasets.open("shapes", dev.telltale.experiments.data.Split.TRAIN, p), test,
                    p, text, new LocalTracker(run), run, null, judge));
            embeddings = text.embed(dev.telltale.experiments.train.EvaluationCaptions.of(test, 5).captions());
        }
        assertEquals(3, judged.size(), "the average's pictures, the trained weights', then the average's from the CA mean");
        List<MetricPoint> points = LocalTracker.readMetrics(run);
        assertEquals(sum(judged.get(0)) / 5, value(points, "eval/caption_accuracy", 4), 1e-6);
        assertEquals(sum(judged.get(1)) / 5, value(points, "eval/raw_caption_accuracy", 4), 1e-6);
        assertEquals(sum(judged.get(2)) / 5, value(points, "eval/mu_caption_accuracy", 4), 1e-6);
        assertFalse(java.util.Arrays.equals(judged.get(0).get(0), judged.get(1).get(0)), "after 4 steps the average lags the weights");
        Path four = run.resolve("checkpoints/stage1-step-0000004.zip");
        assertTrue(Checkpoint.read(four).has("generator-ema"));
        // pictures drawn from the checkpoint (the page's generation, evaluate) come from the average: with
        // the evaluation's noise they are the pictures the evaluation judged as the run's own
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                dev.telltale.experiments.train.Generators g = dev.telltale.experiments.train.Generators.load(four, embeddings[0].length, m)) {
            long seed = p.getLong("seed") ^ dev.telltale.experiments.train.StackGanTraining.EVALUATION_NOISE;
            List<float[]> drawn = g.generate(embeddings, seed).get(0);
            // conditionNoise 0 (the CA mean) draws what the evaluation judged as mu_*
            List<float[]> fromMean = g.generate(embeddings, seed, 0).get(0);
            for (int i = 0; i < 5; i++) {
                float[] a = drawn.get(i);
                float[] b = judged.get(0).get(i);
                float[] c = fromMean.get(i);
                float[] d = judged.get(2).get(i);
                for (int j = 0; j < a.length; j++) {
                    assertEquals(b[j], a[j], 1e-4, "picture " + i);
                    assertEquals(d[j], c[j], 1e-4, "picture from the mean " + i);
                }
            }
            assertFalse(java.util.Arrays.equals(drawn.get(0), fromMean.get(0)), "the CA's noise changes the picture");
            // a scale between draws between: ĉ moves linearly with it, so at 0.5 the picture differs from both
            List<float[]> half = g.generate(embeddings, seed, 0.5).get(0);
            assertFalse(java.util.Arrays.equals(half.get(0), fromMean.get(0)));
            assertFalse(java.util.Arrays.equals(half.get(0), drawn.get(0)));
            for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.generate(embeddings, seed, bad));
                assertTrue(e.getMessage().startsWith("conditionNoise"), e.getMessage());
            }
        }
        // a resumed run reloads the average and goes on counting its updates: at step 5 the decay is
        // min(0.9, 5/14), so avg5 = 5/14 · avg4 + 9/14 · w5 (a restarted average would give 0.1 · w4 + 0.9 · w5)
        Ran r = cli(tiny("stackgan-stage1", dir.resolve("ema-resumed"), "--steps", "5", "--resume", four.toString(),
                "--text-encoder", encoder.toString(), "--set", "generatorEma=0.9", "--set", "trainImages=48"));
        assertEquals(0, r.code(), r.err());
        Path five = dir.resolve("ema-resumed/checkpoints/stage1-step-0000005.zip");
        Map<String, float[]> avg4 = parameters(four, "generator-ema", false);
        Map<String, float[]> avg5 = parameters(five, "generator-ema", false);
        Map<String, float[]> w5 = parameters(five, "generator", false);
        double d = 5.0 / 14;
        avg4.forEach((name, a4) -> {
            for (int i = 0; i < a4.length; i++) {
                assertEquals(d * a4[i] + (1 - d) * w5.get(name)[i], avg5.get(name)[i], 1e-5, name);
            }
        });
    }

    /**
     * Records the images it gets and reads back figures of them, so each logged metric shows which
     * images it came from: caption_accuracy their mean pixel sum, fid and accuracy_digit the call's number.
     */
    private static dev.telltale.experiments.train.ImageJudge recordingJudge(List<List<float[]>> judged) {
        return (images, size, intended) -> {
            judged.add(images);
            return new java.util.LinkedHashMap<>(Map.of("caption_accuracy", sum(images) / images.size(), "fid", (double) judged.size(),
                    "accuracy_digit", 0.25 * judged.size(), "real_is_mean", 9.0));
        };
    }

    private static double sum(List<float[]> images) {
        double sum = 0;
        for (float[] im : images) {
            for (float v : im) {
                sum += v;
            }
        }
        return sum;
    }

    /** The parameters of a Stage-I checkpoint's entry: all, running statistics included, or the trainable ones. */
    private static Map<String, float[]> parameters(Path checkpoint, String entry, boolean trainableOnly) throws Exception {
        Checkpoint cp = Checkpoint.read(checkpoint);
        var p = new dev.telltale.experiments.train.ParamMap(cp.params());
        Map<String, float[]> out = new java.util.TreeMap<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            int e = cp.meta().get("embeddingDim").getAsInt();
            var g = dev.telltale.experiments.train.StackGanModels.stageOneGenerator(p, e);
            g.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, p.getInt("zDim")),
                    new ai.djl.ndarray.types.Shape(1, e));
            cp.load(entry, g, m);
            g.getParameters().forEach(pair -> {
                if (!trainableOnly || pair.getValue().requiresGradient()) {
                    out.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
                }
            });
        }
        return out;
    }

    /** G's trainable weights (not the running statistics) of a Stage-I checkpoint. */
    private static Map<String, float[]> generatorWeights(Path checkpoint) throws Exception {
        return parameters(checkpoint, "generator", true);
    }

    @Test
    void discriminatorsOnTheEmbeddingWithClosestWrongCaptionsTrainBothStages() throws Exception {
        Path one = dir.resolve("stage1-embedding");
        Ran r = cli(tiny("stackgan-stage1", one, "--steps", "3", "--set", "discriminatorCondition=embedding", "--set", "generatorSteps=2",
                "--set", "closestWrongShare=0.5", "--set", "discriminatorWarmup=4", "--set", "unconditionalWeight=1",
                "--set", "textEncoder=" + stageOne.resolve("text-encoder/checkpoints/text-encoder.zip")));
        assertEquals(0, r.code(), r.err());
        List<MetricPoint> points = LocalTracker.readMetrics(one);
        assertTrue(points.stream().filter(p -> p.key().startsWith("loss/")).allMatch(p -> Double.isFinite(p.value())));
        assertEquals(3, points.stream().filter(p -> p.key().equals("loss/g")).count());
        for (String key : List.of("loss/d_uncond", "loss/g_uncond")) {
            assertEquals(3, points.stream().filter(p -> p.key().equals(key) && Double.isFinite(p.value()) && p.value() > 0).count(), key);
        }
        // the warm-up's losses, logged once at step 0 before the GAN's first step
        for (String key : List.of("warmup/d_real", "warmup/d_wrong")) {
            List<MetricPoint> w = points.stream().filter(p -> p.key().equals(key)).toList();
            assertEquals(1, w.size(), key);
            assertEquals(0, w.get(0).step());
            assertTrue(Double.isFinite(w.get(0).value()) && w.get(0).value() > 0, key + " " + w.get(0).value());
        }
        Ran two = cli(tiny("stackgan-stage2", dir.resolve("stage2-embedding"), "--steps", "2", "--stage1", one.toString(),
                "--set", "discriminatorCondition=embedding", "--set", "closestWrongShare=1", "--set", "unconditionalWeight=0.5"));
        assertEquals(0, two.code(), two.err());
        Ran bad = cli(tiny("stackgan-stage1", dir.resolve("x-embedding"), "--set", "discriminatorCondition=words"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("discriminatorCondition"), bad.err());
        Ran share = cli(tiny("stackgan-stage1", dir.resolve("x-share"), "--set", "closestWrongShare=1.5"));
        assertEquals(2, share.code());
        assertTrue(share.err().contains("closestWrongShare"), share.err());
    }

    @Test
    void theSentenceMatchingLossAndTheProjectionHeadTrainBothStages() throws Exception {
        Path encoder = stageOne.resolve("text-encoder/checkpoints/text-encoder.zip");
        Path one = dir.resolve("stage1-damsm");
        Ran r = cli(tiny("stackgan-stage1", one, "--steps", "3", "--set", "damsmWeight=5", "--set", "discriminatorHead=projection",
                "--set", "textEncoder=" + encoder));
        assertEquals(0, r.code(), r.err());
        // Stage-II's 64 px images are pooled to the encoder's 16 px
        Ran two = cli(tiny("stackgan-stage2", dir.resolve("stage2-damsm"), "--steps", "2", "--stage1", one.toString(), "--set", "damsmWeight=5",
                "--set", "discriminatorHead=projection"));
        assertEquals(0, two.code(), two.err());
        Checkpoint cp = Checkpoint.read(one.resolve("checkpoints/stage1-step-0000003.zip"));
        var d = dev.telltale.experiments.train.StackGanModels.stageOneDiscriminator(new dev.telltale.experiments.train.ParamMap(cp.params()), 16);
        assertTrue(d.hasProjectionHead(), "the checkpoint's parameters rebuild the projection head");
        Ran head = cli(tiny("stackgan-stage1", dir.resolve("x-head"), "--set", "discriminatorHead=dot"));
        assertEquals(2, head.code());
        assertTrue(head.err().contains("discriminatorHead"), head.err());
        for (Path run : List.of(one, dir.resolve("stage2-damsm"))) {
            List<MetricPoint> points = LocalTracker.readMetrics(run);
            List<MetricPoint> damsm = points.stream().filter(p -> p.key().equals("loss/g_damsm")).toList();
            assertEquals(points.stream().filter(p -> p.key().equals("loss/g")).count(), damsm.size(), run + ": every generator step");
            // a contrastive loss over a batch of 4 is positive and, untrained, near log 4
            assertTrue(damsm.stream().allMatch(p -> p.value() > 0 && p.value() < 10), damsm.toString());
            // and it is in G's loss with its weight: g = adversarial + klCoefficient · kl + 5 · damsm
            double klCoefficient = ((Number) Checkpoint.read(Files.list(run.resolve("checkpoints")).findFirst().orElseThrow())
                    .params().get("klCoefficient")).doubleValue();
            for (MetricPoint m : damsm) {
                double g = value(points, "loss/g", m.step());
                double rest = value(points, "loss/g_adversarial", m.step()) + klCoefficient * value(points, "kl", m.step());
                assertEquals(g, rest + 5 * m.value(), 1e-3 * (1 + Math.abs(g)), "loss/g at step " + m.step());
            }
        }
        Path wide = dir.resolve("encoder-32");
        assertEquals(0, cli(tiny("text-encoder", wide, "--set", "imageSize=32")).code());
        Ran misfit = cli(tiny("stackgan-stage1", dir.resolve("x-damsm"), "--set", "damsmWeight=5",
                "--set", "textEncoder=" + wide.resolve("checkpoints/text-encoder.zip")));
        assertEquals(2, misfit.code(), misfit.err());
        assertTrue(misfit.err().contains("damsmWeight") && misfit.err().contains("32 px"), misfit.err());
    }

    @Test
    void theContrastiveLossAndTheJointDiscriminatorBatchTrainBothStages() throws Exception {
        Path one = dir.resolve("stage1-contrastive");
        Ran r = cli(tiny("stackgan-stage1", one, "--steps", "3", "--set", "contrastiveWeight=2", "--set", "discriminatorBatch=joint"));
        assertEquals(0, r.code(), r.err());
        Path two = dir.resolve("stage2-contrastive");
        Ran r2 = cli(tiny("stackgan-stage2", two, "--steps", "2", "--stage1", one.toString(), "--set", "contrastiveWeight=2",
                "--set", "discriminatorBatch=joint"));
        assertEquals(0, r2.code(), r2.err());
        Checkpoint cp = Checkpoint.read(one.resolve("checkpoints/stage1-step-0000003.zip"));
        var d = dev.telltale.experiments.train.StackGanModels.stageOneDiscriminator(new dev.telltale.experiments.train.ParamMap(cp.params()), 16);
        assertTrue(d.hasContrastiveHead(), "the checkpoint's parameters rebuild the contrastive head");
        for (Path run : List.of(one, two)) {
            List<MetricPoint> points = LocalTracker.readMetrics(run);
            double klCoefficient = ((Number) Checkpoint.read(Files.list(run.resolve("checkpoints")).findFirst().orElseThrow())
                    .params().get("klCoefficient")).doubleValue();
            List<MetricPoint> g = points.stream().filter(p -> p.key().equals("loss/g_contrastive")).toList();
            List<MetricPoint> dc = points.stream().filter(p -> p.key().equals("loss/d_contrastive")).toList();
            assertEquals(points.stream().filter(p -> p.key().equals("loss/g")).count(), g.size(), run + ": every generator step");
            assertEquals(g.size(), dc.size(), run + ": every discriminator step");
            // InfoNCE over a batch of 4: positive, and at most log 4 plus what a 0.1 temperature allows
            assertTrue(dc.stream().allMatch(p -> p.value() > 0 && p.value() < 30), dc.toString());
            for (MetricPoint m : g) {
                double total = value(points, "loss/g", m.step());
                double rest = value(points, "loss/g_adversarial", m.step()) + klCoefficient * value(points, "kl", m.step());
                assertEquals(total, rest + 2 * m.value(), 1e-3 * (1 + Math.abs(total)), "loss/g at step " + m.step());
                // and the discriminator's loss holds its term with the weight on top of the matching-aware loss
                double dTotal = value(points, "loss/d", m.step());
                double matching = value(points, "loss/d_real", m.step()) + (value(points, "loss/d_wrong", m.step()) + value(points, "loss/d_fake", m.step())) / 2;
                assertEquals(dTotal, matching + 2 * value(points, "loss/d_contrastive", m.step()), 1e-3 * (1 + Math.abs(dTotal)));
            }
        }
        for (String bad : List.of("discriminatorBatch=mixed", "contrastiveWeight=-1")) {
            Ran refused = cli(tiny("stackgan-stage1", dir.resolve("x-" + bad.hashCode()), "--set", bad));
            assertEquals(2, refused.code(), bad + ": " + refused.err());
            assertTrue(refused.err().contains(bad.substring(0, bad.indexOf('='))), refused.err());
        }
    }

    @Test
    void blurredNegativesTakeTheirShareOfTheFakeSideInBothStagesAndBothBatchings() throws Exception {
        Path one = dir.resolve("stage1-negatives");
        Ran r = cli(tiny("stackgan-stage1", one, "--steps", "3", "--set", "negativeShare=0.25", "--set", "discriminatorBatch=joint"));
        assertEquals(0, r.code(), r.err());
        Path two = dir.resolve("stage2-negatives");
        Ran r2 = cli(tiny("stackgan-stage2", two, "--steps", "2", "--stage1", one.toString(), "--set", "negativeShare=0.5"));
        assertEquals(0, r2.code(), r2.err());
        for (Path run : List.of(one, two)) {
            double share = run.equals(one) ? 0.25 : 0.5;
            List<MetricPoint> points = LocalTracker.readMetrics(run);
            List<MetricPoint> negative = points.stream().filter(p -> p.key().equals("loss/d_negative")).toList();
            assertEquals(points.stream().filter(p -> p.key().equals("loss/d")).count(), negative.size(), run + ": every discriminator step");
            for (MetricPoint m : negative) {
                assertTrue(Double.isFinite(m.value()) && m.value() > 0, m.toString());
                double total = value(points, "loss/d", m.step());
                double fakeSide = (1 - share) * value(points, "loss/d_fake", m.step()) + share * m.value();
                double expected = value(points, "loss/d_real", m.step()) + (value(points, "loss/d_wrong", m.step()) + fakeSide) / 2;
                assertEquals(expected, total, 1e-4 * (1 + Math.abs(total)), run + " loss/d at step " + m.step());
            }
        }
        Path plain = dir.resolve("stage1-no-negatives");
        assertEquals(0, cli(tiny("stackgan-stage1", plain, "--steps", "1")).code());
        assertTrue(LocalTracker.readMetrics(plain).stream().noneMatch(p -> p.key().equals("loss/d_negative")), "no negatives unless asked for");
        for (String bad : List.of("negativeShare=1", "negativeShare=-0.1")) {
            Ran refused = cli(tiny("stackgan-stage1", dir.resolve("x-" + bad.hashCode()), "--set", bad));
            assertEquals(2, refused.code(), bad + ": " + refused.err());
            assertTrue(refused.err().contains("negativeShare"), refused.err());
        }
    }

    @Test
    void aJointBatchNormalisesRealWrongAndFakePairsTogether() throws Exception {
        // the same seed repeats a first step to within summation order (a few 1e-4 here); with joint
        // batches the fakes of the first step, far from any real image, are batch-normalised among real
        // pairs instead of alone, so D scores them quite differently (it would not if the option were ignored)
        List<Double> separate = firstDiscriminatorLosses(dir.resolve("batch-separate-1"), "separate");
        List<Double> again = firstDiscriminatorLosses(dir.resolve("batch-separate-2"), "separate");
        List<Double> joint = firstDiscriminatorLosses(dir.resolve("batch-joint"), "joint");
        for (int k = 0; k < separate.size(); k++) {
            assertEquals(separate.get(k), again.get(k), 0.005, "loss " + k + ": a seed fixes the step, " + separate + " vs " + again);
        }
        double fakeShift = Math.abs(joint.get(2) - separate.get(2));
        assertTrue(fakeShift > 0.03, "loss/d_fake: joint " + joint + " vs separate " + separate);
    }

    /** loss/d_real, loss/d_wrong and loss/d_fake of a one-step tiny Stage-I run. */
    private static List<Double> firstDiscriminatorLosses(Path out, String batch) {
        Ran r = cli(tiny("stackgan-stage1", out, "--steps", "1", "--set", "discriminatorBatch=" + batch));
        assertEquals(0, r.code(), r.err());
        List<MetricPoint> points = LocalTracker.readMetrics(out);
        return List.of(value(points, "loss/d_real", 1), value(points, "loss/d_wrong", 1), value(points, "loss/d_fake", 1));
    }

    private static double value(List<MetricPoint> points, String key, long step) {
        return points.stream().filter(p -> p.key().equals(key) && p.step() == step).findFirst().orElseThrow().value();
    }

    @Test
    void stageTwoRefinesFourTimesLargerFromAStageOneRun() throws Exception {
        Path two = dir.resolve("stage2");
        Ran r = cli(tiny("stackgan-stage2", two, "--steps", "2", "--stage1", stageOne.toString()));
        assertEquals(0, r.code(), r.err());
        Checkpoint cp = Checkpoint.read(two.resolve("checkpoints/stage2-step-0000002.zip"));
        assertEquals("stackgan-stage2", cp.kind());
        assertEquals(64, cp.meta().get("imageSize").getAsInt(), "16 px Stage-I refined to 64 px");
        assertTrue(cp.has("stage1-generator"), "self-contained: the frozen Stage-I generator travels with it");
    }

    @Test
    void evaluateJudgesBothStagesOfACheckpointAgainstRealImages() throws Exception {
        Path two = dir.resolve("stage2-eval");
        assertEquals(0, cli(tiny("stackgan-stage2", two, "--steps", "2", "--stage1", stageOne.toString())).code());
        // a quick judge in the cache (it will not reach the 98 % bar, which evaluate reports as judge_accuracy)
        Path cache = dir.resolve("judges");
        var train = dev.telltale.experiments.data.CaptionedShapes.create(1, dev.telltale.experiments.data.Split.TRAIN, 48);
        var test = dev.telltale.experiments.data.CaptionedShapes.create(1, dev.telltale.experiments.data.Split.TEST, 12);
        dev.telltale.experiments.eval.DomainClassifierTrainer.train(train, test, Judges.RESOLUTION,
                dev.telltale.experiments.eval.DomainClassifierTrainer.Options.defaults().withMaxSteps(10), cache.resolve("shapes-" + Judges.RESOLUTION));
        Ran r = cli("evaluate", "--checkpoint", two.resolve("checkpoints/stage2-step-0000002.zip").toString(),
                "--samples", "12", "--judge-cache", cache.toString());
        assertEquals(0, r.code(), r.err());
        Map<?, ?> m = new com.google.gson.Gson().fromJson(r.out(), Map.class);
        for (String k : List.of("stage1/is_mean", "stage1/fid", "stage1/caption_accuracy", "stage1/real_is_mean",
                "stage2/is_mean", "stage2/fid", "stage2/caption_accuracy", "stage2/judge_accuracy")) {
            assertTrue(m.containsKey(k), k + " in " + r.out());
            double v = ((Number) m.get(k)).doubleValue();
            assertTrue(Double.isFinite(v), k);
        }
        double is = ((Number) m.get("stage2/is_mean")).doubleValue();
        assertTrue(is >= 1.0 - 1e-6 && is <= 6 * 7 + 1e-6, "IS lies between 1 and the number of joint classes: " + is);
        double acc = ((Number) m.get("stage1/caption_accuracy")).doubleValue();
        assertTrue(acc >= 0 && acc <= 1);
        // the overall share is a weighted mean of those on seen and on held-out phrasings
        double seen = ((Number) m.get("stage1/caption_accuracy_seen")).doubleValue();
        double heldOut = ((Number) m.get("stage1/caption_accuracy_heldout")).doubleValue();
        assertTrue(acc >= Math.min(seen, heldOut) - 1e-9 && acc <= Math.max(seen, heldOut) + 1e-9,
                acc + " between " + seen + " and " + heldOut);
        // both attributes right implies each is right, so neither per-attribute share can be lower
        for (String head : List.of("shape", "color")) {
            double each = ((Number) m.get("stage1/accuracy_" + head)).doubleValue();
            assertTrue(each >= acc - 1e-9 && each <= 1, head + " " + each + " vs caption accuracy " + acc);
        }
        assertEquals(1.0, ((Number) m.get("condition_noise")).doubleValue(), "the paper's sampling unless asked");
        // from the CA mean: the same real images and judge, other generated pictures
        Ran mean = cli("evaluate", "--checkpoint", two.resolve("checkpoints/stage2-step-0000002.zip").toString(),
                "--samples", "12", "--judge-cache", cache.toString(), "--condition-noise", "0");
        assertEquals(0, mean.code(), mean.err());
        Map<?, ?> mm = new com.google.gson.Gson().fromJson(mean.out(), Map.class);
        assertEquals(0.0, ((Number) mm.get("condition_noise")).doubleValue());
        assertEquals(m.get("stage2/real_is_mean"), mm.get("stage2/real_is_mean"));
        assertFalse(m.get("stage2/fid").equals(mm.get("stage2/fid")), m.get("stage2/fid") + " " + mm.get("stage2/fid"));
        for (String bad : List.of("-0.5", "2", "lots")) {
            Ran refused = cli("evaluate", "--checkpoint", two.resolve("checkpoints/stage2-step-0000002.zip").toString(),
                    "--condition-noise", bad);
            assertEquals(2, refused.code(), bad);
            assertTrue(refused.err().contains("--condition-noise"), refused.err());
        }

        for (String bad : List.of("1", "70000")) {
            Ran refused = cli("evaluate", "--checkpoint", two.resolve("checkpoints/stage2-step-0000002.zip").toString(), "--samples", bad);
            assertEquals(2, refused.code(), bad);
            assertTrue(refused.err().contains("--samples"), refused.err());
        }
        Path notes = dir.resolve("notes.pt");
        Files.writeString(notes, "not TorchScript");
        Ran notTorchScript = cli("evaluate", "--checkpoint", two.resolve("checkpoints/stage2-step-0000002.zip").toString(),
                "--samples", "12", "--judge-cache", cache.toString(), "--torchscript", notes.toString());
        assertEquals(2, notTorchScript.code(), notTorchScript.err());
        assertTrue(notTorchScript.err().contains("not a loadable TorchScript"), notTorchScript.err());

        Ran wrong = cli("evaluate", "--checkpoint", stageOne.resolve("text-encoder/checkpoints/text-encoder.zip").toString());
        assertEquals(2, wrong.code(), wrong.err());
        Ran missing = cli("evaluate", "--checkpoint", dir.resolve("nothing.zip").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no file"), missing.err());
    }

    @Test
    void aRunFolderIsNeverTrainedOverAndAResumedRunKeepsItsEncoder() throws Exception {
        Path encoder = stageOne.resolve("text-encoder/checkpoints/text-encoder.zip");
        Map<String, byte[]> before = new java.util.LinkedHashMap<>();
        for (String f : List.of("spec.json", "metrics.csv", "text-encoder/checkpoints/text-encoder.zip", "checkpoints/stage1-step-0000010.zip")) {
            before.put(f, Files.readAllBytes(stageOne.resolve(f)));
        }
        Ran again = cli(tiny("stackgan-stage1", stageOne, "--steps", "10"));
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("already holds a run"), again.err());
        Ran otherModel = cli(tiny("stackgan-stage2", stageOne, "--steps", "2", "--stage1", stageOne.toString()));
        assertEquals(2, otherModel.code(), otherModel.err());
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(stageOne.resolve(e.getKey())), e.getKey() + " untouched");
        }
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Ran intoFile = cli(tiny("stackgan-stage1", file, "--steps", "2"));
        assertEquals(2, intoFile.code(), intoFile.err());
        assertTrue(intoFile.err().contains("is a file"), intoFile.err());

        // resumed without --text-encoder: the run's own encoder, not a new one trained first
        Path resumed = dir.resolve("resumed-own-encoder");
        Ran r = cli(tiny("stackgan-stage1", resumed, "--steps", "12", "--resume", stageOne.resolve("checkpoints/stage1-step-0000010.zip").toString()));
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(resumed.resolve("text-encoder")), "no encoder trained for a resumed run");
        assertEquals(encoder.toString(), Checkpoint.read(resumed.resolve("checkpoints/stage1-step-0000012.zip")).meta().get("textEncoderPath").getAsString());

        Path wrong = dir.resolve("resumed-wrong");
        Ran wrongKind = cli(tiny("stackgan-stage1", wrong, "--steps", "12", "--resume", encoder.toString()));
        assertEquals(2, wrongKind.code(), wrongKind.err());
        assertTrue(wrongKind.err().contains("--resume") && wrongKind.err().contains("not stackgan-stage1"), wrongKind.err());
        assertFalse(Files.exists(wrong.resolve("text-encoder")), "refused before anything trained");

        // a copy cut short names itself and is bad input, not a failed run
        byte[] whole = Files.readAllBytes(stageOne.resolve("checkpoints/stage1-step-0000020.zip"));
        Path cut = dir.resolve("cut-short.zip");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Ran truncated = cli(tiny("stackgan-stage2", dir.resolve("from-cut"), "--steps", "2", "--stage1", cut.toString()));
        assertEquals(2, truncated.code(), truncated.err());
        assertTrue(truncated.err().contains("cut-short.zip"), truncated.err());
    }

    @Test
    void stageTwoRefusesAMissingOrWrongStageOne() throws Exception {
        Ran missing = cli(tiny("stackgan-stage2", dir.resolve("x1"), "--stage1", dir.resolve("nowhere").toString()));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("stage1: no file"), missing.err());
        Ran wrongKind = cli(tiny("stackgan-stage2", dir.resolve("x2"), "--stage1",
                stageOne.resolve("text-encoder/checkpoints/text-encoder.zip").toString()));
        assertEquals(2, wrongKind.code());
        assertTrue(wrongKind.err().contains("not a Stage-I one"), wrongKind.err());
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        Ran notZip = cli(tiny("stackgan-stage2", dir.resolve("x3"), "--stage1", junk.toString()));
        assertTrue(notZip.code() != 0, notZip.err());
        assertTrue(notZip.err().contains("not a Telltale checkpoint"), notZip.err());
        Ran none = cli(tiny("stackgan-stage2", dir.resolve("x4")));
        assertEquals(2, none.code());
        assertTrue(none.err().contains("stage1"), none.err());
    }

    @Test
    void badCommandLinesAndParametersAreNamed() {
        Ran unknownModel = cli("train", "--model", "gan9000", "--dataset", "shapes", "--out", dir.resolve("u").toString());
        assertEquals(2, unknownModel.code());
        assertTrue(unknownModel.err().contains("model"), unknownModel.err());
        Ran badParams = cli(tiny("stackgan-stage1", dir.resolve("b"), "--set", "zDim=-1", "--set", "gfDim=abc", "--set", "nope=1"));
        assertEquals(2, badParams.code());
        assertTrue(badParams.err().contains("parameters.zDim"), badParams.err());
        assertTrue(badParams.err().contains("parameters.gfDim"), badParams.err());
        assertTrue(badParams.err().contains("parameters.nope"), badParams.err());
        Ran noOut = cli("train", "--model", "stackgan-stage1", "--dataset", "shapes");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("--out is required"), noOut.err());
        Ran unknownOption = cli("train", "--modle", "x");
        assertEquals(2, unknownOption.code());
        assertTrue(unknownOption.err().contains("unknown option '--modle'"));
        Ran missingData = cli("train", "--model", "stackgan-stage1", "--dataset", "cub", "--preset", "tiny", "--out",
                dir.resolve("c").toString(), "--set", "dataPath=" + dir.resolve("no-cub"));
        assertEquals(2, missingData.code());
        assertTrue(missingData.err().contains("no-cub"), missingData.err());
    }

    @Test
    void catalogPrintsJson() {
        Ran r = cli("catalog");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("\"stackgan-stage1\""));
        Map<?, ?> parsed = new com.google.gson.Gson().fromJson(r.out(), Map.class);
        assertTrue(parsed.containsKey("models"));
    }
}
