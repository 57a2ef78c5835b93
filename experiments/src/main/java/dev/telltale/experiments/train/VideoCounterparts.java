package dev.telltale.experiments.train;

import dev.telltale.experiments.data.VideoDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Clips that differ from a given clip in one attribute only (the digit but not the motion, say),
 * for asking whether the discriminator checks that attribute of a caption. TBMG's {@code pair} is
 * derived from its two digits, so it is left out of the comparison.
 */
final class VideoCounterparts {

    /** Attributes computed from others, which change whenever those change. */
    static final Set<String> DERIVED = Set.of("pair");

    private final List<Map<String, String>> indexed = new ArrayList<>();
    private final Set<String> attributes = new LinkedHashSet<>();
    private final Map<String, Map<Map<String, String>, List<Integer>>> byRest = new HashMap<>();

    /** Indexes the first {@code limit} clips of {@code ds} by their attributes (read without rendering). */
    VideoCounterparts(VideoDataset ds, int limit) {
        for (int i = 0; i < Math.min(limit, ds.size()); i++) {
            Map<String, String> own = ds.attributes(i);
            indexed.add(own);
            for (String attribute : own.keySet()) {
                if (DERIVED.contains(attribute)) {
                    continue;
                }
                attributes.add(attribute);
                byRest.computeIfAbsent(attribute, k -> new HashMap<>()).computeIfAbsent(rest(own, attribute), k -> new ArrayList<>()).add(i);
            }
        }
    }

    /** The attributes a counterpart can differ in, in the dataset's order. */
    List<String> attributes() {
        return List.copyOf(attributes);
    }

    /** How many clips are indexed: the ones to draw a clip from. */
    int size() {
        return indexed.size();
    }

    /** An indexed clip that says what indexed clip {@code index} says but for {@code attribute}, if the indexed clips hold one. */
    OptionalInt counterpart(int index, String attribute, Random rng) {
        Map<String, String> own = indexed.get(index);
        List<Integer> same = byRest.getOrDefault(attribute, Map.of()).getOrDefault(rest(own, attribute), List.of());
        List<Integer> out = new ArrayList<>();
        for (int j : same) {
            if (!indexed.get(j).get(attribute).equals(own.get(attribute))) {
                out.add(j);
            }
        }
        return out.isEmpty() ? OptionalInt.empty() : OptionalInt.of(out.get(rng.nextInt(out.size())));
    }

    private static Map<String, String> rest(Map<String, String> own, String attribute) {
        Map<String, String> rest = new HashMap<>(own);
        rest.remove(attribute);
        DERIVED.forEach(rest::remove);
        return rest;
    }
}
