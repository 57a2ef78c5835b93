package dev.telltale.experiments.tganc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.telltale.experiments.data.BouncingDigits;
import dev.telltale.experiments.data.MnistDigits;
import dev.telltale.experiments.data.Split;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TganLossTest {

    @Test
    void coherenceIsTheSumOfSquaredDistancesOfConsecutiveFramesAveragedOverTheBatch() {
        int b = 2, c = 3, t = 4, h = 3, w = 2;
        float[] v = new float[b * c * t * h * w];
        Random r = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        double expected = 0;
        for (int n = 0; n < b; n++) {
            for (int f = 0; f + 1 < t; f++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < h * w; p++) {
                        double d = v[(((n * c + ch) * t + f + 1) * h * w) + p] - v[(((n * c + ch) * t + f) * h * w) + p];
                        expected += d * d;
                    }
                }
            }
        }
        expected /= b;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray video = m.create(v, new Shape(b, c, t, h, w));
            video.setRequiresGradient(true);
            try (GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = TemporalCoherenceLoss.of(video);
                assertEquals(expected, loss.getFloat(), 1e-4 * expected);
                gc.backward(loss);
            }
            // d/dv_f of Σ‖v_{f+1} − v_f‖² / B: the first frame only pulls towards the second
            float[] grad = video.getGradient().toFloatArray();
            assertEquals(2 * (v[0] - v[h * w]) / b, grad[0], 1e-5);
            NDArray still = m.ones(new Shape(1, 3, 5, 4, 4));
            assertEquals(0f, TemporalCoherenceLoss.of(still).getFloat());
            assertThrows(IllegalArgumentException.class, () -> TemporalCoherenceLoss.of(m.ones(new Shape(1, 3, 1, 4, 4))));
        }
    }

    @Test
    void lossesCombineTheLevelsWithTheirWeights() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDList pos = new NDList(m.create(new float[] {2f, -1f}), m.create(new float[] {1f, 0f, 3f, -2f}, new Shape(2, 2)),
                    m.create(new float[] {0.5f, 1f}, new Shape(2, 1)), m.zeros(new Shape(2, 4)));
            NDList neg = new NDList(m.create(new float[] {0f, 1f}), m.create(new float[] {-1f, 2f, 0f, 0f}, new Shape(2, 2)),
                    m.create(new float[] {-3f, 2f}, new Shape(2, 1)), m.zeros(new Shape(2, 4)));
            NDList syn = new NDList(m.create(new float[] {-2f, 0.5f}), m.create(new float[] {0f, 1f, -1f, 4f}, new Shape(2, 2)),
                    m.create(new float[] {1f, -1f}, new Shape(2, 1)), m.zeros(new Shape(2, 4)));
            TganLoss.Weights w = new TganLoss.Weights(0.5f, 2f, 0f);
            NDList d = TganLoss.discriminator(pos, neg, syn, w);
            double video = level(new double[] {2, -1}, new double[] {0, 1}, new double[] {-2, 0.5});
            double frame = level(new double[] {1, 0, 3, -2}, new double[] {-1, 2, 0, 0}, new double[] {0, 1, -1, 4});
            double motion = level(new double[] {0.5, 1}, new double[] {-3, 2}, new double[] {1, -1});
            assertEquals(video, d.get(1).getFloat(), 1e-5);
            assertEquals(frame, d.get(2).getFloat(), 1e-5);
            assertEquals(motion, d.get(3).getFloat(), 1e-5);
            assertEquals(video + 0.5 * frame + 2 * motion, d.get(0).getFloat(), 1e-5);

            NDArray clip = m.create(new float[] {0, 1, 3, 0, 0, 0}, new Shape(1, 1, 3, 1, 2)); // frames (0,1), (3,0), (0,0)
            NDList g = TganLoss.generator(new NDList(syn.get(0), syn.get(1), syn.get(3)), clip, new TganLoss.Weights(1f, 0f, 0.1f));
            double gVideo = (softplus(2) + softplus(-0.5)) / 2;
            double gFrame = (softplus(0) + softplus(-1) + softplus(1) + softplus(-4)) / 4;
            double coherence = (9 + 1) + (9 + 0);
            assertEquals(coherence, g.get(4).getFloat(), 1e-5);
            assertEquals(0f, g.get(3).getFloat(), "no D2 output, no motion term");
            assertEquals(gVideo + gFrame + 0.1 * coherence, g.get(0).getFloat(), 1e-4);
        }
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    /** real + (wrong + fake) / 2 from logits. */
    private static double level(double[] real, double[] wrong, double[] fake) {
        double r = 0, w = 0, f = 0;
        for (double x : real) {
            r += softplus(-x) / real.length;
        }
        for (double x : wrong) {
            w += softplus(x) / wrong.length;
        }
        for (double x : fake) {
            f += softplus(x) / fake.length;
        }
        return r + (w + f) / 2;
    }

    @Test
    void aTripletNeverPairsARealClipWithACaptionThatDescribesIt() {
        for (String id : new String[] {BouncingDigits.SINGLE, BouncingDigits.TWO}) {
            BouncingDigits ds = BouncingDigits.create(id, MnistDigits.bundled(), 3, Split.TRAIN, 200);
            Random rng = new Random(1);
            int mismatchedDigits = 0;
            for (int round = 0; round < 20; round++) {
                TripletSampler.Triplets t = TripletSampler.sample(ds, 32, rng);
                for (int b = 0; b < 32; b++) {
                    int i = t.clips()[b];
                    assertTrue(ds.captions(i).contains(t.captions()[b]), "the positive is one of the clip's own captions");
                    assertFalse(ds.captions(i).contains(t.wrongCaptions()[b]), "the negative is not one of its captions");
                    assertNotEquals(ds.content(i), ds.content(t.wrongFrom()[b]), "the negative describes other content");
                    assertTrue(ds.captions(t.wrongFrom()[b]).contains(t.wrongCaptions()[b]));
                    mismatchedDigits += ds.content(i).replaceAll("[^0-9|]", "").equals(ds.content(t.wrongFrom()[b]).replaceAll("[^0-9|]", "")) ? 0 : 1;
                }
            }
            assertTrue(mismatchedDigits > 500, "most negatives name other digits");
        }
        BouncingDigits one = BouncingDigits.create(BouncingDigits.SINGLE, MnistDigits.bundled(), 3, Split.TRAIN, 1);
        assertThrows(IllegalStateException.class, () -> TripletSampler.pickMismatched(one, 0, new Random(1)));
    }
}
