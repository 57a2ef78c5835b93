package dev.telltale.experiments.bench;

import dev.telltale.experiments.cli.Train;
import dev.telltale.experiments.track.LocalTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quality benchmarks of the two papers' CPU presets (not a test; each takes many minutes), run
 * as a user would run them and timed end to end, judge training included:
 * <ul>
 * <li>{@code stackgan}: on shapes, Stage-I (which trains its text encoder first) and then Stage-II on
 *     Stage-I's last checkpoint; budget 15 minutes for the whole;</li>
 * <li>{@code tganc}: TGANs-C-C and TGANs-C-A on a bouncing-digit set (sbmg, or tbmg); budget 30
 *     minutes each.</li>
 * </ul>
 * Prints every part's wall time and final evaluation (generated next to the same judge's reading of
 * real held-out data), and leaves the runs (sample grids or GIFs, metrics.csv, checkpoints) under
 * {@code --out}. {@code --set key=value} (repeatable) overrides a parameter of every run.
 *
 * <pre>java -cp experiments/target/telltale-experiments.jar dev.telltale.experiments.bench.QualityBenchmark
 *     --model stackgan|tganc [--dataset shapes|sbmg|tbmg] [--preset cpu] [--out DIR] [--judge-cache DIR] [--set k=v ...]</pre>
 */
public final class QualityBenchmark {

    private QualityBenchmark() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            // a bad option or parameter: the message names it, no stack trace
            System.err.println("QualityBenchmark: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        String model = null;
        String dataset = null;
        String preset = "cpu";
        Path out = null;
        Path judgeCache = null;
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--model" -> model = v;
                case "--dataset" -> dataset = v;
                case "--preset" -> preset = v;
                case "--out" -> out = Path.of(v);
                case "--judge-cache" -> judgeCache = Path.of(v);
                case "--set" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set takes key=value, got " + v);
                    }
                    overrides.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!"stackgan".equals(model) && !"tganc".equals(model)) {
            throw new IllegalArgumentException("--model must be stackgan or tganc");
        }
        boolean video = model.equals("tganc");
        dataset = dataset != null ? dataset : video ? "sbmg" : "shapes";
        out = out != null ? out : Files.createTempDirectory("telltale-quality");
        judgeCache = judgeCache != null ? judgeCache : out.resolve("judge");
        List<String[]> rows = new ArrayList<>();
        long total = System.nanoTime();
        if (video) {
            for (String variant : List.of("tganc-c", "tganc-a")) {
                rows.add(run(variant, dataset, preset, overrides, out.resolve(variant), judgeCache, 30));
            }
        } else {
            rows.add(run("stackgan-stage1", dataset, preset, overrides, out.resolve("stage1"), judgeCache, 0));
            Map<String, Object> two = new LinkedHashMap<>(overrides);
            two.put("stage1", out.resolve("stage1").toString());
            rows.add(run("stackgan-stage2", dataset, preset, two, out.resolve("stage2"), judgeCache, 0));
            System.out.printf(Locale.ROOT, "pipeline: %.1f min (budget 15)%n", (System.nanoTime() - total) / 6e10);
        }
        System.out.println("runs under " + out);
        for (String[] row : rows) {
            System.out.println(String.join("\t", row));
        }
    }

    private static String[] run(String model, String dataset, String preset, Map<String, Object> overrides, Path dir,
            Path judgeCache, int budgetMinutes) throws Exception {
        long t0 = System.nanoTime();
        Train.Outcome o = Train.run(new Train.Request(model, dataset, preset, overrides, dir, null, judgeCache, true,
                LocalTracker::new));
        double minutes = (System.nanoTime() - t0) / 6e10;
        StringBuilder metrics = new StringBuilder();
        new TreeMap<>(o.evaluation()).forEach((k, v) -> metrics.append(String.format(Locale.ROOT, "%s=%.4g ", k, v)));
        String budget = budgetMinutes > 0 ? String.format(Locale.ROOT, " (budget %d)", budgetMinutes) : "";
        System.out.printf(Locale.ROOT, "%s on %s (%s): %.1f min%s%n  %s%n", model, dataset, preset, minutes, budget, metrics);
        return new String[] {model, String.format(Locale.ROOT, "%.1f min", minutes), metrics.toString().trim()};
    }
}
