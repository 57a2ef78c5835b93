package dev.telltale.experiments.tganc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.telltale.experiments.text.BidirectionalLstm;

/**
 * The sentence encoder of TGANs-C (§3.1): word embeddings, a bidirectional LSTM that reads the
 * caption both ways, an LSTM over its states, and that LSTM's state at the last word as the
 * sentence representation S.
 *
 * <p>Trained jointly, by the discriminators' loss (our choice; the paper is not explicit about
 * pre-training). Bouncing-digit captions have about twenty distinct words and only two things to
 * say (which digit, which motion), and the matching-aware loss rewards exactly an S that separates
 * a clip's own caption from a mismatched one, so the GAN itself supplies the supervision a separate
 * video-text pre-training would, without a second stage or a frozen encoder of the wrong scale. The
 * generator reads S with its gradient stopped, so it cannot bend the text representation towards
 * what it finds easy to draw.
 *
 * <p>Input: token ids (B, L), PAD = 0 after the words. Output: S (B, sentenceDim).
 */
public final class SentenceEncoder extends AbstractBlock {

    private final int vocabularySize;
    private final int wordDim;
    private final int sentenceDim;
    private final Parameter wordEmbedding;
    private final BidirectionalLstm bidirectional;
    private final LSTM lstm;

    private SentenceEncoder(Builder b) {
        vocabularySize = b.vocabularySize;
        wordDim = b.wordDim;
        sentenceDim = b.sentenceDim;
        wordEmbedding = addParameter(Parameter.builder().setName("wordEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, wordDim)).build());
        // DJL's own bidirectional LSTM hands libtorch its weights in the wrong order (djl.md bug 1)
        bidirectional = addChildBlock("bilstm", BidirectionalLstm.builder().setStateSize(b.hiddenSize).build());
        lstm = addChildBlock("lstm", LSTM.builder().setStateSize(sentenceDim).setNumLayers(1).optBatchFirst(true)
                .optReturnState(false).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int getSentenceDim() {
        return sentenceDim;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), sentenceDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape words = new Shape(tokens.get(0), tokens.get(1), wordDim);
        bidirectional.initialize(manager, dataType, words, tokens);
        lstm.initialize(manager, dataType, bidirectional.getOutputShapes(new Shape[] {words, tokens})[0]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.head();
        if (tokens.getShape().dimension() != 2 || !tokens.getDataType().isInteger()) {
            throw new IllegalArgumentException("tokens must be integer (batch, words), got " + tokens.getDataType() + " " + tokens.getShape());
        }
        NDArray ids = tokens.toType(DataType.INT64, false);
        if (ids.min().getLong() < 0 || ids.max().getLong() >= vocabularySize) {
            throw new IllegalArgumentException("token ids must lie in [0, " + vocabularySize + ")");
        }
        NDArray table = ps.getValue(wordEmbedding, tokens.getDevice(), training);
        NDArray words = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
        NDArray mask = ids.neq(0).toType(words.getDataType(), false);
        NDArray states = bidirectional.forward(ps, new NDList(words, mask), training).head();
        NDArray out = lstm.forward(ps, new NDList(states), training).head();
        // the state at each caption's last real word: padding after it never reaches S
        NDManager m = ids.getManager();
        NDArray last = ids.neq(0).toType(DataType.INT64, false).sum(new int[] {1})
                .sub(m.full(new Shape(), 1L, DataType.INT64)).maximum(m.full(new Shape(), 0L, DataType.INT64));
        long batch = ids.getShape().get(0);
        NDArray index = last.reshape(batch, 1, 1).broadcast(new Shape(batch, 1, sentenceDim));
        return new NDList(out.gather(index, 1).reshape(batch, sentenceDim));
    }

    /** Builds a {@link SentenceEncoder}: the vocabulary size is required. */
    public static final class Builder {
        private int vocabularySize = -1;
        private int wordDim = 64;
        private int hiddenSize = 64;
        private int sentenceDim = 64;

        private Builder() {}

        /** Number of word ids, PAD (0) included. */
        public Builder setVocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        public Builder optWordDim(int wordDim) {
            this.wordDim = wordDim;
            return this;
        }

        /** State size of each direction of the bidirectional LSTM. */
        public Builder optHiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        /** Size of S, the second LSTM's state. */
        public Builder optSentenceDim(int sentenceDim) {
            this.sentenceDim = sentenceDim;
            return this;
        }

        public SentenceEncoder build() {
            if (vocabularySize < 2) {
                throw new IllegalArgumentException("vocabularySize must be set and at least 2, got " + vocabularySize);
            }
            VideoLayers.requirePositive("wordDim", wordDim);
            VideoLayers.requirePositive("hiddenSize", hiddenSize);
            VideoLayers.requirePositive("sentenceDim", sentenceDim);
            return new SentenceEncoder(this);
        }
    }
}
