package dev.telltale.experiments.cli;

import dev.telltale.experiments.ConvolutionCheck;
import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.catalog.ResolvedSpec;
import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.MsvdImporter;
import dev.telltale.experiments.data.VideoDataset;
import dev.telltale.experiments.eval.DomainClassifierTrainer;
import dev.telltale.experiments.eval.VideoJudge;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.track.Tracker;
import dev.telltale.experiments.train.Checkpoint;
import dev.telltale.experiments.train.Datasets;
import dev.telltale.experiments.train.ImageJudge;
import dev.telltale.experiments.train.ParamMap;
import dev.telltale.experiments.train.StackGanTraining;
import dev.telltale.experiments.train.TextEncoderModel;
import dev.telltale.experiments.train.TextEncoderTraining;
import dev.telltale.experiments.train.TganTraining;
import dev.telltale.experiments.train.VideoDatasets;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One training run from a catalog spec: resolves the parameters (defaults ← preset ← overrides),
 * opens the datasets, gets a text encoder (the given one, Stage-I's, or a freshly trained one),
 * a judge for evaluation, and trains. The CLI and the server's workers both come through here.
 */
public final class Train {

    private static final Logger LOG = Logger.getLogger(Train.class.getName());

    private Train() {}

    /** What to train. {@code trackerFor} makes the tracker for the run's output folder. */
    public record Request(
            String model, String dataset, String preset, Map<String, Object> overrides, Path out, Path resume,
            Path judgeCache, boolean evaluate, Function<Path, Tracker> trackerFor, java.util.function.BooleanSupplier stop) {

        public Request(String model, String dataset, String preset, Map<String, Object> overrides, Path out, Path resume,
                Path judgeCache, boolean evaluate, Function<Path, Tracker> trackerFor) {
            this(model, dataset, preset, overrides, out, resume, judgeCache, evaluate, trackerFor, () -> false);
        }
    }

    /** What came out. */
    public record Outcome(String model, Path checkpoint, Map<String, Double> lastLosses, Map<String, Double> evaluation,
            Path textEncoder) {}

    public static Outcome run(Request r) throws IOException {
        ConvolutionCheck.ensure();
        ResolvedSpec spec = Catalog.load().resolve(r.model(), r.dataset(), r.preset(), r.overrides());
        ParamMap p = new ParamMap(spec.parameters());
        if (Files.exists(r.out()) && !Files.isDirectory(r.out())) {
            throw new IllegalArgumentException("--out: " + r.out() + " is a file, not a folder");
        }
        if (r.resume() == null && Files.exists(r.out().resolve("spec.json"))) {
            // training again would overwrite its checkpoints, samples and text encoder and append to its metrics
            throw new IllegalArgumentException("--out: " + r.out() + " already holds a run (spec.json); train into a new folder, "
                    + "or continue this one with --resume <one of its checkpoints>");
        }
        if (r.resume() != null) {
            requireResumable(r.resume(), r.model());
        }
        Files.createDirectories(r.out());
        Files.writeString(r.out().resolve("spec.json"), specJson(spec));
        if (VideoDatasets.IDS.contains(r.dataset())) {
            return trainVideo(r, p);
        }
        CaptionedDataset train = Datasets.open(r.dataset(), Split.TRAIN, p);
        CaptionedDataset test = Datasets.open(r.dataset(), Split.TEST, p);
        try (Tracker tracker = r.trackerFor().apply(r.out())) {
            if (r.model().equals("text-encoder")) {
                TextEncoderTraining.Result res = TextEncoderTraining.train(train, test, p, tracker, r.out());
                return new Outcome(r.model(), res.checkpoint(), Map.of("loss/contrastive", res.finalLoss()),
                        Map.of("retrieval/r1", res.recallAt1(), "retrieval/r1_attributes", res.attributeRecallAt1()),
                        res.checkpoint());
            }
            Path stageOne = null;
            if (r.model().equals(StackGanTraining.STAGE_TWO)) {
                stageOne = stageOneCheckpoint(p.getString("stage1", ""));
            }
            Path encoderPath = textEncoder(r, p, stageOne, train, test, tracker);
            try (NDManager manager = NDManager.newBaseManager("PyTorch");
                    TextEncoderModel text = TextEncoderModel.load(encoderPath, manager)) {
                ImageJudge judge = r.evaluate() ? Judges.obtain(r.dataset(), p.getString("dataPath", ""), train, test, judgeCache(r), tracker) : null;
                StackGanTraining.Setup setup = new StackGanTraining.Setup(train, test, p, text, tracker, r.out(), r.resume(), judge, r.stop());
                StackGanTraining.Result res = stageOne == null
                        ? StackGanTraining.trainStageOne(setup)
                        : StackGanTraining.trainStageTwo(setup, stageOne);
                return new Outcome(r.model(), res.checkpoint(), res.lastLosses(), res.evaluation(), encoderPath);
            }
        }
    }

    /**
     * The frame classifier's training, measured on sbmg at 32 px: 5,000 steps with the decaying rate took
     * held-out accuracy from 0.954 (3,000 fixed-rate steps) to 0.964 on 4,000 training frames; 20,000
     * frames (each from its own clip, so more of the source digits and positions) gave 0.9725, and
     * rotating and scaling them a little ({@code warp}) 0.9755, in about 5 minutes; a 10,000-step budget
     * (so the rate falls later) reached the 0.98 bar at step 5,700, in 8 minutes. It stops at the bar.
     */
    private static final DomainClassifierTrainer.Options FRAME_JUDGE = DomainClassifierTrainer.Options.defaults().withMaxSteps(10_000)
            .withWarp(true);
    private static final int FRAME_JUDGE_TRAIN_CLIPS = 20_000;
    private static final int FRAME_JUDGE_TEST_CLIPS = 2_000;

    /** TGANs-C on a video dataset; bouncing digits are judged by a frame classifier trained (once, cached) on real frames. */
    private static Outcome trainVideo(Request r, ParamMap p) throws IOException {
        VideoDataset train = VideoDatasets.open(r.dataset(), Split.TRAIN, p);
        VideoDataset test = VideoDatasets.open(r.dataset(), Split.TEST, p);
        boolean judged = r.evaluate() && !r.dataset().equals(MsvdImporter.ID);
        try (Tracker tracker = r.trackerFor().apply(r.out());
                VideoJudge judge = judged ? VideoJudge.obtain(r.dataset(), p.getInt("frames"), p.getInt("frameSize"), judgeCache(r),
                        FRAME_JUDGE, FRAME_JUDGE_TRAIN_CLIPS, FRAME_JUDGE_TEST_CLIPS) : null) {
            if (judge != null) {
                tracker.scalar("judge/accuracy", 0, judge.classifierAccuracy());
            }
            TganTraining.Result res = TganTraining.train(new TganTraining.Setup(r.model(), train, test, p, tracker, r.out(), r.resume(),
                    judge, r.stop()));
            return new Outcome(r.model(), res.checkpoint(), res.lastLosses(), res.evaluation(), null);
        }
    }

    private static Path judgeCache(Request r) {
        return r.judgeCache() != null ? r.judgeCache() : r.out().resolve("judge");
    }

    /** A checkpoint to resume that this model can continue, checked before anything trains. */
    private static void requireResumable(Path resume, String model) throws IOException {
        Checkpoint cp = Checkpoint.read(resume);
        if (!cp.kind().equals(model)) {
            throw new IllegalArgumentException("--resume: " + resume + " is a '" + cp.kind() + "' checkpoint, not " + model);
        }
    }

    /**
     * The text encoder a StackGAN run conditions on: the {@code textEncoder} parameter, else the
     * one the resumed checkpoint or Stage-I used, else a new one trained first with the same preset
     * (and said so).
     */
    private static Path textEncoder(Request r, ParamMap p, Path stageOne, CaptionedDataset train, CaptionedDataset test,
            Tracker tracker) throws IOException {
        String given = p.getString("textEncoder", "");
        if (!given.isEmpty()) {
            Path path = Path.of(given);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("textEncoder: no file " + path);
            }
            return path;
        }
        // a resumed run keeps the encoder it was trained with: a new one would condition its generator on other codes
        for (Path source : new Path[] {r.resume(), stageOne}) {
            if (source == null) {
                continue;
            }
            Checkpoint cp = Checkpoint.read(source);
            if (cp.meta().has("textEncoderPath")) {
                Path path = Path.of(cp.meta().get("textEncoderPath").getAsString());
                if (Files.isRegularFile(path)) {
                    return path;
                }
                throw new IllegalArgumentException("textEncoder: " + (source == stageOne ? "Stage-I" : "the resumed run")
                        + " was trained with " + path + ", which is gone; give the text encoder checkpoint explicitly");
            }
        }
        String preset = Catalog.load().presets("text-encoder").contains(r.preset()) ? r.preset() : "cpu";
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("seed", p.getLong("seed"));
        overrides.put("embeddingDim", p.getInt("embeddingDim"));
        // on the run's device: a run on a server's GPU slot trains its encoder there too
        overrides.put("device", p.getString("device", ""));
        ResolvedSpec spec = Catalog.load().resolve("text-encoder", r.dataset(), preset, overrides);
        LOG.info("no textEncoder given: training one first (text-encoder, preset " + preset + ")");
        Path dir = r.out().resolve("text-encoder");
        ParamMap tp = new ParamMap(spec.parameters()).with("trainImages", p.getInt("trainImages", 4000))
                .with("testImages", p.getInt("testImages", 512));
        return TextEncoderTraining.train(train, test, tp, new PrefixTracker(tracker, "text_encoder/"), dir).checkpoint();
    }

    /** A Stage-I checkpoint file, or the newest one in a Stage-I run folder. */
    static Path stageOneCheckpoint(String ref) throws IOException {
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("stage1: Stage-II needs a Stage-I checkpoint or run folder");
        }
        Path path = Path.of(ref);
        if (Files.isDirectory(path)) {
            Path dir = Files.isDirectory(path.resolve("checkpoints")) ? path.resolve("checkpoints") : path;
            try (Stream<Path> files = Files.list(dir)) {
                path = files.filter(f -> f.getFileName().toString().matches("stage1-step-\\d+\\.zip"))
                        .max(Comparator.comparing(f -> f.getFileName().toString()))
                        .orElseThrow(() -> new IllegalArgumentException("stage1: no Stage-I checkpoint (stage1-step-*.zip) in " + dir));
            }
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("stage1: no file " + path);
        }
        Checkpoint cp = Checkpoint.read(path);
        if (!StackGanTraining.STAGE_ONE.equals(cp.kind())) {
            throw new IllegalArgumentException("stage1: " + path + " is a '" + cp.kind() + "' checkpoint, not a Stage-I one");
        }
        return path;
    }

    private static String specJson(ResolvedSpec spec) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("model", spec.model().id());
        o.addProperty("dataset", spec.dataset().id());
        o.addProperty("preset", spec.preset());
        o.add("params", new com.google.gson.Gson().toJsonTree(spec.parameters()));
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o);
    }
}
