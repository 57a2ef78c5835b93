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
    void anUninitializedBlockIsAnError() {
        Linear fc = Linear.builder().setUnits(4).build();
        assertThrows(IllegalStateException.class, () -> ModelFlops.forward(fc));
    }
}
