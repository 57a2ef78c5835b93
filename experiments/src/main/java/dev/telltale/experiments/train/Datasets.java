package dev.telltale.experiments.train;

import dev.telltale.experiments.data.CaptionedDataset;
import dev.telltale.experiments.data.CaptionedDigits;
import dev.telltale.experiments.data.CaptionedShapes;
import dev.telltale.experiments.data.IdxReader;
import dev.telltale.experiments.data.MnistDigits;
import dev.telltale.experiments.data.Split;
import dev.telltale.experiments.data.StackGanDatasetImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a catalog dataset by id with a run's parameters: {@code trainImages} / {@code testImages}
 * for the built-in ones, {@code dataPath} for the imported ones (and, for digits, an optional
 * folder of standard IDX files to use instead of the bundled 10,000 digits).
 */
public final class Datasets {

    private Datasets() {}

    public static CaptionedDataset open(String id, Split split, ParamMap p) {
        long seed = p.getLong("seed");
        int count = split == Split.TRAIN ? p.getInt("trainImages", 4000) : p.getInt("testImages", 512);
        return switch (id) {
            case "shapes" -> CaptionedShapes.create(seed, split, count);
            case "digits" -> CaptionedDigits.create(digits(p.getString("dataPath", "")), seed, split, count);
            case "cub", "oxford102" -> {
                String root = p.getString("dataPath", "");
                if (root.isEmpty()) {
                    throw new IllegalArgumentException("dataPath: the " + id + " dataset needs dataPath, the folder in the StackGAN layout");
                }
                yield StackGanDatasetImporter.open(Path.of(root), id, split, seed);
            }
            default -> throw new IllegalArgumentException("dataset: unknown dataset '" + id + "'");
        };
    }

    /** The bundled digits, or standard IDX files (train-images-idx3-ubyte[.gz] + labels) in {@code folder}. */
    static MnistDigits digits(String folder) {
        if (folder.isEmpty()) {
            return MnistDigits.bundled();
        }
        Path dir = Path.of(folder);
        Path images = first(dir, "train-images-idx3-ubyte", "train-images-idx3-ubyte.gz");
        Path labels = first(dir, "train-labels-idx1-ubyte", "train-labels-idx1-ubyte.gz");
        return IdxReader.fromIdx(images, labels);
    }

    private static Path first(Path dir, String... names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("dataPath: " + dir + " has none of " + String.join(", ", names));
    }
}
