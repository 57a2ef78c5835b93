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

/** Stage-II residual block: relu(x + bn(conv(relu(bn(conv(x)))))), channels and size kept. */
final class ResidualBlock extends AbstractBlock {

    private final Conv2d conv1;
    private final BatchNorm norm1;
    private final Conv2d conv2;
    private final BatchNorm norm2;

    ResidualBlock(int channels) {
        conv1 = addChildBlock("conv1", Blocks.conv3x3(channels));
        norm1 = addChildBlock("norm1", BatchNorm.builder().build());
        conv2 = addChildBlock("conv2", Blocks.conv3x3(channels));
        norm2 = addChildBlock("norm2", BatchNorm.builder().build());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        conv1.initialize(manager, dataType, x);
        norm1.initialize(manager, dataType, x);
        conv2.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray h = conv1.forward(parameterStore, new NDList(x), training).head();
        h = Activation.relu(norm1.forward(parameterStore, new NDList(h), training).head());
        h = conv2.forward(parameterStore, new NDList(h), training).head();
        h = norm2.forward(parameterStore, new NDList(h), training).head();
        return new NDList(Activation.relu(h.add(x)));
    }
}
