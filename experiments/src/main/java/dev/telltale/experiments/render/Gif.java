package dev.telltale.experiments.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Animated GIFs of generated videos, with javax.imageio only. Each frame gets its own palette of at
 * most 256 colours (the JDK's octree quantiser), so a frame with more colours than that comes back
 * only approximately; the frame delay has the format's 10 ms resolution.
 */
public final class Gif {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    /** The format stores delays as an unsigned 16-bit count of 10 ms. */
    public static final int MAX_DELAY_MS = 65_535 * 10;

    private Gif() {
    }

    /** What a GIF holds besides its pixels. {@code delayMs} is the first frame's delay. */
    public record Info(int frames, int width, int height, int delayMs, boolean loop) {
    }

    /**
     * Writes {@code framesCHW} (channels-first RGB in [-1, 1], {@code size x size}) as an animation
     * showing each frame {@code delayMs} (rounded to 10 ms, at least 10), played once or in a loop forever.
     */
    public static void write(List<float[]> framesCHW, int size, int delayMs, boolean loop, Path gif) {
        check(framesCHW, size, delayMs);
        if (gif == null) {
            throw new IllegalArgumentException("output file must be given");
        }
        try {
            Path parent = gif.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(gif); // the stream would otherwise leave the tail of a longer old file
            try (ImageOutputStream out = ImageIO.createImageOutputStream(gif.toFile())) {
                writeTo(out, framesCHW, size, delayMs, loop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + gif, e);
        }
    }

    /** The same animation as {@link #write} as bytes, for answers that are not files of a run. */
    public static byte[] encode(List<float[]> framesCHW, int size, int delayMs, boolean loop) {
        check(framesCHW, size, delayMs);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writeTo(out, framesCHW, size, delayMs, loop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void check(List<float[]> framesCHW, int size, int delayMs) {
        Pixels.check(framesCHW, size, "frame");
        if (delayMs < 10 || delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delayMs must be in 10.." + MAX_DELAY_MS + ", got " + delayMs);
        }
    }

    private static void writeTo(ImageOutputStream out, List<float[]> framesCHW, int size, int delayMs, boolean loop) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(null);
            for (int i = 0; i < framesCHW.size(); i++) {
                BufferedImage frame = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                Pixels.draw(framesCHW.get(i), size, frame, 0, 0);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                frameMetadata(metadata, (delayMs + 5) / 10, loop && i == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static void frameMetadata(IIOMetadata metadata, int delayCentiseconds, boolean loopExtension) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
        control.setAttribute("transparentColorIndex", "0");
        if (loopExtension) {
            // NETSCAPE2.0 sub-block 1: loop count, little-endian; 0 means forever
            IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
            extension.setAttribute("applicationID", "NETSCAPE");
            extension.setAttribute("authenticationCode", "2.0");
            extension.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(extension);
        }
        metadata.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return (IIOMetadataNode) n;
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    /**
     * The frames of a GIF as channels-first RGB in [-1, 1] (3 x height x width each), each frame
     * drawn over the previous one at its offset as the format's "none" disposal does.
     */
    public static List<float[]> read(Path gif) {
        List<float[]> frames = new ArrayList<>();
        withReader(gif, reader -> {
            int count = reader.getNumImages(true);
            BufferedImage canvas = null;
            for (int i = 0; i < count; i++) {
                BufferedImage frame = reader.read(i);
                if (canvas == null) {
                    canvas = new BufferedImage(screenWidth(reader, frame), screenHeight(reader, frame), BufferedImage.TYPE_INT_RGB);
                }
                IIOMetadataNode descriptor = child((IIOMetadataNode) reader.getImageMetadata(i).getAsTree(FORMAT), "ImageDescriptor");
                Graphics2D g = canvas.createGraphics();
                g.drawImage(frame, intAttribute(descriptor, "imageLeftPosition"), intAttribute(descriptor, "imageTopPosition"), null);
                g.dispose();
                frames.add(Pixels.read(canvas, 0, 0, canvas.getWidth(), canvas.getHeight()));
            }
            return null;
        });
        return frames;
    }

    public static Info info(Path gif) {
        return withReader(gif, reader -> {
            int count = reader.getNumImages(true);
            BufferedImage first = reader.read(0);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT);
            int delay = intAttribute(child(root, "GraphicControlExtension"), "delayTime") * 10;
            boolean loop = false;
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            for (Node n = extensions.getFirstChild(); n != null; n = n.getNextSibling()) {
                IIOMetadataNode extension = (IIOMetadataNode) n;
                loop |= "NETSCAPE".equals(extension.getAttribute("applicationID"))
                        && "2.0".equals(extension.getAttribute("authenticationCode"));
            }
            return new Info(count, screenWidth(reader, first), screenHeight(reader, first), delay, loop);
        });
    }

    private interface ReaderAction<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path gif, ReaderAction<T> action) {
        if (gif == null || !Files.isRegularFile(gif)) {
            throw new IllegalArgumentException("no GIF file at " + gif);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = null;
            while (readers.hasNext()) {
                ImageReader candidate = readers.next();
                if ("gif".equalsIgnoreCase(candidate.getFormatName())) {
                    reader = candidate;
                    break;
                }
            }
            if (reader == null) {
                throw new IllegalArgumentException(gif + " is not a GIF");
            }
            try {
                reader.setInput(in, false);
                return action.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + gif, e);
        }
    }

    private static int screenWidth(ImageReader reader, BufferedImage first) throws IOException {
        IIOMetadataNode screen = logicalScreen(reader);
        return screen == null ? first.getWidth() : intAttribute(screen, "logicalScreenWidth");
    }

    private static int screenHeight(ImageReader reader, BufferedImage first) throws IOException {
        IIOMetadataNode screen = logicalScreen(reader);
        return screen == null ? first.getHeight() : intAttribute(screen, "logicalScreenHeight");
    }

    private static IIOMetadataNode logicalScreen(ImageReader reader) throws IOException {
        IIOMetadata stream = reader.getStreamMetadata();
        if (stream == null) {
            return null;
        }
        IIOMetadataNode root = (IIOMetadataNode) stream.getAsTree("javax_imageio_gif_stream_1.0");
        return child(root, "LogicalScreenDescriptor");
    }

    private static int intAttribute(IIOMetadataNode node, String name) {
        String value = node.getAttribute(name);
        return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }
}
