package dev.telltale.experiments.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.telltale.experiments.ConvolutionCheck;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.eval.DomainClassifierJudge;
import dev.telltale.experiments.train.Checkpoint;
import dev.telltale.experiments.train.ConditionedGenerator;
import dev.telltale.experiments.train.Datasets;
import dev.telltale.experiments.train.EvaluationCaptions;
import dev.telltale.experiments.train.Images;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.StackGanModels;
import dev.telltale.experiments.train.StackGanTraining;
import dev.telltale.experiments.train.TextEncoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Whether a Stage-I discriminator checks the caption on the generator's pictures the way the judge
 * reads them (not a test). For each judged attribute, held-out captions are drawn by the checkpoint's
 * generator; the judge reads each picture, and the discriminator scores it with its own caption, with
 * the caption's attribute word swapped for another value, and (where the judge read another value)
 * with the judge's reading put in. A discriminator that prefers the caption's value on pictures the
 * judge reads otherwise credits something other than what is drawn, and its gradient cannot teach
 * the generator that attribute. The discriminator sees each batch beside as many real pairs, as in
 * training with joint batches, so batch norm normalises the pictures as it did there.
 *
 * <pre>java -cp experiments/target/telltale-experiments.jar dev.telltale.experiments.bench.DiscriminatorProbe
 *     --checkpoint runs/s1/checkpoints/stage1-step-0001900.zip --judge-cache DIR [--samples N]</pre>
 */
public final class DiscriminatorProbe {

    private static final int BATCH = 32;
    private static final ProbeArgs ARGS = new ProbeArgs("DiscriminatorProbe");

    private DiscriminatorProbe() {}

    /** One attribute's reading over the pictures the judge read right or wrong. */
    public record Reading(String attribute, boolean judgedRight, int pictures, double ownScore, double swappedScore,
            double ownOverSwapped, double ownOverJudged, double contrastiveOwnOverSwapped) {}

    public static List<Reading> probe(Path checkpoint, Path judgeCache, int samples, NDManager manager) throws java.io.IOException {
        Checkpoint cp = Checkpoint.read(checkpoint);
        if (!StackGanTraining.STAGE_ONE.equals(cp.kind())) {
            throw new IllegalArgumentException("--checkpoint: " + checkpoint + " is a '" + cp.kind() + "' checkpoint, not a StackGAN Stage-I one");
        }
        ParamMap p = new ParamMap(cp.params());
        String dataset = cp.meta().get("dataset").getAsString();
        Path judgeDir = judgeCache.resolve(dev.telltale.experiments.cli.Judges.cacheKey(dataset, ""));
        if (!Files.isRegularFile(judgeDir.resolve(DomainClassifierJudge.METADATA_FILE))) {
            throw new IllegalArgumentException("--judge-cache: no " + dataset + " judge in " + judgeDir + " (a run or evaluate with this cache trains one)");
        }
        CaptionedDataset train = Datasets.open(dataset, Split.TRAIN, p);
        CaptionedDataset test = Datasets.open(dataset, Split.TEST, p);
        int size = p.getInt("imageSize");
        int zDim = p.getInt("zDim");
        try (TextEncoderModel text = TextEncoderModel.load(Path.of(cp.meta().get("textEncoderPath").getAsString()), manager);
                DomainClassifierJudge judge = DomainClassifierJudge.load(judgeDir);
                NDManager m = manager.newSubManager()) {
            int e = text.embeddingDim();
            ConditionedGenerator g = StackGanModels.stageOneGenerator(p, e);
            g.initialize(m, DataType.FLOAT32, new Shape(1, zDim), new Shape(1, e));
            cp.load(StackGanModels.samplingGenerator(cp), g, m);
            Block d = StackGanModels.stageOneDiscriminator(p, e);
            d.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size), new Shape(1, StackGanModels.discriminatorConditionDim(p, e)));
            cp.load("discriminator", d, m);
            boolean onEmbedding = StackGanModels.CONDITION_EMBEDDING.equals(StackGanModels.discriminatorCondition(p));

