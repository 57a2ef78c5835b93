package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What all three discriminators do once their convolutions have reduced the input to a few cells:
 * S compressed by FC + LeakyReLU to conditionDim (StackGAN's N_d), replicated over the cells and
 * concatenated to the features ("S concatenated", TGANs-C §3.2), a 1×1(×1) convolution + BN +
 * LeakyReLU over the joint features, and a linear layer to one logit. The 1×1 joint layer and the
 * final linear layer (instead of a full-size convolution) are our choices; they fit any cell count.
 *
 * <p>Input NDList(features (N, C, cells...), S (N, sentenceDim)); output NDList(logits (N)).
 */
final class ConditionalHead extends AbstractBlock {

    private final int sentenceDim;
    private final Linear compress;
    private final Block joint;
    private final BatchNorm jointNorm;
    private final Linear toLogit;

    ConditionalHead(int sentenceDim, int conditionDim, int jointChannels, boolean volume) {
        this.sentenceDim = sentenceDim;
        compress = addChildBlock("compress", Linear.builder().setUnits(conditionDim).build());
        joint = addChildBlock("joint", volume ? VideoLayers.joint3(jointChannels) : VideoLayers.joint2(jointChannels));
        jointNorm = addChildBlock("jointNorm", BatchNorm.builder().build());
        toLogit = addChildBlock("toLogit", Linear.builder().setUnits(1).build());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = inputShapes[0];
        long n = features.get(0);
        compress.initialize(manager, dataType, new Shape(n, sentenceDim));
        long condition = compress.getOutputShapes(new Shape[] {new Shape(n, sentenceDim)})[0].get(1);
        long[] dims = features.getShape().clone();
        dims[1] += condition;
        Shape joined = new Shape(dims);
        joint.initialize(manager, dataType, joined);
        Shape out = joint.getOutputShapes(new Shape[] {joined})[0];
        jointNorm.initialize(manager, dataType, out);
        toLogit.initialize(manager, dataType, new Shape(n, out.size() / n));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray sentence = inputs.get(1);
        long n = features.getShape().get(0);
        VideoLayers.requireShape("S", sentence, n, sentenceDim);
        NDArray c = Activation.leakyRelu(compress.forward(ps, new NDList(sentence), training).head(), VideoLayers.LEAK);
        long[] cells = features.getShape().slice(2).getShape();
        NDArray h = NDArrays.concat(new NDList(features, VideoLayers.tile(c, cells)), 1);
        h = joint.forward(ps, new NDList(h), training).head();
        h = Activation.leakyRelu(jointNorm.forward(ps, new NDList(h), training).head(), VideoLayers.LEAK);
        return new NDList(toLogit.forward(ps, new NDList(h.reshape(n, -1)), training).head().reshape(n));
    }
}
