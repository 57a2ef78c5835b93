package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout both StackGAN discriminators share: an image trunk of stride-2 4×4 convolutions (batch
 * norm on all but the first, LeakyReLU 0.2) down to 4×4, optional 3×3 convolutions bringing the
 * channels to 8·dfDim, then the conditional head: μ compressed by an FC layer + LeakyReLU (the
 * paper compresses the text embedding to N_d before replicating it), tiled to 4×4, concatenated,
 * 3×3 conv + BN + LeakyReLU, and a 4×4 stride-4 convolution to one logit.
 *
 * <p>Input: NDList(image (B, 3, S, S), μ (B, conditionDim)). Output: NDList(logits (B)), no sigmoid
 * (see {@link MatchingAwareLoss}); with the unconditional head (StackGAN-v2's joint loss, not in the
 * StackGAN paper) NDList(logits, unconditional logits (B)), the second a 4×4 stride-4 convolution of
 * the trunk's features alone, which judges realness without the text.
 *
 * <p>With the projection head (Miyato and Koyama 2018, not in StackGAN) the 4×4 features are averaged
 * over space to φ and the logit is ψ·φ + (V·c)·φ: the condition meets the image in an inner product
 * instead of passing through a convolution that may learn to ignore it.
 *
 * <p>With the contrastive head (XMC-GAN, Zhang et al. 2021; not in StackGAN) the output ends with two
 * codes, the averaged 4×4 features and the condition each mapped linearly, on which the training
 * loop puts a sentence–image contrastive loss: each caption must pick out its own image in the batch.
 */
public abstract class ConditionalDiscriminator extends AbstractBlock {

    private final int conditionDim;
    private final int imageSize;
    private final List<Conv2d> convs = new ArrayList<>();
    /** Null where a trunk convolution has no batch norm (the first). */
    private final List<BatchNorm> norms = new ArrayList<>();
    /** The concatenating head; null with the projection head. */
    private final Linear compress;
    private final Conv2d joint;
    private final BatchNorm jointNorm;
    private final Conv2d toLogit;
    /** The projection head; null with the concatenating head. */
    private final Linear psi;
    private final Linear project;
    /** Null without the unconditional head. */
    private final Conv2d toUnconditionalLogit;
    /** The contrastive head (XMC-GAN's sentence–image codes); both null without it. */
    private final Linear imageCode;
    private final Linear textCode;
    private final int contrastiveDim;

    /**
     * @param topExponent the last stride-2 convolution has dfDim·2^topExponent channels; earlier ones
     *     halve going back, never below dfDim
     * @param reduceChannels channels of the 3×3 convolutions after the trunk (may be empty)
     */
    ConditionalDiscriminator(int conditionDim, int dfDim, int imageSize, boolean unconditional, boolean projection,
            int contrastiveDim, int topExponent, int... reduceChannels) {
        this.conditionDim = conditionDim;
        this.imageSize = imageSize;
        int levels = Blocks.levelsAbove4("imageSize", imageSize, 2);
        for (int i = 0; i < levels; i++) {
            int filters = dfDim << Math.max(0, topExponent - (levels - 1 - i));
            convs.add(addChildBlock("down" + (i + 1), Blocks.downConv(filters)));
            norms.add(i == 0 ? null : addChildBlock("down" + (i + 1) + "Norm", BatchNorm.builder().build()));
        }
        for (int i = 0; i < reduceChannels.length; i++) {
            convs.add(addChildBlock("reduce" + (i + 1), Blocks.conv3x3(reduceChannels[i])));
            norms.add(addChildBlock("reduce" + (i + 1) + "Norm", BatchNorm.builder().build()));
        }
        if (projection) {
            compress = null;
            joint = null;
            jointNorm = null;
            toLogit = null;
            psi = addChildBlock("psi", Linear.builder().setUnits(1).build());
            project = addChildBlock("project", Linear.builder().setUnits(8L * dfDim).optBias(false).build());
        } else {
            psi = null;
            project = null;
            compress = addChildBlock("compress", Linear.builder().setUnits(conditionDim).build());
            joint = addChildBlock("joint", Blocks.conv3x3(8 * dfDim));
            jointNorm = addChildBlock("jointNorm", BatchNorm.builder().build());
            toLogit = addChildBlock("toLogit", Conv2d.builder()
                    .setKernelShape(new Shape(4, 4))
                    .optStride(new Shape(4, 4))
                    .setFilters(1)
                    .build());
        }
        toUnconditionalLogit = !unconditional ? null : addChildBlock("toUnconditionalLogit", Conv2d.builder()
                .setKernelShape(new Shape(4, 4))
                .optStride(new Shape(4, 4))
                .setFilters(1)
                .build());
        if (contrastiveDim < 0) {
            throw new IllegalArgumentException("contrastiveDim must be 0 (no contrastive head) or positive, got " + contrastiveDim);
        }
        this.contrastiveDim = contrastiveDim;
        imageCode = contrastiveDim == 0 ? null : addChildBlock("imageCode", Linear.builder().setUnits(contrastiveDim).build());
        textCode = contrastiveDim == 0 ? null : addChildBlock("textCode", Linear.builder().setUnits(contrastiveDim).build());
    }

