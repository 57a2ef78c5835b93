package dev.telltale.experiments.eval;

import dev.telltale.experiments.data.BouncingDigits;
import dev.telltale.experiments.data.Motion;
import java.util.ArrayList;
import java.util.List;

/**
 * Motion accuracy (TGANs-C's "motion" judgement, made automatic): does each digit of a clip move
 * the way its caption says? Digits are tracked by the ink-weighted centre of mass (one digit) or by
 * two-means clustering of ink pixels seeded from a constant-velocity prediction out of the previous frames (two digits). A track moves
 * "left and right" when (1) its horizontal path is at least twice its vertical one, (2) it travels at
 * least {@link #MIN_STEP} of the side per frame on average, and (3) it turns back no more often than
 * a digit bouncing at top speed could ({@link #maxReversals}); "up and down" likewise. The third
 * condition is what tells a bouncing digit from the same frames in shuffled order, which jump back
 * and forth along the same axis. Two tracks are matched to the caption's motions as a multiset,
 * since a track does not know which digit it follows. Where two digits overlap the clustering can
 * swap or split them, so real TBMG clips score about 0.85, not 1 (real SBMG clips score 1).
 *
 * <p>Frames are channels-first RGB in [-1, 1]; ink is the grey level above {@link #INK_FLOOR}, so
 * a generator's faint background haze does not pull the centre towards the middle.
 */
public final class MotionAccuracy {

    /** Grey level (0..1) below which a pixel counts as background. */
    static final double INK_FLOOR = 0.25;
    /** Least mean travel per frame along the axis, as a fraction of the side (real digits: ≥ 2/64). */
    static final double MIN_STEP = 0.01;
    /** Steps shorter than this fraction of the side have no direction (centre-of-mass jitter). */
    static final double STILL = 0.004;
    private static final int KMEANS_ROUNDS = 8;

    private MotionAccuracy() {}

    /** Share of clips whose tracks all move as intended. */
    public static double compute(List<List<float[]>> clips, int size, List<List<Motion>> intended) {
        if (clips.isEmpty() || clips.size() != intended.size()) {
            throw new IllegalArgumentException("need as many intended motions as clips (and at least one), got "
                    + intended.size() + " for " + clips.size());
        }
        int right = 0;
        for (int i = 0; i < clips.size(); i++) {
            right += correct(clips.get(i), size, intended.get(i)) ? 1 : 0;
        }
        return (double) right / clips.size();
    }

    /** Whether the clip's tracks, one per intended motion, move as intended. */
    public static boolean correct(List<float[]> frames, int size, List<Motion> intended) {
        double[][][] tracks = tracks(frames, size, intended.size());
        List<Motion> seen = new ArrayList<>();
        for (double[][] track : tracks) {
            Motion m = classify(track);
            if (m == null) {
                return false;
            }
            seen.add(m);
        }
        List<Motion> want = new ArrayList<>(intended);
        seen.sort(null);
        want.sort(null);
        return seen.equals(want);
    }

    /** The motion of a track ({x, y} per frame, fractions of the side), or null when it is neither. */
    public static Motion classify(double[][] track) {
        int steps = track.length - 1;
        if (steps < 1) {
            return null;
        }
        double pathX = 0;
        double pathY = 0;
        for (int t = 0; t < steps; t++) {
            pathX += Math.abs(track[t + 1][0] - track[t][0]);
            pathY += Math.abs(track[t + 1][1] - track[t][1]);
        }
        int axis = pathX >= pathY ? 0 : 1;
        double along = Math.max(pathX, pathY);
        double across = Math.min(pathX, pathY);
        if (along < 2 * across || along / steps < MIN_STEP) {
            return null;
        }
        if (reversals(track, axis) > maxReversals(track.length)) {
            return null;
        }
        return axis == 0 ? Motion.HORIZONTAL : Motion.VERTICAL;
    }

    /** How often a digit at the top speed can bounce in {@code frames} frames: every full crossing, plus one. */
    static int maxReversals(int frames) {
        return (frames - 1) * BouncingDigits.MAX_SPEED / BouncingDigits.MAX_POSITION + 1;
    }

    static int reversals(double[][] track, int axis) {
        int count = 0;
        int last = 0;
        for (int t = 0; t + 1 < track.length; t++) {
            double d = track[t + 1][axis] - track[t][axis];
            if (Math.abs(d) < STILL) {
                continue;
            }
            int sign = d > 0 ? 1 : -1;
            if (last != 0 && sign != last) {
                count++;
            }
            last = sign;
        }
        return count;
    }

