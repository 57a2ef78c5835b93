package dev.telltale.experiments.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.WrongCaptions;
import dev.telltale.experiments.render.ImageGrid;
import dev.telltale.experiments.stackgan.Blocks;
import dev.telltale.experiments.stackgan.BlurredNegatives;
import dev.telltale.experiments.stackgan.ConditioningAugmentation;
import dev.telltale.experiments.stackgan.MatchingAwareLoss;
import dev.telltale.experiments.stackgan.StageOneConsistency;
import dev.telltale.experiments.text.ContrastiveLoss;
import dev.telltale.experiments.track.ArtifactKind;
import dev.telltale.experiments.track.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.logging.Logger;

/**
 * StackGAN training, Stage-I and Stage-II, as in Zhang et al. 2017 and its official code:
 * alternating updates, the matching-aware discriminator loss real + (wrong + fake) / 2, the
 * generator loss plus klCoefficient × KL of the Conditioning Augmentation, Adam with β₁ 0.5 and the
 * learning rate halved every lrDecaySteps. Text embeddings come from a frozen pre-trained encoder;
 * each image's condition is the mean of captionsPerImage random captions' embeddings. The
 * discriminator reads μ of the generator's CA (official PyTorch code) or, with
 * discriminatorCondition = embedding, that embedding itself (the authors' TensorFlow code).
 */
public final class StackGanTraining {

    private static final Logger LOG = Logger.getLogger(StackGanTraining.class.getName());
    public static final String STAGE_ONE = "stackgan-stage1";
    public static final String STAGE_TWO = "stackgan-stage2";
    /** Salt of the evaluation noise's seed, apart from the sample grids' (0x5EED). */
    public static final long EVALUATION_NOISE = 0xE7A1L;

    private StackGanTraining() {}

    /**
     * Everything a training run needs. {@code resumeFrom} and {@code judge} may be null; when
     * {@code stop} turns true (a cancel) the run writes a checkpoint at the current step and returns.
     */
    public record Setup(
            CaptionedDataset train, CaptionedDataset test, ParamMap params, TextEncoderModel text, Tracker tracker,
            Path outDir, Path resumeFrom, ImageJudge judge, java.util.function.BooleanSupplier stop) {

        public Setup(CaptionedDataset train, CaptionedDataset test, ParamMap params, TextEncoderModel text, Tracker tracker,
                Path outDir, Path resumeFrom, ImageJudge judge) {
            this(train, test, params, text, tracker, outDir, resumeFrom, judge, () -> false);
        }
    }

    /** What a run produced. */
    public record Result(Path checkpoint, long steps, Map<String, Double> lastLosses, Map<String, Double> evaluation) {}

    public static Result trainStageOne(Setup s) throws IOException {
        return new Loop(s, null).run();
    }

    /** Stage-II on top of the frozen generator of a Stage-I checkpoint. */
    public static Result trainStageTwo(Setup s, Path stageOneCheckpoint) throws IOException {
        return new Loop(s, stageOneCheckpoint).run();
    }

    /**
     * The mean of k of the captions' embeddings, k distinct ones (StackGAN's sample_embeddings
     * draws without replacement), or of all of them when there are at most k.
     */
    static float[] meanOfDistinct(float[][] caps, int k, Random random) {
        int n = Math.min(k, caps.length);
        int[] order = new int[caps.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        float[] mean = new float[caps[0].length];
        for (int m = 0; m < n; m++) {
            // a partial Fisher-Yates shuffle: order[m] is a caption not drawn before
            int pick = m + random.nextInt(order.length - m);
            int chosen = order[pick];
            order[pick] = order[m];
            order[m] = chosen;
            float[] c = caps[chosen];
            for (int j = 0; j < mean.length; j++) {
                mean[j] += c[j] / n;
            }
        }
        return mean;
    }

    /** D's outputs for a [real; wrong; fake] batch, split into the three pairs' outputs. */
    static List<NDList> thirds(NDList joint) {
        return parts(joint, 3);
    }

    /** D's outputs for a batch of n equal groups of pairs, split into each group's outputs. */
    static List<NDList> parts(NDList joint, int n) {
        List<NDList> parts = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            parts.add(new NDList());
        }
        for (NDArray a : joint) {
            NDList split = a.split(n, 0);
            for (int k = 0; k < n; k++) {
                parts.get(k).add(split.get(k));
            }
        }
        return parts;
    }

    /** One stage's training loop; Stage-II when a Stage-I checkpoint is given. */
    private static final class Loop {
        final Setup s;
        final ParamMap p;
        final Path stageOnePath;
        final boolean two;
        final int stageOneSize;
        final int size;
        final int batch;
        final int zDim;
        final int captionsPerImage;
        final int generatorSteps;
        /** Null for the paper's random wrong captions only. */
        final WrongCaptions.Closest closestWrong;
        /** The attribute index of the D-check metrics: closestWrong, or built at the first evaluation. */
        WrongCaptions.Closest counterparts;
        final float closestWrongShare;
        final float unconditionalWeight;
        final float damsmWeight;
        final float contrastiveWeight;
        /** The share of D's fake side given to blurred real images with their own caption; 0: none. */
        final float negativeShare;
        /** Stage-II only: weight of the L1 tie to the Stage-I image it refines. */
        final float stageOneConsistency;
        /** The decay of the generator's weight average; 0: none. */
        final float generatorEma;
        /** The frozen image encoder of damsmWeight; null when that is 0. */
        SentenceMatching matching;
        final boolean onEmbedding;
        /** discriminatorBatch joint: real, wrong and fake pairs go through D as one batch (one set of batch-norm statistics). */
        final boolean jointBatch;
        final Random rnd;
        RealImages images;
        final List<float[][]> embeddings = new ArrayList<>();
        ParamMap stageOneParams;

