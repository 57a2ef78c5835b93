package dev.telltale.experiments.track;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Argument checks and the non-finite policy shared by the trackers (see {@link Tracker}). */
final class TrackerChecks {

    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);
    static final int MAX_KEY_LENGTH = 200;

    private final Map<String, Long> nonFiniteCounts = new ConcurrentHashMap<>();

    static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("scalar key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("scalar key '" + key.substring(0, 40) + "...' is longer than " + MAX_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IllegalArgumentException("scalar key '" + key + "' contains a control character");
            }
        }
    }

    static void checkStep(String key, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step of '" + key + "' must be >= 0, got " + step);
        }
    }

    static void checkArtifactArguments(ArtifactKind kind, Long step, Integer captionIndex) {
        if (kind == null) {
            throw new IllegalArgumentException("artifact kind must be given");
        }
        if (step != null && step < 0) {
            throw new IllegalArgumentException("artifact step must be >= 0, got " + step);
        }
        if (captionIndex != null && captionIndex < 0) {
            throw new IllegalArgumentException("artifact captionIndex must be >= 0, got " + captionIndex);
        }
    }

    /** The point recorded for {@code key} at {@code step}: the value itself, or the non-finite counter. */
    MetricPoint point(String key, long step, double value, long time) {
        checkKey(key);
        checkStep(key, step);
        if (Double.isFinite(value)) {
            return new MetricPoint(key, step, value, time);
        }
        long count = nonFiniteCounts.merge(key, 1L, Long::sum);
        if (isPowerOfTen(count)) {
            LOG.warn("'{}' was {} at step {} ({} non-finite value(s) so far); recorded as '{}' instead",
                    key, value, step, count, counterKey(key));
        }
        return new MetricPoint(counterKey(key), step, count, time);
    }

    /** The non-finite counter's key, cut to the key length the server takes (a longer one fails its whole batch). */
    static String counterKey(String key) {
        String counter = Tracker.NONFINITE_PREFIX + key;
        if (counter.codePointCount(0, counter.length()) <= MAX_KEY_LENGTH) {
            return counter;
        }
        return counter.substring(0, counter.offsetByCodePoints(0, MAX_KEY_LENGTH - 1)) + "\u2026";
    }

    private static boolean isPowerOfTen(long n) {
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
