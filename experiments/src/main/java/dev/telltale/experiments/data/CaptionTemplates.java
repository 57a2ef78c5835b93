package dev.telltale.experiments.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills caption phrasings such as "a {size} {color} {shape}" and picks which phrasings an image gets. */
final class CaptionTemplates {

    private static final Pattern SLOT = Pattern.compile("\\{([a-z]+)}");
    private static final Pattern ARTICLE = Pattern.compile("\\ba (?!one\\b)([aeiou])");

    private CaptionTemplates() {
    }

    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = slots.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template \"" + template + "\" uses unknown slot {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        // the article depends on the word that landed after it ("an orange", "a red", "a one")
        return ARTICLE.matcher(out).replaceAll("an $1");
    }

    /**
     * Ten (or {@code perImage}) captions: in TEST the held-out phrasings come first, each once, so a
     * caller can score unseen phrasings apart; the rest are distinct shared phrasings in random order.
     */
    static List<String> pick(List<String> shared, List<String> heldOut, Split split, int perImage,
                             Map<String, String> slots, SplittableRandom rng) {
        List<String> chosen = new ArrayList<>();
        if (split == Split.TEST) {
            chosen.addAll(heldOut);
        }
        List<String> pool = new ArrayList<>(shared);
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        for (int i = 0; chosen.size() < perImage; i++) {
            chosen.add(pool.get(i));
        }
        List<String> captions = new ArrayList<>(chosen.size());
        for (String template : chosen) {
            captions.add(fill(template, slots));
        }
        return captions;
    }
}
