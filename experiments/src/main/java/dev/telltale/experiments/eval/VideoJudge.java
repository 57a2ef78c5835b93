package dev.telltale.experiments.eval;

import dev.telltale.experiments.data.BouncingDigits;
import dev.telltale.experiments.data.MnistDigits;
import dev.telltale.experiments.data.Motion;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.data.VideoFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Judges bouncing-digit clips: a per-frame {@link DomainClassifier} trained on real frames reads the
 * digit (SBMG) or digit pair (TBMG) off every frame, and the clip's digits are the majority over its
 * frames. Reports, for generated clips against what their captions asked for:
 * {@code digit_accuracy} (majority class right), {@code motion_accuracy} ({@link MotionAccuracy}),
 * {@code coherence} ({@link TemporalCoherence}) and its ratio to the real clips', the Inception
 * score of the classifier's per-frame class probabilities ({@code is_mean}, {@code is_std}; TGANs-C
 * computes it on frames the same way) and {@code fid} between generated and real frames' classifier
 * features; each also for the real clips ({@code real_*}), the reference the targets are read against.
 */
public final class VideoJudge implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VideoJudge.class.getName());

    private final DomainClassifierJudge classifier;
    private final String head;

    private VideoJudge(DomainClassifierJudge classifier, String head) {
        this.classifier = classifier;
        this.head = head;
    }

    /**
     * The frame classifier of dataset {@code id} (sbmg or tbmg) at {@code size} px, from
     * {@code cacheDir/<id>-frames-<size>} or trained there first on clips of {@code frames} frames.
     * Both of its splits show every (digit, motion) pair: the classifier reads digits, not captions.
     */
    public static VideoJudge obtain(String id, int frames, int size, Path cacheDir, DomainClassifierTrainer.Options options,
            int trainClips, int testClips) {
        Path dir = cacheDir.resolve(id + "-frames-" + size);
        if (!Files.isRegularFile(dir.resolve(DomainClassifierJudge.METADATA_FILE))) {
            MnistDigits digits = MnistDigits.bundled();
            VideoFrames train = VideoFrames.of(BouncingDigits.create(id, digits, options.seed(), Split.TRAIN, trainClips, false), frames);
            VideoFrames test = VideoFrames.of(BouncingDigits.create(id, digits, options.seed(), Split.TEST, testClips, false), frames);
            LOG.info("training the " + id + " frame classifier into " + dir);
            DomainClassifierTrainer.Result r = DomainClassifierTrainer.train(train, test, size, options, dir);
            LOG.info("frame classifier held-out accuracy " + r.allHeadsAccuracy() + " after " + r.steps() + " steps"
                    + (r.counts() ? "" : " (below the bar " + r.bar() + ": digit scores are unreliable)"));
        }
        DomainClassifierJudge judge = DomainClassifierJudge.load(dir);
        return new VideoJudge(judge, judge.heads().get(0));
    }

    /** Held-out accuracy of the frame classifier on real frames. */
    public double classifierAccuracy() {
        return classifier.heldOutAllHeadsAccuracy();
    }

    /**
     * @param generated clips made from the captions of {@code intended}
     * @param real real clips (a reference for coherence, IS and FID), any count
     * @param intended per generated clip, the ground truth its caption describes (a bouncing-digit clip's attributes)
     */
    public Map<String, Double> judge(List<List<float[]>> generated, List<List<float[]>> real, int size,
            List<Map<String, String>> intended) {
        if (generated.size() != intended.size() || generated.isEmpty() || real.isEmpty()) {
            throw new IllegalArgumentException("need one intended truth per generated clip, and real clips");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        List<List<Motion>> motions = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Map<String, String> a : intended) {
            motions.add(motionsOf(a));
            classes.add(VideoFrames.frameClass(a));
        }
        double[][] realFeatures = classifier.features(flatten(real), size);
        score(out, "", generated, size, classes, motions, realFeatures);
        out.put("real_coherence", TemporalCoherence.mean(real));
        out.put("coherence_ratio", out.get("coherence") / out.get("real_coherence"));
        out.put("classifier_accuracy", classifierAccuracy());
        return out;
    }

    /** The same scores for real clips with their own truth (the reference figures), FID left out. */
    public Map<String, Double> judgeReal(List<List<float[]>> real, int size, List<Map<String, String>> truth) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<List<Motion>> motions = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Map<String, String> a : truth) {
            motions.add(motionsOf(a));
            classes.add(VideoFrames.frameClass(a));
        }
        score(out, "", real, size, classes, motions, null);
        return out;
    }

    private void score(Map<String, Double> out, String prefix, List<List<float[]>> clips, int size, List<String> classes,
            List<List<Motion>> motions, double[][] realFeatures) {
        List<float[]> frames = flatten(clips);
        int[] predicted = classifier.predict(frames, size).get(head);
        List<String> names = classifier.classes(head);
        int right = 0;
        int at = 0;
        for (int c = 0; c < clips.size(); c++) {
            Map<String, Integer> votes = new HashMap<>();
            for (int t = 0; t < clips.get(c).size(); t++) {
                votes.merge(names.get(predicted[at++]), 1, Integer::sum);
            }
            String majority = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            right += majority.equals(classes.get(c)) ? 1 : 0;
        }
        out.put(prefix + "digit_accuracy", (double) right / clips.size());
        out.put(prefix + "motion_accuracy", MotionAccuracy.compute(clips, size, motions));
        out.put(prefix + "coherence", TemporalCoherence.mean(clips));
        InceptionScore.Score is = InceptionScore.compute(classifier.probabilities(head, frames, size), Math.min(10, frames.size()));
        out.put(prefix + "is_mean", is.mean());
        out.put(prefix + "is_std", is.std());
        if (realFeatures != null) {
            out.put(prefix + "fid", FrechetDistance.compute(classifier.features(frames, size), realFeatures));
        }
    }

    /** The motions a bouncing-digit clip's truth names: motion, or motion1 and motion2. */
    static List<Motion> motionsOf(Map<String, String> attributes) {
        List<Motion> out = new ArrayList<>();
        if (attributes.containsKey("motion")) {
            out.add(Motion.fromPhrase(attributes.get("motion")));
        }
        for (int d = 1; attributes.containsKey("motion" + d); d++) {
            out.add(Motion.fromPhrase(attributes.get("motion" + d)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("attributes " + attributes + " name no motion");
        }
        return out;
    }

    private static List<float[]> flatten(List<List<float[]>> clips) {
        List<float[]> frames = new ArrayList<>();
        clips.forEach(frames::addAll);
        return frames;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