        Loop(Setup s, Path stageOneCheckpoint) throws IOException {
            this.s = s;
            this.p = s.params();
            this.stageOnePath = stageOneCheckpoint;
            this.two = stageOneCheckpoint != null;
            if (two) {
                Checkpoint cp = Checkpoint.read(stageOneCheckpoint);
                if (!STAGE_ONE.equals(cp.kind())) {
                    throw new IllegalArgumentException("stage1: " + stageOneCheckpoint + " is a '" + cp.kind()
                            + "' checkpoint, not a Stage-I one");
                }
                stageOneParams = new ParamMap(cp.params());
                if (stageOneParams.getInt("conditionDim") <= 0 || !cp.has("generator")) {
                    throw new IllegalArgumentException("stage1: " + stageOneCheckpoint + " has no Stage-I generator");
                }
                String enc = cp.meta().has("textEncoder") ? cp.meta().get("textEncoder").getAsString() : "";
                if (!enc.isEmpty() && !enc.equals(String.valueOf(s.text().source().getFileName()))) {
                    LOG.warning("Stage-I was trained with text encoder " + enc + ", Stage-II uses " + s.text().source());
                }
                this.stageOneSize = stageOneParams.getInt("imageSize");
                this.size = 4 * stageOneSize;
                if (p.getInt("imageSize", size) != size) {
                    throw new IllegalArgumentException("imageSize: Stage-II makes 4x its Stage-I's " + stageOneSize
                            + " px, so imageSize must be " + size + ", not " + p.getInt("imageSize"));
                }
            } else {
                this.stageOneSize = p.getInt("imageSize");
                this.size = stageOneSize;
            }
            this.batch = p.getInt("batchSize");
            this.zDim = two ? stageOneParams.getInt("zDim") : p.getInt("zDim");
            this.captionsPerImage = p.getInt("captionsPerImage", 4);
            this.generatorSteps = p.getInt("generatorSteps", 1);
            this.closestWrongShare = StackGanModels.closestWrongShare(p);
            this.unconditionalWeight = StackGanModels.unconditionalWeight(p);
            this.damsmWeight = StackGanModels.damsmWeight(p);
            this.contrastiveWeight = StackGanModels.contrastiveWeight(p);
            this.negativeShare = StackGanModels.negativeShare(p);
            this.stageOneConsistency = StackGanModels.stageOneConsistency(p);
            this.generatorEma = StackGanModels.generatorEma(p);
            if (!two && stageOneConsistency > 0) {
                throw new IllegalArgumentException("stageOneConsistency: only Stage-II refines a Stage-I image");
            }
            this.closestWrong = closestWrongShare > 0 ? new WrongCaptions.Closest(s.train()) : null;
            this.onEmbedding = StackGanModels.discriminatorCondition(p).equals(StackGanModels.CONDITION_EMBEDDING);
            this.jointBatch = StackGanModels.jointDiscriminatorBatch(p);
            this.rnd = new Random(p.getLong("seed"));
        }

        String kind() {
            return two ? STAGE_TWO : STAGE_ONE;
        }

