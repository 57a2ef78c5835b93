package dev.telltale.experiments;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (META-INF/services, autodetection on in junit-platform.properties):
 * runs {@link ConvolutionCheck} first, as the CLI and the generators do, so that tests that build
 * networks directly see the same, checked convolutions whatever order they run in.
 */
public class ConvolutionCheckExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        ConvolutionCheck.ensure();
    }
}
