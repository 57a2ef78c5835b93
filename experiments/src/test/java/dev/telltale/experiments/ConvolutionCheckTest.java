package dev.telltale.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvolutionCheckTest {

    @Test
    void afterTheCheckConvolutionsAgreeWithADirectComputation() {
        ConvolutionCheck.ensure();
        double error = ConvolutionCheck.worstError();
        assertTrue(error <= 1e-3, "max error " + error);
    }
}