        Result run() throws IOException {
            Engine.getEngine("PyTorch").setRandomSeed((int) p.getLong("seed"));
            prepareData();
            int steps = p.getInt("steps");
            int sampleEvery = p.getInt("sampleEvery", Math.max(1, steps / 5));
            int checkpointEvery = p.getInt("checkpointEvery", steps);
            int evalEvery = p.getInt("evalEvery", steps);
            float kl = p.getFloat("klCoefficient");
            Device device = Devices.pick(p);
            int e = s.text().embeddingDim();
            ConditionedGenerator g = two ? StackGanModels.stageTwoGenerator(p, e, stageOneSize) : StackGanModels.stageOneGenerator(p, e);
            Block d = two ? StackGanModels.stageTwoDiscriminator(p, e, stageOneSize) : StackGanModels.stageOneDiscriminator(p, e);
            long start = 0;
            Checkpoint resume = s.resumeFrom() == null ? null : Checkpoint.read(s.resumeFrom());
            if (resume != null) {
                if (!kind().equals(resume.kind())) {
                    throw new IllegalArgumentException("resume: " + s.resumeFrom() + " is a '" + resume.kind() + "' checkpoint, not " + kind());
                }
                start = resume.step();
            }
            // a resumed or fine-tuned discriminator has had its warm-up
            int warmup = start == 0 && p.getString("initFrom", "").isEmpty() ? p.getInt("discriminatorWarmup", 0) : 0;
            Map<String, Double> last = new LinkedHashMap<>();
            Map<String, Double> evaluation = Map.of();
            Path checkpoint = null;
            try (Model gm = Model.newInstance(kind() + "-g", device, "PyTorch");
                    Model dm = Model.newInstance(kind() + "-d", device, "PyTorch");
                    Model s1m = Model.newInstance("stage1-frozen", device, "PyTorch")) {
                gm.setBlock(g);
                dm.setBlock(d);
                if (damsmWeight > 0) {
                    matching = s.text().sentenceMatching(s1m.getNDManager());
                    if (size % matching.encoderSize() != 0) {
                        throw new IllegalArgumentException("damsmWeight: the text encoder's image encoder reads " + matching.encoderSize()
                                + " px images, which " + size + " px ones cannot be pooled to");
                    }
                }
                ConditionedGenerator stageOne = null;
                if (two) {
                    stageOne = StackGanModels.stageOneGenerator(stageOneParams, e);
                    stageOne.initialize(s1m.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, zDim), new Shape(1, e));
                    Checkpoint stageOneCheckpoint = Checkpoint.read(stagePath());
                    stageOneCheckpoint.load(StackGanModels.samplingGenerator(stageOneCheckpoint), stageOne, s1m.getNDManager());
                }
                try (Trainer gt = gm.newTrainer(config(p.getFloat("generatorLr"), start, device));
                        Trainer dt = dm.newTrainer(config(p.getFloat("discriminatorLr"), start - warmup, device))) {
                    // saved weights go in before the trainers initialize: initialization keeps a loaded
                    // parameter and attaches its gradient, and the trainers' parameter stores then hold
                    // these arrays (loading afterwards would train the fresh ones and save the loaded)
                    if (resume != null) {
                        resume.load("generator", g, gm.getNDManager());
                        resume.load("discriminator", d, dm.getNDManager());
                        LOG.info("resuming " + kind() + " at step " + start + " (Adam's moment estimates restart)");
                    } else if (!p.getString("initFrom", "").isEmpty()) {
                        // fine-tuning: another run's weights, this run's steps from zero
                        Path from = Path.of(p.getString("initFrom", ""));
                        Checkpoint init = Checkpoint.read(from);
                        if (!kind().equals(init.kind())) {
                            throw new IllegalArgumentException("initFrom: " + from + " is a '" + init.kind() + "' checkpoint, not " + kind());
                        }
                        init.load("generator", g, gm.getNDManager());
                        init.load("discriminator", d, dm.getNDManager());
                        LOG.info("fine-tuning " + kind() + " from " + from + " (its step " + init.step() + "), counting steps from 0");
                    }
                    Shape xShape = two ? new Shape(batch, 3, stageOneSize, stageOneSize) : new Shape(batch, zDim);
                    gt.initialize(xShape, new Shape(batch, e));
                    dt.initialize(new Shape(batch, 3, size, size), new Shape(batch, StackGanModels.discriminatorConditionDim(p, e)));
                    GeneratorAverage average = null;
                    if (generatorEma > 0) {
                        ConditionedGenerator avg = two ? StackGanModels.stageTwoGenerator(p, e, stageOneSize) : StackGanModels.stageOneGenerator(p, e);
                        NDManager am = gm.getNDManager().newSubManager();
                        avg.initialize(am, ai.djl.ndarray.types.DataType.FLOAT32, xShape, new Shape(batch, e));
                        average = new GeneratorAverage(g, avg, generatorEma);
                        if (resume != null && resume.has(StackGanModels.AVERAGE_ENTRY)) {
                            resume.load(StackGanModels.AVERAGE_ENTRY, avg, am);
                            average.setUpdates(start);
                        }
                    }
                    // what samples, evaluations and generation draw from: the average where there is one
                    ConditionedGenerator drawing = average == null ? g : (ConditionedGenerator) average.average();
                    if (warmup > 0) {
                        warmUp(dt, g, d, warmup);
                    }
                    InstanceNoise noise = new InstanceNoise(p.getFloat("instanceNoise", 0f), steps);
                    Samples samples = new Samples(s.test(), s.text(), zDim, p.getInt("conditionDim"),
                            stageOne == null ? 0 : stageOneParams.getInt("conditionDim"), p.getInt("sampleCaptions", 16), p.getLong("seed"));
                    for (long step = start + 1; step <= steps; step++) {
                        long t0 = System.nanoTime();
                        last = step(gt, dt, g, d, stageOne, kl, noise.std(step));
                        if (average != null) {
                            average.update();
                        }
                        double ms = (System.nanoTime() - t0) / 1e6;
                        for (Map.Entry<String, Double> en : last.entrySet()) {
                            s.tracker().scalar(en.getKey(), step, en.getValue());
                        }
                        StepDecay decay = new StepDecay(p.getFloat("generatorLr"), p.getInt("lrDecaySteps"), 0);
                        s.tracker().scalar("lr/g", step, decay.at(step - 1));
                        s.tracker().scalar("lr/d", step, new StepDecay(p.getFloat("discriminatorLr"), p.getInt("lrDecaySteps"), 0).at(step - 1));
                        s.tracker().scalar("time/step_ms", step, ms);
                        if (noise.start() > 0) {
                            s.tracker().scalar("instance_noise", step, noise.std(step));
                        }
                        s.tracker().scalar("images_per_s", step, batch / (ms / 1000.0));
                        if (due(step, sampleEvery, steps)) {
                            writeSamples(samples, drawing, stageOne, gm.getNDManager(), step);
                        }
                        if (due(step, checkpointEvery, steps)) {
                            checkpoint = writeCheckpoint(g, average, d, stageOne, step);
                        }
                        if (s.judge() != null && due(step, evalEvery, steps)) {
                            evaluation = evaluate(drawing, average == null ? null : g, d, stageOne, gm.getNDManager(), step);
                        }
                        if (step % Math.max(1, steps / 10) == 0) {
                            LOG.info(String.format(Locale.ROOT, "%s step %d/%d: %s (%.0f ms)", kind(), step, steps, last, ms));
                        }
                        s.tracker().heartbeat();
                        if (s.stop().getAsBoolean() && step < steps) {
                            LOG.info(kind() + " stopping at step " + step + " on request; checkpoint written");
                            checkpoint = writeCheckpoint(g, average, d, stageOne, step);
                            break;
                        }
                    }
                }
            }
            s.tracker().flush();
            return new Result(checkpoint, steps, last, evaluation);
        }

        /** Every {@code every} steps (0: never) and always at the last one. */
        static boolean due(long step, int every, long steps) {
            return (every > 0 && step % every == 0) || step == steps;
        }

