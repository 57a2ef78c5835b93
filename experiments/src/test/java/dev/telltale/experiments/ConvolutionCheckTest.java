package dev.telltale.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvolutionCheckTest {

    @Test
    void afterTheCheckConvolutionsAgreeWithADirectComputation() {
        ConvolutionCheck.ensure();
        double error = ConvolutionCheck.worstError();
        assertTrue(error <= 1e-3, "max error " + error);
    }

    @Test
    void theChildJvmJudgesTheDefaultKernelsAndTheOutcomeFollowsItsVerdict() {
        ConvolutionCheck.Outcome outcome = ConvolutionCheck.ensure();
        Boolean right = ConvolutionCheck.defaultKernelsRightInChild();
        assertNotNull(right, "the child JVM gave no verdict");
        if (System.getenv(ConvolutionCheck.ISA_VARIABLE) == null && System.getenv("DNNL_MAX_CPU_ISA") == null) {
            // right default kernels are kept as they are; wrong ones are never kept
            assertEquals(right, outcome == ConvolutionCheck.Outcome.RIGHT, "child said right=" + right + ", outcome " + outcome);
        }
    }
}
