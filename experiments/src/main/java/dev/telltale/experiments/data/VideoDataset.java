package dev.telltale.experiments.data;

import java.util.List;
import java.util.Map;

/**
 * A finite, deterministic collection of captioned clips: the same index always gives the same clip
 * (rendered at the asked frame count and size), so runs, samples and evaluations are reproducible.
 */
public interface VideoDataset {

    /** The catalog id: sbmg, tbmg, msvd. */
    String id();

    Split split();

    int size();

    /** Clip {@code index} as {@code frames} frames of {@code size} × {@code size}. */
    VideoSample get(int index, int frames, int size);

    /** The captions of clip {@code index}, without rendering it. */
    List<String> captions(int index);

    /** The ground truth of clip {@code index}, without rendering it. */
    Map<String, String> attributes(int index);

    /**
     * What the captions of clip {@code index} say, in a canonical form: two clips with the same
     * content are described by the same captions, so a "wrong" caption must come from a clip whose
     * content differs (bouncing digits: the sorted digit-motion pairs; imported clips: the clip id).
     */
    String content(int index);
}
