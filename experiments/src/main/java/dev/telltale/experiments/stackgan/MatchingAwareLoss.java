package dev.telltale.experiments.stackgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The matching-aware GAN loss (GAN-CLS, Reed et al. 2016, as used by StackGAN): the discriminator
 * must accept real images with their own text, and reject real images with mismatched ("wrong") text
 * as well as generated images. Every term is the sigmoid binary cross-entropy of a logit, averaged
 * over the batch; libtorch's softplus keeps it stable for large logits, and all scalars are libtorch
 * tensors (djl.md bug 2), so both methods are safe under a GradientCollector.
 */
public final class MatchingAwareLoss {

    private MatchingAwareLoss() {}

    /**
     * Discriminator loss {@code real + (wrong + fake) / 2} (the official weighting), with
     * real = BCE(realLogits, 1), wrong = BCE(wrongLogits, 0), fake = BCE(fakeLogits, 0).
     *
     * @return NDList(total, real, wrong, fake), each a scalar
     */
    public static NDList discriminator(NDArray realLogits, NDArray wrongLogits, NDArray fakeLogits) {
        requireLogits("realLogits", realLogits);
        requireLogits("wrongLogits", wrongLogits);
        requireLogits("fakeLogits", fakeLogits);
        NDArray real = towardsOne(realLogits);
        NDArray wrong = towardsZero(wrongLogits);
        NDArray fake = towardsZero(fakeLogits);
        NDArray total = real.add(wrong.add(fake).mul(Blocks.scalar(real, 0.5f)));
        return new NDList(total, real, wrong, fake);
    }

    /**
     * The discriminator loss with negative pairs mixed into the fake side (not in the paper):
     * {@code real + (wrong + (1 − s)·fake + s·negative) / 2}, negative = BCE(negativeLogits, 0), so s = 0
     * is the official loss and the fake side keeps its weight for any share s.
     *
     * @return NDList(total, real, wrong, fake, negative), each a scalar
     */
    public static NDList discriminator(NDArray realLogits, NDArray wrongLogits, NDArray fakeLogits, NDArray negativeLogits,
            float negativeShare) {
        if (!(negativeShare >= 0 && negativeShare < 1)) {
            throw new IllegalArgumentException("negativeShare must be in [0, 1), got " + negativeShare);
        }
        requireLogits("negativeLogits", negativeLogits);
        NDList plain = discriminator(realLogits, wrongLogits, fakeLogits);
        NDArray real = plain.get(1);
        NDArray wrong = plain.get(2);
        NDArray fake = plain.get(3);
        NDArray negative = towardsZero(negativeLogits);
        NDArray fakeSide = fake.mul(Blocks.scalar(fake, 1 - negativeShare)).add(negative.mul(Blocks.scalar(negative, negativeShare)));
        NDArray total = real.add(wrong.add(fakeSide).mul(Blocks.scalar(real, 0.5f)));
        return new NDList(total, real, wrong, fake, negative);
    }

    /**
     * The discriminator loss without a generator, {@code real + wrong}: matching alone, for warming a
     * discriminator up on real pairs before the GAN starts (not in the paper).
     *
     * @return NDList(total, real, wrong), each a scalar
     */
    public static NDList matching(NDArray realLogits, NDArray wrongLogits) {
        requireLogits("realLogits", realLogits);
        requireLogits("wrongLogits", wrongLogits);
        NDArray real = towardsOne(realLogits);
        NDArray wrong = towardsZero(wrongLogits);
        return new NDList(real.add(wrong), real, wrong);
    }

    /** Generator loss BCE(fakeLogits, 1), the non-saturating form; fakeLogits come with the matching text. */
    public static NDArray generator(NDArray fakeLogits) {
        requireLogits("fakeLogits", fakeLogits);
        return towardsOne(fakeLogits);
    }

    /** mean −log σ(x) = mean softplus(−x). */
    private static NDArray towardsOne(NDArray logits) {
        return Activation.softPlus(logits.neg()).mean();
    }

    /** mean −log(1 − σ(x)) = mean softplus(x). */
    private static NDArray towardsZero(NDArray logits) {
        return Activation.softPlus(logits).mean();
    }

    private static void requireLogits(String name, NDArray logits) {
        if (logits.getShape().dimension() != 1 || logits.getShape().get(0) == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty (batch) vector, got " + logits.getShape());
        }
    }
}
