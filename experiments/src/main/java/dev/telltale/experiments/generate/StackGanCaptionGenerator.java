package dev.telltale.experiments.generate;

import ai.djl.ndarray.NDManager;
import dev.telltale.experiments.render.Png;
import dev.telltale.experiments.train.Generators;
import dev.telltale.experiments.train.TextEncoderModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A StackGAN checkpoint with the frozen text encoder it was trained on: Stage-I pictures, and for a
 * Stage-II checkpoint (which carries its Stage-I generator) the four-times larger Stage-II ones too.
 */
final class StackGanCaptionGenerator implements CaptionGenerator {

    private static final String PNG = "image/png";

    private final NDManager manager;
    private final TextEncoderModel text;
    private final Generators generators;
    private boolean closed;

    private StackGanCaptionGenerator(NDManager manager, TextEncoderModel text, Generators generators) {
        this.manager = manager;
        this.text = text;
        this.generators = generators;
    }

    static StackGanCaptionGenerator load(Path checkpoint, Path textEncoder) throws UnusableCheckpointException {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        TextEncoderModel text;
        try {
            text = TextEncoderModel.load(textEncoder, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw new UnusableCheckpointException("its text encoder " + textEncoder.getFileName() + " does not load: "
                    + CaptionGenerators.shortMessage(e, textEncoder), e);
        }
        try {
            return new StackGanCaptionGenerator(manager, text, Generators.load(checkpoint, text.embeddingDim(), manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw new UnusableCheckpointException(checkpoint.getFileName() + " does not load: "
                    + CaptionGenerators.shortMessage(e, checkpoint), e);
        }
    }

    @Override
    public String kind() {
        return generators.checkpoint().kind();
    }

    @Override
    public long step() {
        return generators.checkpoint().step();
    }

    @Override
    public Words words(String caption) {
        return Words.of(caption, text.vocabulary());
    }

    @Override
    public Generation generate(String caption, long seed) {
        return generate(caption, seed, 1);
    }

    @Override
    public boolean scalesConditionNoise() {
        return true;
    }

    @Override
    public synchronized Generation generate(String caption, long seed, double conditionNoise) {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        Generators.requireConditionNoise(conditionNoise);
        Words.requireAtMost(caption, text.maxLength());
        Words words = words(caption).requireSomeKnown();
        List<List<float[]>> stages = generators.generate(text.embed(List.of(caption)), seed, conditionNoise);
        List<Picture> pictures = new ArrayList<>();
        int one = generators.stageOneSize();
        pictures.add(new Picture(Picture.STAGE_ONE, one, one, PNG, Png.encode(stages.get(0).get(0), one)));
        if (stages.get(1) != null) {
            int two = generators.finalSize();
            pictures.add(new Picture(Picture.STAGE_TWO, two, two, PNG, Png.encode(stages.get(1).get(0), two)));
        }
        return new Generation(caption, seed, words, List.copyOf(pictures));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
