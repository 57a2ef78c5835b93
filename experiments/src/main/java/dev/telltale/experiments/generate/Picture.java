package dev.telltale.experiments.generate;

/**
 * One generated picture: {@code stage} is "stage1" or "stage2" for StackGAN, "video" for TGANs-C;
 * {@code mediaType} what {@code bytes} hold (image/png; image/gif for a video), {@code frames} how
 * many frames they show (1 for a still picture).
 */
public record Picture(String stage, int width, int height, String mediaType, byte[] bytes, int frames) {

    public static final String STAGE_ONE = "stage1";
    public static final String STAGE_TWO = "stage2";
    public static final String VIDEO = "video";
    /** How long a video's frame shows: real and generated clips play at the same pace. */
    public static final int FRAME_MS = 100;

    /** A still picture. */
    public Picture(String stage, int width, int height, String mediaType, byte[] bytes) {
        this(stage, width, height, mediaType, bytes, 1);
    }
}
