package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Gradient bookkeeping DJL leaves to us. */
public final class Gradients {

    private Gradients() {}

    /**
     * Zeroes the gradients of every trainable parameter of {@code block}. An optimizer step zeroes
     * only its own model's gradients, so after the generator's backward pass the discriminator
     * still holds gradients that its next step would add in (DJL bug 4 in the project notes).
     */
    public static void zero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (!param.requiresGradient() || !param.isInitialized()) {
                continue;
            }
            NDArray array = param.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            try (NDArray g = array.getGradient()) {
                g.subi(g);
            }
        }
    }

    /** The L2 norm of all gradients of {@code block} (0 when none), for tests and diagnostics. */
    public static double norm(Block block) {
        double sum = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (!param.requiresGradient() || !param.isInitialized() || !param.getArray().hasGradient()) {
                continue;
            }
            try (NDArray g = param.getArray().getGradient()) {
                float[] v = g.toFloatArray();
                for (float x : v) {
                    sum += (double) x * x;
                }
            }
        }
        return Math.sqrt(sum);
    }
}
