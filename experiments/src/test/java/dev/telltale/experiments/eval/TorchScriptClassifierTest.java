package dev.telltale.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptClassifierTest {

    private static final int CLASSES = 3;
    private static final int FEATURES = 3 * 8 * 8;
    private static final String LINEAR_OVER_POOLED = """
            pooled = torch.adaptive_avg_pool2d(x, [8, 8])
            flat = torch.flatten(pooled, 1)
            return torch.linear(flat, self.weight, self.bias)""";

    @TempDir
    Path dir;

    private final float[] weight = new float[CLASSES * FEATURES];
    private final float[] bias = {0.1f, -0.2f, 0.3f};

    TorchScriptClassifierTest() {
        for (int k = 0; k < CLASSES; k++) {
            for (int j = 0; j < FEATURES; j++) {
                weight[k * FEATURES + j] = ((k + 1) * (j % 7) - 3 * (j % 3)) / 40f;
            }
        }
    }

    @Test
    void logitsModelGivesTheHandComputedSoftmaxOfTheLinearMapOverPooledPixels() throws IOException {
        Path file = archive("logits.pt", LINEAR_OVER_POOLED);
        List<float[]> images = randomImages(5, 16, 11);
        // batch size 2 so that the 5 images go through in three batches
        try (TorchScriptClassifier classifier = TorchScriptClassifier.load(file, new TorchScriptClassifier.Options(true, 2))) {
            float[][] p = classifier.probabilities(images, 16, 16);
            assertEquals(5, p.length);
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(handProbabilities(pool2x2(images.get(i), 16)), p[i], 1e-5f);
            }
        }
    }

    @Test
    void modelThatAppliesItsOwnSoftmaxGivesTheSameProbabilities() throws IOException {
        Path file = archive("probs.pt", LINEAR_OVER_POOLED.replace("return torch.linear(flat, self.weight, self.bias)",
                "return torch.softmax(torch.linear(flat, self.weight, self.bias), 1)"));
        List<float[]> images = randomImages(3, 16, 5);
        try (TorchScriptClassifier classifier = TorchScriptClassifier.load(file, new TorchScriptClassifier.Options(false, 8))) {
            float[][] p = classifier.probabilities(images, 16, 16);
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(handProbabilities(pool2x2(images.get(i), 16)), p[i], 1e-5f);
            }
        }
    }

    @Test
    void imagesAreResizedToTheModelInputSize() throws IOException {
        // the model pools to 8x8 whatever it gets; a solid colour stays that colour through resize and pool
        Path file = archive("resize.pt", LINEAR_OVER_POOLED);
        float[] colour = {0.5f, -0.25f, 0.75f};
        float[] image = new float[3 * 6 * 6];
        float[] pooled = new float[FEATURES];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(image, c * 36, (c + 1) * 36, colour[c]);
            java.util.Arrays.fill(pooled, c * 64, (c + 1) * 64, colour[c]);
        }
        try (TorchScriptClassifier classifier = TorchScriptClassifier.load(file, TorchScriptClassifier.Options.defaults())) {
            assertArrayEquals(handProbabilities(pooled), classifier.probabilities(List.of(image), 6, 40)[0], 1e-5f);
        }
    }

    @Test
    void badInputIsRejected() throws IOException {
        assertThrows(IllegalArgumentException.class,
                () -> TorchScriptClassifier.load(dir.resolve("missing.pt"), TorchScriptClassifier.Options.defaults()));
        Path file = archive("bad.pt", LINEAR_OVER_POOLED);
        try (TorchScriptClassifier classifier = TorchScriptClassifier.load(file, TorchScriptClassifier.Options.defaults())) {
            assertThrows(IllegalArgumentException.class, () -> classifier.probabilities(List.of(new float[10]), 16, 16));
        }
    }

    private Path archive(String name, String forward) throws IOException {
        Path file = dir.resolve(name);
        new TorchScriptArchive("PooledLinear", forward)
                .parameter("weight", weight, CLASSES, FEATURES)
                .parameter("bias", bias, CLASSES)
                .write(file);
        return file;
    }

    private float[] handProbabilities(float[] features) {
        double[] logits = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
            double sum = bias[k];
            for (int j = 0; j < FEATURES; j++) {
                sum += weight[k * FEATURES + j] * features[j];
            }
            logits[k] = sum;
            max = Math.max(max, sum);
        }
        double z = 0;
        for (int k = 0; k < CLASSES; k++) {
            z += Math.exp(logits[k] - max);
        }
        float[] p = new float[CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            p[k] = (float) (Math.exp(logits[k] - max) / z);
        }
        return p;
    }

    /** Mean of each 2x2 block of a 3 x 16 x 16 image, flattened channel, row, column. */
    private static float[] pool2x2(float[] image, int size) {
        int half = size / 2;
        float[] out = new float[3 * half * half];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            sum += image[c * size * size + (2 * y + dy) * size + 2 * x + dx];
                        }
                    }
                    out[c * half * half + y * half + x] = sum / 4;
                }
            }
        }
        return out;
    }

    private static List<float[]> randomImages(int n, int size, long seed) {
        Random random = new Random(seed);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] image = new float[3 * size * size];
            for (int j = 0; j < image.length; j++) {
                image[j] = random.nextFloat() * 2 - 1;
            }
            images.add(image);
        }
        return images;
    }
}
