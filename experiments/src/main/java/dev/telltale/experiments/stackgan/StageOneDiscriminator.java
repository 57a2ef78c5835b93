package dev.telltale.experiments.stackgan;

/**
 * Stage-I discriminator D0: stride-2 convolutions dfDim, 2·dfDim, 4·dfDim, 8·dfDim (for 64×64;
 * the count follows imageSize, the last always 8·dfDim at 4×4), then the conditional head of
 * {@link ConditionalDiscriminator}. Input NDList(image (B, 3, S, S), μ (B, conditionDim)); output
 * NDList(logits (B)).
 */
public final class StageOneDiscriminator extends ConditionalDiscriminator {

    private StageOneDiscriminator(Builder builder) {
        super(builder.conditionDim, builder.dfDim, builder.imageSize, builder.unconditional, builder.projection, builder.contrastiveDim, 3);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link StageOneDiscriminator}; conditionDim is required. */
    public static final class Builder {
        private int conditionDim = -1;
        private int dfDim = 64;
        private boolean unconditional;
        private boolean projection;
        private int contrastiveDim;
        private int imageSize = 64;

        private Builder() {}

        /** Size of μ from {@link ConditioningAugmentation}. */
        public Builder setConditionDim(int conditionDim) {
            this.conditionDim = conditionDim;
            return this;
        }

        /** Width unit (default 64, official): 8·dfDim channels at 4×4. */
        public Builder optDfDim(int dfDim) {
            this.dfDim = dfDim;
            return this;
        }

        /** Input side (default 64): 4·2^k, at least 16. */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Adds a contrastive head with codes this wide (0, the default: none, as in the paper): the
         * image's 4×4 features averaged and the condition, each mapped linearly, for XMC-GAN's
         * sentence–image contrastive loss.
         */
        public Builder optContrastiveDim(int contrastiveDim) {
            this.contrastiveDim = contrastiveDim;
            return this;
        }

        /** The projection head instead of concatenation (default off, as in the paper). */
        public Builder optProjection(boolean projection) {
            this.projection = projection;
            return this;
        }

        /** Adds the unconditional head (StackGAN-v2's joint loss; default off, as in the paper). */
        public Builder optUnconditional(boolean unconditional) {
            this.unconditional = unconditional;
            return this;
        }

        public StageOneDiscriminator build() {
            Blocks.requirePositive("conditionDim", conditionDim);
            Blocks.requirePositive("dfDim", dfDim);
            Blocks.levelsAbove4("imageSize", imageSize, 2);
            return new StageOneDiscriminator(this);
        }
    }
}