        Path stagePath() {
            return stageOnePath;
        }

        DefaultTrainingConfig config(float lr, long start, Device device) {
            return new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(Adam.builder()
                            .optLearningRateTracker(new StepDecay(lr, p.getInt("lrDecaySteps"), start))
                            .optBeta1(p.getFloat("beta1"))
                            .build())
                    .optDevices(new Device[] {device});
        }

        void prepareData() {
            List<String> captions = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            images = RealImages.load(s.train(), size);
            for (int i = 0; i < images.size(); i++) {
                captions.addAll(images.captions(i));
                counts.add(images.captions(i).size());
            }
            float[][] all = s.text().embed(captions);
            int at = 0;
            for (int c : counts) {
                float[][] mine = new float[c][];
                System.arraycopy(all, at, mine, 0, c);
                embeddings.add(mine);
                at += c;
            }
        }

        /** The mean embedding of {@code captionsPerImage} random captions of sample i (official preprocessing). */
        float[] condition(int i) {
            return condition(i, rnd);
        }

        float[] condition(int i, Random random) {
            return StackGanTraining.meanOfDistinct(embeddings.get(i), captionsPerImage, random);
        }

        Map<String, Double> step(Trainer gt, Trainer dt, ConditionedGenerator g, Block d, ConditionedGenerator stageOne,
                float klCoefficient, float noiseStd) {
            Map<String, Double> out = new LinkedHashMap<>();
            try (NDManager sm = gt.getManager().newSubManager()) {
                NDList pairs = realPairs(sm);
                NDArray realImages = pairs.get(0);
                NDArray text = pairs.get(1);
                NDArray wrongText = pairs.get(2);
                NDArray x = generatorInput(sm, text, stageOne);
                ParameterStore frozen = new ParameterStore(sm, false);
                // the step's real images as blobs, each with its own caption: fakes to D
                NDArray blurred = negativeShare > 0 ? BlurredNegatives.blur(realImages, BlurredNegatives.radius(size)) : null;

                // discriminator: real/right → 1, real/wrong → 0, fake → 0
                Gradients.zero(d);
                try (GradientCollector gc = dt.newGradientCollector()) {
                    NDList gen = g.forward(frozen, new NDList(x, text), true);
                    NDArray fake = gen.get(0).stopGradient();
                    NDArray cond = onEmbedding ? text : gen.get(1).stopGradient();
                    NDArray condWrong = wrongCondition(g, frozen, wrongText);
                    NDList real;
                    NDArray wrongLogits;
                    NDList fakeOut;
                    NDArray negativeLogits = null;
                    if (jointBatch) {
                        List<NDList> parts = parts(dt.forward(jointPairs(realImages, fake, blurred, cond, condWrong, noiseStd)), groups(blurred));
                        real = parts.get(0);
                        wrongLogits = parts.get(1).get(0);
                        fakeOut = parts.get(2);
                        negativeLogits = blurred != null ? parts.get(3).get(0) : null;
                    } else {
                        real = dt.forward(new NDList(InstanceNoise.apply(realImages, noiseStd), cond));
                        wrongLogits = dt.forward(new NDList(InstanceNoise.apply(realImages, noiseStd), condWrong)).get(0);
                        fakeOut = dt.forward(new NDList(InstanceNoise.apply(fake, noiseStd), cond));
                        if (blurred != null) {
                            negativeLogits = dt.forward(new NDList(InstanceNoise.apply(blurred, noiseStd), cond)).get(0);
                        }
                    }
                    NDList dl = negativeLogits == null ? MatchingAwareLoss.discriminator(real.get(0), wrongLogits, fakeOut.get(0))
                            : MatchingAwareLoss.discriminator(real.get(0), wrongLogits, fakeOut.get(0), negativeLogits, negativeShare);
                    NDArray total = dl.get(0);
                    if (negativeLogits != null) {
                        out.put("loss/d_negative", (double) dl.get(4).getFloat());
                    }
                    if (unconditionalWeight > 0) {
                        // StackGAN-v2's joint loss: real → 1, fake → 0 judged without the text
                        NDList u = MatchingAwareLoss.matching(real.get(1), fakeOut.get(1));
                        total = total.add(u.get(0).mul(sm.full(new Shape(), unconditionalWeight)));
                        out.put("loss/d_uncond", (double) u.get(0).getFloat());
                    }
                    if (contrastiveWeight > 0) {
                        // each real image's caption must pick it out of the batch (XMC-GAN's sentence–image term)
                        NDArray c = contrastive(real, textCodes(d, sm, condWrong));
                        total = total.add(c.mul(sm.full(new Shape(), contrastiveWeight)));
                        out.put("loss/d_contrastive", (double) c.getFloat());
                    }
                    gc.backward(total);
                    out.put("loss/d", (double) total.getFloat());
                    out.put("loss/d_real", (double) dl.get(1).getFloat());
                    out.put("loss/d_wrong", (double) dl.get(2).getFloat());
                    out.put("loss/d_fake", (double) dl.get(3).getFloat());
                }
                dt.step();
                // generatorSteps > 1 (not in the paper, default 1) gives G more updates per D update
                for (int k = 0; k < generatorSteps; k++) {
                    Gradients.zero(g);
                    NDArray gx = k == 0 ? x : generatorInput(sm, text, stageOne);
                    // generator: fake → 1, plus klCoefficient × KL(N(μ, Σ) ‖ N(0, I))
                    try (GradientCollector gc = gt.newGradientCollector()) {
                        NDList gen = gt.forward(new NDList(gx, text));
                        NDArray cond = onEmbedding ? text : gen.get(1).stopGradient();
                        NDArray condWrong = jointBatch || contrastiveWeight > 0 ? wrongCondition(g, frozen, wrongText) : null;
                        NDList fakeOut;
                        if (jointBatch) {
                            // the fakes meet D beside the same real and wrong pairs as in D's step, so batch
                            // norm normalises them as it did there
                            fakeOut = parts(d.forward(frozen, jointPairs(realImages, gen.get(0), blurred, cond, condWrong, noiseStd), true),
                                    groups(blurred)).get(2);
                        } else {
                            fakeOut = d.forward(frozen, new NDList(InstanceNoise.apply(gen.get(0), noiseStd), cond), true);
                        }
                        NDArray adversarial = MatchingAwareLoss.generator(fakeOut.get(0));
                        if (unconditionalWeight > 0) {
                            NDArray u = MatchingAwareLoss.generator(fakeOut.get(1));
                            adversarial = adversarial.add(u.mul(sm.full(new Shape(), unconditionalWeight)));
                            out.put("loss/g_uncond", (double) u.getFloat());
                        }
                        // the official code averages the KL over batch and condition units; klDivergence sums
                        // the units, so divide to keep klCoefficient 2.0 meaning what it means there
                        NDArray klTerm = ConditioningAugmentation.klDivergence(gen.get(1), gen.get(2))
                                .div(sm.full(new Shape(), (float) p.getInt("conditionDim")));
                        // a torch-owned scalar: a Java scalar here would be freed before backward (DJL bug 2)
                        NDArray total = adversarial.add(klTerm.mul(sm.full(new Shape(), klCoefficient)));
                        if (contrastiveWeight > 0) {
                            NDArray c = contrastive(fakeOut, textCodes(d, sm, condWrong));
                            total = total.add(c.mul(sm.full(new Shape(), contrastiveWeight)));
                            out.put("loss/g_contrastive", (double) c.getFloat());
                        }
                        if (matching != null) {
                            NDArray damsm = matching.loss(gen.get(0), text);
                            total = total.add(damsm.mul(sm.full(new Shape(), damsmWeight)));
                            out.put("loss/g_damsm", (double) damsm.getFloat());
                        }
                        if (stageOneConsistency > 0) {
                            NDArray tie = StageOneConsistency.loss(gen.get(0), gx);
                            total = total.add(tie.mul(sm.full(new Shape(), stageOneConsistency)));
                            out.put("loss/g_stage1_l1", (double) tie.getFloat());
                        }
                        gc.backward(total);
                        out.put("loss/g", (double) total.getFloat());
                        out.put("loss/g_adversarial", (double) adversarial.getFloat());
                        out.put("kl", (double) klTerm.getFloat());
                    }
                    gt.step();
                }
                // the G pass left gradients in D that its optimizer will not clear (DJL bug 4)
                Gradients.zero(d);
            }
            return out;
        }

