package dev.telltale.experiments.data;

import java.util.List;
import java.util.Map;

/**
 * A finite, deterministic collection of captioned images. The same index always gives the same
 * sample (rendered at the asked resolution), so runs, samples and evaluations are reproducible.
 */
public interface CaptionedDataset {

    /** The catalog id: shapes, digits, cub, oxford102. */
    String id();

    Split split();

    int size();

    /**
     * How many of each sample's captions, counted from the first, use phrasings the TRAIN split never
     * shows (0 where there are none, as in TRAIN itself).
     */
    default int heldOutPhrasings() {
        return 0;
    }

    /** Sample {@code index} (0 ≤ index < size()) rendered at {@code resolution} × {@code resolution}. */
    CaptionedSample get(int index, int resolution);

    /** The captions of sample {@code index}; datasets whose pixels are costly to read override it. */
    default List<String> captions(int index) {
        return get(index, 4).captions();
    }

    /** Every attribute a sample carries, and the classes each can take (for classifier heads). */
    Map<String, List<String>> attributeValues();

    /**
     * The attributes that decide whether an image is right for its caption (shapes: shape and
     * color; digits: digit and color; imported sets: class). Classifiers judge these, caption
     * accuracy compares them, and a "wrong" caption differs in at least one of them.
     */
    List<String> judgedAttributes();

    /**
     * The attributes of sample {@code index} without needing its pixels. This default renders a tiny
     * image; datasets override it to answer from their parameters, since wrong-caption sampling
     * reads attributes of many samples per training step.
     */
    default Map<String, String> attributes(int index) {
        return get(index, 4).attributes();
    }
}
