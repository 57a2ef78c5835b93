package dev.telltale.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class ModelFlopsTest {

    @Test
    void countsConvolutionsAndFullyConnectedLayersByHand() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // batch 2, 3→8 channels, 3×3 kernel, stride 2, padding 1 on 16×16 → 8×8 outputs
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                            .setFilters(8).build())
                    .add(Activation::relu)
                    .add(ai.djl.nn.Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(10).build());
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            double conv = 2.0 * 3 * 9 * (2 * 8 * 8 * 8);
            double fc = 2.0 * (8 * 8 * 8) * 10 * 2;
            assertEquals(conv + fc, ModelFlops.forward(net), 1e-6);
        }
    }

    @Test
    void countsTheThreeDimensionalConvolutionsOfTheVideoGenerator() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // batch 2; gfDim 4 and 2 levels: 16 channels on a 1x4x4 volume, then 8 and 4 channels, then RGB
            var g = dev.telltale.experiments.tganc.VideoGenerator.builder().setSentenceDim(8).optZDim(8).optGfDim(4).optFrames(4)
                    .optFrameSize(16).optLevels(2).build();
            g.initialize(m, DataType.FLOAT32, new Shape(2, 8), new Shape(2, 8));
            double fc = 2.0 * 16 * (16 * 1 * 4 * 4) * 2;
            double up1 = 2.0 * 16 * 27 * (2 * 8 * 2 * 8 * 8); // 3x3x3 kernels, padding 1: output = upsampled input
            double up2 = 2.0 * 8 * 27 * (2 * 4 * 4 * 16 * 16);
            double toVideo = 2.0 * 4 * 27 * (2 * 3 * 4 * 16 * 16);
            assertEquals(fc + up1 + up2 + toVideo, ModelFlops.forward(g), 1e-6);
        }
    }

    @Test
    void anUninitializedBlockIsAnError() {
        Linear fc = Linear.builder().setUnits(4).build();
        assertThrows(IllegalStateException.class, () -> ModelFlops.forward(fc));
    }
}
