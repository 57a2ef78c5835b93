package dev.telltale.experiments.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a minimal TorchScript archive (what {@code torch.jit.save} produces) without Python: one
 * module class under {@code __torch__} whose attributes are float parameters, given its TorchScript
 * source. Layout, as libtorch's reader expects it: every record in one top folder; {@code version};
 * {@code code/__torch__.py} (the class source); {@code data.pkl} (the module object, pickle protocol 2,
 * tensors as persistent-id storages); {@code data/<key>} (raw little-endian storages);
 * {@code constants.pkl} (an empty tuple).
 */
final class TorchScriptArchive {

    private record Tensor(float[] values, long[] shape) {
    }

    private final String className;
    private final String forwardBody;
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();

    /**
     * @param className   the module class (lives in {@code __torch__})
     * @param forwardBody the body of {@code forward(self, x: Tensor) -> Tensor}, one statement a line,
     *                    without indentation
     */
    TorchScriptArchive(String className, String forwardBody) {
        this.className = className;
        this.forwardBody = forwardBody;
    }

    TorchScriptArchive parameter(String name, float[] values, long... shape) {
        long numel = 1;
        for (long d : shape) {
            numel *= d;
        }
        if (numel != values.length) {
            throw new IllegalArgumentException("parameter " + name + " has " + values.length + " values for shape of " + numel);
        }
        parameters.put(name, new Tensor(values.clone(), shape.clone()));
        return this;
    }

    String source() {
        StringBuilder code = new StringBuilder();
        code.append("class ").append(className).append("(Module):\n");
        code.append("  __parameters__ = [");
        for (String name : parameters.keySet()) {
            code.append('"').append(name).append("\", ");
        }
        code.append("]\n");
        for (String name : parameters.keySet()) {
            code.append("  ").append(name).append(" : Tensor\n");
        }
        code.append("  training : bool\n");
        code.append("  def forward(self: __torch__.").append(className).append(",\n    x: Tensor) -> Tensor:\n");
        for (String line : forwardBody.split("\n")) {
            code.append("    ").append(line).append('\n');
        }
        return code.toString();
    }

    void write(Path file) throws IOException {
        String root = "archive/";
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, root + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            stored(zip, root + "code/__torch__.py", source().getBytes(StandardCharsets.UTF_8));
            stored(zip, root + "data.pkl", modulePickle());
            int key = 0;
            for (Tensor tensor : parameters.values()) {
                ByteBuffer bytes = ByteBuffer.allocate(tensor.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : tensor.values()) {
                    bytes.putFloat(v);
                }
                stored(zip, root + "data/" + key++, bytes.array());
            }
            stored(zip, root + "constants.pkl", new Pickle().emptyTuple().stop());
        }
    }

    /** The module object as torch's pickler writes it: GLOBAL, () NEWOBJ, {attribute: value} BUILD. */
    private byte[] modulePickle() {
        Pickle p = new Pickle();
        p.global("__torch__", className).emptyTuple().op(0x81); // NEWOBJ
        p.op('}').op('('); // EMPTY_DICT MARK
        int key = 0;
        for (Map.Entry<String, Tensor> entry : parameters.entrySet()) {
            p.string(entry.getKey());
            tensor(p, String.valueOf(key++), entry.getValue());
        }
        p.string("training").op(0x89); // NEWFALSE
        p.op('u').op('b'); // SETITEMS BUILD
        return p.stop();
    }

    /** torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict()). */
    private static void tensor(Pickle p, String key, Tensor tensor) {
        p.global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.op('(').string("storage").global("torch", "FloatStorage").string(key).string("cpu")
                .integer(tensor.values().length).op('t').op('Q'); // TUPLE BINPERSID
        p.integer(0);
        p.op('(');
        for (long d : tensor.shape()) {
            p.integer((int) d);
        }
        p.op('t');
        p.op('(');
        long stride = 1;
        long[] strides = new long[tensor.shape().length];
        for (int i = strides.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= tensor.shape()[i];
        }
        for (long s : strides) {
            p.integer((int) s);
        }
        p.op('t');
        p.op(0x89); // requires_grad = False
        p.global("collections", "OrderedDict").emptyTuple().op('R');
        p.op('t').op('R');
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        // stored (not deflated) entries: sizes and CRC sit in the local header, as torch writes them
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** The handful of protocol-2 opcodes a module pickle needs. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() {
            out.write(0x80); // PROTO 2
            out.write(2);
        }

        Pickle op(int code) {
            out.write(code);
            return this;
        }

        Pickle global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle emptyTuple() {
            return op(')');
        }

        Pickle string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.write('X'); // BINUNICODE, 4-byte little-endian length
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
            out.writeBytes(bytes);
            return this;
        }

        Pickle integer(int v) {
            out.write('J'); // BININT, 4-byte little-endian signed
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        byte[] stop() {
            out.write('.');
            return out.toByteArray();
        }
    }
}
