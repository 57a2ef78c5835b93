package dev.telltale.backend.ranking;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks shared by the statistics: rankings of one item set, with weights (a bootstrap's multiplicities). */
final class Rankings {

    private Rankings() {}

    /** The number of items every ranking orders. */
    static int items(List<Ranking> rankings) {
        if (rankings == null || rankings.isEmpty()) {
            throw new IllegalArgumentException("no rankings");
        }
        int n = rankings.get(0).items();
        for (Ranking r : rankings) {
            if (r.items() != n) {
                throw new IllegalArgumentException("rankings of " + n + " and of " + r.items() + " items mixed");
            }
        }
        return n;
    }

    static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    static void checkWeights(List<Ranking> rankings, double[] weights) {
        if (weights.length != rankings.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + rankings.size() + " rankings");
        }
    }

    /** The rankings of each caption, captions in order of first appearance. */
    static Map<String, List<Ranking>> byCaption(List<Ranking> rankings) {
        Map<String, List<Ranking>> out = new LinkedHashMap<>();
        for (Ranking r : rankings) {
            out.computeIfAbsent(r.caption(), k -> new java.util.ArrayList<>()).add(r);
        }
        return out;
    }
}
