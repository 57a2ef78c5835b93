package dev.telltale.experiments.train;

import dev.telltale.experiments.stackgan.ConditioningAugmentation;
import dev.telltale.experiments.stackgan.StageOneDiscriminator;
import dev.telltale.experiments.stackgan.StageOneGenerator;
import dev.telltale.experiments.stackgan.StageTwoDiscriminator;
import dev.telltale.experiments.stackgan.StageTwoGenerator;

/** Builds the StackGAN networks from a run's parameters (so training and loading agree). */
public final class StackGanModels {

    private StackGanModels() {}

    public static ConditionedGenerator stageOneGenerator(ParamMap p, int embeddingDim) {
        int c = p.getInt("conditionDim");
        return new ConditionedGenerator(
                conditioning(embeddingDim, c),
                StageOneGenerator.builder().setConditionDim(c).optZDim(p.getInt("zDim")).optGfDim(p.getInt("gfDim"))
                        .optImageSize(p.getInt("imageSize")).build(),
                c);
    }

    /**
     * Outside training the condition is μ itself: fixed captions with fixed noise then give the same
     * picture at every step, so sample grids of step 1k and 5k (and of two runs) compare.
     */
    private static ConditioningAugmentation conditioning(int embeddingDim, int conditionDim) {
        return ConditioningAugmentation.builder().setEmbeddingDim(embeddingDim).setConditionDim(conditionDim)
                .optSampleAtInference(false).build();
    }

    public static StageOneDiscriminator stageOneDiscriminator(ParamMap p) {
        return StageOneDiscriminator.builder().setConditionDim(p.getInt("conditionDim")).optDfDim(p.getInt("dfDim"))
                .optImageSize(p.getInt("imageSize")).build();
    }

    /** Stage-II refines a Stage-I image of {@code stageOneSize} to four times that size. */
    public static ConditionedGenerator stageTwoGenerator(ParamMap p, int embeddingDim, int stageOneSize) {
        int c = p.getInt("conditionDim");
        return new ConditionedGenerator(
                conditioning(embeddingDim, c),
                StageTwoGenerator.builder().setConditionDim(c).optGfDim(p.getInt("gfDim"))
                        .optResidualBlocks(p.getInt("residualBlocks")).setInputSize(stageOneSize).build(),
                c);
    }

    public static StageTwoDiscriminator stageTwoDiscriminator(ParamMap p, int stageOneSize) {
        return StageTwoDiscriminator.builder().setConditionDim(p.getInt("conditionDim")).optDfDim(p.getInt("dfDim"))
                .optImageSize(4 * stageOneSize).build();
    }
}
