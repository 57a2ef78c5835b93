package dev.telltale.experiments.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** One generated image as PNG bytes at exactly its size, for answers that are not files of a run. */
public final class Png {

    private Png() {
    }

    /** The channels-first [-1, 1] image of {@code size x size}, mapped like the sample grids. */
    public static byte[] encode(float[] chw, int size) {
        Pixels.check(List.of(chw), size, "image");
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Pixels.draw(chw, size, image, 0, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
