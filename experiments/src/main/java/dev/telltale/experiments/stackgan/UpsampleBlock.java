package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The generators' up-block: nearest 2× upsampling, 3×3 convolution, batch norm, ReLU (official
 * upBlock). Conditional, it takes NDList(x, ĉ) and its batch norm reads its scale and shift from ĉ
 * ({@link ConditionalBatchNorm}).
 */
final class UpsampleBlock extends AbstractBlock {

    private final Conv2d conv;
    private final BatchNorm norm;
    private final ConditionalBatchNorm conditionalNorm;

    UpsampleBlock(int filters) {
        this(filters, false);
    }

    UpsampleBlock(int filters, boolean conditional) {
        conv = addChildBlock("conv", Blocks.conv3x3(filters));
        if (conditional) {
            norm = null;
            conditionalNorm = addChildBlock("cnorm", new ConditionalBatchNorm(filters));
        } else {
            norm = addChildBlock("norm", BatchNorm.builder().build());
            conditionalNorm = null;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return conv.getOutputShapes(new Shape[] {new Shape(x.get(0), x.get(1), 2 * x.get(2), 2 * x.get(3))});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape up = new Shape(x.get(0), x.get(1), 2 * x.get(2), 2 * x.get(3));
        conv.initialize(manager, dataType, up);
        Shape out = conv.getOutputShapes(new Shape[] {up})[0];
        if (norm != null) {
            norm.initialize(manager, dataType, out);
        } else {
            conditionalNorm.initialize(manager, dataType, out, inputShapes[1]);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Blocks.upsampleNearest(inputs.head());
        x = conv.forward(parameterStore, new NDList(x), training).head();
        x = norm != null ? norm.forward(parameterStore, new NDList(x), training).head()
                : conditionalNorm.forward(parameterStore, new NDList(x, inputs.get(1)), training).head();
        return new NDList(Activation.relu(x));
    }
}
