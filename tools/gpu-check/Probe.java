import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/** Device probe (not part of the project): the engine, the GPU, and GPU results against the CPU's. */
public class Probe {
    public static void main(String[] args) {
        Engine e = Engine.getEngine("PyTorch");
        System.out.println("engine " + e.getVersion() + " gpus " + e.getGpuCount() + " default " + e.defaultDevice());
        Device gpu = Device.gpu();
        try (NDManager c = NDManager.newBaseManager(Device.cpu(), "PyTorch"); NDManager g = NDManager.newBaseManager(gpu, "PyTorch")) {
            NDArray a = c.randomNormal(new Shape(512, 512));
            NDArray b = c.randomNormal(new Shape(512, 512));
            NDArray ag = a.toDevice(gpu, true);
            NDArray bg = b.toDevice(gpu, true);
            System.out.println("matmul max |gpu-cpu| " + ag.matMul(bg).toDevice(Device.cpu(), true).sub(a.matMul(b)).abs().max().getFloat()
                    + " (|c| max " + a.matMul(b).abs().max().getFloat() + ")");
            NDArray x = c.randomNormal(new Shape(4, 8, 16, 16));
            NDArray w = c.randomNormal(new Shape(6, 8, 3, 3));
            NDArray xg = x.toDevice(gpu, true);
            NDArray wg = w.toDevice(gpu, true);
            float[] grads = new float[2];
            NDArray[] outs = new NDArray[2];
            int i = 0;
            for (NDArray[] xw : new NDArray[][] {{x, w}, {xg, wg}}) {
                xw[1].setRequiresGradient(true);
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray y = Conv2d.conv2d(xw[0], xw[1], null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                    gc.backward(y.square().sum());
                    outs[i] = y.toDevice(Device.cpu(), true);
                    grads[i++] = xw[1].getGradient().toDevice(Device.cpu(), true).abs().sum().getFloat();
                }
            }
            System.out.println("conv2d max |gpu-cpu| " + outs[0].sub(outs[1]).abs().max().getFloat() + ", weight grad L1 cpu " + grads[0] + " gpu " + grads[1]);
            for (int n : new int[] {2048, 8192}) {
                NDArray m1 = g.randomUniform(0, 1, new Shape(n, n));
                NDArray m2 = g.randomUniform(0, 1, new Shape(n, n));
                double best = Double.MAX_VALUE;
                for (int k = 0; k < 7; k++) {
                    long t0 = System.nanoTime();
                    try (NDArray r = m1.matMul(m2)) { r.getFloat(0, 0); }
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                System.out.printf("gpu fp32 matmul %d: %.1f TFLOP/s (fastest of 7, incl. sync)%n", n, 2.0 * n * n * n / best / 1e12);
            }
        }
    }
}