        /**
         * One batch of real/right, real/wrong and fake pairs, then the blurred real images with their
         * own caption when there are any (discriminatorBatch joint): images and conditions for D.
         */
        private static NDList jointPairs(NDArray realImages, NDArray fakes, NDArray blurred, NDArray cond, NDArray condWrong, float noiseStd) {
            NDList images = new NDList(InstanceNoise.apply(realImages, noiseStd), InstanceNoise.apply(realImages, noiseStd),
                    InstanceNoise.apply(fakes, noiseStd));
            NDList conditions = new NDList(cond, condWrong, cond);
            if (blurred != null) {
                images.add(InstanceNoise.apply(blurred, noiseStd));
                conditions.add(cond);
            }
            return new NDList(NDArrays.concat(images), NDArrays.concat(conditions));
        }

        /** How many groups of pairs {@link #jointPairs} puts in its batch. */
        private static int groups(NDArray blurred) {
            return blurred == null ? 3 : 4;
        }

        /** What D reads for the wrong captions: their embedding, or the CA's μ of it, without gradient. */
        NDArray wrongCondition(ConditionedGenerator g, ParameterStore frozen, NDArray wrongText) {
            return onEmbedding ? wrongText : g.conditioning().forward(frozen, new NDList(wrongText), true).get(1).stopGradient();
        }

        /**
         * The contrastive loss on the image and text codes that end a discriminator's output, with the
         * step's wrong captions as further negatives for each image: in a batch of 32, position, size
         * and colour already tell the captions apart, so without them a code need not read the shape;
         * a wrong caption that differs only in the shape (closestWrongShare) makes it.
         */
        private static NDArray contrastive(NDList discriminatorOut, NDArray wrongTextCodes) {
            int n = discriminatorOut.size();
            return ContrastiveLoss.computeWithNegatives(discriminatorOut.get(n - 1), wrongTextCodes, discriminatorOut.get(n - 2),
                    StackGanModels.CONTRASTIVE_TEMPERATURE);
        }

        /** The discriminator's contrastive codes of the given conditions, gradients kept for its own step. */
        private static NDArray textCodes(Block d, NDManager sm, NDArray conditions) {
            return ((dev.telltale.experiments.stackgan.ConditionalDiscriminator) d).textCode(new ParameterStore(sm, false), conditions, true);
        }

        /** Warms D up on real pairs ({@link #warmupStep}); logs the mean losses of its last 50 steps at step 0. */
        void warmUp(Trainer dt, ConditionedGenerator g, Block d, int warmup) {
            LOG.info(kind() + ": " + warmup + " discriminator warm-up steps on real pairs");
            Map<String, Double> tail = new LinkedHashMap<>();
            int last = Math.min(50, warmup);
            for (int w = 1; w <= warmup; w++) {
                Map<String, Double> losses = warmupStep(dt, g, d);
                if (w > warmup - last) {
                    losses.forEach((k, v) -> tail.merge(k, v / last, Double::sum));
                }
            }
            tail.forEach((k, v) -> s.tracker().scalar(k, 0, v));
            LOG.info(kind() + " warm-up done: " + tail);
        }

