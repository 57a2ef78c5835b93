package dev.telltale.backend.study;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which tasks a study holds: every caption {@code samplesPerCaption} times, each time with its own
 * noise seed that every arm draws with (so arms differ only by model, not by luck of z), then
 * {@code repeats} of those tasks again, chosen at random, for rater self-consistency.
 */
public final class TaskPlan {

    /** A planned task: which caption, which seed, and (for a repeat) the index of the task it repeats. */
    public record Planned(int captionIndex, long seed, Integer repeatOf) {}

    private TaskPlan() {}

    public static List<Planned> of(int captions, int samplesPerCaption, int repeats, long seed) {
        if (captions < 1 || samplesPerCaption < 1) {
            throw new IllegalArgumentException("a study needs at least one caption and one sample per caption");
        }
        int originals = captions * samplesPerCaption;
        if (repeats < 0 || repeats > originals) {
            throw new IllegalArgumentException("repeats must lie in 0.." + originals + ", got " + repeats);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Planned> out = new ArrayList<>(originals + repeats);
        for (int c = 0; c < captions; c++) {
            for (int s = 0; s < samplesPerCaption; s++) {
                out.add(new Planned(c, random.nextLong(1L << 31), null));
            }
        }
        // a partial Fisher–Yates picks distinct originals
        int[] index = new int[originals];
        for (int i = 0; i < originals; i++) {
            index[i] = i;
        }
        for (int k = 0; k < repeats; k++) {
            int j = k + random.nextInt(originals - k);
            int t = index[k];
            index[k] = index[j];
            index[j] = t;
            Planned original = out.get(index[k]);
            out.add(new Planned(original.captionIndex(), original.seed(), index[k]));
        }
        return out;
    }
}
