package dev.telltale.experiments.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArtifactKindTest {

    @Test
    void apiNamesAreTheServersAndRoundTrip() {
        assertEquals("sample_image", ArtifactKind.SAMPLE_IMAGE.apiName());
        assertEquals("sample_video", ArtifactKind.SAMPLE_VIDEO.apiName());
        for (ArtifactKind kind : ArtifactKind.values()) {
            assertEquals(kind, ArtifactKind.fromApiName(kind.apiName()));
        }
        assertThrows(IllegalArgumentException.class, () -> ArtifactKind.fromApiName("SAMPLE_IMAGE"));
    }
}
