package dev.telltale.experiments.text;

import ai.djl.ndarray.NDArray;

/**
 * Symmetric image–text InfoNCE (the CLIP objective): in a batch of B matching pairs, each caption
 * must pick its own image among the B images and each image its own caption.
 */
public final class ContrastiveLoss {

    private ContrastiveLoss() {}

    /**
     * The loss {@code (CE(text→image) + CE(image→text)) / 2}, each a cross-entropy over the rows of
     * {@code cos(text_i, image_j) / temperature} with the diagonal as targets, averaged over the batch.
     * Both inputs are L2-normalised here, so unnormalised embeddings give the cosine loss too. Safe
     * under autograd: every scalar is a libtorch tensor (djl.md bug 2).
     *
     * @param textEmb (B, D) caption embeddings
     * @param imageEmb (B, D) image embeddings, row i matching caption i
     * @param temperature softmax temperature, positive (CLIP learns it, starting at 0.07)
     * @return a scalar NDArray
     */
    public static NDArray compute(NDArray textEmb, NDArray imageEmb, float temperature) {
        if (textEmb.getShape().dimension() != 2 || !textEmb.getShape().equals(imageEmb.getShape())) {
            throw new IllegalArgumentException("textEmb and imageEmb must both be (batch, dim), got "
                    + textEmb.getShape() + " and " + imageEmb.getShape());
        }
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        int batch = Math.toIntExact(textEmb.getShape().get(0));
        NDArray logits = Tensors.l2Normalize(textEmb)
                .matMul(Tensors.l2Normalize(imageEmb).transpose())
                .div(Tensors.scalar(textEmb, temperature));
        NDArray diagonal = textEmb.getManager().eye(batch, batch, 0, logits.getDataType(), logits.getDevice());
        NDArray textToImage = logits.logSoftmax(1).mul(diagonal).sum().neg();
        NDArray imageToText = logits.logSoftmax(0).mul(diagonal).sum().neg();
        return textToImage.add(imageToText).div(Tensors.scalar(logits, 2f * batch));
    }
}
