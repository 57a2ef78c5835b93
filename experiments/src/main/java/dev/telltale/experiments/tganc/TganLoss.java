package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.telltale.experiments.stackgan.Blocks;
import dev.telltale.experiments.stackgan.MatchingAwareLoss;

/**
 * The objectives of TGANs-C. D: the matching-aware loss over the triplet {v_syn+, v_real+, v_real−}
 * at the video level (D0), at the frame level (D1, every frame a sample) and, for TGANs-C-A, at the
 * motion level (D2, every consecutive pair a sample), summed with the weights {@code frame} and
 * {@code motion}. G: the non-saturating −log D of its clip at each of those levels, plus
 * {@code coherence} × {@link TemporalCoherenceLoss} for TGANs-C-C.
 *
 * <p>Each level uses StackGAN's weighting real + (wrong + fake) / 2 ({@link MatchingAwareLoss}); the
 * paper writes the three terms of the triplet without weights, and the half keeps the two negative
 * kinds from outweighing the one positive kind (our choice, as in GAN-CLS's official code).
 */
public final class TganLoss {

    /** Weights of the frame-level, motion-level and coherence terms relative to the video level (1). */
    public record Weights(float frame, float motion, float coherence) {
        public Weights {
            if (!(frame >= 0) || !(motion >= 0) || !(coherence >= 0)) {
                throw new IllegalArgumentException("loss weights must be non-negative, got " + frame + ", " + motion + ", " + coherence);
            }
        }
    }

    private TganLoss() {}

    /**
     * @param realPos, realNeg, syn outputs of {@link Discriminators} (video logits, frame logits,
     *     [motion logits], S) for the real clip with its caption, with a mismatched caption, and the
     *     synthetic clip with the caption it was made from
     * @return NDList(total, video, frame, motion); motion is 0 without D2
     */
    public static NDList discriminator(NDList realPos, NDList realNeg, NDList syn, Weights w) {
        NDArray video = MatchingAwareLoss.discriminator(realPos.get(0), realNeg.get(0), syn.get(0)).get(0);
        NDArray frame = MatchingAwareLoss.discriminator(flat(realPos.get(1)), flat(realNeg.get(1)), flat(syn.get(1))).get(0);
        NDArray total = video.add(frame.mul(Blocks.scalar(frame, w.frame())));
        NDArray motion = Blocks.scalar(video, 0f);
        if (hasMotion(syn)) {
            motion = MatchingAwareLoss.discriminator(flat(realPos.get(2)), flat(realNeg.get(2)), flat(syn.get(2))).get(0);
            total = total.add(motion.mul(Blocks.scalar(motion, w.motion())));
        }
        return new NDList(total, video, frame, motion);
    }

    /**
     * @param syn {@link Discriminators} output for the synthetic clip with its caption
     * @param clip the synthetic clip (B, 3, T, H, W), for the coherence term
     * @return NDList(total, video, frame, motion, coherence); absent terms are 0
     */
    public static NDList generator(NDList syn, NDArray clip, Weights w) {
        NDArray video = MatchingAwareLoss.generator(syn.get(0));
        NDArray frame = MatchingAwareLoss.generator(flat(syn.get(1)));
        NDArray total = video.add(frame.mul(Blocks.scalar(frame, w.frame())));
        NDArray motion = Blocks.scalar(video, 0f);
        if (hasMotion(syn)) {
            motion = MatchingAwareLoss.generator(flat(syn.get(2)));
            total = total.add(motion.mul(Blocks.scalar(motion, w.motion())));
        }
        NDArray coherence = Blocks.scalar(video, 0f);
        if (w.coherence() > 0) {
            coherence = TemporalCoherenceLoss.of(clip);
            total = total.add(coherence.mul(Blocks.scalar(coherence, w.coherence())));
        }
        return new NDList(total, video, frame, motion, coherence);
    }

    /** Discriminators output S last: four arrays mean D2 took part. */
    private static boolean hasMotion(NDList out) {
        return out.size() == 4;
    }

    private static NDArray flat(NDArray logits) {
        return logits.reshape(-1);
    }
}
