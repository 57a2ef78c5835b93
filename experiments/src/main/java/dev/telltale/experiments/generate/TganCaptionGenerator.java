package dev.telltale.experiments.generate;

import ai.djl.ndarray.NDManager;
import dev.telltale.experiments.render.Gif;
import dev.telltale.experiments.train.TganGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A TGANs-C checkpoint (either variant): one clip per caption, as a looping GIF of the model's frames. */
final class TganCaptionGenerator implements CaptionGenerator {

    private static final String GIF = "image/gif";
    /** The training samples' frame time: 16 frames loop in 1.6 s, slow enough to follow a digit. */

    private final NDManager manager;
    private final TganGenerator generator;
    private boolean closed;

    private TganCaptionGenerator(NDManager manager, TganGenerator generator) {
        this.manager = manager;
        this.generator = generator;
    }

    static TganCaptionGenerator load(Path checkpoint) throws UnusableCheckpointException {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            return new TganCaptionGenerator(manager, TganGenerator.load(checkpoint, manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw new UnusableCheckpointException(checkpoint.getFileName() + " does not load: "
                    + CaptionGenerators.shortMessage(e, checkpoint), e);
        }
    }

    @Override
    public String kind() {
        return generator.checkpoint().kind();
    }

    @Override
    public long step() {
        return generator.checkpoint().step();
    }

    @Override
    public Words words(String caption) {
        return Words.of(caption, generator.vocabulary());
    }

    @Override
    public synchronized Generation generate(String caption, long seed) {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        Words words = words(caption).requireSomeKnown();
        List<float[]> frames = generator.generate(List.of(caption), seed).get(0);
        int size = generator.frameSize();
        byte[] gif = Gif.encode(frames, size, Picture.FRAME_MS, true);
        return new Generation(caption, seed, words, List.of(new Picture(Picture.VIDEO, size, size, GIF, gif, frames.size())));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