    /**
     * {@code k} tracks ({@code [k][frame] = {x, y}}, fractions of the side): the centre of mass for one,
     * two-means over ink pixels (first frame split along the ink's principal axis, later frames
     * seeded from the frame before) for more.
     */
    public static double[][][] tracks(List<float[]> frames, int size, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        double[][][] out = new double[k][frames.size()][];
        double[][] centres = null;
        double[][] before = null;
        for (int t = 0; t < frames.size(); t++) {
            double[] ink = ink(frames.get(t), size);
            double[][] start;
            if (centres == null) {
                start = seed(ink, size, k);
            } else if (before == null || k == 1) {
                start = centres;
            } else {
                // constant-velocity prediction keeps two crossing digits on their own tracks
                start = new double[k][];
                for (int c = 0; c < k; c++) {
                    start[c] = new double[] {2 * centres[c][0] - before[c][0], 2 * centres[c][1] - before[c][1]};
                }
            }
            before = centres;
            centres = kmeans(ink, size, start);
            for (int c = 0; c < k; c++) {
                out[c][t] = new double[] {centres[c][0] / size, centres[c][1] / size};
            }
        }
        return out;
    }

    private static double[] ink(float[] frame, int size) {
        int plane = size * size;
        if (frame.length != 3 * plane) {
            throw new IllegalArgumentException("frame must hold 3 x " + size + " x " + size + " values, got " + frame.length);
        }
        double[] ink = new double[plane];
        for (int p = 0; p < plane; p++) {
            double grey = ((frame[p] + frame[plane + p] + frame[2 * plane + p]) / 3 + 1) / 2;
            ink[p] = Math.max(0, grey - INK_FLOOR);
        }
        return ink;
    }

    /** k centres spread along the principal axis of the ink around its centre of mass. */
    private static double[][] seed(double[] ink, int size, int k) {
        double w = 0, mx = 0, my = 0;
        for (int p = 0; p < ink.length; p++) {
            w += ink[p];
            mx += ink[p] * (p % size + 0.5);
            my += ink[p] * (p / size + 0.5);
        }
        if (w == 0) {
            double[][] c = new double[k][];
            for (int i = 0; i < k; i++) {
                c[i] = new double[] {size / 2.0, size / 2.0};
            }
            return c;
        }
        mx /= w;
        my /= w;
        double sxx = 0, syy = 0, sxy = 0;
        for (int p = 0; p < ink.length; p++) {
            double dx = p % size + 0.5 - mx;
            double dy = p / size + 0.5 - my;
            sxx += ink[p] * dx * dx;
            syy += ink[p] * dy * dy;
            sxy += ink[p] * dx * dy;
        }
        sxx /= w;
        syy /= w;
        sxy /= w;
        double lambda = (sxx + syy) / 2 + Math.sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
        double vx = sxy;
        double vy = lambda - sxx;
        if (Math.abs(vx) + Math.abs(vy) < 1e-12) {
            vx = sxx >= syy ? 1 : 0;
            vy = sxx >= syy ? 0 : 1;
        }
        double norm = Math.hypot(vx, vy);
        double spread = Math.sqrt(Math.max(lambda, 0));
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            double offset = k == 1 ? 0 : (2.0 * i / (k - 1) - 1) * spread;
            c[i] = new double[] {mx + offset * vx / norm, my + offset * vy / norm};
        }
        return c;
    }

    private static double[][] kmeans(double[] ink, int size, double[][] start) {
        int k = start.length;
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            c[i] = start[i].clone();
        }
        for (int round = 0; round < (k == 1 ? 1 : KMEANS_ROUNDS); round++) {
            double[] w = new double[k];
            double[][] sum = new double[k][2];
            for (int p = 0; p < ink.length; p++) {
                if (ink[p] == 0) {
                    continue;
                }
                double x = p % size + 0.5;
                double y = p / size + 0.5;
                int best = 0;
                double bestD = Double.MAX_VALUE;
                for (int i = 0; i < k; i++) {
                    double d = (x - c[i][0]) * (x - c[i][0]) + (y - c[i][1]) * (y - c[i][1]);
                    if (d < bestD) {
                        bestD = d;
                        best = i;
                    }
                }
                w[best] += ink[p];
                sum[best][0] += ink[p] * x;
                sum[best][1] += ink[p] * y;
            }
            for (int i = 0; i < k; i++) {
                if (w[i] > 0) {
                    c[i] = new double[] {sum[i][0] / w[i], sum[i][1] / w[i]};
                }
            }
        }
        return c;
    }
}
