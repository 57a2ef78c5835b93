package dev.telltale.backend.ranking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well each rater agrees with everyone else, to spot careless raters: for each of the rater's
 * rankings, Spearman's ρ (Pearson on mid-ranks) against the mean ranking of the other raters of the
 * same caption, averaged. Leaving the rater out keeps a rater from agreeing with themselves.
 */
public final class RaterAgreement {

    private RaterAgreement() {}

    /** A rater's mean ρ over the rankings that had others to compare with ({@code compared}); NaN if none. */
    public record Agreement(String rater, double spearman, int compared) {}

    public static Map<String, Agreement> withConsensus(List<Ranking> rankings) {
        Rankings.items(rankings);
        Map<String, List<Double>> rhos = new LinkedHashMap<>();
        Map<String, List<Ranking>> captions = Rankings.byCaption(rankings);
        for (Ranking r : rankings) {
            List<Double> mine = rhos.computeIfAbsent(r.rater(), k -> new ArrayList<>());
            List<Ranking> others = captions.get(r.caption()).stream().filter(o -> !o.rater().equals(r.rater())).toList();
            if (others.isEmpty()) {
                continue;
            }
            double rho = spearman(r.ranks(), AverageRank.of(others));
            if (!Double.isNaN(rho)) {
                mine.add(rho);
            }
        }
        Map<String, Agreement> out = new LinkedHashMap<>();
        rhos.forEach((rater, list) -> out.put(rater, new Agreement(rater,
                list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), list.size())));
        return out;
    }

    /** ρ of two score vectors (each re-ranked with mid-ranks); NaN when either is constant. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length);
        }
        return pearson(MidRanks.of(a), MidRanks.of(b));
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
