package dev.telltale.experiments;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Checks once per process that libtorch's convolutions compute what a convolution is, and switches
 * its oneDNN (MKL-DNN) kernels off when they do not. On some virtual machines (seen on an AVX-512
 * AMD EPYC under a Firecracker/PVM guest) oneDNN's blocked layouts leave the padding of channel
 * counts that are not a multiple of its block (16 there) uncleared, and convolutions return wrong
 * values or NaN: StackGAN's losses turned NaN in two steps. Measured over 3×3 convolutions with 1 to
 * 96 channels against float64 (which oneDNN does not run): the forward pass is wrong when the input
 * has 24 channels (not below 16, not a multiple), the input gradient whenever the output channels
 * are not a multiple of 16 (1, 3, 8, 12, 24), the weight gradient never. Every generator's to-image
 * convolution and every discriminator's logit hit the second case, so padding a few layers would
 * not do. DJL has no switch for it, so this calls {@code at::Context::setUserEnabledMkldnn(false)}
 * in the loaded libtorch; PyTorch then uses its own im2col + BLAS convolutions, which are right there.
 */
public final class ConvolutionCheck {

    private static final Logger LOG = Logger.getLogger(ConvolutionCheck.class.getName());
    private static final double TOLERANCE = 1e-3;
    private static Boolean oneDnnDisabled;

    private ConvolutionCheck() {}

    /**
     * Runs the check (once) and fixes the engine if it fails; returns whether oneDNN was switched off.
     *
     * @throws IllegalStateException when convolutions stay wrong after switching oneDNN off
     */
    public static synchronized boolean ensure() {
        if (oneDnnDisabled != null) {
            return oneDnnDisabled;
        }
        Engine.getEngine("PyTorch");
        double error = worstError();
        if (error <= TOLERANCE) {
            oneDnnDisabled = false;
            return false;
        }
        LOG.warning(String.format("libtorch's oneDNN convolutions are wrong on this machine (max error %.3g"
                + " against a direct computation); switching them off", error));
        disableOneDnn();
        double after = worstError();
        if (!(after <= TOLERANCE)) {
            throw new IllegalStateException("convolutions are wrong on this machine even without oneDNN (max error " + after + ")");
        }
        oneDnnDisabled = true;
        return true;
    }

    /**
     * The largest difference between libtorch's 3×3 convolution (forward and gradient with respect
     * to its input) and a direct computation, on shapes whose channel counts (24 in, 3 out) need
     * padding in oneDNN's blocked layouts; NaN when libtorch's output is not finite.
     */
    static double worstError() {
        int batch = 2;
        int in = 24;
        int out = 3;
        int size = 12;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.randomNormal(new Shape(batch, in, size, size));
            NDArray w = manager.randomNormal(0, 0.1f, new Shape(out, in, 3, 3), DataType.FLOAT32);
            NDArray r = manager.randomNormal(new Shape(batch, out, size, size));
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head();
                gc.backward(y.mul(r).sum());
            }
            float[] xs = x.toFloatArray();
            float[] ws = w.toFloatArray();
            float[] rs = r.toFloatArray();
            float[] ys = y.toFloatArray();
            float[] gs = x.getGradient().toFloatArray();
            double[] grad = new double[xs.length];
            double worst = 0;
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < size; i++) {
                        for (int j = 0; j < size; j++) {
                            int yi = ((n * out + o) * size + i) * size + j;
                            double sum = 0;
                            for (int c = 0; c < in; c++) {
                                for (int di = -1; di <= 1; di++) {
                                    for (int dj = -1; dj <= 1; dj++) {
                                        int ii = i + di;
                                        int jj = j + dj;
                                        if (ii >= 0 && jj >= 0 && ii < size && jj < size) {
                                            int xi = ((n * in + c) * size + ii) * size + jj;
                                            float wv = ws[((o * in + c) * 3 + di + 1) * 3 + dj + 1];
                                            sum += xs[xi] * wv;
                                            grad[xi] += rs[yi] * wv;
                                        }
                                    }
                                }
                            }
                            worst = worse(worst, ys[yi] - sum);
                        }
                    }
                }
            }
            for (int k = 0; k < grad.length; k++) {
                worst = worse(worst, gs[k] - grad[k]);
            }
            return worst;
        }
    }

    private static double worse(double worst, double difference) {
        return Double.isNaN(worst) || !Double.isFinite(difference) ? Double.NaN : Math.max(worst, Math.abs(difference));
    }

    private static void disableOneDnn() {
        NativeLibrary torch = NativeLibrary.getInstance(loadedLibrary("libtorch_cpu.so"));
        Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, Boolean.FALSE});
    }

    /** The path of a native library this process has loaded (DJL loads libtorch from its cache folder). */
    private static String loadedLibrary(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int at = line.indexOf('/');
                if (at >= 0 && line.endsWith("/" + name)) {
                    return line.substring(at);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the loaded " + name + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("cannot find the loaded " + name + " to switch oneDNN off");
    }
}
