package dev.telltale.experiments.cli;

import dev.telltale.experiments.catalog.Catalog;
import dev.telltale.experiments.catalog.FieldError;
import dev.telltale.experiments.catalog.InvalidSpecException;
import dev.telltale.experiments.track.LocalTracker;
import dev.telltale.experiments.track.Tracker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code java -jar telltale-experiments.jar train|catalog ...}. Exit codes: 0 done, 1 the run failed,
 * 2 the command line or its parameters are wrong (with a message naming what).
 */
public final class Cli {

    static final String USAGE = """
            usage:
              train --model M --dataset D [--preset P] --out DIR [--steps N] [--set key=value ...]
                    [--stage1 CHECKPOINT|RUN_DIR] [--text-encoder CHECKPOINT] [--resume CHECKPOINT]
                    [--judge-cache DIR] [--no-eval]
                    [--server URL --run-id ID (token from TELLTALE_TOKEN)]
              evaluate --checkpoint FILE [--samples N] [--judge-cache DIR] [--condition-noise 1] [--torchscript MODEL.pt [--input-size 299]]
                                 judge a StackGAN checkpoint on held-out captions (IS, FID, caption accuracy vs real images)
              catalog            print the experiment catalog (models, datasets, presets, parameters) as JSON
            models: text-encoder, stackgan-stage1, stackgan-stage2 (datasets shapes, digits, cub, oxford102);
                    tganc-c, tganc-a (datasets sbmg, tbmg, msvd); `catalog` lists presets and parameters
            """;

    private static final Set<String> TRAIN_OPTIONS = Set.of("--model", "--dataset", "--preset", "--out", "--steps",
            "--stage1", "--text-encoder", "--resume", "--judge-cache", "--server", "--run-id", "--spec");

    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "catalog" -> {
                    out.println(Catalog.load().toJson());
                    return 0;
                }
                case "train" -> {
                    Args a = Args.parse(args, 1, TRAIN_OPTIONS, Set.of("--no-eval"));
                    if (a.get("--server") != null) {
                        return Worker.run(a, out, err);
                    }
                    Train.Outcome o = Train.run(trainRequest(a));
                    out.println("done: " + o.model() + ", checkpoint " + o.checkpoint());
                    out.println("last losses: " + o.lastLosses());
                    if (!o.evaluation().isEmpty()) {
                        out.println("evaluation: " + o.evaluation());
                    }
                    return 0;
                }
                case "evaluate" -> {
                    Args a = Args.parse(args, 1, Set.of("--checkpoint", "--samples", "--judge-cache", "--torchscript", "--input-size",
                            "--condition-noise"), Set.of());
                    Path checkpoint = Path.of(a.require("--checkpoint"));
                    int samples = intOption(a, "--samples", 256);
                    if (samples < 2 || samples > MAX_SAMPLES) {
                        // FID needs two feature rows; past the bound the pictures alone would not fit in memory
                        throw new UsageException("--samples must lie within [2, " + MAX_SAMPLES + "], got " + samples);
                    }
                    double conditionNoise = conditionNoise(a);
                    Path cache = a.get("--judge-cache") != null ? Path.of(a.get("--judge-cache"))
                            : checkpoint.toAbsolutePath().getParent().resolve("judge");
                    Path ts = a.get("--torchscript") == null ? null : Path.of(a.get("--torchscript"));
                    if (ts != null && !java.nio.file.Files.isRegularFile(ts)) {
                        throw new UsageException("--torchscript: no file " + ts);
                    }
                    Map<String, Double> m = Evaluate.run(checkpoint, samples, cache, ts, intOption(a, "--input-size", 299), conditionNoise);
                    out.println(new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(m));
                    return 0;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("telltale: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (InvalidSpecException e) {
            for (FieldError fe : e.errors()) {
                err.println("telltale: " + fe.field() + ": " + fe.message());
            }
            return 2;
        } catch (IllegalArgumentException | dev.telltale.experiments.train.BadCheckpointException e) {
            err.println("telltale: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("telltale: the run failed: " + e);
            if (Boolean.getBoolean("telltale.debug")) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** The scale of the CA's ε for evaluate's pictures: 1 (the paper's sampling) unless given. */
    private static double conditionNoise(Args a) throws UsageException {
        String v = a.get("--condition-noise");
        if (v == null) {
            return 1;
        }
        double t;
        try {
            t = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            t = Double.NaN;
        }
        if (!(t >= 0 && t <= 1)) {
            throw new UsageException("--condition-noise must be a number within [0, 1] (1 samples ĉ as the paper, 0 takes the CA mean), got '"
                    + v + "'");
        }
        return t;
    }

    /** The most pictures evaluate draws: 65,536 Stage-II pictures of 128 px are 12 GB of floats. */
    static final int MAX_SAMPLES = 65_536;

    private static int intOption(Args a, String name, int fallback) throws UsageException {
        String v = a.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a positive number, got '" + v + "'");
        }
    }

    static Train.Request trainRequest(Args a) throws UsageException {
        Map<String, Object> overrides = new LinkedHashMap<>();
        String model = a.get("--model");
        String dataset = a.get("--dataset");
        String preset = a.get("--preset") == null ? "cpu" : a.get("--preset");
        if (a.get("--spec") != null) {
            // a spec written by the server: model, dataset, preset and the resolved parameters
            Spec spec = Spec.read(Path.of(a.get("--spec")));
            model = spec.model();
            dataset = spec.dataset();
            preset = spec.preset();
            overrides.putAll(spec.params());
        } else if (model == null || dataset == null) {
            throw new UsageException(model == null ? "--model is required" : "--dataset is required");
        }
        overrides.putAll(a.sets);
        if (a.get("--steps") != null) {
            overrides.put("steps", a.get("--steps"));
        }
        if (a.get("--stage1") != null) {
            overrides.put("stage1", a.get("--stage1"));
        }
        if (a.get("--text-encoder") != null) {
            overrides.put("textEncoder", a.get("--text-encoder"));
        }
        Path out = Path.of(a.require("--out"));
        Function<Path, Tracker> trackers = dir -> new LocalTracker(dir);
        return new Train.Request(model, dataset, preset,
                overrides, out, a.get("--resume") == null ? null : Path.of(a.get("--resume")),
                a.get("--judge-cache") == null ? null : Path.of(a.get("--judge-cache")), !a.has("--no-eval"), trackers);
    }
}
