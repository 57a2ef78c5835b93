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

    /** Whether the condition carries noise that {@link #generate(String, long, double)} scales (StackGAN's CA). */
    default boolean scalesConditionNoise() {
        return false;
    }

    /**
     * As {@link #generate(String, long)} with the condition's noise scaled by {@code conditionNoise} in
     * [0, 1] (1 as trained); a model without such noise takes only 1.
     */
    default Generation generate(String caption, long seed, double conditionNoise) {
        if (conditionNoise != 1) {
            throw new IllegalArgumentException("conditionNoise: a " + kind() + " model has no condition noise to scale");
        }
        return generate(caption, seed);
    }

    @Override
    void close();
}
