package dev.telltale.experiments.bench;

import ai.djl.ndarray.NDManager;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.eval.LinearProbe;
import dev.telltale.experiments.train.Datasets;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.TextEncoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a frozen text encoder's caption codes say about the judged attributes (not a test): a
 * {@link LinearProbe} per attribute (shape and colour on shapes, digit and colour on digits) fitted
 * on the codes of every training caption and read on held-out images' captions, apart for phrasings
 * training has seen and for those it never showed. A code the probe cannot read is one the generator
 * cannot draw from, so this bounds caption accuracy from the text side: on shapes, the evaluation
 * captions are 4 held-out phrasings in 10.
 *
 * <pre>java -cp experiments/target/telltale-experiments.jar dev.telltale.experiments.bench.TextEncoderProbe
 *     --checkpoint runs/te/checkpoints/text-encoder.zip [--dataset shapes] [--train-images N] [--test-images N]</pre>
 */
public final class TextEncoderProbe {

    private static final ProbeArgs ARGS = new ProbeArgs("TextEncoderProbe");

    private TextEncoderProbe() {}

    /** One attribute's probe: accuracy on training captions, held-out images' seen and unseen phrasings. */
    public record Reading(String attribute, double train, double seen, double heldOut, int seenCaptions, int heldOutCaptions) {}

    public static List<Reading> probe(TextEncoderModel encoder, CaptionedDataset train, CaptionedDataset test) {
        List<Reading> out = new ArrayList<>();
        for (String attribute : train.judgedAttributes()) {
            List<String> classes = train.attributeValues().get(attribute);
            Codes fit = codes(encoder, train, attribute, classes, null);
            Codes seen = codes(encoder, test, attribute, classes, false);
            Codes unseen = codes(encoder, test, attribute, classes, true);
            LinearProbe probe = LinearProbe.fit(fit.x(), fit.y(), classes.size(), 30, 1);
            out.add(new Reading(attribute, probe.accuracy(fit.x(), fit.y()), probe.accuracy(seen.x(), seen.y()),
                    probe.accuracy(unseen.x(), unseen.y()), seen.y().length, unseen.y().length));
        }
        return out;
    }

    private record Codes(float[][] x, int[] y) {}

    /** Codes of a dataset's captions: all of them (heldOut null), or only the held-out or only the seen phrasings. */
    private static Codes codes(TextEncoderModel encoder, CaptionedDataset d, String attribute, List<String> classes, Boolean heldOut) {
        List<String> captions = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            CaptionedSample s = d.get(i, 4);
            int label = classes.indexOf(s.attributes().get(attribute));
            for (int k = 0; k < s.captions().size(); k++) {
                if (heldOut == null || (k < d.heldOutPhrasings()) == heldOut) {
                    captions.add(s.captions().get(k));
                    labels.add(label);
                }
            }
        }
        return new Codes(encoder.embed(captions), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path checkpoint = null;
        String dataset = "shapes";
        Map<String, Object> params = new LinkedHashMap<>(Map.of("seed", 1L, "trainImages", 3000, "testImages", 400));
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                ARGS.fail(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--checkpoint" -> checkpoint = Path.of(args[i + 1]);
                case "--dataset" -> dataset = args[i + 1];
                case "--train-images" -> params.put("trainImages", ARGS.count(args[i], args[i + 1]));
                case "--test-images" -> params.put("testImages", ARGS.count(args[i], args[i + 1]));
                default -> ARGS.fail("unknown option " + args[i]);
            }
        }
        if (checkpoint == null || !Files.isRegularFile(checkpoint)) {
            ARGS.fail("--checkpoint: give a text encoder checkpoint file" + (checkpoint == null ? "" : "; no file " + checkpoint));
        }
        ParamMap p = new ParamMap(params);
        CaptionedDataset train;
        CaptionedDataset test;
        try {
            train = Datasets.open(dataset, Split.TRAIN, p);
            test = Datasets.open(dataset, Split.TEST, p);
        } catch (IllegalArgumentException e) {
            ARGS.fail(e.getMessage());
            return;
        }
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TextEncoderModel encoder;
            try {
                encoder = TextEncoderModel.load(checkpoint, manager);
            } catch (java.io.IOException | IllegalArgumentException e) {
                ARGS.fail("--checkpoint: " + e.getMessage());
                return;
            }
            try (encoder) {
                for (Reading r : probe(encoder, train, test)) {
                    System.out.printf(Locale.ROOT, "%s: train %.3f, held-out images with seen phrasings %.3f (%d captions), with unseen phrasings %.3f (%d)%n",
                            r.attribute(), r.train(), r.seen(), r.seenCaptions(), r.heldOut(), r.heldOutCaptions());
                }
            }
        }
    }
}
