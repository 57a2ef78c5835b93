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
        return initialized(p, new ConditionedGenerator(
                conditioning(embeddingDim, c),
                StageOneGenerator.builder().setConditionDim(c).optZDim(p.getInt("zDim")).optGfDim(p.getInt("gfDim"))
                        .optImageSize(p.getInt("imageSize"))
                        // checkpoints from before the option have no value: plain batch norm
                        .optConditionalNorm(Boolean.parseBoolean(p.getString("conditionalNorm", "false"))).build(),
                c));
    }

    /**
     * ĉ is sampled outside training too, as in the paper (fixed pictures, sample grids and seeded
     * generation, pass a fixed ε). Though the generator never trains on μ alone, it draws it well:
     * generation and evaluate can scale ε down (conditionNoise), and evaluations judge μ too (mu_*).
     */
    private static ConditioningAugmentation conditioning(int embeddingDim, int conditionDim) {
        return ConditioningAugmentation.builder().setEmbeddingDim(embeddingDim).setConditionDim(conditionDim).build();
    }

    public static StageOneDiscriminator stageOneDiscriminator(ParamMap p, int embeddingDim) {
        return initialized(p, StageOneDiscriminator.builder().setConditionDim(discriminatorConditionDim(p, embeddingDim)).optDfDim(p.getInt("dfDim"))
                .optImageSize(p.getInt("imageSize")).optUnconditional(unconditionalWeight(p) > 0).optProjection(projection(p))
                .optContrastiveDim(contrastiveWeight(p) > 0 ? CONTRASTIVE_DIM : 0).build());
    }

    /** weightInit: the official code's N(0, 0.02) weights and N(1, 0.02) batch-norm scales. */
    public static final String INIT_NORMAL = "normal";
    /** weightInit: DJL's default, Xavier-uniform weights and unit batch-norm scales. */
    public static final String INIT_XAVIER = "xavier";

    /**
     * Sets a network's initializers from weightInit before it is initialized: the official code's
     * weights_init (normal, the default) draws every convolution and linear weight from N(0, 0.02) and
     * every batch-norm scale from N(1, 0.02); xavier keeps DJL's defaults (what runs before this
     * option used). A loaded checkpoint overwrites either.
     */
    static <B extends ai.djl.nn.Block> B initialized(ParamMap p, B block) {
        String init = p.getString("weightInit", INIT_NORMAL);
        if (init.equals(INIT_NORMAL)) {
            block.setInitializer(new ai.djl.training.initializer.NormalInitializer(0.02f), ai.djl.nn.Parameter.Type.WEIGHT);
            block.setInitializer((manager, shape, dataType) -> manager.randomNormal(1f, 0.02f, shape, dataType),
                    ai.djl.nn.Parameter.Type.GAMMA);
        } else if (!init.equals(INIT_XAVIER)) {
            throw new IllegalArgumentException("weightInit must be normal or xavier, got " + init);
        }
        return block;
    }

    /** The discriminators read μ of the generator's CA (the official PyTorch code). */
    public static final String CONDITION_MU = "mu";
    /** The discriminators read the text embedding itself (the authors' TensorFlow code). */
    public static final String CONDITION_EMBEDDING = "embedding";

    /**
     * The share of wrong captions a run draws with {@link dev.telltale.experiments.data.WrongCaptions.Closest}
     * (differing in one judged attribute only) instead of at random as in the paper (0, the default).
     */
    public static float closestWrongShare(ParamMap p) {
        float share = p.getFloat("closestWrongShare", 0f);
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("closestWrongShare must be in [0, 1], got " + share);
        }
        return share;
    }

    /**
     * Weight of StackGAN-v2's unconditional real/fake loss beside the matching-aware one (0, the
     * default, as in the StackGAN paper: the discriminators then have no unconditional head).
     */
    public static float unconditionalWeight(ParamMap p) {
        float w = p.getFloat("unconditionalWeight", 0f);
        if (!(w >= 0)) {
            throw new IllegalArgumentException("unconditionalWeight must be at least 0, got " + w);
        }
        return w;
    }

    /**
     * Weight λ of the sentence-level DAMSM loss ({@link SentenceMatching}) in the generator's loss:
     * 0, the default, as in StackGAN; AttnGAN uses 5 on birds.
     */
    public static float damsmWeight(ParamMap p) {
        float w = p.getFloat("damsmWeight", 0f);
        if (!(w >= 0 && w <= 100)) {
            throw new IllegalArgumentException("damsmWeight must be in [0, 100], got " + w);
        }
        return w;
    }

    /** Weight of {@link dev.telltale.experiments.stackgan.StageOneConsistency} in Stage-II's generator loss (0, the paper's: none). */
    public static float stageOneConsistency(ParamMap p) {
        float w = p.getFloat("stageOneConsistency", 0f);
        if (!(w >= 0 && w <= 100)) {
            throw new IllegalArgumentException("stageOneConsistency must be in [0, 100], got " + w);
        }
        return w;
    }

    /**
     * Whether D sees a step's real, wrong and fake pairs as one batch (discriminatorBatch joint) rather
     * than three (separate, the official code's). Separately, batch norm normalises a batch made only of
     * mismatched pairs by its own statistics, which can take out what they share.
     */
    public static boolean jointDiscriminatorBatch(ParamMap p) {
        String b = p.getString("discriminatorBatch", "separate");
        if (!b.equals("separate") && !b.equals("joint")) {
            throw new IllegalArgumentException("discriminatorBatch must be separate or joint, got " + b);
        }
        return b.equals("joint");
    }

    /** Width of the contrastive head's codes when contrastiveWeight is above 0. */
    static final int CONTRASTIVE_DIM = 64;
    /** Softmax temperature of the contrastive loss (XMC-GAN's 0.1). */
    static final float CONTRASTIVE_TEMPERATURE = 0.1f;

    /**
     * Weight of XMC-GAN's sentence–image contrastive loss (0, the default, as in StackGAN: no
     * contrastive head): the discriminator pays it on real images with their captions, the generator
     * on its images with theirs, both through the discriminator's contrastive head.
     */
    public static float contrastiveWeight(ParamMap p) {
        float w = p.getFloat("contrastiveWeight", 0f);
        if (!(w >= 0 && w <= 100)) {
            throw new IllegalArgumentException("contrastiveWeight must be in [0, 100], got " + w);
        }
        return w;
    }

    /**
     * The share of the discriminator's fake side given to {@link dev.telltale.experiments.stackgan.BlurredNegatives}
     * (0, the default, as in StackGAN: none); below 1, so generated images always count.
     */
    public static float negativeShare(ParamMap p) {
        float share = p.getFloat("negativeShare", 0f);
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("negativeShare must be in [0, 1), got " + share);
        }
        return share;
    }

    /** The decay of the generator's weight average (generatorEma); 0: none, sample from the trained weights. */
    public static float generatorEma(ParamMap p) {
        float d = p.getFloat("generatorEma", 0f);
        if (!(d >= 0 && d < 1)) {
            throw new IllegalArgumentException("generatorEma must be in [0, 1), got " + d);
        }
        return d;
    }

    /**
     * The checkpoint entry to draw pictures from: the weight average where the run kept one
     * (generatorEma), else the trained generator. Training resumes from "generator" either way.
     */
    public static String samplingGenerator(Checkpoint cp) {
        return cp.has(AVERAGE_ENTRY) ? AVERAGE_ENTRY : "generator";
    }

    /** The checkpoint entry of the generator's weight average. */
    public static final String AVERAGE_ENTRY = "generator-ema";

    /** Whether the discriminators' head is the projection one rather than the paper's concatenation. */
    public static boolean projection(ParamMap p) {
        String h = p.getString("discriminatorHead", "concat");
        if (!h.equals("concat") && !h.equals("projection")) {
            throw new IllegalArgumentException("discriminatorHead must be concat or projection, got " + h);
        }
        return h.equals("projection");
    }

    /** What a run's discriminator is conditioned on: {@link #CONDITION_MU} (default) or {@link #CONDITION_EMBEDDING}. */
    public static String discriminatorCondition(ParamMap p) {
        String c = p.getString("discriminatorCondition", CONDITION_MU);
        if (!c.equals(CONDITION_MU) && !c.equals(CONDITION_EMBEDDING)) {
            throw new IllegalArgumentException("discriminatorCondition must be mu or embedding, got " + c);
        }
        return c;
    }

    /** The width of the condition vector the discriminator takes. */
    public static int discriminatorConditionDim(ParamMap p, int embeddingDim) {
        return discriminatorCondition(p).equals(CONDITION_EMBEDDING) ? embeddingDim : p.getInt("conditionDim");
    }

    /** Stage-II refines a Stage-I image of {@code stageOneSize} to four times that size. */
    public static ConditionedGenerator stageTwoGenerator(ParamMap p, int embeddingDim, int stageOneSize) {
        int c = p.getInt("conditionDim");
        return initialized(p, new ConditionedGenerator(
                conditioning(embeddingDim, c),
                StageTwoGenerator.builder().setConditionDim(c).optGfDim(p.getInt("gfDim"))
                        .optResidualBlocks(p.getInt("residualBlocks")).setInputSize(stageOneSize)
                        // checkpoints from before the option have no value: they drew anew
                        .optImageSkip(Boolean.parseBoolean(p.getString("imageSkip", "false")))
                        .optConditionalNorm(Boolean.parseBoolean(p.getString("conditionalNorm", "false"))).build(),
                c));
    }

    public static StageTwoDiscriminator stageTwoDiscriminator(ParamMap p, int embeddingDim, int stageOneSize) {
        return initialized(p, StageTwoDiscriminator.builder().setConditionDim(discriminatorConditionDim(p, embeddingDim)).optDfDim(p.getInt("dfDim"))
                .optImageSize(4 * stageOneSize).optUnconditional(unconditionalWeight(p) > 0).optProjection(projection(p))
                .optContrastiveDim(contrastiveWeight(p) > 0 ? CONTRASTIVE_DIM : 0).build());
    }
}
