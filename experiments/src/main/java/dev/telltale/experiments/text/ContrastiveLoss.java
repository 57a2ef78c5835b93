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
        return computeMasked(textEmb, extraTextEmb, imageEmb, null, temperature);
    }

    /** Added to a left-out logit: with cosines over a temperature ≥ 0.01 no kept logit comes near it. */
    static final float LEFT_OUT = -1e4f;

    /**
     * {@link #computeWithNegatives} where some captions describe images other than their own: in a
     * batch drawn from a few contents (twenty on single-digit bouncing MNIST) two rows often say the
     * same thing, and counting such a caption as a negative would teach the codes to tell apart what
     * the captions do not. {@code sameContent[r][c]} true leaves caption r (of the B + E) out of image
     * c's choice and image c out of caption r's; the diagonal (each image's own caption) is always kept.
     *
     * @param sameContent (B + E) × B, or null to leave nothing out
     */
    public static NDArray computeMasked(NDArray textEmb, NDArray extraTextEmb, NDArray imageEmb, boolean[][] sameContent,
            float temperature) {
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
        if (sameContent != null) {
            logits = logits.add(leftOut(logits, sameContent, batch, extra));
        }
        NDArray diagonal = textEmb.getManager().eye(batch + extra, batch, 0, logits.getDataType(), logits.getDevice());
        // each image (a column) picks its caption among all B + E rows
        NDArray imageToText = logits.logSoftmax(0).mul(diagonal).sum().neg();
        // each of the B captions picks its image among the B columns
        NDArray own = logits.get(new ai.djl.ndarray.index.NDIndex("0:" + batch));
        NDArray textToImage = own.logSoftmax(1).mul(diagonal.get(new ai.djl.ndarray.index.NDIndex("0:" + batch))).sum().neg();
        return textToImage.add(imageToText).div(Tensors.scalar(logits, 2f * batch));
    }

    private static NDArray leftOut(NDArray logits, boolean[][] sameContent, int batch, int extra) {
        if (sameContent.length != batch + extra) {
            throw new IllegalArgumentException("sameContent must have a row per caption (" + (batch + extra) + "), got " + sameContent.length);
        }
        float[] add = new float[(batch + extra) * batch];
        for (int r = 0; r < batch + extra; r++) {
            if (sameContent[r].length != batch) {
                throw new IllegalArgumentException("sameContent must have a column per image (" + batch + "), got " + sameContent[r].length);
            }
            for (int c = 0; c < batch; c++) {
                add[r * batch + c] = sameContent[r][c] && r != c ? LEFT_OUT : 0f;
            }
        }
        return logits.getManager().create(add, logits.getShape()).toType(logits.getDataType(), false);
    }
}
