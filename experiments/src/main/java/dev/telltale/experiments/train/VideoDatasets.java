package dev.telltale.experiments.train;

import dev.telltale.experiments.data.BouncingDigits;
import dev.telltale.experiments.data.MsvdImporter;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.data.VideoDataset;
import java.nio.file.Path;
import java.util.Set;

/** Opens a catalog video dataset by id: {@code trainClips} / {@code testClips} for sbmg and tbmg, {@code dataPath} for msvd. */
public final class VideoDatasets {

    public static final Set<String> IDS = Set.of(BouncingDigits.SINGLE, BouncingDigits.TWO, MsvdImporter.ID);

    private VideoDatasets() {}

    public static VideoDataset open(String id, Split split, ParamMap p) {
        long seed = p.getLong("seed");
        int count = split == Split.TRAIN ? p.getInt("trainClips", 4000) : p.getInt("testClips", 256);
        return switch (id) {
            case BouncingDigits.SINGLE, BouncingDigits.TWO -> BouncingDigits.create(id, Datasets.digits(p.getString("dataPath", "")),
                    seed, split, count);
            case MsvdImporter.ID -> {
                String root = p.getString("dataPath", "");
                if (root.isEmpty()) {
                    throw new IllegalArgumentException("dataPath: the msvd dataset needs dataPath, a folder with captions.csv and clips/");
                }
                yield MsvdImporter.open(Path.of(root), split);
            }
            default -> throw new IllegalArgumentException("dataset: unknown video dataset '" + id + "'");
        };
    }
}