        /** A batch of real images, their captions' embeddings and wrong captions' embeddings. */
        NDList realPairs(NDManager sm) {
            int e = s.text().embeddingDim();
            List<float[]> real = new ArrayList<>(batch);
            float[] emb = new float[batch * e];
            float[] wrong = new float[batch * e];
            for (int b = 0; b < batch; b++) {
                int i = rnd.nextInt(images.size());
                real.add(images.draw(i, rnd));
                System.arraycopy(condition(i), 0, emb, b * e, e);
                // the real image with a caption that describes something else: never its own
                // closest ones make D check each judged word; random ones keep it checking the rest
                int j = closestWrong != null && rnd.nextFloat() < closestWrongShare ? closestWrong.pick(i, rnd)
                        : WrongCaptions.pickMismatched(s.train(), i, rnd);
                System.arraycopy(condition(j), 0, wrong, b * e, e);
            }
            return new NDList(Images.batch(sm, real, size), sm.create(emb, new Shape(batch, e)), sm.create(wrong, new Shape(batch, e)));
        }

        /**
         * One discriminator step on real pairs only, before any generator exists to fool it: its own
         * caption → 1, a wrong caption → 0 (discriminatorWarmup, not in the paper). Trained alone on this,
         * the cpu Stage-I discriminator learnt to tell a shape-wrong caption from the right one in about
         * 600 steps (D 0.91 vs 0.15); inside the GAN, where telling fakes from reals dominates its loss, it
         * had not after 1,300 (0.69 vs 0.49).
         */
        Map<String, Double> warmupStep(Trainer dt, ConditionedGenerator g, Block d) {
            Map<String, Double> out = new LinkedHashMap<>();
            try (NDManager sm = dt.getManager().newSubManager()) {
                NDList pairs = realPairs(sm);
                ParameterStore frozen = new ParameterStore(sm, false);
                Gradients.zero(d);
                try (GradientCollector gc = dt.newGradientCollector()) {
                    NDArray cond = onEmbedding ? pairs.get(1) : g.conditioning().forward(frozen, new NDList(pairs.get(1)), true).get(1).stopGradient();
                    NDArray condWrong = onEmbedding ? pairs.get(2)
                            : g.conditioning().forward(frozen, new NDList(pairs.get(2)), true).get(1).stopGradient();
                    NDArray realLogits = dt.forward(new NDList(pairs.get(0), cond)).get(0);
                    NDArray wrongLogits = dt.forward(new NDList(pairs.get(0), condWrong)).get(0);
                    NDList loss = MatchingAwareLoss.matching(realLogits, wrongLogits);
                    gc.backward(loss.get(0));
                    out.put("warmup/d_real", (double) loss.get(1).getFloat());
                    out.put("warmup/d_wrong", (double) loss.get(2).getFloat());
                }
                dt.step();
                Gradients.zero(d);
            }
            return out;
        }

        /** z for Stage-I; for Stage-II the frozen Stage-I generator's image (no z of its own). */
        NDArray generatorInput(NDManager sm, NDArray text, ConditionedGenerator stageOne) {
            NDArray z = sm.randomNormal(new Shape(text.getShape().get(0), zDim));
            if (stageOne == null) {
                return z;
            }
            return stageOne.forward(new ParameterStore(sm, false), new NDList(z, text), false).get(0).stopGradient();
        }

        void writeSamples(Samples samples, ConditionedGenerator g, ConditionedGenerator stageOne, NDManager parent, long step)
                throws IOException {
            List<float[]> images = samples.generate(g, stageOne, parent);
            Path png = s.outDir().resolve("samples").resolve(String.format(Locale.ROOT, "%s-step-%07d.png", two ? "stage2" : "stage1", step));
            java.nio.file.Files.createDirectories(png.getParent());
            ImageGrid.write(images, size, samples.captions(), Math.min(8, images.size()), png);
            s.tracker().artifact(ArtifactKind.SAMPLE_IMAGE, png, step, null);
        }

        Path writeCheckpoint(ConditionedGenerator g, GeneratorAverage average, Block d, ConditionedGenerator stageOne, long step)
                throws IOException {
            JsonObject meta = new JsonObject();
            meta.addProperty("kind", kind());
            meta.addProperty("step", step);
            meta.add("params", new Gson().toJsonTree(p.asMap()));
            meta.addProperty("dataset", s.train().id());
            meta.addProperty("textEncoder", String.valueOf(s.text().source().getFileName()));
            meta.addProperty("textEncoderPath", s.text().source().toAbsolutePath().toString());
            meta.addProperty("embeddingDim", s.text().embeddingDim());
            meta.addProperty("imageSize", size);
            Map<String, Block> blocks = new LinkedHashMap<>();
            blocks.put("generator", g);
            if (average != null) {
                blocks.put(StackGanModels.AVERAGE_ENTRY, average.average());
            }
            blocks.put("discriminator", d);
            if (stageOne != null) {
                meta.add("stage1Params", new Gson().toJsonTree(stageOneParams.asMap()));
                meta.addProperty("stage1", String.valueOf(stageOnePath.getFileName()));
                blocks.put("stage1-generator", stageOne);
            }
            Path file = s.outDir().resolve("checkpoints").resolve(String.format(Locale.ROOT, "%s-step-%07d.zip", two ? "stage2" : "stage1", step));
            Checkpoint.write(file, meta, blocks);
            s.tracker().artifact(ArtifactKind.CHECKPOINT, file, step, null);
            return file;
        }

