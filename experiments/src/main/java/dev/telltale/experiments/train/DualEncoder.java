package dev.telltale.experiments.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The text and image encoders side by side, so one optimizer trains both on the contrastive
 * objective: forward(tokens, images) → (text embeddings, image embeddings).
 */
final class DualEncoder extends AbstractBlock {

    private final Block text;
    private final Block image;

    DualEncoder(Block text, Block image) {
        this.text = addChildBlock("text", text);
        this.image = addChildBlock("image", image);
    }

    Block text() {
        return text;
    }

    Block image() {
        return image;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList t = text.forward(ps, new NDList(inputs.get(0)), training, params);
        NDList i = image.forward(ps, new NDList(inputs.get(1)), training, params);
        return new NDList(t.singletonOrThrow(), i.singletonOrThrow());
    }

    @Override
    public void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        text.initialize(manager, dataType, inputShapes[0]);
        image.initialize(manager, dataType, inputShapes[1]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {text.getOutputShapes(new Shape[] {inputShapes[0]})[0], image.getOutputShapes(new Shape[] {inputShapes[1]})[0]};
    }
}
