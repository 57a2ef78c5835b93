package dev.telltale.experiments.tganc;

/** The settings the three discriminators share; each builder validates them the same way. */
public abstract class DiscriminatorBuilder<T extends DiscriminatorBuilder<T>> {
    int sentenceDim = -1;
    int conditionDim = 32;
    int dfDim = 32;
    int frames = 16;
    int frameSize = 48;
    int levels = 4;

    protected abstract T self();

    /** Size of S from the {@link SentenceEncoder}. */
    public T setSentenceDim(int sentenceDim) {
        this.sentenceDim = sentenceDim;
        return self();
    }

    /** S is compressed to this many units before it is concatenated (default 32). */
    public T optConditionDim(int conditionDim) {
        this.conditionDim = conditionDim;
        return self();
    }

    /** Channels of the first convolution; each further one doubles them (default 32). */
    public T optDfDim(int dfDim) {
        this.dfDim = dfDim;
        return self();
    }

    /** T, frames per clip (default 16). */
    public T optFrames(int frames) {
        this.frames = frames;
        return self();
    }

    /** Side of each frame (default 48). */
    public T optFrameSize(int frameSize) {
        this.frameSize = frameSize;
        return self();
    }

    /** Stride-2 convolutions, as many as G's upsampling blocks (default 4). */
    public T optLevels(int levels) {
        this.levels = levels;
        return self();
    }

    void validate() {
        VideoLayers.requirePositive("sentenceDim", sentenceDim);
        VideoLayers.requirePositive("conditionDim", conditionDim);
        VideoLayers.requirePositive("dfDim", dfDim);
        VideoLayers.requirePositive("levels", levels);
        VideoLayers.requireDivisible("frames", frames, levels);
        VideoLayers.requireDivisible("frameSize", frameSize, levels);
    }
}
