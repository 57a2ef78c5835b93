package dev.telltale.experiments.eval;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link DomainClassifier} on a dataset's real training images (Adam, softmax cross-entropy
 * summed over heads, light random-shift augmentation) until its held-out accuracy reaches the bar or
 * the step budget runs out, then saves it as a {@link DomainClassifierJudge} artifact.
 *
 * <p>The bar: a classifier only counts as a judge of generated images if it reads real held-out
 * images right (every judged attribute at once) at least {@link Options#targetAccuracy()} of the time,
 * 98 % by default. The held-out set is also what decides when to stop, so the reported accuracy is
 * slightly optimistic; with a bar this high the selection effect is small.
 */
public final class DomainClassifierTrainer {

    /**
     * @param batchSize      images per step
     * @param maxSteps       step budget
     * @param learningRate   Adam learning rate
     * @param evalEvery      steps between held-out evaluations (training stops at the first that passes)
     * @param targetAccuracy the bar on held-out all-heads accuracy
     * @param width          classifier width (see {@link DomainClassifier})
     * @param augment        shift training images by up to 1/16 of their side (edges replicated)
     * @param warp           also rotate (up to ±{@value #WARP_DEGREES}°) and scale (up to ±{@value #WARP_SCALE}) them about the
     *                       centre: more handwriting than the few thousand source digits show
     * @param seed           seeds initialisation and batch sampling
     * @param maxEvalImages  at most this many held-out images are scored (evenly spaced through the split)
     */
    public record Options(int batchSize, int maxSteps, float learningRate, int evalEvery, double targetAccuracy,
            int width, boolean augment, boolean warp, long seed, int maxEvalImages) {

        public Options {
            positive(batchSize, "batchSize");
            positive(maxSteps, "maxSteps");
            positive(evalEvery, "evalEvery");
            positive(width, "width");
            positive(maxEvalImages, "maxEvalImages");
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            }
            if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
                throw new IllegalArgumentException("targetAccuracy must be in (0, 1], got " + targetAccuracy);
            }
        }

        public static Options defaults() {
            return new Options(32, 3000, 1e-3f, 100, 0.98, 32, true, false, 1, 2000);
        }

        public Options withMaxSteps(int steps) {
            return new Options(batchSize, steps, learningRate, evalEvery, targetAccuracy, width, augment, warp, seed, maxEvalImages);
        }

        public Options withBatchSize(int size) {
            return new Options(size, maxSteps, learningRate, evalEvery, targetAccuracy, width, augment, warp, seed, maxEvalImages);
        }

        public Options withEvalEvery(int every) {
            return new Options(batchSize, maxSteps, learningRate, every, targetAccuracy, width, augment, warp, seed, maxEvalImages);
        }

        public Options withWidth(int w) {
            return new Options(batchSize, maxSteps, learningRate, evalEvery, targetAccuracy, w, augment, warp, seed, maxEvalImages);
        }

        public Options withSeed(long s) {
            return new Options(batchSize, maxSteps, learningRate, evalEvery, targetAccuracy, width, augment, warp, s, maxEvalImages);
        }

        public Options withWarp(boolean w) {
            return new Options(batchSize, maxSteps, learningRate, evalEvery, targetAccuracy, width, augment, w, seed, maxEvalImages);
        }

        public Options withTargetAccuracy(double target) {
            return new Options(batchSize, maxSteps, learningRate, evalEvery, target, width, augment, warp, seed, maxEvalImages);
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }
    }

    /**
     * @param headAccuracy       held-out accuracy per head
     * @param allHeadsAccuracy   held-out share with every head right
     * @param bar                the accuracy it had to reach
     * @param steps              training steps taken
     * @param evaluatedIndices   the held-out sample indices scored
     * @param heldOutPredictions per head, the predicted class index of each scored held-out image
     * @param savedTo            the artifact directory (null when not saved)
     */
    public record Result(Map<String, Double> headAccuracy, double allHeadsAccuracy, double bar, int steps,
            int[] evaluatedIndices, Map<String, int[]> heldOutPredictions, Path savedTo) {

        /** Whether the classifier may act as a judge: all heads right on at least {@code bar} of held-out images. */
        public boolean counts() {
            return allHeadsAccuracy >= bar;
        }
    }

    private DomainClassifierTrainer() {
    }

    /**
     * @param train      real training images (their judged attributes are the labels)
     * @param test       real held-out images of the same dataset
     * @param resolution side at which images are rendered and classified
     * @param saveTo     directory for the judge artifact, or null to keep nothing
     */
    public static Result train(CaptionedDataset train, CaptionedDataset test, int resolution, Options opts, Path saveTo) {
        LinkedHashMap<String, List<String>> classes = headClasses(train, test);
        if (resolution < 4) {
            throw new IllegalArgumentException("resolution must be at least 4, got " + resolution);
        }
        LabelledImages trainSet = LabelledImages.all(train, classes, resolution);
        LabelledImages testSet = LabelledImages.spread(test, classes, resolution, opts.maxEvalImages());
        LinkedHashMap<String, Integer> classesPerHead = new LinkedHashMap<>();
        classes.forEach((head, names) -> classesPerHead.put(head, names.size()));
        DomainClassifier block = DomainClassifier.builder()
                .setHeads(classesPerHead).setImageSize(resolution).optWidth(opts.width()).build();

        Engine.getEngine("PyTorch").setRandomSeed((int) opts.seed());
        Random random = new Random(opts.seed());
        // DJL's Trainer wants a Loss; the step computes its own per-head cross-entropy instead
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Adam.builder().optLearningRateTracker(schedule(opts)).build())
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        try (Model model = Model.newInstance("domain-classifier", "PyTorch")) {
            model.setBlock(block);
            Evaluation evaluation = null;
            int steps = 0;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(opts.batchSize(), 3, resolution, resolution));
                DomainClassifierJudge inTraining = new DomainClassifierJudge(block,
                        metadata(train, classes, resolution, opts, Map.of(), 0, 0), model.getNDManager(), false);
                while (steps < opts.maxSteps()) {
                    step(trainer, model.getNDManager(), trainSet, classes, opts, random);
                    steps++;
                    if (steps % opts.evalEvery() == 0 || steps == opts.maxSteps()) {
                        evaluation = evaluate(inTraining, testSet, classes);
                        if (evaluation.allHeads() >= opts.targetAccuracy()) {
                            break;
                        }
                    }
                }
            }
            DomainClassifierJudge trained = new DomainClassifierJudge(block, metadata(train, classes, resolution, opts,
                    evaluation.perHead(), evaluation.allHeads(), steps), model.getNDManager(), false);
            if (saveTo != null) {
                try {
                    trained.save(saveTo);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save classifier to " + saveTo, e);
                }
            }
            return new Result(evaluation.perHead(), evaluation.allHeads(), opts.targetAccuracy(), steps,
                    testSet.indices().clone(), evaluation.predictions(), saveTo);
        }
    }

    /**
     * The learning rate, divided by 10 after half the step budget and again after three quarters: at
     * a fixed rate the bouncing-digit frame classifier stalled at 95 % held-out accuracy.
     */
    static Tracker schedule(Options opts) {
        int half = Math.max(1, opts.maxSteps() / 2);
        int threeQuarters = Math.max(half + 1, opts.maxSteps() * 3 / 4);
        return Tracker.multiFactor().setSteps(new int[] {half, threeQuarters}).optFactor(0.1f)
                .setBaseValue(opts.learningRate()).build();
    }

    private static void step(Trainer trainer, NDManager root, LabelledImages trainSet,
            LinkedHashMap<String, List<String>> classes, Options opts, Random random) {
        int n = opts.batchSize();
        int size = trainSet.size();
        List<float[]> images = new ArrayList<>(n);
        int[][] labels = new int[classes.size()][n];
        for (int b = 0; b < n; b++) {
            int i = random.nextInt(trainSet.count());
            float[] image = opts.warp() ? warp(trainSet.image(i), size, random) : trainSet.image(i);
            images.add(opts.augment() ? shift(image, size, random) : image);
            for (int h = 0; h < classes.size(); h++) {
                labels[h][b] = trainSet.labels()[h][i];
            }
        }
        try (NDManager step = root.newSubManager()) {
            NDArray x = ImageScoreInputs.batch(step, images, size, 0, n);
            List<NDArray> targets = new ArrayList<>();
            int h = 0;
            for (List<String> names : classes.values()) {
                targets.add(step.create(labels[h++]).oneHot(names.size()));
            }
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList outputs = trainer.forward(new NDList(x));
                NDArray loss = null;
                for (int k = 0; k < targets.size(); k++) {
                    // cross-entropy from logits, without scalar arithmetic (see djl.md on scalars under autograd)
                    NDArray headLoss = outputs.get(k).logSoftmax(1).mul(targets.get(k)).sum(new int[] {1}).neg().mean();
                    loss = loss == null ? headLoss : loss.add(headLoss);
                }
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    private record Evaluation(Map<String, Double> perHead, double allHeads, Map<String, int[]> predictions) {
    }

    private static Evaluation evaluate(DomainClassifierJudge judge, LabelledImages testSet,
            LinkedHashMap<String, List<String>> classes) {
        Map<String, int[]> predictions = judge.predict(testSet.images(), testSet.size());
        Map<String, Double> perHead = new LinkedHashMap<>();
        boolean[] allRight = new boolean[testSet.count()];
        java.util.Arrays.fill(allRight, true);
        int h = 0;
        for (String head : classes.keySet()) {
            int[] predicted = predictions.get(head);
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                boolean ok = predicted[i] == testSet.labels()[h][i];
                right += ok ? 1 : 0;
                allRight[i] &= ok;
            }
            perHead.put(head, (double) right / predicted.length);
            h++;
        }
        int all = 0;
        for (boolean ok : allRight) {
            all += ok ? 1 : 0;
        }
        return new Evaluation(Collections.unmodifiableMap(perHead), (double) all / allRight.length, predictions);
    }

    private static DomainClassifierJudge.Metadata metadata(CaptionedDataset train, LinkedHashMap<String, List<String>> classes,
            int resolution, Options opts, Map<String, Double> perHead, double allHeads, int steps) {
        return new DomainClassifierJudge.Metadata(train.id(), classes, resolution, opts.width(), perHead, allHeads,
                opts.targetAccuracy(), steps);
    }

    /** Heads = the judged attributes, classes = their values; both splits must agree. */
    private static LinkedHashMap<String, List<String>> headClasses(CaptionedDataset train, CaptionedDataset test) {
        if (train.size() < 1 || test.size() < 1) {
            throw new IllegalArgumentException("train and test must hold images, got " + train.size() + " and " + test.size());
        }
        if (!train.judgedAttributes().equals(test.judgedAttributes())) {
            throw new IllegalArgumentException("train and test judge different attributes: " + train.judgedAttributes()
                    + " vs " + test.judgedAttributes());
        }
        LinkedHashMap<String, List<String>> classes = new LinkedHashMap<>();
        for (String attribute : train.judgedAttributes()) {
            List<String> values = train.attributeValues().get(attribute);
            if (values == null || values.size() < 2) {
                throw new IllegalArgumentException("judged attribute '" + attribute + "' of dataset " + train.id()
                        + " needs at least 2 values in attributeValues(), got " + values);
            }
            classes.put(attribute, List.copyOf(values));
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("dataset " + train.id() + " judges no attributes");
        }
        return classes;
    }

    static final double WARP_DEGREES = 10;
    static final double WARP_SCALE = 0.1;

    /**
     * Copies the (3, size, size) image rotated by a random angle of up to ±{@link #WARP_DEGREES} degrees
     * and scaled by a random factor within 1 ± {@link #WARP_SCALE} about its centre, sampled bilinearly
     * with edges replicated.
     */
    static float[] warp(float[] image, int size, Random random) {
        double angle = Math.toRadians((random.nextDouble() * 2 - 1) * WARP_DEGREES);
        double scale = 1 + (random.nextDouble() * 2 - 1) * WARP_SCALE;
        return warp(image, size, angle, scale);
    }

    /** The image rotated by {@code angle} radians and scaled by {@code scale} about its centre. */
    static float[] warp(float[] image, int size, double angle, double scale) {
        // inverse map: each output pixel reads the source point that the transform sends to it
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double c = (size - 1) / 2.0;
        float[] out = new float[image.length];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sx = cos * (x - c) + sin * (y - c) + c;
                double sy = -sin * (x - c) + cos * (y - c) + c;
                sx = Math.min(size - 1, Math.max(0, sx));
                sy = Math.min(size - 1, Math.max(0, sy));
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                int x1 = Math.min(size - 1, x0 + 1);
                int y1 = Math.min(size - 1, y0 + 1);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int ch = 0; ch < 3; ch++) {
                    int o = ch * plane;
                    double top = image[o + y0 * size + x0] * (1 - fx) + image[o + y0 * size + x1] * fx;
                    double bottom = image[o + y1 * size + x0] * (1 - fx) + image[o + y1 * size + x1] * fx;
                    out[o + y * size + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    /** Copies the image shifted by a random offset of up to size/16 pixels (at least 1), edges replicated. */
    static float[] shift(float[] image, int size, Random random) {
        int max = Math.max(1, size / 16);
        int dx = random.nextInt(2 * max + 1) - max;
        int dy = random.nextInt(2 * max + 1) - max;
        float[] out = new float[image.length];
        for (int c = 0; c < 3; c++) {
            int plane = c * size * size;
            for (int y = 0; y < size; y++) {
                int sy = Math.min(size - 1, Math.max(0, y - dy));
                for (int x = 0; x < size; x++) {
                    int sx = Math.min(size - 1, Math.max(0, x - dx));
                    out[plane + y * size + x] = image[plane + sy * size + sx];
                }
            }
        }
        return out;
    }

    /** Rendered images with their label index per head. */
    private record LabelledImages(int[] indices, List<float[]> images, int[][] labels, int size) {

        int count() {
            return indices.length;
        }

        float[] image(int i) {
            return images.get(i);
        }

        static LabelledImages all(CaptionedDataset dataset, LinkedHashMap<String, List<String>> classes, int size) {
            int[] indices = new int[dataset.size()];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = i;
            }
            return of(dataset, indices, classes, size);
        }

        static LabelledImages spread(CaptionedDataset dataset, LinkedHashMap<String, List<String>> classes, int size, int max) {
            int n = Math.min(max, dataset.size());
            int[] indices = new int[n];
            for (int i = 0; i < n; i++) {
                indices[i] = (int) ((long) i * dataset.size() / n);
            }
            return of(dataset, indices, classes, size);
        }

        private static LabelledImages of(CaptionedDataset dataset, int[] indices,
                LinkedHashMap<String, List<String>> classes, int size) {
            List<float[]> images = new ArrayList<>(indices.length);
            int[][] labels = new int[classes.size()][indices.length];
            for (int k = 0; k < indices.length; k++) {
                CaptionedSample sample = dataset.get(indices[k], size);
                if (sample.size() != size) {
                    throw new IllegalArgumentException("dataset " + dataset.id() + " rendered sample " + indices[k]
                            + " at " + sample.size() + " px, asked for " + size);
                }
                images.add(sample.image());
                int h = 0;
                for (Map.Entry<String, List<String>> head : classes.entrySet()) {
                    String value = sample.attributes().get(head.getKey());
                    int label = head.getValue().indexOf(value);
                    if (label < 0) {
                        throw new IllegalArgumentException("dataset " + dataset.id() + " sample " + indices[k] + " has "
                                + head.getKey() + " = '" + value + "', not one of " + head.getValue());
                    }
                    labels[h++][k] = label;
                }
            }
            return new LabelledImages(indices, images, labels, size);
        }
    }
}