        /**
         * Whether an evaluation reports a metric for the pictures it compares the run's own with: prefixed
         * stage1_, Stage-II's upsampled Stage-I input; prefixed raw_, the trained weights of a run with a
         * weight average.
         */
        static boolean comparedMetric(String metric) {
            return metric.equals("caption_accuracy") || metric.startsWith("accuracy_") || metric.equals("is_mean") || metric.equals("fid");
        }

        /**
         * Judges g's pictures for the held-out captions; with {@code raw} (the trained weights, where g
         * is their average) those too, as raw_*, from the same noise; and, as mu_*, g's pictures from the
         * same z with every stage's CA at its mean μ (conditionNoise 0, which generation and evaluate
         * offer), beside the paper's sampled ĉ that the headline figures keep.
         */
        Map<String, Double> evaluate(ConditionedGenerator g, ConditionedGenerator raw, Block d, ConditionedGenerator stageOne,
                NDManager parent, long step) {
            int n = p.getInt("evalSamples", 256);
            List<float[]> generated = new ArrayList<>(n);
            List<float[]> trained = new ArrayList<>(raw == null ? 0 : n);
            List<float[]> refined = new ArrayList<>(stageOne == null ? 0 : n);
            List<float[]> fromMean = new ArrayList<>(n);
            List<float[]> refinedFromMean = new ArrayList<>(stageOne == null ? 0 : n);
            EvaluationCaptions held = EvaluationCaptions.of(s.test(), n);
            List<Map<String, String>> intended = held.intended();
            List<String> captions = held.captions();
            float[][] emb = s.text().embed(captions);
            int e = s.text().embeddingDim();
            int c = g.conditionDim();
            int c1 = stageOne == null ? 0 : stageOne.conditionDim();
            // the same z and CA noise at every evaluation of a run: a metric's change from one evaluation
            // to the next is then the generator's, not a new draw of 256 samples (which moved Stage-II's
            // input reading from 0.387 to 0.457 with the Stage-I generator frozen)
            Random r = new Random(p.getLong("seed") ^ EVALUATION_NOISE);
            float[] z = Generators.gaussian(r, n * zDim);
            float[] eps1 = Generators.gaussian(r, n * c1);
            float[] eps = Generators.gaussian(r, n * c);
            for (int from = 0; from < n; from += batch) {
                int k = Math.min(batch, n - from);
                try (NDManager sm = parent.newSubManager()) {
                    float[] flat = new float[k * e];
                    for (int i = 0; i < k; i++) {
                        System.arraycopy(emb[from + i], 0, flat, i * e, e);
                    }
                    NDArray text = sm.create(flat, new Shape(k, e));
                    ParameterStore ps = new ParameterStore(sm, false);
                    NDArray x = sm.create(Arrays.copyOfRange(z, from * zDim, (from + k) * zDim), new Shape(k, zDim));
                    NDArray xMean = x;
                    if (stageOne != null) {
                        NDArray e1 = sm.create(Arrays.copyOfRange(eps1, from * c1, (from + k) * c1), new Shape(k, c1));
                        xMean = stageOne.forward(ps, new NDList(x, text, e1.zerosLike()), false).get(0);
                        x = stageOne.forward(ps, new NDList(x, text, e1), false).get(0);
                    }
                    NDArray epsilon = sm.create(Arrays.copyOfRange(eps, from * c, (from + k) * c), new Shape(k, c));
                    generated.addAll(Images.unbatch(g.forward(ps, new NDList(x, text, epsilon), false).get(0)));
                    fromMean.addAll(Images.unbatch(g.forward(ps, new NDList(xMean, text, epsilon.zerosLike()), false).get(0)));
                    if (raw != null) {
                        trained.addAll(Images.unbatch(raw.forward(ps, new NDList(x, text, epsilon), false).get(0)));
                    }
                    if (stageOne != null) {
                        refined.addAll(Images.unbatch(Blocks.upsampleNearest(Blocks.upsampleNearest(x))));
                        refinedFromMean.addAll(Images.unbatch(Blocks.upsampleNearest(Blocks.upsampleNearest(xMean))));
                    }
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>(s.judge().judge(generated, size, intended));
            if (stageOne != null) {
                // the same readings of the Stage-I images this stage refines, upsampled as they come in
                // (what a zero correction would give): the bar for whether Stage-II's training adds anything
                putCompared(metrics, "stage1_", refined, intended);
            }
            if (raw != null) {
                putCompared(metrics, "raw_", trained, intended);
            }
            putCompared(metrics, "mu_", fromMean, intended);
            if (stageOne != null) {
                putCompared(metrics, "mu_stage1_", refinedFromMean, intended);
            }
            metrics.putAll(discriminatorChecks(raw != null ? raw : g, d, parent, step));
            metrics.forEach((k, v) -> s.tracker().scalar("eval/" + k, step, v));
            String judge = s.judge().getClass().getSimpleName();
            if (metrics.containsKey("is_mean")) {
                s.tracker().evaluation(step, "inception_score", metrics.get("is_mean"), metrics.get("is_std"), n, judge);
            }
            if (metrics.containsKey("fid")) {
                s.tracker().evaluation(step, "fid", metrics.get("fid"), null, n, judge);
            }
            if (metrics.containsKey("caption_accuracy")) {
                s.tracker().evaluation(step, "caption_accuracy", metrics.get("caption_accuracy"), null, n, judge);
            }
            LOG.info(String.format(Locale.ROOT, "%s evaluation at step %d on %d samples: %s", kind(), step, n, metrics));
            return metrics;
        }

        /** The judge's {@link #comparedMetric compared} readings of {@code images}, each key prefixed. */
        private void putCompared(Map<String, Double> metrics, String prefix, List<float[]> images, List<Map<String, String>> intended) {
            s.judge().judge(images, size, intended).forEach((key, value) -> {
                if (comparedMetric(key)) {
                    metrics.put(prefix + key, value);
                }
            });
        }

        /**
         * What the discriminator checks of a caption: its mean output (a probability, in training mode as
         * it runs in training) on real training images with their own captions ({@code d_real_own}), and
         * with the captions of a sample that differs in one judged attribute only ({@code
         * d_real_only_<attribute>_wrong}, where the training set has such samples). An attribute whose
         * score stays near d_real_own is one the discriminator does not check, so the generator has no
         * reason to get it right: on shapes the shape-wrong score stayed at 0.7-0.95 of d_real_own while
         * the colour-wrong one fell to 0.02-0.17.
         * Draws from its own random stream, so evaluating does not change the training batches.
         */
        Map<String, Double> discriminatorChecks(ConditionedGenerator g, Block d, NDManager parent, long step) {
            Map<String, Double> out = new LinkedHashMap<>();
            if (counterparts == null) {
                counterparts = closestWrong != null ? closestWrong : new WrongCaptions.Closest(s.train());
            }
            Random random = new Random(p.getLong("seed") * 31 + step);
            List<Integer> own = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                own.add(random.nextInt(images.size()));
            }
            out.put("d_real_own", realScore(g, d, parent, own, own, random));
            for (String attribute : s.train().judgedAttributes()) {
                List<Integer> real = new ArrayList<>();
                List<Integer> wrong = new ArrayList<>();
                for (int t = 0; t < 20 * batch && real.size() < batch; t++) {
                    int i = random.nextInt(images.size());
                    java.util.OptionalInt j = counterparts.counterpart(i, attribute, random);
                    if (j.isPresent()) {
                        real.add(i);
                        wrong.add(j.getAsInt());
                    }
                }
                if (real.size() >= 2) {
                    out.put("d_real_only_" + attribute + "_wrong", realScore(g, d, parent, real, wrong, random));
                }
            }
            return out;
        }

        /** Mean D(real image i, condition of sample j) over the pairs, as a probability. */
        double realScore(ConditionedGenerator g, Block d, NDManager parent, List<Integer> real, List<Integer> captionsOf, Random random) {
            int e = s.text().embeddingDim();
            List<float[]> pictures = new ArrayList<>();
            float[] emb = new float[real.size() * e];
            for (int b = 0; b < real.size(); b++) {
                pictures.add(images.draw(real.get(b), random));
                System.arraycopy(condition(captionsOf.get(b), random), 0, emb, b * e, e);
            }
            try (NDManager sm = parent.newSubManager()) {
                ParameterStore ps = new ParameterStore(sm, false);
                NDArray text = sm.create(emb, new Shape(real.size(), e));
                NDArray cond = onEmbedding ? text : g.conditioning().forward(ps, new NDList(text), false).get(1);
                NDArray logits = d.forward(ps, new NDList(Images.batch(sm, pictures, size), cond), true).get(0);
                return ai.djl.nn.Activation.sigmoid(logits).mean().getFloat();
            }
        }
    }

