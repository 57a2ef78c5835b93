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
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.telltale.experiments.data.VideoDataset;
import dev.telltale.experiments.data.VideoSample;
import dev.telltale.experiments.data.Vocabulary;
import dev.telltale.experiments.eval.VideoJudge;
import dev.telltale.experiments.render.FrameStrip;
import dev.telltale.experiments.render.Gif;
import dev.telltale.experiments.stackgan.Blocks;
import dev.telltale.experiments.text.ContrastiveLoss;
import dev.telltale.experiments.tganc.ContrastiveHead;
import dev.telltale.experiments.tganc.Discriminators;
import dev.telltale.experiments.tganc.FrameDiscriminator;
import dev.telltale.experiments.tganc.MotionDiscriminator;
import dev.telltale.experiments.tganc.SentenceEncoder;
import dev.telltale.experiments.tganc.TganLoss;
import dev.telltale.experiments.tganc.TripletSampler;
import dev.telltale.experiments.tganc.VideoDiscriminator;
import dev.telltale.experiments.tganc.VideoGenerator;
import dev.telltale.experiments.track.ArtifactKind;
import dev.telltale.experiments.track.Tracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * TGANs-C training (Pan et al. 2017), both variants: TGANs-C-C ({@value #COHERENCE}: video- and
 * frame-level matching-aware losses plus the temporal coherence constraint on G) and TGANs-C-A
 * ({@value #ADVERSARIAL}: the same plus the motion discriminator D2 and its adversarial loss).
 * Alternating updates, one D step then one G step on the same z, Adam (β₁ from the parameters),
 * learning rates halved every lrDecaySteps. The sentence encoder trains with D (see
 * {@link SentenceEncoder}); G reads S with its gradient stopped. Options of ours, as in
 * {@link StackGanTraining}: discriminatorBatch joint (real, wrong and synthetic clips in one batch),
 * contrastiveWeight (a sentence–video contrastive loss on D1's features, see
 * {@link ContrastiveHead}), conditionalNorm (G's batch norms read S), sentenceWarmup (the
 * encoder trains alone on the contrastive loss first, then stays frozen) and closestWrongShare
 * (wrong captions one attribute away, see {@link #withClosestWrong}). Sample GIFs of fixed captions and
 * noise, checkpoints, resume and the stop request work as in {@link StackGanTraining}.
 */
public final class TganTraining {

    private static final Logger LOG = Logger.getLogger(TganTraining.class.getName());
    public static final String COHERENCE = "tganc-c";
    public static final String ADVERSARIAL = "tganc-a";
    /** Longest caption the encoder reads (bouncing-digit captions have at most 17 words). */
    static final int MAX_WORDS = 24;
    /** Training clips searched for ones that differ from another in one attribute (D checks). */
    static final int COUNTERPART_CLIPS = 2000;

    private TganTraining() {}

    /** Everything a run needs; {@code resumeFrom} and {@code judge} may be null. */
    public record Setup(String model, VideoDataset train, VideoDataset test, ParamMap params, Tracker tracker, Path outDir,
            Path resumeFrom, VideoJudge judge, BooleanSupplier stop) {}

    public record Result(Path checkpoint, long steps, Map<String, Double> lastLosses, Map<String, Double> evaluation) {}

    public static Result train(Setup s) throws IOException {
        if (!COHERENCE.equals(s.model()) && !ADVERSARIAL.equals(s.model())) {
            throw new IllegalArgumentException("model must be " + COHERENCE + " or " + ADVERSARIAL + ", got '" + s.model() + "'");
        }
        return new Loop(s).run();
    }

    /** Builds the generator of a run's parameters. */
    public static VideoGenerator generator(ParamMap p) {
        return VideoGenerator.builder().setSentenceDim(p.getInt("sentenceDim")).optZDim(p.getInt("zDim")).optGfDim(p.getInt("gfDim"))
                .optFrames(p.getInt("frames")).optFrameSize(p.getInt("frameSize")).optLevels(p.getInt("levels"))
                // checkpoints from before the option have plain batch norms
                .optConditionalNorm(Boolean.parseBoolean(p.getString("conditionalNorm", "false")))
                .optContentMotion(Boolean.parseBoolean(p.getString("contentMotion", "false"))).build();
    }

    /** Builds the discriminator side (encoder, D0, D1 and for TGANs-C-A D2) of a run's parameters. */
    public static Discriminators discriminators(String model, ParamMap p, int vocabularySize) {
        int sd = p.getInt("sentenceDim");
        int cd = p.getInt("conditionDim");
        int df = p.getInt("dfDim");
        int t = p.getInt("frames");
        int size = p.getInt("frameSize");
        int levels = p.getInt("levels");
        SentenceEncoder encoder = SentenceEncoder.builder().setVocabularySize(vocabularySize).optWordDim(p.getInt("wordDim"))
                .optHiddenSize(p.getInt("hiddenSize")).optSentenceDim(sd).build();
        VideoDiscriminator d0 = VideoDiscriminator.builder().setSentenceDim(sd).optConditionDim(cd).optDfDim(df).optFrames(t)
                .optFrameSize(size).optLevels(levels).build();
        FrameDiscriminator d1 = FrameDiscriminator.builder().setSentenceDim(sd).optConditionDim(cd).optDfDim(df).optFrames(t)
                .optFrameSize(size).optLevels(levels).build();
        MotionDiscriminator d2 = ADVERSARIAL.equals(model)
                ? MotionDiscriminator.builder().setSentenceDim(sd).optConditionDim(cd).optDfDim(df).optFrames(t).optFrameSize(size)
                        .optLevels(levels).build()
                : null;
        ContrastiveHead contrastive = contrastiveWeight(p) > 0 ? new ContrastiveHead(StackGanModels.CONTRASTIVE_DIM) : null;
        return new Discriminators(encoder, d0, d1, d2, contrastive);
    }

    /**
     * Steps at the start that train only the sentence encoder (with D's contrastive head), after which
     * the encoder is frozen; 0 (the default, and the paper's) trains it with D throughout. Ours: G
     * conditioned on an S that D keeps moving did not follow D1's digit check (README).
     */
    static int sentenceWarmup(ParamMap p, float contrastiveWeight) {
        int w = p.getInt("sentenceWarmup", 0);
        if (w < 0) {
            throw new IllegalArgumentException("sentenceWarmup must be >= 0, got " + w);
        }
        if (w > 0 && contrastiveWeight <= 0) {
            throw new IllegalArgumentException("sentenceWarmup needs contrastiveWeight > 0: the warm-up trains the sentence encoder on that loss");
        }
        return w;
    }

    /** Weight of the sentence–video contrastive loss; 0 (no head) when the run does not set it. */
    static float contrastiveWeight(ParamMap p) {
        float w = p.getFloat("contrastiveWeight", 0f);
        if (!(w >= 0) || Float.isInfinite(w)) {
            throw new IllegalArgumentException("contrastiveWeight must be a non-negative number, got " + w);
        }
        return w;
    }

    /**
     * Replaces a {@code share} of the triplets' wrong captions with a caption of a clip that differs
     * from the row's clip in one attribute only (on sbmg: only the digit or only the motion), each
     * row first choosing one of the attributes that has such a clip, so every word of a caption is
     * tested about equally often. Rows without such a clip keep the random mismatch.
     *
     * <p>Ours, as StackGAN's closestWrongShare: a random mismatch (another clip's caption) names
     * another digit nine times in ten, so a loss that only has to reject it, the sentence warm-up's
     * contrastive loss above all, can tell captions apart by the digit and leave the motion out of S.
     * What it did on sbmg is in the catalog's help.
     */
    static TripletSampler.Triplets withClosestWrong(VideoDataset ds, TripletSampler.Triplets t, VideoCounterparts counterparts,
            float share, Random rnd) {
        String[] wrong = t.wrongCaptions().clone();
        int[] from = t.wrongFrom().clone();
        List<String> attributes = counterparts.attributes();
        for (int b = 0; b < from.length; b++) {
            if (rnd.nextFloat() >= share) {
                continue;
            }
            List<String> order = new ArrayList<>(attributes);
            Collections.shuffle(order, rnd);
            for (String attribute : order) {
                OptionalInt j = counterparts.counterpart(t.clips()[b], attribute, rnd);
                if (j.isPresent()) {
                    List<String> theirs = ds.captions(j.getAsInt());
                    from[b] = j.getAsInt();
                    wrong[b] = theirs.get(rnd.nextInt(theirs.size()));
                    break;
                }
            }
        }
        return new TripletSampler.Triplets(t.clips(), t.captions(), wrong, from);
    }

    /**
     * For the contrastive loss: whether caption r (the batch's B, then the B wrong ones) says what
     * clip c of the batch shows, as a (2B) × B table. With twenty-odd contents a batch often holds
     * two clips that say the same thing.
     */
    static boolean[][] sameContent(VideoDataset ds, TripletSampler.Triplets t) {
        int b = t.clips().length;
        String[] shown = new String[b];
        for (int c = 0; c < b; c++) {
            shown[c] = ds.content(t.clips()[c]);
        }
        boolean[][] same = new boolean[2 * b][b];
        for (int r = 0; r < 2 * b; r++) {
            String said = r < b ? shown[r] : ds.content(t.wrongFrom()[r - b]);
            for (int c = 0; c < b; c++) {
                same[r][c] = said.equals(shown[c]);
            }
        }
        return same;
    }

    /** The words a checkpoint was trained with, so the encoder's embedding rows keep their meaning. */
    static Vocabulary vocabularyOf(Checkpoint cp) throws IOException {
        Path tmp = Files.createTempFile("telltale-vocabulary", ".json");
        try {
            JsonObject stored = new JsonObject();
            stored.addProperty("format", "telltale-vocabulary");
            stored.addProperty("version", 1);
            stored.add("words", cp.meta().get("vocabulary"));
            Files.writeString(tmp, stored.toString(), StandardCharsets.UTF_8);
            return Vocabulary.load(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Captions as a (B, maxWords) array of word ids, padded or cut to maxWords. */
    static NDArray tokens(NDManager m, Vocabulary vocabulary, int maxWords, List<String> captions) {
        int[] ids = new int[captions.size() * maxWords];
        for (int b = 0; b < captions.size(); b++) {
            System.arraycopy(vocabulary.encode(captions.get(b), maxWords), 0, ids, b * maxWords, maxWords);
        }
        return m.create(ids, new Shape(captions.size(), maxWords));
    }

    /** G's (B, 3, T, S, S) output as B clips of T channels-first frames. */
    static List<List<float[]>> clipsOf(NDArray video) {
        Shape shape = video.getShape();
        int clips = (int) shape.get(0);
        int frames = (int) shape.get(2);
        int per = (int) (shape.get(1) * shape.get(3) * shape.get(4));
        float[] all = video.transpose(0, 2, 1, 3, 4).toFloatArray();
        List<List<float[]>> out = new ArrayList<>(clips);
        for (int b = 0; b < clips; b++) {
            List<float[]> clip = new ArrayList<>(frames);
            for (int f = 0; f < frames; f++) {
                clip.add(java.util.Arrays.copyOfRange(all, (b * frames + f) * per, (b * frames + f + 1) * per));
            }
            out.add(clip);
        }
        return out;
    }

    static final class Loop {
        final Setup s;
        final ParamMap p;
        final int batch;
        final int frames;
        final int size;
        final int zDim;
        final Random rnd;
        final TganLoss.Weights weights;
        final boolean jointBatch;
        final float contrastiveWeight;
        final int sentenceWarmup;
        final float closestWrongShare;
        /** Every training clip indexed by its other attributes, when closestWrongShare is set. */
        final VideoCounterparts trainCounterparts;
        VideoCounterparts counterparts;
        Vocabulary vocabulary;
        int maxWords;

        Loop(Setup s) {
            this.s = s;
            this.p = s.params();
            this.batch = p.getInt("batchSize");
            this.frames = p.getInt("frames");
            this.size = p.getInt("frameSize");
            this.zDim = p.getInt("zDim");
            this.rnd = new Random(p.getLong("seed"));
            boolean a = ADVERSARIAL.equals(s.model());
            this.weights = new TganLoss.Weights(p.getFloat("frameWeight"), a ? p.getFloat("motionWeight") : 0f,
                    a ? 0f : p.getFloat("coherenceWeight"));
            this.jointBatch = StackGanModels.jointDiscriminatorBatch(p);
            this.contrastiveWeight = contrastiveWeight(p);
            this.sentenceWarmup = sentenceWarmup(p, contrastiveWeight);
            this.closestWrongShare = StackGanModels.closestWrongShare(p);
            this.trainCounterparts = closestWrongShare > 0 ? new VideoCounterparts(s.train(), s.train().size()) : null;
        }

        /** The step's triplets, a closestWrongShare of their wrong captions from a clip one attribute away. */
        TripletSampler.Triplets triplets() {
            TripletSampler.Triplets t = TripletSampler.sample(s.train(), batch, rnd);
            return trainCounterparts == null ? t : withClosestWrong(s.train(), t, trainCounterparts, closestWrongShare, rnd);
        }

        Result run() throws IOException {
            Engine.getEngine("PyTorch").setRandomSeed((int) p.getLong("seed"));
            Checkpoint resume = s.resumeFrom() == null ? null : Checkpoint.read(s.resumeFrom());
            long start = 0;
            if (resume != null) {
                if (!s.model().equals(resume.kind())) {
                    throw new IllegalArgumentException("resume: " + s.resumeFrom() + " is a '" + resume.kind() + "' checkpoint, not " + s.model());
                }
                start = resume.step();
            }
            Checkpoint init = null;
            if (resume == null && !p.getString("initFrom", "").isEmpty()) {
                Path from = Path.of(p.getString("initFrom", ""));
                init = Checkpoint.read(from);
                if (!s.model().equals(init.kind())) {
                    throw new IllegalArgumentException("initFrom: " + from + " is a '" + init.kind() + "' checkpoint, not " + s.model());
                }
            }
            Checkpoint weightsFrom = resume != null ? resume : init;
            // a checkpoint's words keep the encoder's embedding rows meaning what they meant
            vocabulary = weightsFrom != null && weightsFrom.meta().has("vocabulary") ? vocabularyOf(weightsFrom) : buildVocabulary();
            maxWords = maxWords();
            int steps = p.getInt("steps");
            int sampleEvery = p.getInt("sampleEvery", Math.max(1, steps / 5));
            int checkpointEvery = p.getInt("checkpointEvery", steps);
            int evalEvery = p.getInt("evalEvery", steps);
            Device device = Devices.pick(p);
            VideoGenerator g = generator(p);
            Discriminators d = discriminators(s.model(), p, vocabulary.size());
            Map<String, Double> last = new LinkedHashMap<>();
            Map<String, Double> evaluation = Map.of();
            Path checkpoint = null;
            try (Model gm = Model.newInstance(s.model() + "-g", device, "PyTorch");
                    Model dm = Model.newInstance(s.model() + "-d", device, "PyTorch")) {
                gm.setBlock(g);
                dm.setBlock(d);
                try (Trainer gt = gm.newTrainer(config(p.getFloat("generatorLr"), start, device));
                        Trainer dt = dm.newTrainer(config(p.getFloat("discriminatorLr"), start, device))) {
                    gt.initialize(new Shape(batch, zDim), new Shape(batch, p.getInt("sentenceDim")));
                    dt.initialize(new Shape(batch, 3, frames, size, size), new Shape(batch, maxWords));
                    if (weightsFrom != null) {
                        loadInPlace(weightsFrom, "generator", g, generator(p), gm.getNDManager(),
                                new Shape(batch, zDim), new Shape(batch, p.getInt("sentenceDim")));
                        loadInPlace(weightsFrom, "discriminators", d, discriminators(s.model(), p, vocabulary.size()), dm.getNDManager(),
                                new Shape(batch, 3, frames, size, size), new Shape(batch, maxWords));
                        LOG.info(resume != null ? "resuming " + s.model() + " at step " + start + " (Adam's moment estimates restart)"
                                : "fine-tuning " + s.model() + " from step " + init.step() + " of another run, counting steps from 0");
                    }
                    GeneratorAverage average = null;
                    float ema = StackGanModels.generatorEma(p);
                    if (ema > 0) {
                        VideoGenerator avg = generator(p);
                        NDManager am = gm.getNDManager().newSubManager();
                        avg.initialize(am, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(batch, zDim), new Shape(batch, p.getInt("sentenceDim")));
                        average = new GeneratorAverage(g, avg, ema);
                        if (resume != null && resume.has(StackGanModels.AVERAGE_ENTRY)) {
                            resume.load(StackGanModels.AVERAGE_ENTRY, avg, am);
                            average.setUpdates(Math.max(0, start - sentenceWarmup));
                        }
                    }
                    // what samples, evaluations and generation draw from: the average where there is one
                    VideoGenerator drawing = average == null ? g : (VideoGenerator) average.average();
                    Samples samples = new Samples(p.getInt("sampleCaptions", 8));
                    if (start == 0) {
                        writeReal(samples);
                    }
                    for (long step = start + 1; step <= steps; step++) {
                        long t0 = System.nanoTime();
                        if (sentenceWarmup > 0 && step == Math.max(start + 1, sentenceWarmup + 1)) {
                            // from here on S is fixed, as StackGAN's pre-trained text encoder is: G learns
                            // a mapping that no longer moves under it
                            Blocks.setTrainable(d.encoder(), false);
                            LOG.info("sentence encoder frozen after " + sentenceWarmup + " warm-up steps");
                        }
                        last = step <= sentenceWarmup ? warmupStep(dt, d) : step(gt, dt, g, d);
                        if (average != null && step > sentenceWarmup) {
                            average.update();
                        }
                        double ms = (System.nanoTime() - t0) / 1e6;
                        for (Map.Entry<String, Double> en : last.entrySet()) {
                            s.tracker().scalar(en.getKey(), step, en.getValue());
                        }
                        s.tracker().scalar("lr/g", step, decay(p.getFloat("generatorLr"), 0).at(step - 1));
                        s.tracker().scalar("lr/d", step, decay(p.getFloat("discriminatorLr"), 0).at(step - 1));
                        s.tracker().scalar("time/step_ms", step, ms);
                        s.tracker().scalar("clips_per_s", step, batch / (ms / 1000.0));
                        if (due(step, sampleEvery, steps)) {
                            writeSamples(samples, drawing, d, gm.getNDManager(), step);
                        }
                        if (due(step, checkpointEvery, steps)) {
                            checkpoint = writeCheckpoint(g, average, d, step);
                        }
                        if (s.judge() != null && due(step, evalEvery, steps)) {
                            evaluation = evaluate(drawing, average == null ? null : g, d, gm.getNDManager(), step);
                        }
                        if (step % Math.max(1, steps / 10) == 0) {
                            LOG.info(String.format(Locale.ROOT, "%s step %d/%d: %s (%.0f ms)", s.model(), step, steps, last, ms));
                        }
                        s.tracker().heartbeat();
                        if (s.stop().getAsBoolean() && step < steps) {
                            LOG.info(s.model() + " stopping at step " + step + " on request; checkpoint written");
                            checkpoint = writeCheckpoint(g, average, d, step);
                            break;
                        }
                    }
                }
            }
            s.tracker().flush();
            return new Result(checkpoint, steps, last, evaluation);
        }

        /**
         * Copies a checkpoint's weights into the arrays the trainer already holds. Loading into the
         * block itself would swap in new arrays that carry no gradient and that the trainer's
         * optimizer does not update, so a resumed run would not learn.
         */
        static void loadInPlace(Checkpoint cp, String name, Block target, Block scratch, NDManager manager, Shape... shapes)
                throws IOException {
            try (NDManager m = manager.newSubManager()) {
                scratch.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, shapes);
                cp.load(name, scratch, m);
                var from = scratch.getParameters();
                var to = target.getParameters();
                for (int i = 0; i < to.size(); i++) {
                    if (!from.get(i).getKey().equals(to.get(i).getKey())) {
                        throw new IOException("'" + name + "' does not fit this model: " + from.get(i).getKey() + " vs " + to.get(i).getKey());
                    }
                    from.get(i).getValue().getArray().copyTo(to.get(i).getValue().getArray());
                }
            }
        }

        /** Every {@code every} steps (0: never) and always at the last one. */
        static boolean due(long step, int every, long steps) {
            return (every > 0 && step % every == 0) || step == steps;
        }

        StepDecay decay(float lr, long start) {
            int every = p.getInt("lrDecaySteps");
            return new StepDecay(lr, every <= 0 ? Integer.MAX_VALUE : every, start);
        }

        DefaultTrainingConfig config(float lr, long start, Device device) {
            return new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(Adam.builder().optLearningRateTracker(decay(lr, start)).optBeta1(p.getFloat("beta1")).build())
                    .optDevices(new Device[] {device});
        }

        Vocabulary buildVocabulary() {
            List<String> captions = new ArrayList<>();
            for (int i = 0; i < Math.min(s.train().size(), 2000); i++) {
                captions.addAll(s.train().captions(i));
            }
            return Vocabulary.build(captions, 1);
        }

        int maxWords() {
            int longest = 1;
            for (int i = 0; i < Math.min(s.train().size(), 2000); i++) {
                for (String c : s.train().captions(i)) {
                    longest = Math.max(longest, Vocabulary.length(c));
                }
            }
            return Math.min(MAX_WORDS, longest);
        }

        NDArray tokens(NDManager m, String[] captions) {
            return TganTraining.tokens(m, vocabulary, maxWords, List.of(captions));
        }

        /** Clips as one (B, 3, T, S, S) array. */
        NDArray clips(NDManager m, List<VideoSample> samples) {
            int per = frames * 3 * size * size;
            float[] all = new float[samples.size() * per];
            for (int b = 0; b < samples.size(); b++) {
                System.arraycopy(samples.get(b).flatten(), 0, all, b * per, per);
            }
            return m.create(all, new Shape(samples.size(), frames, 3, size, size)).transpose(0, 2, 1, 3, 4);
        }

        /**
         * A sentence warm-up step: only the sentence encoder and D's contrastive head (with the D1
         * features under it) learn, from the contrastive loss of real clips against their captions
         * and the step's wrong ones. G waits.
         */
        Map<String, Double> warmupStep(Trainer dt, Discriminators d) {
            Map<String, Double> out = new LinkedHashMap<>();
            TripletSampler.Triplets t = triplets();
            boolean[][] same = sameContent(s.train(), t);
            List<VideoSample> real = realClips(t);
            try (NDManager sm = dt.getManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(sm, false);
                Gradients.zero(d);
                try (GradientCollector gc = dt.newGradientCollector()) {
                    NDArray sentence = d.encoder().forward(ps, new NDList(tokens(sm, t.captions())), true).head();
                    NDArray wrongSentence = d.encoder().forward(ps, new NDList(tokens(sm, t.wrongCaptions())), true).head();
                    Discriminators.Judged pos = d.judgeWithCodes(ps, clips(sm, real), sentence, true);
                    NDArray c = ContrastiveLoss.computeMasked(pos.textCode(), d.textCode(ps, wrongSentence, true), pos.clipCode(), same,
                            StackGanModels.CONTRASTIVE_TEMPERATURE);
                    gc.backward(c);
                    out.put("loss/d_contrastive", (double) c.getFloat());
                }
                dt.step();
                Gradients.zero(d);
            }
            return out;
        }

        /** The step's real clips, at the model's frames and size. */
        List<VideoSample> realClips(TripletSampler.Triplets t) {
            List<VideoSample> real = new ArrayList<>(batch);
            for (int i : t.clips()) {
                real.add(s.train().get(i, frames, size));
            }
            return real;
        }

        Map<String, Double> step(Trainer gt, Trainer dt, VideoGenerator g, Discriminators d) {
            Map<String, Double> out = new LinkedHashMap<>();
            TripletSampler.Triplets t = triplets();
            // which captions say what which clip shows: the same for D's and G's contrastive terms
            boolean[][] same = contrastiveWeight > 0 ? sameContent(s.train(), t) : null;
            List<VideoSample> real = realClips(t);
            try (NDManager sm = gt.getManager().newSubManager()) {
                NDArray realClips = clips(sm, real);
                NDArray text = tokens(sm, t.captions());
                NDArray wrongText = tokens(sm, t.wrongCaptions());
                NDArray z = sm.randomNormal(new Shape(batch, zDim));
                ParameterStore ps = new ParameterStore(sm, false);

                // D (and the sentence encoder): {v_real+, S} → 1, {v_real−, S−} → 0, {v_syn+, S} → 0 at every level
                Gradients.zero(d);
                try (GradientCollector gc = dt.newGradientCollector()) {
                    NDArray sentence = d.encoder().forward(ps, new NDList(text), true).head();
                    NDArray wrongSentence = d.encoder().forward(ps, new NDList(wrongText), true).head();
                    NDArray fake = g.forward(ps, new NDList(z, sentence.stopGradient()), true).head().stopGradient();
                    Discriminators.Judged pos;
                    Discriminators.Judged neg;
                    Discriminators.Judged syn;
                    if (jointBatch) {
                        List<Discriminators.Judged> parts = thirds(
                                d.judgeWithCodes(ps, joint(realClips, realClips, fake), joint(sentence, wrongSentence, sentence), true));
                        pos = parts.get(0);
                        neg = parts.get(1);
                        syn = parts.get(2);
                    } else {
                        pos = d.judgeWithCodes(ps, realClips, sentence, true);
                        neg = d.judgeWithCodes(ps, realClips, wrongSentence, true);
                        syn = d.judgeWithCodes(ps, fake, sentence, true);
                    }
                    NDList loss = TganLoss.discriminator(pos.outputs(), neg.outputs(), syn.outputs(), weights);
                    NDArray total = loss.get(0);
                    if (contrastiveWeight > 0) {
                        // real clips pick their captions over the batch's and the wrong ones: D's codes (and the
                        // sentence encoder) learn to read what tells captions apart
                        NDArray c = ContrastiveLoss.computeMasked(pos.textCode(), neg.textCode(), pos.clipCode(), same,
                                StackGanModels.CONTRASTIVE_TEMPERATURE);
                        total = total.add(c.mul(sm.full(new Shape(), contrastiveWeight)));
                        out.put("loss/d_contrastive", (double) c.getFloat());
                    }
                    gc.backward(total);
                    out.put("loss/d", (double) total.getFloat());
                    out.put("loss/d_video", (double) loss.get(1).getFloat());
                    out.put("loss/d_frame", (double) loss.get(2).getFloat());
                    if (d.hasMotion()) {
                        out.put("loss/d_motion", (double) loss.get(3).getFloat());
                    }
                }
                dt.step();
                Gradients.zero(g);

                // G: its clip judged real-and-matching at every level, plus the coherence term for TGANs-C-C
                try (GradientCollector gc = gt.newGradientCollector()) {
                    NDArray sentence = d.encoder().forward(ps, new NDList(text), false).head().stopGradient();
                    NDArray fake = g.forward(ps, new NDList(z, sentence), true).head();
                    Discriminators.Judged syn;
                    NDArray wrongTextCode = null;
                    if (jointBatch) {
                        // G's clips meet D beside the same real pairs, under the statistics D trained with
                        NDArray wrongSentence = d.encoder().forward(ps, new NDList(wrongText), false).head().stopGradient();
                        List<Discriminators.Judged> parts = thirds(
                                d.judgeWithCodes(ps, joint(realClips, realClips, fake), joint(sentence, wrongSentence, sentence), true));
                        syn = parts.get(2);
                        wrongTextCode = parts.get(1).textCode();
                    } else {
                        syn = d.judgeWithCodes(ps, fake, sentence, true);
                        if (contrastiveWeight > 0) {
                            NDArray wrongSentence = d.encoder().forward(ps, new NDList(wrongText), false).head().stopGradient();
                            wrongTextCode = d.textCode(ps, wrongSentence, true);
                        }
                    }
                    NDList loss = TganLoss.generator(syn.outputs(), fake, weights);
                    NDArray total = loss.get(0);
                    if (contrastiveWeight > 0) {
                        // and G's clips have to be told apart by their captions the same way
                        NDArray c = ContrastiveLoss.computeMasked(syn.textCode(), wrongTextCode, syn.clipCode(), same,
                                StackGanModels.CONTRASTIVE_TEMPERATURE);
                        total = total.add(c.mul(sm.full(new Shape(), contrastiveWeight)));
                        out.put("loss/g_contrastive", (double) c.getFloat());
                    }
                    gc.backward(total);
                    out.put("loss/g", (double) total.getFloat());
                    out.put("loss/g_video", (double) loss.get(1).getFloat());
                    out.put("loss/g_frame", (double) loss.get(2).getFloat());
                    if (d.hasMotion()) {
                        out.put("loss/g_motion", (double) loss.get(3).getFloat());
                    } else {
                        out.put("loss/g_coherence", (double) loss.get(4).getFloat());
                    }
                }
                gt.step();
                // the G pass left gradients in D that its optimizer will not clear (djl.md bug 4)
                Gradients.zero(d);
            }
            return out;
        }

        /** A joint [real; wrong; synthetic] pass split into the three pairs' outputs and codes. */
        static List<Discriminators.Judged> thirds(Discriminators.Judged joint) {
            List<NDList> outputs = StackGanTraining.thirds(joint.outputs());
            NDList clip = joint.clipCode() == null ? null : joint.clipCode().split(3, 0);
            NDList text = joint.textCode() == null ? null : joint.textCode().split(3, 0);
            List<Discriminators.Judged> parts = new ArrayList<>(3);
            for (int k = 0; k < 3; k++) {
                parts.add(new Discriminators.Judged(outputs.get(k), clip == null ? null : clip.get(k), text == null ? null : text.get(k)));
            }
            return parts;
        }

        static NDArray joint(NDArray real, NDArray wrong, NDArray fake) {
            return NDArrays.concat(new NDList(real, wrong, fake));
        }

        /** Generated clips for {@code captions}, noise from {@code noise} (row-major B × zDim), as frame lists. */
        List<List<float[]>> generate(VideoGenerator g, Discriminators d, NDManager parent, List<String> captions, float[] noise) {
            List<List<float[]>> out = new ArrayList<>();
            for (int from = 0; from < captions.size(); from += batch) {
                int k = Math.min(batch, captions.size() - from);
                try (NDManager sm = parent.newSubManager()) {
                    ParameterStore ps = new ParameterStore(sm, false);
                    NDArray text = tokens(sm, captions.subList(from, from + k).toArray(String[]::new));
                    NDArray sentence = d.encoder().forward(ps, new NDList(text), false).head();
                    NDArray z = noise == null ? sm.randomNormal(new Shape(k, zDim))
                            : sm.create(java.util.Arrays.copyOfRange(noise, from * zDim, (from + k) * zDim), new Shape(k, zDim));
                    out.addAll(clipsOf(g.forward(ps, new NDList(z, sentence), false).head()));
                }
            }
            return out;
        }

        /**
         * Fixed captions and fixed noise, so samples of two steps or two runs compare: TRAIN and TEST
         * clips' captions in turn, the first a trained one. On sbmg and tbmg TEST holds only the
         * (digit, motion) pairs training never shows, so TEST alone would show only unseen captions.
         */
        final class Samples {
            final List<String> captions = new ArrayList<>();
            final List<VideoDataset> sources = new ArrayList<>();
            final List<Integer> clips = new ArrayList<>();
            final float[] noise;

            Samples(int count) {
                int train = 0;
                int test = 0;
                for (int i = 0; i < count; i++) {
                    boolean fromTest = i % 2 == 1 && test < s.test().size() || train >= s.train().size();
                    VideoDataset ds = fromTest ? s.test() : s.train();
                    int clip = fromTest ? test++ : train++;
                    if (clip >= ds.size()) {
                        break;
                    }
                    captions.add(ds.captions(clip).get(0));
                    sources.add(ds);
                    clips.add(clip);
                }
                Random r = new Random(p.getLong("seed") ^ 0x5EED);
                noise = new float[captions.size() * zDim];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) r.nextGaussian();
                }
            }
        }

        void writeReal(Samples samples) throws IOException {
            List<List<float[]>> real = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < samples.clips.size(); k++) {
                VideoDataset ds = samples.sources.get(k);
                real.add(ds.get(samples.clips.get(k), frames, size).frames());
                lines.add((ds == s.test() ? "held out: " : "trained:  ") + samples.captions.get(k));
            }
            Path dir = s.outDir().resolve("samples");
            Files.createDirectories(dir);
            Files.write(dir.resolve("captions.txt"), lines, StandardCharsets.UTF_8);
            Gif.write(grid(real), gridSide(real.size()), 100, true, dir.resolve("real.gif"));
        }

        void writeSamples(Samples samples, VideoGenerator g, Discriminators d, NDManager parent, long step) throws IOException {
            List<List<float[]>> clips = generate(g, d, parent, samples.captions, samples.noise);
            Path dir = s.outDir().resolve("samples");
            List<float[]> gridFrames = grid(clips);
            int side = gridSide(clips.size());
            Path gif = dir.resolve(String.format(Locale.ROOT, "%s-step-%07d.gif", s.model(), step));
            Gif.write(gridFrames, side, 100, true, gif);
            s.tracker().artifact(ArtifactKind.SAMPLE_VIDEO, gif, step, null);
            Path strip = dir.resolve(String.format(Locale.ROOT, "%s-step-%07d.png", s.model(), step));
            FrameStrip.write(clips.get(0), size, strip);
            s.tracker().artifact(ArtifactKind.SAMPLE_IMAGE, strip, step, 0);
        }

        int gridSide(int n) {
            int cols = (int) Math.ceil(Math.sqrt(n));
            return cols * size + (cols - 1) * 2;
        }

        /** The clips tiled row by row into square frames (2-px grey gaps), one per time step. */
        List<float[]> grid(List<List<float[]>> clips) {
            int cols = (int) Math.ceil(Math.sqrt(clips.size()));
            int side = gridSide(clips.size());
            int plane = side * side;
            List<float[]> out = new ArrayList<>(frames);
            for (int f = 0; f < frames; f++) {
                float[] canvas = new float[3 * plane];
                java.util.Arrays.fill(canvas, 0f);
                for (int c = 0; c < clips.size(); c++) {
                    float[] frame = clips.get(c).get(f);
                    int x0 = (c % cols) * (size + 2);
                    int y0 = (c / cols) * (size + 2);
                    for (int ch = 0; ch < 3; ch++) {
                        for (int y = 0; y < size; y++) {
                            System.arraycopy(frame, ch * size * size + y * size, canvas, ch * plane + (y0 + y) * side + x0, size);
                        }
                    }
                }
                out.add(canvas);
            }
            return out;
        }

        Path writeCheckpoint(VideoGenerator g, GeneratorAverage average, Discriminators d, long step) throws IOException {
            JsonObject meta = new JsonObject();
            meta.addProperty("kind", s.model());
            meta.addProperty("step", step);
            meta.add("params", new Gson().toJsonTree(p.asMap()));
            meta.addProperty("dataset", s.train().id());
            JsonArray words = new JsonArray();
            vocabulary.words().forEach(words::add);
            meta.add("vocabulary", words);
            meta.addProperty("maxWords", maxWords);
            meta.addProperty("frames", frames);
            meta.addProperty("frameSize", size);
            Map<String, Block> blocks = new LinkedHashMap<>();
            blocks.put("generator", g);
            if (average != null) {
                blocks.put(StackGanModels.AVERAGE_ENTRY, average.average());
            }
            blocks.put("discriminators", d);
            Path file = s.outDir().resolve("checkpoints").resolve(String.format(Locale.ROOT, "%s-step-%07d.zip", s.model(), step));
            Checkpoint.write(file, meta, blocks);
            s.tracker().artifact(ArtifactKind.CHECKPOINT, file, step, null);
            return file;
        }

        /**
         * Clips for captions of TRAIN clips (pairs seen in training: {@code eval/*}) and of TEST clips
         * (held-out pairs: {@code eval/heldout_*}), judged against the real clips they describe. With
         * {@code raw} (the trained weights, where g is their average) those for TRAIN captions too, as
         * {@code eval/raw_*}.
         */
        Map<String, Double> evaluate(VideoGenerator g, VideoGenerator raw, Discriminators d, NDManager parent, long step) {
            int n = p.getInt("evalSamples");
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.putAll(judge(g, d, parent, s.train(), n, "", true));
            metrics.putAll(judge(g, d, parent, s.test(), n, "heldout_", true));
            if (raw != null) {
                // the real clips and the classifier are the same: their figures are already there
                judge(raw, d, parent, s.train(), n, "raw_", false).forEach((k, v) -> {
                    if (!k.startsWith("raw_real_") && !k.equals("raw_classifier_accuracy")) {
                        metrics.put(k, v);
                    }
                });
            }
            metrics.putAll(discriminatorChecks(d, parent, step));
            metrics.forEach((k, v) -> s.tracker().scalar("eval/" + k, step, v));
            String judge = VideoJudge.class.getSimpleName();
            s.tracker().evaluation(step, "inception_score", metrics.get("is_mean"), metrics.get("is_std"), n, judge);
            s.tracker().evaluation(step, "fid", metrics.get("fid"), null, n, judge);
            s.tracker().evaluation(step, "digit_accuracy", metrics.get("digit_accuracy"), null, n, judge);
            s.tracker().evaluation(step, "motion_accuracy", metrics.get("motion_accuracy"), null, n, judge);
            s.tracker().evaluation(step, "coherence", metrics.get("coherence"), null, n, judge);
            LOG.info(String.format(Locale.ROOT, "%s evaluation at step %d on %d clips: %s", s.model(), step, n, metrics));
            return metrics;
        }

        /**
         * What the discriminators check of a caption: their mean output (a probability, in training mode
         * as they run in training) on real training clips with their own captions ({@code d_real_own}
         * for D0, {@code d_frame_real_own} for D1, {@code d_motion_real_own} for D2) and with the captions
         * of a clip that differs in one attribute only ({@code d_real_only_<attribute>_wrong}, ...). An
         * attribute whose score stays near the own-caption score is one D does not check, so G has no
         * reason to get it right. Draws from its own random stream, so evaluating does not change the
         * training batches.
         */
        Map<String, Double> discriminatorChecks(Discriminators d, NDManager parent, long step) {
            if (counterparts == null) {
                counterparts = new VideoCounterparts(s.train(), COUNTERPART_CLIPS);
            }
            Random random = new Random(p.getLong("seed") * 31 + step);
            List<Integer> own = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                own.add(random.nextInt(counterparts.size()));
            }
            Map<String, Double> out = new LinkedHashMap<>(realScores(d, parent, own, own, "real_own", random));
            for (String attribute : counterparts.attributes()) {
                List<Integer> real = new ArrayList<>();
                List<Integer> wrong = new ArrayList<>();
                for (int t = 0; t < 20 * batch && real.size() < batch; t++) {
                    int i = random.nextInt(counterparts.size());
                    OptionalInt j = counterparts.counterpart(i, attribute, random);
                    if (j.isPresent()) {
                        real.add(i);
                        wrong.add(j.getAsInt());
                    }
                }
                if (real.size() >= 2) {
                    out.putAll(realScores(d, parent, real, wrong, "real_only_" + attribute + "_wrong", random));
                }
            }
            return out;
        }

        /** Mean D(real clip i, a caption of clip j) over the pairs at each level, as probabilities. */
        Map<String, Double> realScores(Discriminators d, NDManager parent, List<Integer> real, List<Integer> captionsOf, String name,
                Random random) {
            List<VideoSample> clips = new ArrayList<>();
            String[] captions = new String[real.size()];
            for (int b = 0; b < real.size(); b++) {
                clips.add(s.train().get(real.get(b), frames, size));
                List<String> theirs = s.train().captions(captionsOf.get(b));
                captions[b] = theirs.get(random.nextInt(theirs.size()));
            }
            try (NDManager sm = parent.newSubManager()) {
                ParameterStore ps = new ParameterStore(sm, false);
                NDList out = d.forward(ps, new NDList(clips(sm, clips), tokens(sm, captions)), true);
                Map<String, Double> scores = new LinkedHashMap<>();
                scores.put("d_" + name, (double) ai.djl.nn.Activation.sigmoid(out.get(0)).mean().getFloat());
                scores.put("d_frame_" + name, (double) ai.djl.nn.Activation.sigmoid(out.get(1)).mean().getFloat());
                if (d.hasMotion()) {
                    scores.put("d_motion_" + name, (double) ai.djl.nn.Activation.sigmoid(out.get(2)).mean().getFloat());
                }
                return scores;
            }
        }

        /**
         * The z of an evaluation's n clips (row-major n × zDim): the same at every evaluation of a run,
         * so a metric's change between evaluations is the generator's, not a new draw's.
         */
        float[] evaluationNoise(int n) {
            return Generators.gaussian(new Random(p.getLong("seed") ^ StackGanTraining.EVALUATION_NOISE), n * zDim);
        }

        Map<String, Double> judge(VideoGenerator g, Discriminators d, NDManager parent, VideoDataset ds, int n, String prefix,
                boolean withReal) {
            List<String> captions = new ArrayList<>(n);
            List<Map<String, String>> intended = new ArrayList<>(n);
            List<List<float[]>> real = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int clip = i % ds.size();
                List<String> own = ds.captions(clip);
                captions.add(own.get((i / ds.size()) % own.size()));
                intended.add(ds.attributes(clip));
                real.add(ds.get(clip, frames, size).frames());
            }
            List<List<float[]>> generated = generate(g, d, parent, captions, evaluationNoise(n));
            Map<String, Double> out = new LinkedHashMap<>();
            s.judge().judge(generated, real, size, intended).forEach((k, v) -> out.put(prefix + k, v));
            // the real clips' own scores (real_coherence again, the same value): what the targets are read against
            if (withReal) {
                s.judge().judgeReal(real, size, intended).forEach((k, v) -> out.put(prefix + "real_" + k, v));
            }
            return out;
        }
    }
}
