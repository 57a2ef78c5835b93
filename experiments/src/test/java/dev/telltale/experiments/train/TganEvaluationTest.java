package dev.telltale.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.eval.DomainClassifierTrainer;
import dev.telltale.experiments.eval.VideoJudge;
import dev.telltale.experiments.track.ForwardingTracker;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.track.MetricPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny TGANs-C run with its video judge, end to end as the CLI and the workers run it: a frame
 * classifier trained briefly into the judge cache, then training that evaluates at steps 2 and 4.
 * The classifier is far from the 98 % bar, so the values say nothing about quality; what is checked
 * is that every metric arrives, finite and within its range, in the metrics file and as evaluation rows.
 */
class TganEvaluationTest {

    @TempDir
    Path dir;

    record Row(long step, String metric, double mean, Double std, Integer n, String evaluator) {}

    @Test
    void aJudgedRunReportsEveryVideoMetricInRangeWithItsRealReference() throws Exception {
        Path cache = dir.resolve("judges");
        int frames = 4;
        // 32 px, not the tiny preset's 16: at 16 px resampling makes a real digit's centre of mass wobble
        // across its path, and a few real clips would fail the motion check
        int size = 32;
        // the same cache entry the run looks up (sbmg-frames-32), trained for a few steps only
        try (VideoJudge warm = VideoJudge.obtain("sbmg", frames, size, cache,
                DomainClassifierTrainer.Options.defaults().withMaxSteps(20).withEvalEvery(20), 96, 32)) {
            assertTrue(warm.classifierAccuracy() >= 0 && warm.classifierAccuracy() <= 1);
        }
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        Path out = dir.resolve("run");
        // with a weight average: the run's own figures come from it, raw_* from the trained weights
        Map<String, Object> overrides = new LinkedHashMap<>(Map.of("steps", 4, "evalEvery", 2, "evalSamples", 8,
                "frameSize", size, "generatorEma", 0.9));
        Train.Outcome o = Train.run(new Train.Request("tganc-a", "sbmg", "tiny", overrides, out, null, cache, true,
                d -> new ForwardingTracker(new LocalTracker(d)) {
                    @Override
                    public void evaluation(long step, String metric, double mean, Double std, Integer n, String evaluator) {
                        rows.add(new Row(step, metric, mean, std, n, evaluator));
                        super.evaluation(step, metric, mean, std, n, evaluator);
                    }
                }));

        Map<String, Double> e = o.evaluation();
        List<String> unit = new ArrayList<>();
        for (String prefix : List.of("", "heldout_")) {
            for (String k : List.of("digit_accuracy", "motion_accuracy", "real_digit_accuracy", "real_motion_accuracy",
                    "classifier_accuracy")) {
                unit.add(prefix + k);
            }
            for (String k : List.of("coherence", "real_coherence", "coherence_ratio", "fid", "is_std", "real_is_std")) {
                assertTrue(e.containsKey(prefix + k), prefix + k + " in " + e.keySet());
                assertTrue(Double.isFinite(e.get(prefix + k)) && e.get(prefix + k) >= 0, prefix + k + " = " + e.get(prefix + k));
            }
            // IS of 10 digit classes lies between 1 (one class or uniform answers) and 10
            for (String k : List.of("is_mean", "real_is_mean")) {
                assertTrue(e.containsKey(prefix + k), prefix + k + " in " + e.keySet());
                assertTrue(e.get(prefix + k) >= 1 - 1e-6 && e.get(prefix + k) <= 10 + 1e-6, prefix + k + " = " + e.get(prefix + k));
            }
            assertEquals(e.get(prefix + "coherence") / e.get(prefix + "real_coherence"), e.get(prefix + "coherence_ratio"), 1e-9);
            assertTrue(e.get(prefix + "real_coherence") > 0, "real digits move between frames");
        }
        unit.addAll(List.of("raw_digit_accuracy", "raw_motion_accuracy"));
        for (String k : List.of("raw_coherence", "raw_fid", "raw_is_mean")) {
            assertTrue(e.containsKey(k) && Double.isFinite(e.get(k)) && e.get(k) >= 0, k + " in " + e);
        }
        assertTrue(e.keySet().stream().noneMatch(k -> k.startsWith("raw_real_") || k.equals("raw_classifier_accuracy")),
                "the real clips and the classifier are reported once: " + e.keySet());
        assertEquals(e.get("raw_coherence") / e.get("real_coherence"), e.get("raw_coherence_ratio"), 1e-9);
        assertTrue(!e.get("raw_fid").equals(e.get("fid")), "the trained weights' clips are not the average's");
        for (String k : unit) {
            assertTrue(e.containsKey(k), k + " in " + e.keySet());
            double v = e.get(k);
            assertTrue(v >= 0 && v <= 1, k + " = " + v);
            // 8 clips: a share of clips is a multiple of 1/8
            if (!k.endsWith("classifier_accuracy")) {
                assertEquals(0, (v * 8) % 1, 1e-9, k + " = " + v + " is a share of 8 clips");
            }
        }
        // what the discriminators make of real clips with their own captions and with a caption that gets
        // one attribute wrong, at each level (D2 for tganc-a): probabilities
        for (String level : List.of("d_", "d_frame_", "d_motion_")) {
            for (String k : List.of("real_own", "real_only_digit_wrong", "real_only_motion_wrong")) {
                assertTrue(e.containsKey(level + k), level + k + " in " + e.keySet());
                assertTrue(e.get(level + k) > 0 && e.get(level + k) < 1, level + k + " = " + e.get(level + k));
            }
        }
        assertEquals(1.0, e.get("real_motion_accuracy"), "real single-digit clips move as their captions say");
        assertEquals(1.0, e.get("heldout_real_motion_accuracy"), "held-out ones too");

        // the same values in the metrics file, at both evaluation steps
        List<MetricPoint> points = LocalTracker.readMetrics(out);
        for (String k : e.keySet()) {
            List<Long> at = points.stream().filter(p -> p.key().equals("eval/" + k)).map(MetricPoint::step).toList();
            assertEquals(List.of(2L, 4L), at, "eval/" + k);
        }
        double last = points.stream().filter(p -> p.key().equals("eval/motion_accuracy") && p.step() == 4).findFirst().orElseThrow().value();
        assertEquals(e.get("motion_accuracy"), last, 1e-12);
        assertTrue(points.stream().anyMatch(p -> p.key().equals("judge/accuracy")), "the judge's own accuracy is logged");

        // and as evaluation rows with their spread and sample count
        List<String> metrics = List.of("inception_score", "fid", "digit_accuracy", "motion_accuracy", "coherence");
        assertEquals(10, rows.size(), rows.toString());
        for (Row r : rows) {
            assertTrue(metrics.contains(r.metric()), r.toString());
            assertEquals(8, r.n());
            assertEquals("VideoJudge", r.evaluator());
            assertTrue(Double.isFinite(r.mean()), r.toString());
            assertEquals(r.metric().equals("inception_score"), r.std() != null, r.toString());
        }
        Row is4 = rows.stream().filter(r -> r.step() == 4 && r.metric().equals("inception_score")).findFirst().orElseThrow();
        assertEquals(e.get("is_mean"), is4.mean(), 1e-12);
        assertEquals(e.get("is_std"), is4.std(), 1e-12);
    }
}
