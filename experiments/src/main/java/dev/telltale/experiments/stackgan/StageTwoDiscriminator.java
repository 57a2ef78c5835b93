package dev.telltale.experiments.stackgan;

/**
 * Stage-II discriminator D: as D0 but wider and deeper for the 4× larger image, following the
 * official code: stride-2 convolutions doubling up to 32·dfDim at 4×4 (dfDim … 32·dfDim for
 * 256×256), then 3×3 convolutions to 16·dfDim and 8·dfDim, then the conditional head of
 * {@link ConditionalDiscriminator}. Input NDList(image (B, 3, S, S), μ (B, conditionDim)); output
 * NDList(logits (B)).
 */
public final class StageTwoDiscriminator extends ConditionalDiscriminator {

    private StageTwoDiscriminator(Builder builder) {
        super(builder.conditionDim, builder.dfDim, builder.imageSize, builder.unconditional, builder.projection, builder.contrastiveDim, 5, 16 * builder.dfDim, 8 * builder.dfDim);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link StageTwoDiscriminator}; conditionDim is required. */
    public static final class Builder {
        private int conditionDim = -1;
        private int dfDim = 64;
        private boolean unconditional;
        private boolean projection;
        private int contrastiveDim;
        private int imageSize = 256;

        private Builder() {}

        /** Size of μ from the Stage-II {@link ConditioningAugmentation}. */
        public Builder setConditionDim(int conditionDim) {
            this.conditionDim = conditionDim;
            return this;
        }

        /** Width unit (default 64, official). */
        public Builder optDfDim(int dfDim) {
            this.dfDim = dfDim;
            return this;
        }

        /** Input side (default 256): 4·2^k, at least 16. */
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

        public StageTwoDiscriminator build() {
            Blocks.requirePositive("conditionDim", conditionDim);
            Blocks.requirePositive("dfDim", dfDim);
            Blocks.levelsAbove4("imageSize", imageSize, 2);
            return new StageTwoDiscriminator(this);
        }
    }
}
