package dev.telltale.experiments.cli;

import ai.djl.ndarray.NDManager;
import dev.telltale.experiments.ConvolutionCheck;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.eval.InceptionScore;
import dev.telltale.experiments.eval.TorchScriptClassifier;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.train.Datasets;
import dev.telltale.experiments.train.EvaluationCaptions;
import dev.telltale.experiments.train.Generators;
import dev.telltale.experiments.train.ImageJudge;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.TextEncoderModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a checkpoint on held-out captions: Inception score, FID and caption accuracy of its
 * images (Stage-I and, for a Stage-II checkpoint, Stage-II) next to the same metrics on real
 * held-out images; with a user's TorchScript classifier, the Inception score by that model too. The
 * pictures' CA noise is scaled by conditionNoise (1, the paper's sampling, unless asked otherwise).
 */
final class Evaluate {

    private Evaluate() {}

    static Map<String, Double> run(Path checkpoint, int samples, Path judgeCache, Path torchScript, int inputSize, double conditionNoise)
            throws IOException {
        ConvolutionCheck.ensure();
        if (!Files.isRegularFile(checkpoint)) {
            throw new IllegalArgumentException("checkpoint: no file " + checkpoint);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("condition_noise", conditionNoise);
        // loaded before the minutes of generating and judging, so a file that is not TorchScript costs none of them
        try (TorchScriptClassifier inception = torchScript == null ? null
                        : TorchScriptClassifier.load(torchScript, TorchScriptClassifier.Options.defaults());
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            var meta = dev.telltale.experiments.train.Checkpoint.read(checkpoint).meta();
            if (!meta.has("textEncoderPath")) {
                throw new IllegalArgumentException("checkpoint: " + checkpoint + " is not a StackGAN checkpoint");
            }
            try (TextEncoderModel text = TextEncoderModel.load(Path.of(meta.get("textEncoderPath").getAsString()), manager);
                    Generators g = Generators.load(checkpoint, text.embeddingDim(), manager)) {
                ParamMap p = new ParamMap(g.checkpoint().params());
                String dataset = meta.get("dataset").getAsString();
                CaptionedDataset train = Datasets.open(dataset, Split.TRAIN, p);
                CaptionedDataset test = Datasets.open(dataset, Split.TEST, p);
                EvaluationCaptions held = EvaluationCaptions.of(test, samples);
                List<String> captions = held.captions();
                List<Map<String, String>> intended = held.intended();
                float[][] emb = text.embed(captions);
                List<float[]> one = new ArrayList<>();
                List<float[]> two = new ArrayList<>();
                for (int from = 0; from < samples; from += 64) {
                    int to = Math.min(samples, from + 64);
                    List<List<float[]>> batch = g.generate(java.util.Arrays.copyOfRange(emb, from, to), 1234 + from, conditionNoise);
                    one.addAll(batch.get(0));
                    if (batch.get(1) != null) {
                        two.addAll(batch.get(1));
                    }
                }
                try (LocalTracker quiet = new LocalTracker(Files.createTempDirectory("telltale-eval"))) {
                    ImageJudge judge = Judges.obtain(dataset, p.getString("dataPath", ""), train, test, judgeCache, quiet);
                    judge.judge(one, g.stageOneSize(), intended).forEach((k, v) -> out.put("stage1/" + k, v));
                    if (!two.isEmpty()) {
                        judge.judge(two, g.finalSize(), intended).forEach((k, v) -> out.put("stage2/" + k, v));
                    }
                }
                if (inception != null) {
                    List<float[]> images = two.isEmpty() ? one : two;
                    int size = two.isEmpty() ? g.stageOneSize() : g.finalSize();
                    InceptionScore.Score is = InceptionScore.compute(inception.probabilities(images, size, inputSize),
                            Math.min(10, images.size()));
                    out.put("torchscript/is_mean", is.mean());
                    out.put("torchscript/is_std", is.std());
                }
            }
        }
        return out;
    }
}