    /**
     * Fixed evaluation captions and fixed noise (z and both stages' CA ε): samples of step 1k and 5k,
     * and of two runs, compare.
     */
    static final class Samples {
        private final List<String> captions = new ArrayList<>();
        private final float[][] embeddings;
        private final float[] noise;
        private final float[] epsilon;
        private final float[] stageOneEpsilon;
        private final int zDim;
        private final int conditionDim;
        private final int stageOneConditionDim;
        private final int e;

        /** stageOneConditionDim: 0 for a Stage-I run. */
        Samples(CaptionedDataset test, TextEncoderModel text, int zDim, int conditionDim, int stageOneConditionDim,
                int count, long seed) {
            for (int i = 0; i < Math.min(count, test.size()); i++) {
                captions.add(test.get(i, 4).captions().get(0));
            }
            this.embeddings = text.embed(captions);
            this.zDim = zDim;
            this.conditionDim = conditionDim;
            this.stageOneConditionDim = stageOneConditionDim;
            this.e = text.embeddingDim();
            Random r = new Random(seed ^ 0x5EED);
            noise = Generators.gaussian(r, captions.size() * zDim);
            stageOneEpsilon = Generators.gaussian(r, captions.size() * stageOneConditionDim);
            epsilon = Generators.gaussian(r, captions.size() * conditionDim);
        }


        List<String> captions() {
            return captions;
        }

        List<float[]> generate(ConditionedGenerator g, ConditionedGenerator stageOne, NDManager parent) {
            try (NDManager sm = parent.newSubManager()) {
                float[] flat = new float[captions.size() * e];
                for (int i = 0; i < captions.size(); i++) {
                    System.arraycopy(embeddings[i], 0, flat, i * e, e);
                }
                NDArray text = sm.create(flat, new Shape(captions.size(), e));
                int n = captions.size();
                NDArray z = sm.create(noise, new Shape(n, zDim));
                ParameterStore ps = new ParameterStore(sm, false);
                NDArray x = stageOne == null ? z
                        : stageOne.forward(ps, new NDList(z, text, sm.create(stageOneEpsilon, new Shape(n, stageOneConditionDim))), false).get(0);
                return Images.unbatch(g.forward(ps, new NDList(x, text, sm.create(epsilon, new Shape(n, conditionDim))), false).get(0));
            }
        }
    }
}
