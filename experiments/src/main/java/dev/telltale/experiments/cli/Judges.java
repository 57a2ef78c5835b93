package dev.telltale.experiments.cli;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.eval.CaptionAccuracy;
import dev.telltale.experiments.eval.DomainClassifierJudge;
import dev.telltale.experiments.eval.DomainClassifierTrainer;
import dev.telltale.experiments.eval.FrechetDistance;
import dev.telltale.experiments.eval.InceptionScore;
import dev.telltale.experiments.track.Tracker;
import dev.telltale.experiments.train.EvaluationCaptions;
import dev.telltale.experiments.train.ImageJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The project's judge of a built-in dataset: a domain classifier trained on real images (cached in
 * a folder, reused by later runs), scoring generated images by Inception score over the joint of
 * the judged heads, FID on the classifier's penultimate features against real held-out images, and
 * caption accuracy. Each evaluation also reports the same metrics on real held-out images at the
 * same resolution, the reference the targets are stated against.
 */
public final class Judges {

    private static final Logger LOG = Logger.getLogger(Judges.class.getName());
    /** Judging resolution: generated images of any stage are resized to it, so stages compare. */
    public static final int RESOLUTION = 64;

    private Judges() {}

    /**
     * The cache folder's name for a dataset's judge: the id and resolution, and for a dataset read
     * from a folder (dataPath: CUB, Oxford-102, IDX digits) a digest of that folder, so a judge trained
     * on one folder is never reused for another.
     */
    public static String cacheKey(String datasetId, String dataPath) {
        String key = datasetId + "-" + RESOLUTION;
        if (dataPath == null || dataPath.isBlank()) {
            return key;
        }
        String folder = Path.of(dataPath).toAbsolutePath().normalize().toString();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(folder.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return key + "-" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    public static ImageJudge obtain(String datasetId, String dataPath, CaptionedDataset train, CaptionedDataset test, Path cacheDir,
            Tracker tracker) {
        Path dir = cacheDir.resolve(cacheKey(datasetId, dataPath));
        if (!Files.isRegularFile(dir.resolve(DomainClassifierJudge.METADATA_FILE))) {
            LOG.info("training the " + datasetId + " judge (domain classifier) into " + dir);
            DomainClassifierTrainer.Result r = DomainClassifierTrainer.train(train, test, RESOLUTION,
                    DomainClassifierTrainer.Options.defaults(), dir);
            LOG.info("judge held-out accuracy: " + r.allHeadsAccuracy() + (r.counts() ? "" : " (below the bar: it does not count as a judge)"));
        }
        DomainClassifierJudge judge = DomainClassifierJudge.load(dir);
        tracker.scalar("judge/accuracy", 0, judge.heldOutAllHeadsAccuracy());
        return new ClassifierJudge(judge, test);
    }

    /** Scores with a loaded domain classifier. */
    static final class ClassifierJudge implements ImageJudge {
        private final DomainClassifierJudge judge;
        private final CaptionedDataset test;
        private final List<String> heads;
        private final Map<Integer, Map<String, Double>> realReference = new HashMap<>();

        ClassifierJudge(DomainClassifierJudge judge, CaptionedDataset test) {
            this.judge = judge;
            this.test = test;
            this.heads = test.judgedAttributes();
        }

        /**
         * The Inception scores of generated and real images are computed on the same number of images,
         * the smaller of the two sets: a split's few images make its marginal p(y) too peaked, which
         * lowers the score, and on shapes' 42 joint classes that bias is large (real held-out images read
         * 10.6, 15.7 and 23.8 on their first 128, 256 and 512). The other figures use every image.
         */
        @Override
        public Map<String, Double> judge(List<float[]> images, int size, List<Map<String, String>> intended) {
            Real r = real(size);
            int n = Math.min(images.size(), r.images.size());
            Map<String, Double> out = new LinkedHashMap<>(score(images, size, intended, r.features));
            realReference.computeIfAbsent(size, s -> {
                Map<String, Double> ref = score(r.images, s, r.attributes, null);
                Map<String, Double> named = new LinkedHashMap<>();
                ref.forEach((k, v) -> named.put("real_" + k, v));
                return named;
            });
            out.putAll(realReference.get(size));
            if (n < images.size()) {
                putScore(out, "", inceptionScore(images.subList(0, n), size));
            }
            putScore(out, "real_", realScores.computeIfAbsent(List.of(size, n), k -> inceptionScore(r.images.subList(0, n), size)));
            out.put("judge_accuracy", judge.heldOutAllHeadsAccuracy());
            return out;
        }

        private final Map<List<Integer>, InceptionScore.Score> realScores = new HashMap<>();

        private InceptionScore.Score inceptionScore(List<float[]> images, int size) {
            return InceptionScore.compute(jointProbabilities(images, size), Math.min(10, images.size()));
        }

        private static void putScore(Map<String, Double> out, String prefix, InceptionScore.Score is) {
            out.put(prefix + "is_mean", is.mean());
            out.put(prefix + "is_std", is.std());
        }

        private Map<String, Double> score(List<float[]> images, int size, List<Map<String, String>> intended, double[][] realFeats) {
            Map<String, Double> m = new LinkedHashMap<>();
            putScore(m, "", inceptionScore(images, size));
            if (realFeats != null) {
                m.put("fid", FrechetDistance.compute(judge.features(images, size), realFeats));
            }
            List<Map<String, String>> predicted = judge.predictAttributes(images, size);
            m.put("caption_accuracy", CaptionAccuracy.compute(predicted, intended, heads));
            // per attribute too: "right colour, wrong shape" and "ignores the caption" call for different fixes
            for (String h : heads) {
                m.put("accuracy_" + h, CaptionAccuracy.compute(predicted, intended, List.of(h)));
            }
            // new images in familiar words vs new wording: a weak text encoder shows in the second
            for (String phrasing : List.of(EvaluationCaptions.SEEN, EvaluationCaptions.HELD_OUT)) {
                List<Map<String, String>> want = new ArrayList<>();
                List<Map<String, String>> got = new ArrayList<>();
                for (int i = 0; i < intended.size(); i++) {
                    if (phrasing.equals(intended.get(i).get(EvaluationCaptions.PHRASING))) {
                        want.add(intended.get(i));
                        got.add(predicted.get(i));
                    }
                }
                if (!want.isEmpty()) {
                    m.put("caption_accuracy_" + phrasing, CaptionAccuracy.compute(got, want, heads));
                }
            }
            return m;
        }

        /** p(y|x) over every combination of the judged heads' classes (e.g. shape × colour). */
        private float[][] jointProbabilities(List<float[]> images, int size) {
            List<float[][]> perHead = new ArrayList<>();
            for (String h : heads) {
                perHead.add(judge.probabilities(h, images, size));
            }
            float[][] joint = new float[images.size()][];
            for (int i = 0; i < images.size(); i++) {
                float[] acc = {1f};
                for (float[][] head : perHead) {
                    float[] p = head[i];
                    float[] next = new float[acc.length * p.length];
                    for (int a = 0; a < acc.length; a++) {
                        for (int b = 0; b < p.length; b++) {
                            next[a * p.length + b] = acc[a] * p[b];
                        }
                    }
                    acc = next;
                }
                joint[i] = acc;
            }
            return joint;
        }

        private record Real(List<float[]> images, List<Map<String, String>> attributes, double[][] features) {}

        private final Map<Integer, Real> reals = new HashMap<>();

        private Real real(int size) {
            return reals.computeIfAbsent(size, s -> {
                int n = Math.min(test.size(), 512);
                List<float[]> imgs = new ArrayList<>(n);
                List<Map<String, String>> attrs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    CaptionedSample sample = test.get(i, s);
                    imgs.add(sample.image());
                    attrs.add(sample.attributes());
                }
                return new Real(imgs, attrs, judge.features(imgs, s));
            });
        }
    }
}
