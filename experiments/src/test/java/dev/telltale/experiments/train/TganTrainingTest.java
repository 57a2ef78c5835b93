package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.cli.Cli;
import dev.telltale.experiments.render.Gif;
import dev.telltale.experiments.tganc.Discriminators;
import dev.telltale.experiments.tganc.VideoGenerator;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.track.MetricPoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both TGANs-C variants through the CLI at the tiny preset: 20 steps, finite losses, G moves, samples, resume, errors. */
class TganTrainingTest {

    @TempDir
    Path dir;

    record Ran(int code, String out, String err) {}

    static Ran cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] tiny(String model, String dataset, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", model, "--dataset", dataset, "--preset", "tiny",
                "--out", out.toString(), "--no-eval"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void twentyStepsOfEachVariantGiveFiniteLossesAndMoveTheGenerator() throws Exception {
        for (String model : List.of("tganc-c", "tganc-a")) {
            Path out = dir.resolve(model);
            Ran r = cli(tiny(model, "sbmg", out, "--steps", "20", "--set", "checkpointEvery=10", "--set", "sampleEvery=10"));
            assertEquals(0, r.code(), r.err());
            List<MetricPoint> points = LocalTracker.readMetrics(out);
            List<String> keys = new ArrayList<>(List.of("loss/d", "loss/d_video", "loss/d_frame", "loss/g", "loss/g_video", "loss/g_frame",
                    "time/step_ms"));
            keys.add(model.equals("tganc-a") ? "loss/d_motion" : "loss/g_coherence");
            if (model.equals("tganc-a")) {
                keys.add("loss/g_motion");
            }
            for (String key : keys) {
                List<MetricPoint> series = points.stream().filter(p -> p.key().equals(key)).toList();
                assertEquals(20, series.size(), model + " " + key);
                assertTrue(series.stream().allMatch(p -> Double.isFinite(p.value())), model + " " + key + " stays finite");
            }
            assertTrue(points.stream().noneMatch(p -> p.key().startsWith("nonfinite/")));
            assertTrue(points.stream().noneMatch(p -> p.key().equals(model.equals("tganc-a") ? "loss/g_coherence" : "loss/d_motion")),
                    "each variant has only its own temporal term");
            byte[] at10 = entry(out.resolve("checkpoints/" + model + "-step-0000010.zip"), "generator.params");
            byte[] at20 = entry(out.resolve("checkpoints/" + model + "-step-0000020.zip"), "generator.params");
            assertEquals(at10.length, at20.length);
            assertFalse(java.util.Arrays.equals(at10, at20), model + ": ten more steps changed G's weights");
            byte[] d10 = entry(out.resolve("checkpoints/" + model + "-step-0000010.zip"), "discriminators.params");
            byte[] d20 = entry(out.resolve("checkpoints/" + model + "-step-0000020.zip"), "discriminators.params");
            assertFalse(java.util.Arrays.equals(d10, d20), model + ": and D's (with the sentence encoder)");
            Path gif = out.resolve("samples/" + model + "-step-0000020.gif");
            Gif.Info info = Gif.info(gif);
            assertEquals(4, info.frames(), "one GIF frame per generated frame");
            assertTrue(info.loop());
            assertEquals(2 * 16 + 2, info.width(), "four sample clips tiled 2 x 2");
            assertTrue(Files.isRegularFile(out.resolve("samples/real.gif")));
            // trained and held-out captions in turn: on sbmg TEST holds only pairs training never shows
            List<String> listed = Files.readAllLines(out.resolve("samples/captions.txt"));
            assertEquals(4, listed.size());
            assertTrue(listed.get(0).startsWith("trained:") && listed.get(1).startsWith("held out:")
                    && listed.get(2).startsWith("trained:") && listed.get(3).startsWith("held out:"), listed.toString());
            Checkpoint cp = Checkpoint.read(out.resolve("checkpoints/" + model + "-step-0000020.zip"));
            assertEquals(model, cp.kind());
            assertTrue(cp.meta().getAsJsonArray("vocabulary").size() > 10, "the words travel with the weights");
        }
    }

    @Test
    void aResumedRunContinuesFromItsCheckpointAndBadInputIsNamed() throws Exception {
        Path out = dir.resolve("first");
        assertEquals(0, cli(tiny("tganc-c", "tbmg", out, "--steps", "4", "--set", "checkpointEvery=2")).code());
        Path second = dir.resolve("second");
        Ran r = cli(tiny("tganc-c", "tbmg", second, "--steps", "6", "--resume", out.resolve("checkpoints/tganc-c-step-0000004.zip").toString()));
        assertEquals(0, r.code(), r.err());
        List<MetricPoint> points = LocalTracker.readMetrics(second);
        assertEquals(List.of(5L, 6L), points.stream().filter(p -> p.key().equals("loss/g")).map(MetricPoint::step).toList());

        Ran wrongKind = cli(tiny("tganc-a", "tbmg", dir.resolve("x"), "--resume", out.resolve("checkpoints/tganc-c-step-0000004.zip").toString()));
        assertEquals(2, wrongKind.code());
        assertTrue(wrongKind.err().contains("not tganc-a"), wrongKind.err());

        Ran levels = cli(tiny("tganc-a", "sbmg", dir.resolve("y"), "--set", "frames=6"));
        assertEquals(2, levels.code());
        assertTrue(levels.err().contains("frames must be a positive multiple of 2^levels"), levels.err());

        Ran msvd = cli(tiny("tganc-a", "msvd", dir.resolve("z")));
        assertEquals(2, msvd.code());
        assertTrue(msvd.err().contains("dataPath"), msvd.err());

        Ran dataset = cli(tiny("tganc-a", "shapes", dir.resolve("w")));
        assertEquals(2, dataset.code());
        assertTrue(dataset.err().contains("dataset"), dataset.err());
    }

    @Test
    void aJointBatchJudgesRealWrongAndSyntheticClipsTogether() throws Exception {
        // a seed repeats a first step to within summation order; with joint batches the first step's
        // synthetic clips, far from any real one, are batch-normalised among real clips instead of
        // alone, so the discriminators score them differently (they would not if the option were ignored;
        // at this size D's summed loss hardly moves for tganc-a, 0.002, while G's moves by 0.17)
        for (String model : List.of("tganc-c", "tganc-a")) {
            List<Double> separate = firstLosses(model, "separate", "1");
            List<Double> again = firstLosses(model, "separate", "2");
            List<Double> joint = firstLosses(model, "joint", "1");
            for (int k = 0; k < separate.size(); k++) {
                assertEquals(separate.get(k), again.get(k), 0.005, model + " loss " + k + ": a seed fixes the step");
                assertTrue(Double.isFinite(joint.get(k)), model + " " + joint);
            }
            double shift = Math.abs(joint.get(0) - separate.get(0)) + Math.abs(joint.get(1) - separate.get(1));
            assertTrue(shift > 0.05, model + " loss/d, loss/g: joint " + joint + " vs separate " + separate);
        }
        Ran refused = cli(tiny("tganc-a", "sbmg", dir.resolve("mixed"), "--set", "discriminatorBatch=mixed"));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("discriminatorBatch"), refused.err());
    }

    @Test
    void theContrastiveTermIsPaidByBothSidesWithItsWeight() throws Exception {
        for (String model : List.of("tganc-c", "tganc-a")) {
            for (String batch : List.of("separate", "joint")) {
                Path out = dir.resolve("contrastive-" + model + "-" + batch);
                Ran r = cli(tiny(model, "sbmg", out, "--steps", "3", "--set", "contrastiveWeight=2", "--set", "discriminatorBatch=" + batch));
                assertEquals(0, r.code(), r.err());
                com.google.gson.JsonObject params = com.google.gson.JsonParser.parseString(Files.readString(out.resolve("spec.json")))
                        .getAsJsonObject().getAsJsonObject("params");
                double frame = params.get("frameWeight").getAsDouble();
                // each variant has only its own temporal term's weight
                double motion = model.equals("tganc-a") ? params.get("motionWeight").getAsDouble() : 0;
                double coherence = model.equals("tganc-c") ? params.get("coherenceWeight").getAsDouble() : 0;
                List<MetricPoint> points = LocalTracker.readMetrics(out);
                for (long step = 1; step <= 3; step++) {
                    String at = model + " " + batch + " step " + step;
                    double d = value(points, "loss/d_video", step) + frame * value(points, "loss/d_frame", step)
                            + (model.equals("tganc-a") ? motion * value(points, "loss/d_motion", step) : 0)
                            + 2 * value(points, "loss/d_contrastive", step);
                    assertEquals(value(points, "loss/d", step), d, 1e-3 * (1 + Math.abs(d)), at + ": loss/d");
                    double g = value(points, "loss/g_video", step) + frame * value(points, "loss/g_frame", step)
                            + (model.equals("tganc-a") ? motion * value(points, "loss/g_motion", step)
                                    : coherence * value(points, "loss/g_coherence", step))
                            + 2 * value(points, "loss/g_contrastive", step);
                    assertEquals(value(points, "loss/g", step), g, 1e-3 * (1 + Math.abs(g)), at + ": loss/g");
                    // InfoNCE over at most 2 captions per clip with a temperature of 0.1: between 0 and about 2 ln 4
                    for (String k : List.of("loss/d_contrastive", "loss/g_contrastive")) {
                        assertTrue(value(points, k, step) >= 0 && value(points, k, step) < 5, at + " " + k + " " + value(points, k, step));
                    }
                }
            }
        }
        Ran refused = cli(tiny("tganc-a", "sbmg", dir.resolve("negative"), "--set", "contrastiveWeight=-1"));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("contrastiveWeight"), refused.err());
    }

    @Test
    void aSentenceWarmUpTrainsOnlyTheEncoderThenFreezesIt() throws Exception {
        Path out = dir.resolve("warmup");
        Ran r = cli(tiny("tganc-a", "sbmg", out, "--steps", "4", "--set", "contrastiveWeight=1", "--set", "sentenceWarmup=2",
                "--set", "checkpointEvery=1"));
        assertEquals(0, r.code(), r.err());
        List<MetricPoint> points = LocalTracker.readMetrics(out);
        for (long step = 1; step <= 4; step++) {
            long at = step;
            assertTrue(points.stream().anyMatch(p -> p.key().equals("loss/d_contrastive") && p.step() == at), "step " + step);
            assertEquals(step > 2, points.stream().anyMatch(p -> p.key().equals("loss/g") && p.step() == at),
                    "G trains only after the warm-up, step " + step);
        }
        List<float[]> encoder = new ArrayList<>();
        List<byte[]> generator = new ArrayList<>();
        for (int step = 1; step <= 4; step++) {
            Path file = out.resolve(String.format("checkpoints/tganc-a-step-%07d.zip", step));
            generator.add(entry(file, "generator.params"));
            encoder.add(encoderWeights(Checkpoint.read(file)));
        }
        assertTrue(java.util.Arrays.equals(generator.get(0), generator.get(1)), "G does not move during the warm-up");
        assertFalse(java.util.Arrays.equals(generator.get(1), generator.get(2)), "and moves after it");
        assertFalse(java.util.Arrays.equals(encoder.get(0), encoder.get(1)), "the encoder learns during the warm-up");
        assertTrue(java.util.Arrays.equals(encoder.get(1), encoder.get(2)), "and is frozen after it");
        assertTrue(java.util.Arrays.equals(encoder.get(2), encoder.get(3)), "for good");

        Ran refused = cli(tiny("tganc-a", "sbmg", dir.resolve("no-contrastive"), "--set", "sentenceWarmup=5"));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("sentenceWarmup needs contrastiveWeight"), refused.err());
    }

    /** Every weight of the sentence encoder stored in a TGANs-C checkpoint, in order. */
    static float[] encoderWeights(Checkpoint cp) throws Exception {
        ParamMap p = new ParamMap(cp.params());
        var d = TganTraining.discriminators(cp.kind(), p, cp.meta().getAsJsonArray("vocabulary").size());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            int b = p.getInt("batchSize");
            d.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(b, 3, p.getInt("frames"), p.getInt("frameSize"), p.getInt("frameSize")),
                    new ai.djl.ndarray.types.Shape(b, 8));
            cp.load("discriminators", d, m);
            List<Float> all = new ArrayList<>();
            for (var e : d.encoder().getParameters()) {
                for (float v : e.getValue().getArray().toFloatArray()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    @Test
    void theContrastiveLossNeverCountsACaptionThatSaysWhatAClipShowsAsItsNegative() throws Exception {
        var ds = dev.telltale.experiments.data.BouncingDigits.create("sbmg", dev.telltale.experiments.data.MnistDigits.bundled(), 5,
                dev.telltale.experiments.data.Split.TRAIN, 200);
        java.util.Random rng = new java.util.Random(3);
        int duplicates = 0;
        for (int trial = 0; trial < 20; trial++) {
            var t = dev.telltale.experiments.tganc.TripletSampler.sample(ds, 8, rng);
            boolean[][] same = TganTraining.sameContent(ds, t);
            assertEquals(16, same.length);
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 8; c++) {
                    String said = ds.content(r < 8 ? t.clips()[r] : t.wrongFrom()[r - 8]);
                    assertEquals(said.equals(ds.content(t.clips()[c])), same[r][c], "caption " + r + ", clip " + c);
                }
                if (r < 8) {
                    assertTrue(same[r][r], "a clip's own caption");
                    assertTrue(!same[r + 8][r], "its wrong caption never says what it shows");
                }
            }
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    duplicates += r != c && same[r][c] ? 1 : 0;
                }
            }
        }
        assertTrue(duplicates > 0, "twenty contents in batches of 8: clips that say the same thing do meet");
    }

    @Test
    void closestWrongCaptionsChangeOneAttributeOfTheirClipAndOnlyWhenAsked() throws Exception {
        for (String id : List.of("sbmg", "tbmg")) {
            var ds = dev.telltale.experiments.data.BouncingDigits.create(id, dev.telltale.experiments.data.MnistDigits.bundled(), 5,
                    // tbmg needs more clips than sbmg for each to have another that differs in one motion only
                    dev.telltale.experiments.data.Split.TRAIN, id.equals("sbmg") ? 400 : 4000);
            java.util.Map<String, Object> params = new java.util.HashMap<>(java.util.Map.of("batchSize", 8, "frames", 4, "frameSize", 16,
                    "zDim", 4, "seed", 7, "frameWeight", 1, "motionWeight", 1, "coherenceWeight", 1));
            TganTraining.Loop paper = new TganTraining.Loop(setup(ds, params));
            java.util.Random same = new java.util.Random(7);
            for (int trial = 0; trial < 5; trial++) {
                var drawn = paper.triplets();
                var expected = dev.telltale.experiments.tganc.TripletSampler.sample(ds, 8, same);
                assertTrue(java.util.Arrays.equals(expected.wrongFrom(), drawn.wrongFrom()), id + ": unset, the paper's random mismatches");
            }
            params.put("closestWrongShare", 1.0);
            TganTraining.Loop closest = new TganTraining.Loop(setup(ds, params));
            java.util.Map<String, Integer> changed = new java.util.TreeMap<>();
            for (int trial = 0; trial < 40; trial++) {
                var t = closest.triplets();
                for (int b = 0; b < 8; b++) {
                    var own = ds.attributes(t.clips()[b]);
                    var theirs = ds.attributes(t.wrongFrom()[b]);
                    List<String> differ = own.keySet().stream().filter(k -> !k.equals("pair") && !own.get(k).equals(theirs.get(k))).toList();
                    assertEquals(1, differ.size(), id + ": one attribute away, got " + own + " against " + theirs);
                    assertFalse(ds.content(t.clips()[b]).equals(ds.content(t.wrongFrom()[b])), "never what the clip shows");
                    assertTrue(ds.captions(t.wrongFrom()[b]).contains(t.wrongCaptions()[b]), "a caption of that clip");
                    changed.merge(differ.get(0).replaceAll("[0-9]", ""), 1, Integer::sum);
                }
            }
            // 320 rows: each of digit and motion about half of the time
            assertEquals(java.util.Set.of("digit", "motion"), changed.keySet(), id + ": " + changed);
            assertTrue(changed.values().stream().allMatch(n -> n > 110), id + ": both words tested, " + changed);
        }
    }

    @Test
    void everyEvaluationOfARunDrawsTheSameNoiseAndNotTheSampleGridsNoise() {
        var ds = dev.telltale.experiments.data.BouncingDigits.create("sbmg", dev.telltale.experiments.data.MnistDigits.bundled(), 5,
                dev.telltale.experiments.data.Split.TRAIN, 16);
        java.util.Map<String, Object> params = new java.util.HashMap<>(java.util.Map.of("batchSize", 8, "frames", 4, "frameSize", 16,
                "zDim", 4, "seed", 7, "frameWeight", 1, "motionWeight", 1, "coherenceWeight", 1));
        TganTraining.Loop loop = new TganTraining.Loop(setup(ds, params));
        float[] first = loop.evaluationNoise(6);
        assertEquals(6 * 4, first.length);
        for (int i = 0; i < 3; i++) {
            loop.triplets(); // training draws in between must not move it
            assertTrue(java.util.Arrays.equals(first, loop.evaluationNoise(6)));
        }
        float[] grid = loop.new Samples(6).noise;
        assertFalse(java.util.Arrays.equals(first, java.util.Arrays.copyOf(grid, first.length)), "its own stream");
        params.put("seed", 8);
        assertFalse(java.util.Arrays.equals(first, new TganTraining.Loop(setup(ds, params)).evaluationNoise(6)), "another seed, another draw");
    }

    @Test
    void aWeightAverageIsSavedBesideTheTrainedWeightsDrawsTheGenerationAndResumes() throws Exception {
        Path out = dir.resolve("ema");
        Ran r = cli(tiny("tganc-a", "sbmg", out, "--steps", "4", "--set", "checkpointEvery=4", "--set", "generatorEma=0.9"));
        assertEquals(0, r.code(), r.err());
        Path four = out.resolve("checkpoints/tganc-a-step-0000004.zip");
        Checkpoint cp = Checkpoint.read(four);
        assertTrue(cp.has("generator-ema"));
        ParamMap p = new ParamMap(cp.params());
        List<String> captions = List.of("the digit 3 is moving up and down", "the digit 7 is moving left and right");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
                TganGenerator loaded = TganGenerator.load(four, m)) {
            List<List<float[]>> drawn = loaded.generate(captions, 5);
            // the same noise and sentence codes through each saved generator
            Discriminators d = TganTraining.discriminators(cp.kind(), p, loaded.vocabulary().size());
            int maxWords = cp.meta().get("maxWords").getAsInt();
            d.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, p.getInt("frames"),
                    p.getInt("frameSize"), p.getInt("frameSize")), new ai.djl.ndarray.types.Shape(1, maxWords));
            cp.load("discriminators", d, m);
            java.util.Random rnd = new java.util.Random(5);
            float[] noise = new float[2 * p.getInt("zDim")];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) rnd.nextGaussian();
            }
            var ps = new ai.djl.training.ParameterStore(m, false);
            var sentence = d.encoder().forward(ps, new ai.djl.ndarray.NDList(
                    TganTraining.tokens(m, loaded.vocabulary(), maxWords, captions)), false).head();
            var z = m.create(noise, new ai.djl.ndarray.types.Shape(2, p.getInt("zDim")));
            java.util.Map<String, List<List<float[]>>> byEntry = new java.util.HashMap<>();
            for (String entry : List.of("generator", "generator-ema")) {
                VideoGenerator g = TganTraining.generator(p);
                g.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, p.getInt("zDim")),
                        new ai.djl.ndarray.types.Shape(1, p.getInt("sentenceDim")));
                cp.load(entry, g, m);
                byEntry.put(entry, TganTraining.clipsOf(g.forward(ps, new ai.djl.ndarray.NDList(z, sentence), false).head()));
            }
            float[] a = drawn.get(1).get(2);
            float[] avg = byEntry.get("generator-ema").get(1).get(2);
            for (int i = 0; i < a.length; i++) {
                assertEquals(avg[i], a[i], 1e-4, "generation draws from the average");
            }
            assertFalse(java.util.Arrays.equals(a, byEntry.get("generator").get(1).get(2)), "not from the trained weights");
        }
        // resumed, the average is reloaded and its count goes on: avg5 = 5/14 · avg4 + 9/14 · w5
        Path resumed = dir.resolve("ema-resumed");
        Ran again = cli(tiny("tganc-a", "sbmg", resumed, "--steps", "5", "--resume", four.toString(), "--set", "generatorEma=0.9"));
        assertEquals(0, again.code(), again.err());
        Path five = resumed.resolve("checkpoints/tganc-a-step-0000005.zip");
        java.util.Map<String, float[]> avg4 = generatorParameters(four, "generator-ema");
        java.util.Map<String, float[]> avg5 = generatorParameters(five, "generator-ema");
        java.util.Map<String, float[]> w5 = generatorParameters(five, "generator");
        double dec = 5.0 / 14;
        avg4.forEach((name, a4) -> {
            for (int i = 0; i < a4.length; i++) {
                assertEquals(dec * a4[i] + (1 - dec) * w5.get(name)[i], avg5.get(name)[i], 1e-5, name);
            }
        });
    }

    private static java.util.Map<String, float[]> generatorParameters(Path checkpoint, String entry) throws Exception {
        Checkpoint cp = Checkpoint.read(checkpoint);
        ParamMap p = new ParamMap(cp.params());
        java.util.Map<String, float[]> out = new java.util.TreeMap<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            VideoGenerator g = TganTraining.generator(p);
            g.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, p.getInt("zDim")),
                    new ai.djl.ndarray.types.Shape(1, p.getInt("sentenceDim")));
            cp.load(entry, g, m);
            g.getParameters().forEach(pair -> out.put(pair.getKey(), pair.getValue().getArray().toFloatArray()));
        }
        return out;
    }

    private static TganTraining.Setup setup(dev.telltale.experiments.data.VideoDataset ds, java.util.Map<String, Object> params) {
        return new TganTraining.Setup("tganc-a", ds, ds, new ParamMap(params), null, null, null, null, () -> false);
    }

    private static double value(List<MetricPoint> points, String key, long step) {
        return points.stream().filter(p -> p.key().equals(key) && p.step() == step).findFirst().orElseThrow(
                () -> new AssertionError(key + " at step " + step)).value();
    }

    /** loss/d and loss/g of a one-step tiny run. */
    private List<Double> firstLosses(String model, String batch, String name) {
        Path out = dir.resolve(model + "-" + batch + "-" + name);
        Ran r = cli(tiny(model, "sbmg", out, "--steps", "1", "--set", "discriminatorBatch=" + batch));
        assertEquals(0, r.code(), r.err());
        List<MetricPoint> points = LocalTracker.readMetrics(out);
        return List.of("loss/d", "loss/g").stream()
                .map(k -> points.stream().filter(p -> p.key().equals(k) && p.step() == 1).findFirst().orElseThrow().value()).toList();
    }

    private static byte[] entry(Path zip, String name) throws Exception {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }
}
