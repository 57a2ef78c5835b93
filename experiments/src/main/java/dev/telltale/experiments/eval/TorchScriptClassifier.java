package dev.telltale.experiments.eval;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A user's image classifier saved as TorchScript (an ImageNet Inception-v3 for the Inception score, or
 * the Inception fine-tuned on CUB birds that StackGAN's evaluation uses), loaded offline through DJL's
 * PyTorch engine. Nothing is downloaded: no such weights ship with the project, the user points at a
 * file. Images go in as channels-first RGB in [-1, 1] (the generators' range, which is also what the
 * TF Inception of the reference evaluation expects), resized bilinearly to the model's input size.
 */
public final class TorchScriptClassifier implements AutoCloseable {

    /**
     * @param outputsLogits whether the model returns logits (then softmax is applied here) rather than
     *                      probabilities
     * @param batchSize     how many images go through the model at once
     */
    public record Options(boolean outputsLogits, int batchSize) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
        }

        public static Options defaults() {
            return new Options(true, 32);
        }
    }

    private final ZooModel<NDList, NDList> model;
    private final Options options;

    private TorchScriptClassifier(ZooModel<NDList, NDList> model, Options options) {
        this.model = model;
        this.options = options;
    }

    /** Loads a TorchScript archive ({@code torch.jit.save} output, usually {@code *.pt}). */
    public static TorchScriptClassifier load(Path modelFile, Options options) {
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("modelFile " + modelFile + " is not a file");
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(modelFile)
                .optEngine("PyTorch")
                .build();
        try {
            return new TorchScriptClassifier(criteria.loadModel(), options);
        } catch (ModelNotFoundException | MalformedModelException | ai.djl.engine.EngineException e) {
            throw new IllegalArgumentException("modelFile " + modelFile + " is not a loadable TorchScript archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read modelFile " + modelFile, e);
        }
    }

    /**
     * Class probabilities p(y|x) per image.
     *
     * @param imagesCHW 3 × size × size images in [-1, 1]
     * @param size      their side
     * @param inputSize the side the model wants (299 for Inception-v3)
     */
    public float[][] probabilities(List<float[]> imagesCHW, int size, int inputSize) {
        if (imagesCHW.isEmpty()) {
            throw new IllegalArgumentException("imagesCHW must hold at least one image");
        }
        float[][] out = new float[imagesCHW.size()][];
        Block block = model.getBlock();
        for (int from = 0; from < imagesCHW.size(); from += options.batchSize()) {
            int to = Math.min(imagesCHW.size(), from + options.batchSize());
            try (NDManager step = model.getNDManager().newSubManager()) {
                NDArray input = ImageScoreInputs.resize(ImageScoreInputs.batch(step, imagesCHW, size, from, to), inputSize);
                NDArray result = block.forward(new ParameterStore(step, false), new NDList(input), false).head();
                if (result.getShape().dimension() != 2 || result.getShape().get(0) != to - from) {
                    throw new IllegalStateException("the model returned shape " + result.getShape()
                            + ", expected (batch, classes) with batch " + (to - from));
                }
                if (options.outputsLogits()) {
                    result = result.softmax(1);
                }
                int classes = (int) result.getShape().get(1);
                float[] flat = result.toFloatArray();
                for (int i = from; i < to; i++) {
                    out[i] = new float[classes];
                    System.arraycopy(flat, (i - from) * classes, out[i], 0, classes);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
