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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Checks once per process that libtorch's convolutions compute what a convolution is, and keeps its
 * oneDNN (MKL-DNN) kernels only where they are right. On some virtual machines (seen on an AVX-512 AMD
 * EPYC under a Firecracker/PVM guest) oneDNN's vectorised direct convolutions, which work on channels
 * in blocks of the vector width (16 floats for AVX-512, 8 for AVX/AVX2), return wrong values or NaN:
 * StackGAN's losses turned NaN in two steps. Measured there over 2-D and 3-D convolutions (kernel 3
 * stride 1, kernel 4 stride 2) with 1 to 96 channels against float64, which oneDNN does not run: at
 * AVX-512 the forward pass is wrong when the input has 24 channels and the input gradient whenever the
 * output channels are not a multiple of 16, 212 of 870 cases; capped at AVX, the forward pass with 12
 * input channels, 34 cases; at SSE4.1, where oneDNN convolves by im2col and its own GEMM on plain
 * layouts, none. Every generator's to-image convolution and every discriminator's logit hit the
 * AVX-512 case, so padding a few layers would not do.
 *
 * <p>oneDNN reads its ISA cap ({@code ONEDNN_MAX_CPU_ISA}) once, at its first convolution, so the
 * cap must be chosen before this process convolves anything: a child JVM (about a second) first
 * checks the default kernels; when they are wrong this process caps oneDNN at SSE4.1 and checks again
 * itself. Only if that is still wrong does it switch oneDNN off ({@code
 * at::Context::setUserEnabledMkldnn(false)}, as DJL has no switch for it), and PyTorch runs its own
 * im2col + BLAS convolutions, right there but slower: the {@code cpu} Stage-I step took 1,205 ms
 * without oneDNN, 882 ms at SSE4.1; a TGANs-C step, whose 3-D convolutions have no fast path without
 * oneDNN, 3.3 s against 0.55 s. A cap the user sets in the environment is left alone (and checked).
 */
public final class ConvolutionCheck {

    /** What the check found and which convolutions this process runs. */
    public enum Outcome {
        /** oneDNN's default kernels are right. */
        RIGHT("oneDNN convolutions on"),
        /** The default kernels were wrong; capped at SSE4.1 they are right. */
        CAPPED("oneDNN convolutions capped at SSE4.1 (its wider kernels are wrong on this machine)"),
        /** oneDNN stayed wrong and is switched off. */
        OFF("oneDNN convolutions switched off (wrong on this machine)");

        private final String description;

        Outcome(String description) {
            this.description = description;
        }

        /** A line for logs and benchmark output. */
        public String description() {
            return description;
        }
    }

    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    private static final String LEGACY_ISA_VARIABLE = "DNNL_MAX_CPU_ISA";
    static final String SAFE_ISA = "SSE41";
    private static final Logger LOG = Logger.getLogger(ConvolutionCheck.class.getName());
    private static final double TOLERANCE = 1e-3;
    private static final int CHILD_RIGHT = 0;
    private static final int CHILD_WRONG = 3;
    private static Outcome outcome;

    private ConvolutionCheck() {}

    /**
     * Runs the check (once per process) and chooses the convolutions; call it before any network runs.
     *
     * @throws IllegalStateException when convolutions stay wrong with oneDNN off
     */
    public static synchronized Outcome ensure() {
        if (outcome != null) {
            return outcome;
        }
        boolean capped = false;
        if (System.getenv(ISA_VARIABLE) == null && System.getenv(LEGACY_ISA_VARIABLE) == null
                && Boolean.FALSE.equals(defaultKernelsRightInChild())) {
            setNativeEnvironment(ISA_VARIABLE, SAFE_ISA);
            capped = true;
        }
        Engine.getEngine("PyTorch");
        double error = worstError();
        if (error <= TOLERANCE) {
            outcome = capped ? Outcome.CAPPED : Outcome.RIGHT;
            if (capped) {
                LOG.info(outcome.description());
            }
            return outcome;
        }
        LOG.warning(String.format("libtorch's oneDNN convolutions are wrong on this machine (max error %.3g"
                + " against a direct computation%s); switching them off", error, capped ? ", capped at " + SAFE_ISA : ""));
        disableOneDnn();
        double after = worstError();
        if (!(after <= TOLERANCE)) {
            throw new IllegalStateException("convolutions are wrong on this machine even without oneDNN (max error " + after + ")");
        }
        outcome = Outcome.OFF;
        return outcome;
    }

    /**
     * Whether oneDNN's default kernels are right, asked of a fresh JVM on this class path; null when
     * the child could not tell (it could not start, crashed or hung), in which case this process
     * keeps the default and its own check decides.
     */
    static Boolean defaultKernelsRightInChild() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("ai.djl.")) {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConvolutionCheck.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(ISA_VARIABLE);
        builder.environment().remove(LEGACY_ISA_VARIABLE);
        try {
            Path log = Files.createTempFile("telltale-convolution-check", ".log");
            try {
                Process child = builder.redirectOutput(log.toFile()).start();
                if (!child.waitFor(120, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                    LOG.warning("the convolution check's child JVM hung; keeping oneDNN's default kernels");
                    return null;
                }
                return switch (child.exitValue()) {
                    case CHILD_RIGHT -> true;
                    case CHILD_WRONG -> false;
                    default -> {
                        LOG.warning("the convolution check's child JVM failed (exit " + child.exitValue()
                                + "); keeping oneDNN's default kernels: " + tail(Files.readString(log)));
                        yield null;
                    }
                };
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            LOG.warning("cannot start the convolution check's child JVM (" + e.getMessage() + "); keeping oneDNN's default kernels");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The child's side: exit {@value #CHILD_RIGHT} when this process's default convolutions are right, {@value #CHILD_WRONG} when not. */
    public static void main(String[] args) {
        Engine.getEngine("PyTorch");
        double error = worstError();
        System.out.println("max convolution error " + error);
        System.exit(error <= TOLERANCE ? CHILD_RIGHT : CHILD_WRONG);
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }

    /** Sets a variable in the C environment, which oneDNN reads (Java's own copy is read-only). */
    private static void setNativeEnvironment(String name, String value) {
        int rc = NativeLibrary.getInstance("c").getFunction("setenv").invokeInt(new Object[] {name, value, 1});
        if (rc != 0) {
            LOG.warning("setenv " + name + " failed; oneDNN keeps its default kernels");
        }
    }

    /**
     * The largest difference between libtorch's 3×3 convolution (forward and gradient with respect
     * to its input) and a direct computation, on channel counts that fill oneDNN's 8- and 16-float
     * blocks only in part; NaN when libtorch's output is not finite.
     */
    static double worstError() {
        // 24 in / 3 out fails at AVX-512 (forward and input gradient), 12 in at AVX and AVX2
        double worst = 0;
        for (int[] channels : new int[][] {{24, 3}, {12, 3}, {40, 12}}) {
            worst = worse(worst, worstError(channels[0], channels[1]));
        }
        return worst;
    }

    private static double worstError(int in, int out) {
        int batch = 2;
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
