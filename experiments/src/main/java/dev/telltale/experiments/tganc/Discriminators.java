package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Everything the discriminator side of TGANs-C trains with one optimizer: the sentence encoder
 * (trained jointly, see {@link SentenceEncoder}), D0, D1 and, for TGANs-C-A, D2 on D1's features.
 *
 * <p>Input NDList(video (B, 3, T, H, W), tokens (B, L)). Output NDList(video logits (B), frame
 * logits (B, T), motion logits (B, T − 1) when D2 is present, S (B, sentenceDim)); S is last.
 */
public final class Discriminators extends AbstractBlock {

    private final SentenceEncoder encoder;
    private final VideoDiscriminator video;
    private final FrameDiscriminator frame;
    private final MotionDiscriminator motion;
    private final ContrastiveHead contrastive;

    public Discriminators(SentenceEncoder encoder, VideoDiscriminator video, FrameDiscriminator frame, MotionDiscriminator motion) {
        this(encoder, video, frame, motion, null);
    }

    /** With a {@link ContrastiveHead} on D1's features too (null: none). */
    public Discriminators(SentenceEncoder encoder, VideoDiscriminator video, FrameDiscriminator frame, MotionDiscriminator motion,
            ContrastiveHead contrastive) {
        if (encoder == null || video == null || frame == null) {
            throw new IllegalArgumentException("the encoder, D0 and D1 are required (D2 may be null)");
        }
        this.encoder = addChildBlock("encoder", encoder);
        this.video = addChildBlock("d0", video);
        this.frame = addChildBlock("d1", frame);
        this.motion = motion == null ? null : addChildBlock("d2", motion);
        // last, so the parameters of runs without it keep their order
        this.contrastive = contrastive == null ? null : addChildBlock("contrastive", contrastive);
    }

    public boolean hasContrastiveHead() {
        return contrastive != null;
    }

    /** The contrastive head's text code of S alone (there must be a head). */
    public NDArray textCode(ParameterStore ps, NDArray s, boolean training) {
        if (contrastive == null) {
            throw new IllegalStateException("no contrastive head");
        }
        return contrastive.textCode(ps, s, training);
    }

    /** {@link #judge}'s outputs and, with a contrastive head, the clip and text codes (else null). */
    public record Judged(NDList outputs, NDArray clipCode, NDArray textCode) {}

    public SentenceEncoder encoder() {
        return encoder;
    }

    public boolean hasMotion() {
        return motion != null;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long frames = inputShapes[0].get(2);
        Shape s = encoder.getOutputShapes(new Shape[] {inputShapes[1]})[0];
        return motion == null
                ? new Shape[] {new Shape(batch), new Shape(batch, frames), s}
                : new Shape[] {new Shape(batch), new Shape(batch, frames), new Shape(batch, frames - 1), s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[1]);
        Shape s = encoder.getOutputShapes(new Shape[] {inputShapes[1]})[0];
        video.initialize(manager, dataType, inputShapes[0], s);
        frame.initialize(manager, dataType, inputShapes[0], s);
        if (motion != null) {
            motion.initialize(manager, dataType, frame.featureShape(inputShapes[0].get(0)), s);
        }
        if (contrastive != null) {
            Shape f = frame.featureShape(inputShapes[0].get(0));
            contrastive.initialize(manager, dataType, new Shape(f.get(0), f.size() / f.get(0)), s);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray s = encoder.forward(ps, new NDList(inputs.get(1)), training).head();
        return judge(ps, inputs.get(0), s, training);
    }

    /** D0, D1 (and D2) on a video with an already encoded S; S is appended last. */
    public NDList judge(ParameterStore ps, NDArray clip, NDArray s, boolean training) {
        return judgeWithCodes(ps, clip, s, training).outputs();
    }

    /** {@link #judge}, and the contrastive head's codes from the same pass of D1. */
    public Judged judgeWithCodes(ParameterStore ps, NDArray clip, NDArray s, boolean training) {
        NDList out = new NDList();
        out.add(video.forward(ps, new NDList(clip, s), training).head());
        NDList frames = frame.forward(ps, new NDList(clip, s), training);
        out.add(frames.get(0));
        if (motion != null) {
            out.add(motion.forward(ps, new NDList(frames.get(1), s), training).head());
        }
        out.add(s);
        if (contrastive == null) {
            return new Judged(out, null, null);
        }
        // every frame's D1 features, in order: the digit is in each frame, the motion in where it goes
        NDArray f = frames.get(1);
        NDList codes = contrastive.forward(ps, new NDList(f.reshape(f.getShape().get(0), -1), s), training);
        return new Judged(out, codes.get(0), codes.get(1));
    }
}
