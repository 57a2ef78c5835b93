package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * XMC-GAN's sentence–video contrastive head (Zhang et al. 2021): the frame discriminator D1's
 * features of every frame, flattened in order, map to a clip code, and S to a text code of the
 * same width, so an InfoNCE loss can ask each clip to pick its caption among the batch's. Not in
 * TGANs-C (ours, as StackGAN's contrastiveWeight): the matching-aware loss alone asks whether a
 * caption fits, this asks which one, so the codes must read what tells captions apart. On D1, not
 * D0: D0's strided 3-D convolutions smear a moving digit over time, and on single-digit bouncing
 * MNIST D0 checked the motion of a caption but not its digit (0.87 for a digit-wrong caption
 * against 0.87 for the right one at 2,000 steps), nor did a head on its features learn to. Flattened,
 * not averaged over frames and cells: an average keeps the digit but drops where it goes, so
 * captions that differ in the motion alone could not be told apart.
 *
 * <p>Input NDList(features (B, F), S (B, sentenceDim)); output NDList(clip code (B, dim), text code
 * (B, dim)).
 */
public final class ContrastiveHead extends AbstractBlock {

    private final int dim;
    private final Linear clipCode;
    private final Linear textCode;

    public ContrastiveHead(int dim) {
        VideoLayers.requirePositive("contrastiveDim", dim);
        this.dim = dim;
        clipCode = addChildBlock("clipCode", Linear.builder().setUnits(dim).build());
        textCode = addChildBlock("textCode", Linear.builder().setUnits(dim).build());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, dim), new Shape(batch, dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        clipCode.initialize(manager, dataType, inputShapes[0]);
        textCode.initialize(manager, dataType, inputShapes[1]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(clipCode.forward(ps, new NDList(inputs.get(0)), training).head(), textCode(ps, inputs.get(1), training));
    }

    /** The text code of S (B, sentenceDim) alone. */
    public NDArray textCode(ParameterStore ps, NDArray s, boolean training) {
        return textCode.forward(ps, new NDList(s), training).head();
    }
}