            EvaluationCaptions held = EvaluationCaptions.of(test, samples);
            List<String> captions = held.captions();
            List<Map<String, String>> intended = held.intended();
            float[][] own = text.embed(captions);
            Random r = new Random(p.getLong("seed") ^ 0xD15C);
            List<float[]> fakes = new ArrayList<>();
            for (int from = 0; from < samples; from += BATCH) {
                int k = Math.min(BATCH, samples - from);
                try (NDManager sm = m.newSubManager()) {
                    ParameterStore ps = new ParameterStore(sm, false);
                    NDArray z = sm.create(gaussian(r, k * zDim), new Shape(k, zDim));
                    NDArray eps = sm.create(gaussian(r, k * g.conditionDim()), new Shape(k, g.conditionDim()));
                    NDArray t = sm.create(flatten(own, from, k, e), new Shape(k, e));
                    fakes.addAll(Images.unbatch(g.forward(ps, new NDList(z, t, eps), false).get(0)));
                }
            }
            List<Map<String, String>> read = judge.predictAttributes(fakes, size);
            List<float[]> reals = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                reals.add(train.get(r.nextInt(train.size()), size).image());
            }

            List<Reading> out = new ArrayList<>();
            for (String attribute : train.judgedAttributes()) {
                List<String> values = train.attributeValues().get(attribute);
                List<Integer> usable = new ArrayList<>();
                List<String> swapped = new ArrayList<>();
                List<String> judged = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    String want = intended.get(i).get(attribute);
                    Pattern word = Pattern.compile("\\b" + Pattern.quote(want) + "\\b");
                    if (!word.matcher(captions.get(i)).find()) {
                        continue; // the value is not named by one word (e.g. a phrasing that spells it otherwise)
                    }
                    String other;
                    do {
                        other = values.get(r.nextInt(values.size()));
                    } while (other.equals(want));
                    usable.add(i);
                    swapped.add(word.matcher(captions.get(i)).replaceAll(other));
                    judged.add(word.matcher(captions.get(i)).replaceAll(read.get(i).get(attribute)));
                }
                if (usable.isEmpty()) {
                    continue; // no caption names this attribute's value in a word that can be swapped
                }
                float[][] swappedEmb = text.embed(swapped);
                float[][] judgedEmb = text.embed(judged);
                double[][] sums = new double[2][5];
                int[] counts = new int[2];
                for (int from = 0; from < usable.size(); from += BATCH) {
                    int k = Math.min(BATCH, usable.size() - from);
                    List<float[]> pictures = new ArrayList<>();
                    float[][] ownRows = new float[k][];
                    float[][] swappedRows = new float[k][];
                    float[][] judgedRows = new float[k][];
                    for (int b = 0; b < k; b++) {
                        int i = usable.get(from + b);
                        pictures.add(fakes.get(i));
                        ownRows[b] = own[i];
                        swappedRows[b] = swappedEmb[from + b];
                        judgedRows[b] = judgedEmb[from + b];
                    }
                    Scores own1 = score(d, g, onEmbedding, m, reals, pictures, ownRows, swappedRows, size, e);
                    Scores own2 = score(d, g, onEmbedding, m, reals, pictures, ownRows, judgedRows, size, e);
                    for (int b = 0; b < k; b++) {
                        int i = usable.get(from + b);
                        int right = read.get(i).get(attribute).equals(intended.get(i).get(attribute)) ? 0 : 1;
                        counts[right]++;
                        sums[right][0] += own1.own[b];
                        sums[right][1] += own1.other[b];
                        sums[right][2] += own1.own[b] > own1.other[b] ? 1 : 0;
                        sums[right][3] += own2.own[b] > own2.other[b] ? 1 : 0;
                        sums[right][4] += own1.ownCode[b] > own1.otherCode[b] ? 1 : 0;
                    }
                }
                for (int right = 0; right < 2; right++) {
                    int n = counts[right];
                    if (n == 0) {
                        continue;
                    }
                    out.add(new Reading(attribute, right == 0, n, sums[right][0] / n, sums[right][1] / n, sums[right][2] / n,
                            right == 0 ? Double.NaN : sums[right][3] / n, d instanceof dev.telltale.experiments.stackgan.ConditionalDiscriminator cd
                                    && cd.hasContrastiveHead() ? sums[right][4] / n : Double.NaN));
                }
            }
            return out;
        }
    }

    private record Scores(float[] own, float[] other, float[] ownCode, float[] otherCode) {}

    /** D on [real pairs | pictures with ownRows | pictures with otherRows] as one batch. */
    private static Scores score(Block d, ConditionedGenerator g, boolean onEmbedding, NDManager m, List<float[]> reals,
            List<float[]> pictures, float[][] ownRows, float[][] otherRows, int size, int e) {
        int k = pictures.size();
        List<float[]> all = new ArrayList<>(reals.subList(0, k));
        all.addAll(pictures);
        all.addAll(pictures);
        float[] cond = new float[3 * k * e];
        for (int b = 0; b < k; b++) {
            System.arraycopy(ownRows[b], 0, cond, b * e, e); // a real picture with some held-out caption: only fills the batch
            System.arraycopy(ownRows[b], 0, cond, (k + b) * e, e);
            System.arraycopy(otherRows[b], 0, cond, (2 * k + b) * e, e);
        }
        try (NDManager sm = m.newSubManager()) {
            ParameterStore ps = new ParameterStore(sm, false);
            NDArray text = sm.create(cond, new Shape(3L * k, e));
            NDArray c = onEmbedding ? text : g.conditioning().forward(ps, new NDList(text), false).get(1);
            NDList out = d.forward(ps, new NDList(Images.batch(sm, all, size), c), true);
            float[] prob = Activation.sigmoid(out.get(0)).toFloatArray();
            float[] ownCode = new float[k];
            float[] otherCode = new float[k];
            if (d instanceof dev.telltale.experiments.stackgan.ConditionalDiscriminator cd && cd.hasContrastiveHead()) {
                NDArray image = out.get(out.size() - 2);
                NDArray caption = out.get(out.size() - 1);
                float[] sim = image.div(image.norm(new int[] {1}, true)).mul(caption.div(caption.norm(new int[] {1}, true)))
                        .sum(new int[] {1}).toFloatArray();
                System.arraycopy(sim, k, ownCode, 0, k);
                System.arraycopy(sim, 2 * k, otherCode, 0, k);
            }
            float[] own = new float[k];
            float[] other = new float[k];
            System.arraycopy(prob, k, own, 0, k);
            System.arraycopy(prob, 2 * k, other, 0, k);
            return new Scores(own, other, ownCode, otherCode);
        }
    }

    /** Seeded draws, so a probe of one checkpoint repeats. */
    private static float[] gaussian(Random r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }

    private static float[] flatten(float[][] rows, int from, int k, int e) {
        float[] flat = new float[k * e];
        for (int i = 0; i < k; i++) {
            System.arraycopy(rows[from + i], 0, flat, i * e, e);
        }
        return flat;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path checkpoint = null;
        Path judgeCache = null;
        int samples = 256;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                ARGS.fail(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--checkpoint" -> checkpoint = Path.of(args[i + 1]);
                case "--judge-cache" -> judgeCache = Path.of(args[i + 1]);
                case "--samples" -> samples = ARGS.count(args[i], args[i + 1]);
                default -> ARGS.fail("unknown option " + args[i]);
            }
        }
        if (checkpoint == null || !Files.isRegularFile(checkpoint)) {
            ARGS.fail("--checkpoint: give a Stage-I checkpoint file" + (checkpoint == null ? "" : "; no file " + checkpoint));
        }
        if (judgeCache == null || !Files.isDirectory(judgeCache)) {
            ARGS.fail("--judge-cache: give the folder runs cache their judge in" + (judgeCache == null ? "" : "; no folder " + judgeCache));
        }
        ConvolutionCheck.ensure();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            List<Reading> readings;
            try {
                readings = probe(checkpoint, judgeCache, samples, manager);
            } catch (IllegalArgumentException | java.io.IOException e) {
                ARGS.fail(e.getMessage());
                return;
            }
            for (Reading x : readings) {
                System.out.printf(Locale.ROOT, "%s judged %s (%d pictures): D own caption %.3f, %s swapped %.3f; own over swapped %.2f%s%s%n",
                        x.attribute(), x.judgedRight() ? "right" : "wrong", x.pictures(), x.ownScore(), x.attribute(), x.swappedScore(),
                        x.ownOverSwapped(), x.judgedRight() ? "" : String.format(Locale.ROOT, ", own over the judge's reading %.2f", x.ownOverJudged()),
                        Double.isNaN(x.contrastiveOwnOverSwapped()) ? "" : String.format(Locale.ROOT, "; contrastive codes own over swapped %.2f",
                                x.contrastiveOwnOverSwapped()));
            }
        }
    }
}
