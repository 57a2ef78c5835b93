package dev.telltale.backend.study;

import dev.telltale.backend.ranking.AverageRank;
import dev.telltale.backend.ranking.Bootstrap;
import dev.telltale.backend.ranking.KendallW;
import dev.telltale.backend.ranking.PairwiseWins;
import dev.telltale.backend.ranking.Ranking;
import dev.telltale.backend.ranking.RaterAgreement;
import dev.telltale.backend.store.Evaluations.Evaluation;
import dev.telltale.backend.store.StudyStore.Arm;
import dev.telltale.backend.store.StudyStore.Judgement;
import dev.telltale.backend.store.StudyStore.Sample;
import dev.telltale.backend.store.StudyStore.StudyView;
import dev.telltale.backend.store.StudyStore.Task;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a study's judgements say, per arm: the paper's average rank (1 = best) with a bootstrap 95 %
 * interval over captions and raters, overall and per caption; Bradley–Terry strengths of the implied
 * pairwise preferences with intervals; the win-rate matrix; Kendall's W among the raters of each task;
 * each rater's agreement with the others, their accuracy on the real control and their consistency on
 * repeated tasks. Repeats feed only the consistency: counting them too would weigh those tasks twice.
 */
public final class StudyResults {

    /** Bootstrap replicates for the overall intervals, and for each caption's. */
    static final int REPLICATES = 1000;
    static final int CAPTION_REPLICATES = 400;
    /** Virtual ties per pair: keeps Bradley–Terry finite when one arm always wins. */
    static final double PSEUDO_TIES = 0.5;
    /** The evaluation metrics shown next to the human measures. */
    public static final List<String> METRICS = List.of("inception_score", "fid", "caption_accuracy");

    /** An arm with what the owner knows about it: the run's current name and its evaluation per metric. */
    public record ArmInfo(Arm arm, String runName, Map<String, Evaluation> evaluation) {}

    private StudyResults() {}

    /** One judgement in arm space. */
    private record Judged(Judgement judgement, Task task, double[] ranks, List<List<Integer>> groups) {}

    public static JsonObject compute(StudyView study, List<ArmInfo> arms, List<Task> tasks, List<Judgement> judgements,
            boolean withJudgements) {
        int n = arms.size();
        Map<Long, Integer> armIndex = new HashMap<>();
        for (int i = 0; i < n; i++) {
            armIndex.put(arms.get(i).arm().id(), i);
        }
        Map<Long, Task> taskById = new HashMap<>();
        tasks.forEach(t -> taskById.put(t.id(), t));
        List<Judged> judged = new ArrayList<>();
        for (Judgement j : judgements) {
            Task t = taskById.get(j.taskId());
            Map<String, Integer> armOfSample = new HashMap<>();
            for (Sample s : t.samples()) {
                armOfSample.put(s.publicId(), armIndex.get(s.armId()));
            }
            List<List<Integer>> groups = new ArrayList<>();
            for (Object g : new JsonArray(j.rankingJson())) {
                List<Integer> group = new ArrayList<>();
                ((JsonArray) g).forEach(id -> group.add(armOfSample.get((String) id)));
                groups.add(group);
            }
            judged.add(new Judged(j, t, Ranking.ofOrder(j.rater(), t.caption(), groups, n).ranks(), groups));
        }
        List<Judged> main = judged.stream().filter(x -> x.task().repeatOf() == null).toList();
        // by caption for the rank averages and their bootstrap (a caption's tasks are one cluster);
        // by task for agreement, which needs the same pictures in front of every rater
        List<Ranking> byCaption = main.stream().map(x -> new Ranking(x.judgement().rater(), x.task().caption(), x.ranks())).toList();
        List<Ranking> byTask = main.stream().map(x -> new Ranking(x.judgement().rater(), x.task().publicId(), x.ranks())).toList();
        int real = -1;
        for (int i = 0; i < n; i++) {
            if (arms.get(i).arm().real()) {
                real = i;
            }
        }
        long seed = study.id();

        JsonObject out = new JsonObject()
                .put("studyId", study.id())
                .put("name", study.name())
                .put("status", study.status())
                .put("tasks", tasks.size())
                .put("judgements", main.size())
                .put("repeatJudgements", judged.size() - main.size())
                .put("raterCount", judged.stream().map(x -> x.judgement().rater()).distinct().count())
                .put("replicates", REPLICATES)
                .put("level", 0.95);

        Bootstrap.Interval[] avg = main.isEmpty() ? null : Bootstrap.averageRank(byCaption, REPLICATES, seed);
        Bootstrap.Interval[] bt = main.isEmpty() ? null : Bootstrap.bradleyTerry(byCaption, PSEUDO_TIES, REPLICATES, seed);
        int[] place = avg == null ? null : places(avg);
        JsonArray armsJson = new JsonArray();
        for (int i = 0; i < n; i++) {
            ArmInfo a = arms.get(i);
            JsonObject evaluation = new JsonObject();
            a.evaluation().forEach((metric, e) -> evaluation.put(metric, new JsonObject()
                    .put("mean", num(e.mean())).put("std", e.std() == null ? null : num(e.std())).put("step", e.step())));
            armsJson.add(new JsonObject()
                    .put("armId", a.arm().id())
                    .put("position", a.arm().position())
                    .put("label", a.arm().label())
                    .put("real", a.arm().real())
                    .put("runId", a.arm().runId())
                    .put("runName", a.runName())
                    .put("checkpointId", a.arm().checkpointId())
                    .put("step", a.arm().step())
                    .put("place", place == null ? null : place[i])
                    .put("averageRank", avg == null ? null : interval(avg[i]))
                    .put("bradleyTerry", bt == null ? null : interval(bt[i]))
                    .put("evaluation", evaluation));
        }
        out.put("arms", armsJson);

        JsonArray winRates = new JsonArray();
        if (!main.isEmpty()) {
            double[][] wins = PairwiseWins.of(byCaption);
            double[][] rates = PairwiseWins.winRates(wins);
            for (int i = 0; i < n; i++) {
                JsonArray row = new JsonArray();
                for (int j = 0; j < n; j++) {
                    row.add(num(rates[i][j]));
                }
                winRates.add(row);
            }
        }
        out.put("winRates", winRates);

        Map<String, Double> wPerTask = main.isEmpty() ? Map.of() : KendallW.perCaption(byTask);
        out.put("kendallW", new JsonObject()
                .put("mean", num(wPerTask.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)))
                .put("tasks", wPerTask.size()));

