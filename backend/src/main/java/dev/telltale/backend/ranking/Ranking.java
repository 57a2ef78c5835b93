package dev.telltale.backend.ranking;

import java.util.Arrays;
import java.util.List;

/**
 * One rater's ranking of all items (the runs' samples) shown for one caption, as mid-ranks: 1 is
 * best, tied items share the mean of the places they occupy ({A} {B, C} gives 1, 2.5, 2.5).
 */
public record Ranking(String rater, String caption, double[] ranks) {

    public Ranking {
        if (rater == null || caption == null) {
            throw new IllegalArgumentException("a ranking needs its rater and caption");
        }
        if (ranks == null || ranks.length < 2) {
            throw new IllegalArgumentException("a ranking orders at least two items");
        }
        ranks = ranks.clone();
    }

    @Override
    public double[] ranks() {
        return ranks.clone();
    }

    public int items() {
        return ranks.length;
    }

    double rank(int item) {
        return ranks[item];
    }

    /**
     * From groups best to worst, each group a tie, naming items {@code 0..items-1} each exactly once:
     * [[2], [0, 1]] puts item 2 first and ties 0 and 1 behind it.
     */
    public static Ranking ofOrder(String rater, String caption, List<List<Integer>> bestToWorst, int items) {
        double[] ranks = new double[items];
        boolean[] seen = new boolean[items];
        int place = 0;
        for (List<Integer> group : bestToWorst) {
            if (group.isEmpty()) {
                throw new IllegalArgumentException("an empty tie group");
            }
            // the group takes places place+1 .. place+size; each gets their mean
            double mid = place + (group.size() + 1) / 2.0;
            for (int item : group) {
                if (item < 0 || item >= items) {
                    throw new IllegalArgumentException("item " + item + " is not one of 0.." + (items - 1));
                }
                if (seen[item]) {
                    throw new IllegalArgumentException("item " + item + " is ranked twice");
                }
                seen[item] = true;
                ranks[item] = mid;
            }
            place += group.size();
        }
        if (place != items) {
            throw new IllegalArgumentException("the ranking names " + place + " of " + items + " items");
        }
        return new Ranking(rater, caption, ranks);
    }

    /** From place numbers per item where equal numbers are ties ({1, 1, 3} or {1, 1, 2} alike). */
    public static Ranking ofPlaces(String rater, String caption, int[] places) {
        double[] values = new double[places.length];
        for (int i = 0; i < places.length; i++) {
            values[i] = places[i];
        }
        return new Ranking(rater, caption, MidRanks.of(values));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ranking r && r.rater.equals(rater) && r.caption.equals(caption) && Arrays.equals(r.ranks, ranks);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rater.hashCode() + caption.hashCode()) + Arrays.hashCode(ranks);
    }

    @Override
    public String toString() {
        return "Ranking(" + rater + ", " + caption + ", " + Arrays.toString(ranks) + ")";
    }
}
