package dev.telltale.experiments.eval;

import java.util.Random;

/**
 * A multinomial logistic regression fitted by SGD on frozen features: how much of an attribute a
 * representation carries in linearly readable form. Features are standardised with the training
 * set's mean and spread, so the step size does not depend on the encoder's scale.
 */
public final class LinearProbe {

    private final double[][] weights;
    private final double[] mean;
    private final double[] scale;

    private LinearProbe(double[][] weights, double[] mean, double[] scale) {
        this.weights = weights;
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * @param x      one feature row per example
     * @param labels class index per example, in [0, classes)
     * @param epochs passes over the data (the step size falls as 1 / (1 + epoch / 5))
     */
    public static LinearProbe fit(float[][] x, int[] labels, int classes, int epochs, long seed) {
        if (x.length == 0 || x.length != labels.length) {
            throw new IllegalArgumentException("need one label per row and at least one row");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / (double) x.length;
            }
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = 1 / Math.max(Math.sqrt(scale[j]), 1e-6);
        }
        LinearProbe probe = new LinearProbe(new double[classes][d + 1], mean, scale);
        Random rnd = new Random(seed);
        double[] z = new double[d];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double lr = 0.05 / (1 + epoch / 5.0);
            for (int it = 0; it < x.length; it++) {
                int i = rnd.nextInt(x.length);
                probe.standardise(x[i], z);
                double[] p = probe.probabilities(z);
                for (int c = 0; c < classes; c++) {
                    double g = p[c] - (c == labels[i] ? 1 : 0);
                    double[] w = probe.weights[c];
                    for (int j = 0; j < d; j++) {
                        w[j] -= lr * g * z[j];
                    }
                    w[d] -= lr * g;
                }
            }
        }
        return probe;
    }

    /** The most probable class of each row. */
    public int[] predict(float[][] x) {
        int[] out = new int[x.length];
        double[] z = new double[mean.length];
        for (int i = 0; i < x.length; i++) {
            standardise(x[i], z);
            double[] p = probabilities(z);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** The share of rows whose predicted class is their label. */
    public double accuracy(float[][] x, int[] labels) {
        int[] predicted = predict(x);
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return x.length == 0 ? Double.NaN : (double) right / x.length;
    }

    private void standardise(float[] row, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = (row[j] - mean[j]) * scale[j];
        }
    }

    private double[] probabilities(double[] z) {
        double[] logits = new double[weights.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < weights.length; c++) {
            double s = weights[c][z.length];
            for (int j = 0; j < z.length; j++) {
                s += weights[c][j] * z[j];
            }
            logits[c] = s;
            max = Math.max(max, s);
        }
        double total = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            total += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= total;
        }
        return logits;
    }
}
