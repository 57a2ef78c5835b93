package dev.telltale.experiments.eval;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.Split;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny test dataset: a solid-coloured square (small or large, anywhere) on a noisy dark background.
 * The judged attributes are the square's colour and size; deterministic per (split, index).
 */
class SolidSquares implements CaptionedDataset {

    static final List<String> COLORS = List.of("red", "green", "blue", "yellow");
    static final List<String> SIZES = List.of("small", "large");
    private static final float[][] RGB = {{1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}, {1, 1, -1}};

    private final Split split;
    private final int size;

    SolidSquares(Split split, int size) {
        this.split = split;
        this.size = size;
    }

    @Override
    public String id() {
        return "solid-squares";
    }

    @Override
    public Split split() {
        return split;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public CaptionedSample get(int index, int resolution) {
        Random random = new Random(31L * index + (split == Split.TRAIN ? 0 : 1_000_003));
        int color = index % COLORS.size();
        int sizeClass = (index / COLORS.size()) % SIZES.size();
        int side = sizeClass == 0 ? Math.max(2, resolution / 4) : resolution / 2 + 1;
        int x0 = random.nextInt(resolution - side + 1);
        int y0 = random.nextInt(resolution - side + 1);
        float[] image = new float[3 * resolution * resolution];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    boolean inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                    float noise = (random.nextFloat() - 0.5f) * 0.2f;
                    image[(c * resolution + y) * resolution + x] = inside ? RGB[color][c] * 0.9f + noise : -0.8f + noise;
                }
            }
        }
        String caption = "a " + SIZES.get(sizeClass) + " " + COLORS.get(color) + " square";
        return new CaptionedSample(index, image, resolution, List.of(caption),
                Map.of("color", COLORS.get(color), "size", SIZES.get(sizeClass), "background", "dark"));
    }

    @Override
    public Map<String, List<String>> attributeValues() {
        return Map.of("color", COLORS, "size", SIZES, "background", List.of("dark"));
    }

    @Override
    public List<String> judgedAttributes() {
        return List.of("color", "size");
    }
}
