package dev.telltale.experiments.generate;

/**
 * A loaded model that turns a caption and a seed into pictures; the same caption and seed give the
 * same bytes. Safe to share between threads (calls on one model take turns).
 */
public interface CaptionGenerator extends AutoCloseable {

    /** The checkpoint's kind ({@code stackgan-stage1}, {@code stackgan-stage2}, ...). */
    String kind();

    /** The training step the checkpoint was written at. */
    long step();

    /** The caption's words split by whether the model knows them. */
    Words words(String caption);

    /** Pictures for the caption with noise from {@code seed}; refuses a caption without a known word. */
    Generation generate(String caption, long seed);

    @Override
    void close();
}
