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

    /**
     * {@link #compute} with more captions for each image to choose among: image i must pick caption i
     * out of the B captions and the rows of {@code extraTextEmb} (negatives only, e.g. captions that
     * differ from image i in a single word), while each caption still picks its image among the B
     * images. Both directions' cross-entropies are averaged as in {@link #compute}.
     *
     * @param extraTextEmb (E, D) captions that match none of the images
     */
    public static NDArray computeWithNegatives(NDArray textEmb, NDArray extraTextEmb, NDArray imageEmb, float temperature) {
        if (textEmb.getShape().dimension() != 2 || !textEmb.getShape().equals(imageEmb.getShape())
                || extraTextEmb.getShape().dimension() != 2 || extraTextEmb.getShape().get(1) != textEmb.getShape().get(1)) {
            throw new IllegalArgumentException("textEmb and imageEmb must both be (batch, dim) and extraTextEmb (n, dim), got "
                    + textEmb.getShape() + ", " + imageEmb.getShape() + " and " + extraTextEmb.getShape());
        }
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        int batch = Math.toIntExact(textEmb.getShape().get(0));
        int extra = Math.toIntExact(extraTextEmb.getShape().get(0));
        NDArray image = Tensors.l2Normalize(imageEmb);
        NDArray texts = Tensors.l2Normalize(textEmb.concat(extraTextEmb, 0));
        // (B + E, B): row j is caption j's similarity to every image
        NDArray logits = texts.matMul(image.transpose()).div(Tensors.scalar(textEmb, temperature));
        NDArray diagonal = textEmb.getManager().eye(batch + extra, batch, 0, logits.getDataType(), logits.getDevice());
        // each image (a column) picks its caption among all B + E rows
        NDArray imageToText = logits.logSoftmax(0).mul(diagonal).sum().neg();
        // each of the B captions picks its image among the B columns
        NDArray own = logits.get(new ai.djl.ndarray.index.NDIndex("0:" + batch));
        NDArray textToImage = own.logSoftmax(1).mul(diagonal.get(new ai.djl.ndarray.index.NDIndex("0:" + batch))).sum().neg();
        return textToImage.add(imageToText).div(Tensors.scalar(logits, 2f * batch));
    }
}
