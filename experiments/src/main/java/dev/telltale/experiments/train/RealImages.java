package dev.telltale.experiments.train;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedSample;
import dev.telltale.experiments.data.LoadSizedImage;
import dev.telltale.experiments.data.StackGanDatasetImporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real training images of a StackGAN run, read once. Photos of the imported datasets (CUB,
 * Oxford-102) are kept at the load size and cropped and flipped afresh on every draw, as StackGAN's
 * loader does every batch; the built-in datasets render each sample once and draw it as it is.
 */
final class RealImages {

    /** Share of the heap the kept photos may take before a run refuses to start. */
    private static final double HEAP_SHARE = 0.6;

    private final int size;
    private final List<float[]> fixed;
    private final List<LoadSizedImage> photos;
    private final List<List<String>> captions = new ArrayList<>();

    private RealImages(int size, List<float[]> fixed, List<LoadSizedImage> photos) {
        this.size = size;
        this.fixed = fixed;
        this.photos = photos;
    }

    /**
     * @throws IllegalArgumentException when an imported dataset's photos at this size would not fit
     *     in the heap (naming how much they need), rather than an OutOfMemoryError mid-load
     */
    static RealImages load(CaptionedDataset train, int size) {
        return load(train, size, Runtime.getRuntime().maxMemory());
    }

    static RealImages load(CaptionedDataset train, int size, long max) {
        if (train instanceof StackGanDatasetImporter photos) {
            int load = StackGanDatasetImporter.loadSize(size);
            long need = 3L * load * load * photos.size();
            if (need > HEAP_SHARE * max) {
                throw new IllegalArgumentException(train.id() + " at " + size + " px keeps " + photos.size() + " photos of " + load
                        + "x" + load + " in memory, about " + (need >> 20) + " MiB, more than " + Math.round(HEAP_SHARE * 100)
                        + "% of this process's " + (max >> 20) + " MiB heap; give Java more (-Xmx) or train on fewer classes");
            }
            RealImages out = new RealImages(size, null, new ArrayList<>(photos.size()));
            for (int i = 0; i < photos.size(); i++) {
                out.photos.add(photos.loadSized(i, size));
                out.captions.add(photos.captions(i));
            }
            return out;
        }
        RealImages out = new RealImages(size, new ArrayList<>(train.size()), null);
        for (int i = 0; i < train.size(); i++) {
            CaptionedSample sample = train.get(i, size);
            out.fixed.add(sample.image());
            out.captions.add(sample.captions());
        }
        return out;
    }

    int size() {
        return captions.size();
    }

    List<String> captions(int i) {
        return captions.get(i);
    }

    /** Image i as training sees it this time: a fresh crop and flip of a photo, a built-in sample as rendered. */
    float[] draw(int i, Random random) {
        return photos != null ? photos.get(i).augment(size, random) : fixed.get(i);
    }
}
