package dev.telltale.experiments.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Caption encoder: word embedding, bidirectional LSTM, mean over the real (non-PAD) words, linear
 * projection, L2 normalisation.
 *
 * <p>Input: token ids (B, T), int32 or int64, PAD = {@value #PAD_ID} (padding after the words).
 * Output: (B, embeddingDim) with unit L2 norm. The norm is fixed because the contrastive objective
 * only constrains directions (cosine similarity): left free, the norm would drift with nothing to
 * pin it, and the GAN's conditioning augmentation downstream would see an arbitrary input scale.
 */
public final class TextEncoder extends AbstractBlock {

    /** The padding token id; its positions are masked out of the LSTM and of the mean. */
    public static final int PAD_ID = 0;

    private final int vocabularySize;
    private final int wordDim;
    private final int embeddingDim;
    private final Parameter wordEmbedding;
    private final BidirectionalLstm lstm;
    private final Linear projection;

    private TextEncoder(Builder builder) {
        vocabularySize = builder.vocabularySize;
        wordDim = builder.wordDim;
        embeddingDim = builder.embeddingDim;
        wordEmbedding = addParameter(Parameter.builder()
                .setName("wordEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, wordDim))
                .build());
        lstm = addChildBlock("lstm", BidirectionalLstm.builder().setStateSize(builder.hiddenSize).build());
        projection = addChildBlock("projection", Linear.builder().setUnits(embeddingDim).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int getEmbeddingDim() {
        return embeddingDim;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape words = new Shape(tokens.get(0), tokens.get(1), wordDim);
        lstm.initialize(manager, dataType, words, tokens);
        Shape states = lstm.getOutputShapes(new Shape[] {words, tokens})[0];
        projection.initialize(manager, dataType, new Shape(states.get(0), states.get(2)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.head();
        if (tokens.getShape().dimension() != 2 || !tokens.getDataType().isInteger()) {
            throw new IllegalArgumentException(
                    "tokens must be integer (batch, time), got " + tokens.getDataType() + " " + tokens.getShape());
        }
        NDArray ids = tokens.toType(DataType.INT64, false);
        long max = ids.max().getLong();
        long min = ids.min().getLong();
        if (min < 0 || max >= vocabularySize) {
            throw new IllegalArgumentException("tokens must lie in [0, vocabularySize=" + vocabularySize
                    + "), got ids in [" + min + ", " + max + "]");
        }
        NDArray table = parameterStore.getValue(wordEmbedding, tokens.getDevice(), training);
        NDArray words = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
        NDArray mask = ids.neq(PAD_ID).toType(words.getDataType(), false);

        NDArray states = lstm.forward(parameterStore, new NDList(words, mask), training).head();
        // the LSTM already zeroes padded positions, so the sum runs over real words only
        NDArray counts = mask.sum(new int[] {1}, true).maximum(Tensors.scalar(mask, 1f));
        NDArray mean = states.sum(new int[] {1}).div(counts);
        NDArray projected = projection.forward(parameterStore, new NDList(mean), training).head();
        return new NDList(Tensors.l2Normalize(projected));
    }

    /** Builds a {@link TextEncoder}: vocabulary size and embedding dimension are required. */
    public static final class Builder {
        private int vocabularySize = -1;
        private int wordDim = 64;
        private int hiddenSize = 64;
        private int embeddingDim = -1;

        private Builder() {}

        /** Number of word ids, PAD (0) included. */
        public Builder setVocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        /** Size of each word vector (default 64). */
        public Builder optWordDim(int wordDim) {
            this.wordDim = wordDim;
            return this;
        }

        /** LSTM state size per direction (default 64). */
        public Builder optHiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        /** Size of the output sentence embedding. */
        public Builder setEmbeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        public TextEncoder build() {
            if (vocabularySize < 2) {
                throw new IllegalArgumentException(
                        "vocabularySize must be set and at least 2 (PAD and one word), got " + vocabularySize);
            }
            requirePositive("wordDim", wordDim);
            requirePositive("hiddenSize", hiddenSize);
            requirePositive("embeddingDim", embeddingDim);
            return new TextEncoder(this);
        }
    }

    static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be set and positive, got " + value);
        }
    }
}