    /** Whether the output carries unconditional logits as its second array. */
    public boolean hasUnconditionalHead() {
        return toUnconditionalLogit != null;
    }

    /**
     * Whether the output ends with the contrastive head's image code and text code (each (B,
     * contrastiveDim)): the 4×4 features averaged over space and the condition, each mapped linearly.
     */
    public boolean hasContrastiveHead() {
        return imageCode != null;
    }

    /** The contrastive head's code of a condition (B, conditionDim) alone: what the output ends with. */
    public NDArray textCode(ParameterStore parameterStore, NDArray condition, boolean training) {
        if (!hasContrastiveHead()) {
            throw new IllegalStateException("this discriminator has no contrastive head");
        }
        Blocks.requireShape("condition", condition, condition.getShape().get(0), conditionDim);
        return textCode.forward(parameterStore, new NDList(condition), training).head();
    }

    /** Whether the condition enters by projection rather than concatenation. */
    public boolean hasProjectionHead() {
        return psi != null;
    }

    public int getImageSize() {
        return imageSize;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape logits = new Shape(batch);
        List<Shape> out = new ArrayList<>(List.of(logits));
        if (hasUnconditionalHead()) {
            out.add(logits);
        }
        if (hasContrastiveHead()) {
            Shape code = new Shape(batch, contrastiveDim);
            out.add(code);
            out.add(code);
        }
        return out.toArray(new Shape[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape shape = new Shape(batch, 3, imageSize, imageSize);
        for (int i = 0; i < convs.size(); i++) {
            convs.get(i).initialize(manager, dataType, shape);
            shape = convs.get(i).getOutputShapes(new Shape[] {shape})[0];
            if (norms.get(i) != null) {
                norms.get(i).initialize(manager, dataType, shape);
            }
        }
        if (hasUnconditionalHead()) {
            toUnconditionalLogit.initialize(manager, dataType, shape);
        }
        if (hasContrastiveHead()) {
            imageCode.initialize(manager, dataType, new Shape(batch, shape.get(1)));
            textCode.initialize(manager, dataType, new Shape(batch, conditionDim));
        }
        if (hasProjectionHead()) {
            psi.initialize(manager, dataType, new Shape(batch, shape.get(1)));
            project.initialize(manager, dataType, new Shape(batch, conditionDim));
            return;
        }
        compress.initialize(manager, dataType, new Shape(batch, conditionDim));
        Shape joined = new Shape(batch, shape.get(1) + conditionDim, 4, 4);
        joint.initialize(manager, dataType, joined);
        Shape jointOut = joint.getOutputShapes(new Shape[] {joined})[0];
        jointNorm.initialize(manager, dataType, jointOut);
        toLogit.initialize(manager, dataType, jointOut);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes NDList(image, mu), got "
                    + inputs.size() + " arrays");
        }
        NDArray h = inputs.get(0);
        NDArray mu = inputs.get(1);
        long batch = h.getShape().get(0);
        Blocks.requireShape("image", h, batch, 3, imageSize, imageSize);
        Blocks.requireShape("mu", mu, batch, conditionDim);
        for (int i = 0; i < convs.size(); i++) {
            h = convs.get(i).forward(parameterStore, new NDList(h), training).head();
            if (norms.get(i) != null) {
                h = norms.get(i).forward(parameterStore, new NDList(h), training).head();
            }
            h = Activation.leakyRelu(h, Blocks.LEAK);
        }
        NDList extra = new NDList();
        if (hasUnconditionalHead()) {
            extra.add(toUnconditionalLogit.forward(parameterStore, new NDList(h), training).head().reshape(batch));
        }
        if (hasContrastiveHead()) {
            NDArray pooled = h.reshape(batch, h.getShape().get(1), -1).mean(new int[] {2});
            extra.add(imageCode.forward(parameterStore, new NDList(pooled), training).head());
            extra.add(textCode.forward(parameterStore, new NDList(mu), training).head());
        }
        if (hasProjectionHead()) {
            // the mean, not SNGAN's sum: without spectral normalisation the summed 4×4 features gave logits
            // in the tens and the discriminator's loss diverged within 500 steps on shapes
            NDArray phi = h.reshape(batch, h.getShape().get(1), -1).mean(new int[] {2});
            NDArray matching = project.forward(parameterStore, new NDList(mu), training).head().mul(phi).sum(new int[] {1});
            NDArray logits = psi.forward(parameterStore, new NDList(phi), training).head().reshape(batch).add(matching);
            NDList out = new NDList(logits);
            out.addAll(extra);
            return out;
        }
        NDArray c = Activation.leakyRelu(compress.forward(parameterStore, new NDList(mu), training).head(), Blocks.LEAK);
        h = NDArrays.concat(new NDList(h, Blocks.tileSpatially(c, 4, 4)), 1);
        h = joint.forward(parameterStore, new NDList(h), training).head();
        h = Activation.leakyRelu(jointNorm.forward(parameterStore, new NDList(h), training).head(), Blocks.LEAK);
        NDArray logits = toLogit.forward(parameterStore, new NDList(h), training).head();
        NDList out = new NDList(logits.reshape(batch));
        out.addAll(extra);
        return out;
    }
}