        out.put("captions", perCaption(tasks, main, byCaption, wPerTask, n, seed));
        out.put("raters", raters(judged, main, byTask, taskById, real));
        out.put("control", control(main, real));
        out.put("selfConsistency", consistency(judged, taskById, null));
        if (withJudgements) {
            JsonArray all = new JsonArray();
            for (Judged x : judged) {
                JsonArray ranks = new JsonArray();
                Arrays.stream(x.ranks()).forEach(ranks::add);
                all.add(new JsonObject()
                        .put("rater", x.judgement().rater())
                        .put("taskId", x.task().publicId())
                        .put("caption", x.task().caption())
                        .put("seed", x.task().seed())
                        .put("repeat", x.task().repeatOf() != null)
                        .put("ranks", ranks)
                        .put("ms", x.judgement().ms())
                        .put("createdAt", x.judgement().createdAt().toString()));
            }
            out.put("judgementList", all);
        }
        return out;
    }

    private static JsonArray perCaption(List<Task> tasks, List<Judged> main, List<Ranking> byCaption, Map<String, Double> wPerTask,
            int n, long seed) {
        Map<String, List<Ranking>> rankings = new LinkedHashMap<>();
        Map<String, List<Double>> ws = new LinkedHashMap<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Task t : tasks) {
            if (t.repeatOf() == null) {
                rankings.putIfAbsent(t.caption(), new ArrayList<>());
                ws.putIfAbsent(t.caption(), new ArrayList<>());
                index.putIfAbsent(t.caption(), t.captionIndex());
                Double w = wPerTask.get(t.publicId());
                if (w != null) {
                    ws.get(t.caption()).add(w);
                }
            }
        }
        for (int k = 0; k < main.size(); k++) {
            rankings.get(main.get(k).task().caption()).add(byCaption.get(k));
        }
        JsonArray out = new JsonArray();
        rankings.forEach((caption, rs) -> {
            JsonArray avg = new JsonArray();
            if (!rs.isEmpty()) {
                Bootstrap.Interval[] iv = Bootstrap.averageRank(rs, CAPTION_REPLICATES, seed + index.get(caption) + 1);
                for (int i = 0; i < n; i++) {
                    avg.add(interval(iv[i]));
                }
            }
            out.add(new JsonObject()
                    .put("captionIndex", index.get(caption))
                    .put("caption", caption)
                    .put("judgements", rs.size())
                    .put("averageRank", avg)
                    .put("kendallW", num(ws.get(caption).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))));
        });
        return out;
    }

    private static JsonArray raters(List<Judged> judged, List<Judged> main, List<Ranking> byTask, Map<Long, Task> taskById, int real) {
        Map<String, RaterAgreement.Agreement> agreement = byTask.isEmpty() ? Map.of() : RaterAgreement.withConsensus(byTask);
        Map<String, List<Judged>> byRater = new LinkedHashMap<>();
        judged.forEach(x -> byRater.computeIfAbsent(x.judgement().rater(), k -> new ArrayList<>()).add(x));
        JsonArray out = new JsonArray();
        byRater.forEach((rater, mine) -> {
            RaterAgreement.Agreement a = agreement.get(rater);
            long[] ms = mine.stream().map(x -> x.judgement().ms()).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sorted().toArray();
            List<Judged> mainOfRater = main.stream().filter(x -> x.judgement().rater().equals(rater)).toList();
            out.add(new JsonObject()
                    .put("rater", rater)
                    .put("judgements", mine.size())
                    .put("medianMs", ms.length == 0 ? null : ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2)
                    .put("agreement", a == null ? null : num(a.spearman()))
                    .put("compared", a == null ? 0 : a.compared())
                    .put("controlAccuracy", control(mainOfRater, real).getValue("accuracy"))
                    .put("selfConsistency", consistency(judged, taskById, rater)));
        });
        return out;
    }

    /**
     * How often the real images came first: per judgement, 1 when the real arm alone is best, 1/k when
     * it shares the best place with k − 1 others, 0 otherwise; averaged.
     */
    private static JsonObject control(List<Judged> main, int real) {
        if (real < 0) {
            return new JsonObject().put("accuracy", null).put("judgements", 0);
        }
        double sum = 0;
        for (Judged x : main) {
            List<Integer> best = x.groups().get(0);
            if (best.contains(real)) {
                sum += 1.0 / best.size();
            }
        }
        return new JsonObject().put("accuracy", main.isEmpty() ? null : num(sum / main.size())).put("judgements", main.size());
    }

    /**
     * For each repeat a rater judged along with its original: Spearman's ρ between the two rankings
     * (over arms) and whether they are identical. Of one rater, or (null) of all.
     */
    private static JsonObject consistency(List<Judged> judged, Map<Long, Task> taskById, String rater) {
        Map<String, Judged> byRaterAndTask = new HashMap<>();
        judged.forEach(x -> byRaterAndTask.put(x.judgement().rater() + "\u0000" + x.task().id(), x));
        int pairs = 0;
        int identical = 0;
        List<Double> rhos = new ArrayList<>();
        for (Judged x : judged) {
            if (x.task().repeatOf() == null || (rater != null && !rater.equals(x.judgement().rater()))) {
                continue;
            }
            Judged original = byRaterAndTask.get(x.judgement().rater() + "\u0000" + x.task().repeatOf());
            if (original == null) {
                continue;
            }
            pairs++;
            if (Arrays.equals(original.ranks(), x.ranks())) {
                identical++;
            }
            double rho = RaterAgreement.spearman(original.ranks(), x.ranks());
            if (!Double.isNaN(rho)) {
                rhos.add(rho);
            }
        }
        return new JsonObject()
                .put("pairs", pairs)
                .put("identical", pairs == 0 ? null : num((double) identical / pairs))
                .put("spearman", num(rhos.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)))
                // pairs whose ρ exists: a rater who tied everything both times has none
                .put("spearmanPairs", rhos.size());
    }

    /** 1 for the lowest mean rank; equal means share the better place. */
    private static int[] places(Bootstrap.Interval[] avg) {
        int[] place = new int[avg.length];
        for (int i = 0; i < avg.length; i++) {
            int better = 0;
            for (Bootstrap.Interval other : avg) {
                if (other.estimate() < avg[i].estimate()) {
                    better++;
                }
            }
            place[i] = better + 1;
        }
        return place;
    }

    private static JsonObject interval(Bootstrap.Interval iv) {
        return new JsonObject().put("estimate", num(iv.estimate())).put("low", num(iv.low())).put("high", num(iv.high()));
    }

    /** JSON has no NaN: an undefined value is null. */
    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * The results as one tidy CSV table, a row per (measure, caption, arm[, against]):
     * {@code measure,caption,arm,label,run_id,step,against,estimate,low,high,n}. Evaluations give
     * their mean as estimate and mean ± std as low/high; the rank measures their 95 % interval.
     */
    public static String csv(JsonObject results) {
        StringBuilder sb = new StringBuilder("measure,caption,arm,label,run_id,step,against,estimate,low,high,n\n");
        JsonArray arms = results.getJsonArray("arms");
        for (int i = 0; i < arms.size(); i++) {
            JsonObject a = arms.getJsonObject(i);
            row(sb, "average_rank", "", a, "", a.getJsonObject("averageRank"), results.getInteger("judgements"));
            row(sb, "bradley_terry", "", a, "", a.getJsonObject("bradleyTerry"), results.getInteger("judgements"));
            JsonObject ev = a.getJsonObject("evaluation");
            for (String metric : METRICS) {
                JsonObject e = ev.getJsonObject(metric);
                if (e != null) {
                    Double mean = e.getDouble("mean");
                    Double std = e.getDouble("std");
                    JsonObject iv = new JsonObject().put("estimate", mean)
                            .put("low", std == null || mean == null ? null : mean - std)
                            .put("high", std == null || mean == null ? null : mean + std);
                    row(sb, metric, "", a, "", iv, null);
                }
            }
            JsonArray rates = results.getJsonArray("winRates");
            if (!rates.isEmpty()) {
                for (int j = 0; j < arms.size(); j++) {
                    if (j != i) {
                        row(sb, "win_rate", "", a, arms.getJsonObject(j).getString("label"),
                                new JsonObject().put("estimate", rates.getJsonArray(i).getValue(j)), null);
                    }
                }
            }
        }
        for (Object o : results.getJsonArray("captions")) {
            JsonObject c = (JsonObject) o;
            JsonArray avg = c.getJsonArray("averageRank");
            for (int i = 0; i < avg.size(); i++) {
                row(sb, "average_rank", c.getString("caption"), arms.getJsonObject(i), "", avg.getJsonObject(i), c.getInteger("judgements"));
            }
            if (c.getValue("kendallW") != null) {
                row(sb, "kendall_w", c.getString("caption"), null, "", new JsonObject().put("estimate", c.getValue("kendallW")), null);
            }
        }
        JsonObject w = results.getJsonObject("kendallW");
        row(sb, "kendall_w", "", null, "", new JsonObject().put("estimate", w.getValue("mean")), w.getInteger("tasks"));
        JsonObject control = results.getJsonObject("control");
        if (control.getValue("accuracy") != null) {
            row(sb, "control_accuracy", "", null, "", new JsonObject().put("estimate", control.getValue("accuracy")),
                    control.getInteger("judgements"));
        }
        JsonObject sc = results.getJsonObject("selfConsistency");
        if (sc.getInteger("pairs") > 0) {
            row(sb, "self_consistency_spearman", "", null, "", new JsonObject().put("estimate", sc.getValue("spearman")), sc.getInteger("spearmanPairs"));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String measure, String caption, JsonObject arm, String against, JsonObject iv, Integer n) {
        sb.append(measure).append(',').append(field(caption)).append(',')
                .append(arm == null ? "" : arm.getLong("armId")).append(',')
                .append(arm == null ? "" : field(arm.getString("label"))).append(',')
                .append(arm == null || arm.getValue("runId") == null ? "" : arm.getLong("runId")).append(',')
                .append(arm == null || arm.getValue("step") == null ? "" : arm.getLong("step")).append(',')
                .append(field(against)).append(',')
                .append(number(iv == null ? null : iv.getValue("estimate"))).append(',')
                .append(number(iv == null ? null : iv.getValue("low"))).append(',')
                .append(number(iv == null ? null : iv.getValue("high"))).append(',')
                .append(n == null ? "" : n).append('\n');
    }

    private static String number(Object v) {
        return v instanceof Number x ? String.format(Locale.ROOT, "%.6g", x.doubleValue()) : "";
    }

    /** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
    static String field(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String v = "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
