package dev.telltale.experiments.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A one-layer bidirectional LSTM over batch-first sequences.
 *
 * <p>DJL's own {@code LSTM} with {@code optBidirectional(true)} hands libtorch its weights grouped by
 * type, then direction, while libtorch reads them by direction (djl.md bug 1: NaN forward, crashing
 * backward). This block owns the eight tensors itself, named as DJL names them, and passes them in
 * libtorch's order: {@code l_0_i2h_WEIGHT, l_0_h2h_WEIGHT, l_0_i2h_BIAS, l_0_h2h_BIAS, r_0_...}.
 *
 * <p>Input: {@code x} (B, T, E) and optionally a mask (B, T) with 1 on real steps and 0 on padding,
 * the real steps forming a prefix of each row. Output: (B, T, 2H), forward states then backward
 * states. With a mask the backward direction starts at each row's last real step rather than at the
 * end of the padding, so padding never leaks into real positions; padded positions output zero.
 */
public final class BidirectionalLstm extends AbstractBlock {

    private static final String[] DIRECTIONS = {"l", "r"};
    private static final int GATES = 4;

    private final int stateSize;
    /** Per direction, in libtorch's order: i2h weight, h2h weight, i2h bias, h2h bias. */
    private final Parameter[][] weights = new Parameter[2][4];

    private BidirectionalLstm(Builder builder) {
        stateSize = builder.stateSize;
        for (int d = 0; d < 2; d++) {
            String prefix = DIRECTIONS[d] + "_0_";
            weights[d][0] = addParameter(weight(prefix + "i2h_WEIGHT", Parameter.Type.WEIGHT));
            weights[d][1] = addParameter(weight(prefix + "h2h_WEIGHT", Parameter.Type.WEIGHT));
            weights[d][2] = addParameter(weight(prefix + "i2h_BIAS", Parameter.Type.BIAS));
            weights[d][3] = addParameter(weight(prefix + "h2h_BIAS", Parameter.Type.BIAS));
        }
    }

    private static Parameter weight(String name, Parameter.Type type) {
        return Parameter.builder().setName(name).setType(type).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** H, the state size of each direction; the output has 2H features. */
    public int getStateSize() {
        return stateSize;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long inputSize = inputShapes[0].get(2);
        for (Parameter[] direction : weights) {
            direction[0].setShape(new Shape(GATES * stateSize, inputSize));
            direction[1].setShape(new Shape(GATES * stateSize, stateSize));
            direction[2].setShape(new Shape(GATES * stateSize));
            direction[3].setShape(new Shape(GATES * stateSize));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), 2L * stateSize)};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (x.getShape().dimension() != 3) {
            throw new IllegalArgumentException("x must be (batch, time, features), got " + x.getShape());
        }
        if (inputs.size() > 1) {
            return new NDList(maskedForward(parameterStore, x, inputs.get(1), training));
        }
        NDList all = new NDList();
        for (int d = 0; d < 2; d++) {
            all.addAll(directionWeights(parameterStore, x, d, training));
        }
        NDList out = x.getNDArrayInternal().lstm(x, zeroState(x, 2), all, true, 1, 0, training, true, true);
        return new NDList(out.head());
    }

    /**
     * Each direction as its own single-direction call: the backward one reads each row reversed within
     * its real length, so it starts at the last word instead of at the padding.
     */
    private NDArray maskedForward(ParameterStore parameterStore, NDArray x, NDArray mask, boolean training) {
        Shape shape = x.getShape();
        if (!mask.getShape().equals(new Shape(shape.get(0), shape.get(1)))) {
            throw new IllegalArgumentException("mask must be (batch, time) = (" + shape.get(0) + ", "
                    + shape.get(1) + "), got " + mask.getShape());
        }
        NDArray forward = singleDirection(parameterStore, x, 0, training);
        NDArray reversal = withinLengthReversal(mask);
        NDArray reversed = x.gather(reversal.expandDims(2).broadcast(shape), 1);
        NDArray backwardReversed = singleDirection(parameterStore, reversed, 1, training);
        NDArray backward = backwardReversed.gather(
                reversal.expandDims(2).broadcast(backwardReversed.getShape()), 1);
        NDArray both = NDArrays.concat(new NDList(forward, backward), 2);
        return both.mul(mask.toType(x.getDataType(), false).expandDims(2));
    }

    /** Index r with r[b, t] = len_b - 1 - t for t below len_b, else t (padding stays in place). */
    private static NDArray withinLengthReversal(NDArray mask) {
        NDManager manager = mask.getManager();
        long steps = mask.getShape().get(1);
        NDArray lengths = mask.toType(DataType.INT64, false).sum(new int[] {1}, true);
        NDArray t = manager.arange(0, (int) steps, 1, DataType.INT64).expandDims(0);
        NDArray mirrored = lengths.sub(manager.full(new Shape(), 1, DataType.INT64)).sub(t);
        return NDArrays.where(t.lt(lengths), mirrored, t.broadcast(mirrored.getShape()));
    }

    private NDArray singleDirection(ParameterStore parameterStore, NDArray x, int direction, boolean training) {
        NDList w = directionWeights(parameterStore, x, direction, training);
        NDList out = x.getNDArrayInternal().lstm(x, zeroState(x, 1), w, true, 1, 0, training, false, true);
        return out.head();
    }

    private NDList directionWeights(ParameterStore parameterStore, NDArray x, int direction, boolean training) {
        NDList list = new NDList(4);
        for (Parameter p : weights[direction]) {
            list.add(parameterStore.getValue(p, x.getDevice(), training));
        }
        return list;
    }

    private NDList zeroState(NDArray x, int directions) {
        Shape state = new Shape(directions, x.getShape().get(0), stateSize);
        NDManager manager = x.getManager();
        return new NDList(manager.zeros(state, x.getDataType()), manager.zeros(state, x.getDataType()));
    }

    /** Builds a {@link BidirectionalLstm}; the state size is required. */
    public static final class Builder {
        private int stateSize = -1;

        private Builder() {}

        /** H, the state size of each direction. */
        public Builder setStateSize(int stateSize) {
            this.stateSize = stateSize;
            return this;
        }

        public BidirectionalLstm build() {
            if (stateSize <= 0) {
                throw new IllegalArgumentException("stateSize must be set and positive, got " + stateSize);
            }
            return new BidirectionalLstm(this);
        }
    }
}
