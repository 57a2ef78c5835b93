package dev.telltale.backend.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each statistic against examples computed by hand (items A, B, C are 0, 1, 2). */
class RankingStatisticsTest {

    static final double EPS = 1e-12;

    static Ranking order(String rater, String caption, int items, List<List<Integer>> groups) {
        return Ranking.ofOrder(rater, caption, groups, items);
    }

    /** r1: A > B > C; r2: {A, B} > C; r3: C > {A, B}. */
    static List<Ranking> threeWithTies() {
        return List.of(
                order("x", "c1", 3, List.of(List.of(0), List.of(1), List.of(2))),
                order("y", "c1", 3, List.of(List.of(0, 1), List.of(2))),
                order("x", "c2", 3, List.of(List.of(2), List.of(0, 1))));
    }

    @Test
    void tiesTakeTheMeanOfThePlacesTheyShare() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, order("r", "c", 4, List.of(List.of(0), List.of(1, 2), List.of(3))).ranks());
        assertArrayEquals(new double[] {2, 2, 2}, order("r", "c", 3, List.of(List.of(2, 0, 1))).ranks());
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Ranking.ofPlaces("r", "c", new int[] {1, 1, 3}).ranks());
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Ranking.ofPlaces("r", "c", new int[] {1, 1, 2}).ranks());
        assertArrayEquals(new double[] {3, 1, 2}, Ranking.ofPlaces("r", "c", new int[] {7, 2, 5}).ranks());
        assertThrows(IllegalArgumentException.class, () -> order("r", "c", 3, List.of(List.of(0), List.of(0), List.of(2))));
        assertThrows(IllegalArgumentException.class, () -> order("r", "c", 3, List.of(List.of(0), List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> order("r", "c", 3, List.of(List.of(0), List.of(1), List.of(3))));
        assertThrows(IllegalArgumentException.class, () -> AverageRank.of(List.of(
                order("r", "c", 2, List.of(List.of(0), List.of(1))), order("r", "c", 3, List.of(List.of(0, 1, 2))))));
    }

    @Test
    void averageRankWithTies() {
        // A: (1 + 1.5 + 2.5) / 3, B: (2 + 1.5 + 2.5) / 3, C: (3 + 3 + 1) / 3
        assertArrayEquals(new double[] {5.0 / 3, 2, 7.0 / 3}, AverageRank.of(threeWithTies()), EPS);
        Map<String, double[]> per = AverageRank.perCaption(threeWithTies());
        assertArrayEquals(new double[] {1.25, 1.75, 3}, per.get("c1"), EPS);
        assertArrayEquals(new double[] {2.5, 2.5, 1}, per.get("c2"), EPS);
        // a weight of 2 counts a ranking twice
        assertArrayEquals(new double[] {(2 * 1 + 1.5 + 2.5) / 4, (2 * 2 + 1.5 + 2.5) / 4, (2 * 3 + 3 + 1) / 4.0},
                AverageRank.of(threeWithTies(), new double[] {2, 1, 1}), EPS);
    }

    @Test
    void rankingsImplyPairwiseWinsWithTiesHalfEach() {
        double[][] wins = PairwiseWins.of(threeWithTies());
        // A-B: 1 + ½ + ½ to A, ½ + ½ to B; A-C and B-C: two to one
        assertArrayEquals(new double[] {0, 2, 2}, wins[0], EPS);
        assertArrayEquals(new double[] {1, 0, 2}, wins[1], EPS);
        assertArrayEquals(new double[] {1, 1, 0}, wins[2], EPS);
        double[][] rate = PairwiseWins.winRates(wins);
        assertEquals(2.0 / 3, rate[0][1], EPS);
        assertEquals(1.0 / 3, rate[1][0], EPS);
        assertTrue(Double.isNaN(rate[1][1]));
    }

    @Test
    void bradleyTerryOfTwoItemsIsTheWinShare() {
        BradleyTerry.Fit fit = BradleyTerry.fit(new double[][] {{0, 3}, {1, 0}});
        assertTrue(fit.converged());
        assertArrayEquals(new double[] {0.75, 0.25}, fit.strengths(), 1e-9);
        assertEquals(0.75, fit.probability(0, 1), 1e-9);
        // two wins, a tie and a loss: 2.5 of 4
        List<Ranking> rs = List.of(order("a", "1", 2, List.of(List.of(0), List.of(1))), order("a", "2", 2, List.of(List.of(0), List.of(1))),
                order("a", "3", 2, List.of(List.of(0, 1))), order("a", "4", 2, List.of(List.of(1), List.of(0))));
        assertArrayEquals(new double[] {0.625, 0.375}, BradleyTerry.fit(PairwiseWins.of(rs)).strengths(), 1e-9);
    }

    @Test
    void bradleyTerryFindsAKnownThreeItemMle() {
        // strengths 4 : 2 : 1 with every pair's wins exactly as the model expects (n_ij proportional
        // to p_i + p_j): the likelihood equations hold there, and the MLE of a connected design is unique
        double[][] wins = {{0, 4, 4}, {2, 0, 2}, {1, 1, 0}};
        BradleyTerry.Fit fit = BradleyTerry.fit(wins);
        assertTrue(fit.converged());
        assertArrayEquals(new double[] {4.0 / 7, 2.0 / 7, 1.0 / 7}, fit.strengths(), 1e-9);
        // and the score equations W_i = Σ_j n_ij p_i / (p_i + p_j) hold at the fit of an arbitrary matrix
        double[][] other = {{0, 5, 1}, {2, 0, 3}, {4, 1, 0}};
        double[] p = BradleyTerry.fit(other).strengths();
        for (int i = 0; i < 3; i++) {
            double won = 0;
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    won += other[i][j];
                    expected += (other[i][j] + other[j][i]) * p[i] / (p[i] + p[j]);
                }
            }
            assertEquals(won, expected, 1e-8, "score equation of item " + i);
        }
    }

    @Test
    void anItemThatNeverWinsHasNoFiniteMleButAPriorKeepsItPositive() {
        double[][] wins = {{0, 3}, {0, 0}};
        assertTrue(BradleyTerry.fit(wins).strengths()[1] < 1e-6);
        double[] prior = BradleyTerry.fit(wins, 1).strengths();
        // one virtual tie: 3.5 of 4 wins
        assertArrayEquals(new double[] {0.875, 0.125}, prior, 1e-9);
    }

    @Test
    void kendallWIsOneForIdenticalAndZeroForReversedRankings() {
        List<Ranking> same = new ArrayList<>();
        for (String r : List.of("a", "b", "c")) {
            same.add(order(r, "c", 4, List.of(List.of(2), List.of(0), List.of(3), List.of(1))));
        }
        assertEquals(1, KendallW.of(same), EPS);
        List<Ranking> reversed = List.of(order("a", "c", 4, List.of(List.of(0), List.of(1), List.of(2), List.of(3))),
                order("b", "c", 4, List.of(List.of(3), List.of(2), List.of(1), List.of(0))));
        assertEquals(0, KendallW.of(reversed), EPS);
    }

    @Test
    void kendallWCorrectsForTies() {
        // sums 2.5, 3.5, 6 around 4: S = 6.5; ties Σ(t³ − t) = 6; W = 12 · 6.5 / (4 · 24 − 2 · 6) = 78 / 84
        List<Ranking> rs = List.of(order("a", "c", 3, List.of(List.of(0), List.of(1), List.of(2))),
                order("b", "c", 3, List.of(List.of(0, 1), List.of(2))));
        assertEquals(78.0 / 84, KendallW.of(rs), EPS);
        // identical rankings with ties still agree perfectly once corrected
        List<Ranking> tiedSame = List.of(order("a", "c", 3, List.of(List.of(0, 1), List.of(2))),
                order("b", "c", 3, List.of(List.of(0, 1), List.of(2))));
        assertEquals(1, KendallW.of(tiedSame), EPS);
        assertTrue(Double.isNaN(KendallW.of(List.of(order("a", "c", 3, List.of(List.of(0, 1, 2))),
                order("b", "c", 3, List.of(List.of(0, 1, 2)))))), "nothing to agree on");
        Map<String, Double> per = KendallW.perCaption(threeWithTies());
        assertEquals(Map.of("c1", 78.0 / 84), per, "c2 has one rater only");
    }

    @Test
    void raterAgreementSpotsTheRaterWhoReversesEveryone() {
        List<Ranking> rs = new ArrayList<>();
        for (String caption : List.of("c1", "c2")) {
            for (String r : List.of("a", "b", "d")) {
                rs.add(order(r, caption, 3, List.of(List.of(0), List.of(1), List.of(2))));
            }
            rs.add(order("careless", caption, 3, List.of(List.of(2), List.of(1), List.of(0))));
        }
        Map<String, RaterAgreement.Agreement> a = RaterAgreement.withConsensus(rs);
        // a's others: b, d and careless average to (5/3, 2, 7/3): the same order as a's
        assertEquals(1, a.get("a").spearman(), EPS);
        assertEquals(2, a.get("a").compared());
        assertEquals(-1, a.get("careless").spearman(), EPS);
        assertEquals(1, RaterAgreement.spearman(new double[] {1, 2, 3}, new double[] {10, 20, 30}), EPS);
        // ties: ρ of (1, 2.5, 2.5) and (1, 2, 3) is 0.866… = √3 / 2
        assertEquals(Math.sqrt(3) / 2, RaterAgreement.spearman(new double[] {1, 2.5, 2.5}, new double[] {1, 2, 3}), EPS);
        Map<String, RaterAgreement.Agreement> lonely = RaterAgreement.withConsensus(List.of(order("solo", "c", 2, List.of(List.of(0), List.of(1)))));
        assertTrue(Double.isNaN(lonely.get("solo").spearman()));
        assertEquals(0, lonely.get("solo").compared());
    }

    @Test
    void bootstrapOfUnanimousRankingsHasNoWidth() {
        List<Ranking> rs = new ArrayList<>();
        for (String caption : List.of("c1", "c2", "c3")) {
            for (String r : List.of("a", "b")) {
                rs.add(order(r, caption, 3, List.of(List.of(1), List.of(0, 2))));
            }
        }
        Bootstrap.Interval[] ci = Bootstrap.averageRank(rs, 200, 1);
        assertEquals(2.5, ci[0].estimate(), EPS);
        assertEquals(2.5, ci[0].low(), EPS);
        assertEquals(2.5, ci[0].high(), EPS);
        assertEquals(1, ci[1].high(), EPS);
    }

    @Test
    void oneCaptionRankedByOneRaterHasNoIntervalRatherThanAZeroWideOne() {
        // two tasks of the same caption by the same rater: nothing to resample, so nothing measured
        List<Ranking> rs = List.of(order("r", "c", 2, List.of(List.of(0), List.of(1))), order("r", "c", 2, List.of(List.of(1), List.of(0))));
        Bootstrap.Interval a = Bootstrap.averageRank(rs, 200, 1)[0];
        assertEquals(1.5, a.estimate(), EPS);
        assertTrue(Double.isNaN(a.low()) && Double.isNaN(a.high()), a.toString());
    }

    @Test
    void bootstrapOverCaptionsMatchesTheHandEnumeration() {
        // one rater, A first for c1 and last for c2: the replicates' mean rank of A is 1, 1.5 or 2
        // with chance ¼, ½, ¼, so the 2.5 % and 97.5 % points are 1 and 2
        List<Ranking> rs = List.of(order("r", "c1", 2, List.of(List.of(0), List.of(1))), order("r", "c2", 2, List.of(List.of(1), List.of(0))));
        Bootstrap.Interval a = Bootstrap.averageRank(rs, 2000, 7)[0];
        assertEquals(1.5, a.estimate(), EPS);
        assertEquals(1, a.low(), EPS);
        assertEquals(2, a.high(), EPS);
        // and over raters: two raters who disagree on one caption
        List<Ranking> raters = List.of(order("x", "c", 2, List.of(List.of(0), List.of(1))), order("y", "c", 2, List.of(List.of(1), List.of(0))));
        Bootstrap.Interval b = Bootstrap.averageRank(raters, 2000, 7)[0];
        assertEquals(1, b.low(), EPS);
        assertEquals(2, b.high(), EPS);
    }

    @Test
    void bootstrapIsSeededAndBracketsItsEstimate() {
        List<Ranking> rs = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int c = 0; c < 8; c++) {
            for (String r : List.of("a", "b", "c", "d")) {
                // item 0 usually best, item 2 usually worst, with noise
                double[] score = {random.nextGaussian(), 1 + random.nextGaussian(), 2 + random.nextGaussian()};
                rs.add(new Ranking(r, "c" + c, MidRanks.of(score)));
            }
        }
        Bootstrap.Interval[] one = Bootstrap.bradleyTerry(rs, 0, 300, 11);
        Bootstrap.Interval[] same = Bootstrap.bradleyTerry(rs, 0, 300, 11);
        Bootstrap.Interval[] other = Bootstrap.bradleyTerry(rs, 0, 300, 12);
        assertArrayEquals(one, same, "same seed, same intervals");
        assertFalse(java.util.Arrays.equals(one, other), "another seed, other replicates");
        double[] fit = BradleyTerry.fit(PairwiseWins.of(rs)).strengths();
        for (int i = 0; i < 3; i++) {
            assertEquals(fit[i], one[i].estimate(), EPS);
            assertTrue(one[i].low() <= one[i].estimate() && one[i].estimate() <= one[i].high(), i + ": " + one[i]);
            assertTrue(one[i].high() > one[i].low(), "noisy rankings give an interval of some width");
        }
        assertTrue(one[0].estimate() > one[2].estimate());
        Bootstrap.Interval[] ranks = Bootstrap.averageRank(rs, 300, 11);
        assertTrue(ranks[0].high() < ranks[2].low(), "item 0 clearly ahead of item 2");
    }
}
