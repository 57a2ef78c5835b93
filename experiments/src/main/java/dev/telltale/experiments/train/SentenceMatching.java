package dev.telltale.experiments.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.telltale.experiments.text.ContrastiveLoss;
import dev.telltale.experiments.text.ImageEncoder;

/**
 * The sentence-level half of AttnGAN's DAMSM loss (Xu et al. 2018), StackGAN's successor: the frozen
 * image encoder pre-trained with the text encoder reads the generated images, and the generator pays
 * the contrastive loss of those readings against the batch's captions, so each image must be picked
 * out by its own caption among the batch's. The discriminator's matching loss says only "right or
 * wrong pair" and, on shapes, barely checked the shape word; this loss was meant to name what is
 * wrong through an encoder that reads shape and colour. On shapes the generator fooled the small
 * encoder instead (loss near 0.7 with shape still at chance), as a loss from a fixed network invites.
 */
final class SentenceMatching {

    private final ImageEncoder encoder;
    private final int encoderSize;
    private final float temperature;

    /** Freezes {@code encoder}: the generator's loss must move its images, never the judge of them. */
    SentenceMatching(ImageEncoder encoder, int encoderSize, float temperature) {
        encoder.freezeParameters(true);
        this.encoder = encoder;
        this.encoderSize = encoderSize;
        this.temperature = temperature;
    }

    int encoderSize() {
        return encoderSize;
    }

    /**
     * The contrastive loss of generated images (B, 3, S, S), S a multiple of the encoder's size
     * (average-pooled down to it), against their conditions (B, E) (any scale: both sides are
     * normalised). Gradients flow to the images; the encoder's weights stay as they are.
     */
    NDArray loss(NDArray images, NDArray text) {
        long s = images.getShape().get(2);
        if (s % encoderSize != 0) {
            throw new IllegalArgumentException("images of " + s + " px cannot be pooled to the image encoder's " + encoderSize + " px");
        }
        NDArray x = images;
        if (s != encoderSize) {
            int k = (int) (s / encoderSize);
            x = Pool.avgPool2d(images, new Shape(k, k), new Shape(k, k), new Shape(0, 0), false, true);
        }
        NDArray read = encoder.forward(new ParameterStore(images.getManager(), false), new NDList(x), false).singletonOrThrow();
        return ContrastiveLoss.compute(text, read, temperature);
    }
}
