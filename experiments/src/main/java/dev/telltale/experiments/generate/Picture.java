package dev.telltale.experiments.generate;

/**
 * One generated picture: {@code stage} is "stage1" or "stage2" for StackGAN ("video" is kept for
 * TGANs-C), {@code mediaType} what {@code bytes} hold (image/png; image/gif for a video).
 */
public record Picture(String stage, int width, int height, String mediaType, byte[] bytes) {

    public static final String STAGE_ONE = "stage1";
    public static final String STAGE_TWO = "stage2";
    public static final String VIDEO = "video";
}
