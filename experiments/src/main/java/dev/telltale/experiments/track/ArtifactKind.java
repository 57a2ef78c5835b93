package dev.telltale.experiments.track;

/** What an artifact file is, as the server's artifact API names it. */
public enum ArtifactKind {
    SAMPLE_IMAGE, SAMPLE_VIDEO, CHECKPOINT, LOG, OTHER;

    /** The name the server's API uses: {@code sample_image}, {@code checkpoint}, ... */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind with this API name; throws IllegalArgumentException naming the unknown value. */
    public static ArtifactKind fromApiName(String apiName) {
        for (ArtifactKind kind : values()) {
            if (kind.apiName().equals(apiName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown artifact kind '" + apiName + "'");
    }
}
