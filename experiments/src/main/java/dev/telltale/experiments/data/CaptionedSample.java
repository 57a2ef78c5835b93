package dev.telltale.experiments.data;

import java.util.List;
import java.util.Map;

/**
 * One image with its captions. {@code image} is channels-first (3 × size × size) RGB in [-1, 1],
 * the range the generators' tanh produces. {@code attributes} is the ground truth that every caption
 * of this image describes (for shapes: shape, color, size, position, background; for digits: digit,
 * color, position; for an imported dataset: class).
 */
public record CaptionedSample(int index, float[] image, int size, List<String> captions, Map<String, String> attributes) {

    public CaptionedSample {
        if (image.length != 3 * size * size) {
            throw new IllegalArgumentException("image must hold 3 x " + size + " x " + size + " values, got " + image.length);
        }
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one caption");
        }
        captions = List.copyOf(captions);
        attributes = Map.copyOf(attributes);
    }
}
