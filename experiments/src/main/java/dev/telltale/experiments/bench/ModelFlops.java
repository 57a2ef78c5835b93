package dev.telltale.experiments.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Floating-point operations of one forward pass of an initialized block, counted from the shapes each
 * convolution and fully connected layer was initialized with (a multiply-add is two operations).
 * Normalisation, activations and resampling are left out: they are memory-bound and small next to the
 * convolutions, so the count is a slight underestimate and the achieved FLOP/s it gives a lower bound.
 */
public final class ModelFlops {

    private ModelFlops() {}

    /** Forward FLOPs for the batch the block was initialized with. */
    public static double forward(Block block) {
        if (block instanceof Convolution conv) {
            Shape in = firstInput(conv);
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            double perOutput = 2.0 * (in.get(1) / conv.getGroups()) * conv.getKernelShape().size();
            return perOutput * out.size();
        }
        if (block instanceof Linear linear) {
            Shape in = firstInput(linear);
            Shape out = linear.getOutputShapes(new Shape[] {in})[0];
            return 2.0 * in.get(in.dimension() - 1) * out.size();
        }
        double sum = 0;
        for (Block child : block.getChildren().values()) {
            sum += forward(child);
        }
        return sum;
    }

    private static Shape firstInput(Block block) {
        Shape[] shapes = block.getInputShapes();
        if (shapes == null || shapes.length == 0) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " is not initialized: no input shape to count from");
        }
        return shapes[0];
    }
}
