package dev.telltale.backend.study;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Each rater's order of a study's tasks and of the pictures within each task: random per rater and
 * per task, yet the same every time the rater comes back. The seed mixes in the study's secret order
 * key, so a rater who knows the method, their own name and a task id still cannot undo the shuffle
 * and tell which picture came from which arm.
 */
public final class RaterOrder {

    private RaterOrder() {}

    /** The items of one task (given in arm order) as this rater sees them. */
    public static <T> List<T> items(String orderKey, String rater, String taskId, List<T> items) {
        List<T> out = new ArrayList<>(items);
        Collections.shuffle(out, new Random(seed(orderKey, "items", rater, taskId)));
        return out;
    }

    /**
     * The tasks as this rater meets them: shuffled, except that a repeat always comes after the task
     * it repeats (swapped behind it when the shuffle put it first), so it measures a second look.
     * {@code repeatOf} gives a task's original, or null.
     */
    public static <T> List<T> tasks(String orderKey, String rater, List<T> tasks, Function<T, String> id, Function<T, T> repeatOf) {
        List<T> out = new ArrayList<>(tasks);
        Collections.shuffle(out, new Random(seed(orderKey, "tasks", rater, "")));
        Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            at.put(id.apply(out.get(i)), i);
        }
        for (int i = 0; i < out.size(); i++) {
            T original = repeatOf.apply(out.get(i));
            if (original == null) {
                continue;
            }
            int j = at.get(id.apply(original));
            if (j > i) {
                T repeat = out.get(i);
                out.set(i, original);
                out.set(j, repeat);
                at.put(id.apply(original), i);
                at.put(id.apply(repeat), j);
            }
        }
        return out;
    }

    static long seed(String orderKey, String what, String rater, String taskId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {orderKey, what, rater, taskId}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            byte[] d = md.digest();
            long s = 0;
            for (int i = 0; i < 8; i++) {
                s = (s << 8) | (d[i] & 0xff);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
