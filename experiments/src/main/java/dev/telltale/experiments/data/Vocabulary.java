package dev.telltale.experiments.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Word ids for captions. Tokens are the lower-cased runs of letters and digits (everything else
 * separates words). Id 0 is padding, id 1 stands for any word the vocabulary lacks; the remaining
 * ids go to the known words, most frequent first (ties alphabetically), so a vocabulary built from
 * the same captions is always the same.
 */
public final class Vocabulary {

    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final String PAD_TOKEN = "<pad>";
    public static final String UNK_TOKEN = "<unk>";

    private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final String FORMAT = "telltale-vocabulary";

    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            if (map.put(words.get(i), i) != null) {
                throw new IllegalArgumentException("word \"" + words.get(i) + "\" appears twice in the vocabulary");
            }
        }
        this.ids = map;
    }

    /** The caption's words, in order: lower-cased runs of letters and digits. */
    public static List<String> tokenize(String caption) {
        if (caption == null) {
            throw new IllegalArgumentException("caption must not be null");
        }
        List<String> tokens = new ArrayList<>();
        for (String part : SEPARATOR.split(caption.toLowerCase(Locale.ROOT))) {
            if (!part.isEmpty()) {
                tokens.add(part);
            }
        }
        return tokens;
    }

    /** Keeps every word seen at least {@code minCount} times across the captions. */
    public static Vocabulary build(Iterable<String> captions, int minCount) {
        if (captions == null) {
            throw new IllegalArgumentException("captions must not be null");
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String caption : captions) {
            for (String token : tokenize(caption)) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>();
        words.add(PAD_TOKEN);
        words.add(UNK_TOKEN);
        for (Map.Entry<String, Integer> e : kept) {
            words.add(e.getKey());
        }
        return new Vocabulary(words);
    }

    /** Number of ids, PAD and UNK included. */
    public int size() {
        return words.size();
    }

    /** The id of a (lower-case) word, or {@link #UNK}. */
    public int id(String word) {
        return ids.getOrDefault(word, UNK);
    }

    public String word(int id) {
        if (id < 0 || id >= words.size()) {
            throw new IllegalArgumentException("id " + id + " outside 0.." + (words.size() - 1));
        }
        return words.get(id);
    }

    /** All words by id (index 0 is {@link #PAD_TOKEN}, 1 is {@link #UNK_TOKEN}). */
    public List<String> words() {
        return words;
    }

    /** Exactly {@code maxLength} ids: the caption's first words, then PAD to fill. */
    public int[] encode(String caption, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        List<String> tokens = tokenize(caption);
        int[] out = new int[maxLength];
        for (int i = 0; i < Math.min(maxLength, tokens.size()); i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    /** Number of words in the caption (before padding or truncation). */
    public static int length(String caption) {
        return tokenize(caption).size();
    }

    /** The caption's words the vocabulary does not know, each once, in order of appearance. */
    public List<String> unknownWords(String caption) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String token : tokenize(caption)) {
            if (!ids.containsKey(token)) {
                unknown.add(token);
            }
        }
        return List.copyOf(unknown);
    }

    /** Words back from ids, padding dropped (for logs and sample sheets). */
    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            if (id == PAD) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word(id));
        }
        return out.toString();
    }

    private record Stored(String format, int version, List<String> words) {
    }

    public void save(Path file) {
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(new Stored(FORMAT, 1, words));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write vocabulary " + file, e);
        }
    }

    public static Vocabulary load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("vocabulary file " + file + " does not exist");
        }
        Stored stored;
        try {
            stored = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary " + file, e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not a vocabulary JSON file", e);
        }
        if (stored == null || !FORMAT.equals(stored.format()) || stored.version() != 1 || stored.words() == null
            || stored.words().size() < 2 || !PAD_TOKEN.equals(stored.words().get(PAD))
            || !UNK_TOKEN.equals(stored.words().get(UNK))) {
            throw new IllegalArgumentException(file + ": not a version-1 " + FORMAT + " file with "
                + PAD_TOKEN + " and " + UNK_TOKEN + " first");
        }
        return new Vocabulary(stored.words());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.words.equals(words);
    }

    @Override
    public int hashCode() {
        return words.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " ids)";
    }
}
