package dev.telltale.experiments.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One file per checkpoint: a zip with {@code checkpoint.json} (kind, step, parameters, references)
 * and one {@code <name>.params} entry per block. A single file is what a user downloads and what
 * the server hashes; written to a temporary name and moved, so a crash never leaves half a file.
 * Adam's moment estimates are not saved: a resumed run restarts the optimizer state.
 */
public final class Checkpoint {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final String META = "checkpoint.json";

    private final JsonObject meta;
    private final Map<String, byte[]> blocks;

    private Checkpoint(JsonObject meta, Map<String, byte[]> blocks) {
        this.meta = meta;
        this.blocks = blocks;
    }

    public static void write(Path file, JsonObject meta, Map<String, Block> blocks) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // a name of its own: two writers of one checkpoint (an attempt overlapping the one before) never share it
        // (not createTempFile, whose owner-only mode the move would keep: checkpoints are shared files)
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry(META));
                zip.write(GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                for (Map.Entry<String, Block> e : blocks.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey() + ".params"));
                    DataOutputStream out = new DataOutputStream(zip);
                    e.getValue().saveParameters(out);
                    out.flush();
                    zip.closeEntry();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            // a full disk or a failed save leaves no half-written zip behind
            Files.deleteIfExists(tmp);
        }
    }

    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadCheckpointException("no checkpoint file " + file, null);
        }
        JsonObject meta = null;
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        try (InputStream is = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(is)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                byte[] data = zip.readAllBytes();
                if (e.getName().equals(META)) {
                    meta = GSON.fromJson(new String(data, StandardCharsets.UTF_8), JsonObject.class);
                } else if (e.getName().endsWith(".params")) {
                    blocks.put(e.getName().substring(0, e.getName().length() - ".params".length()), data);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException | com.google.gson.JsonParseException e) {
            // a truncated copy ends in EOFException, a damaged checkpoint.json in a JSON error
            throw new BadCheckpointException(file + " is not a readable Telltale checkpoint (" + e.getMessage() + ")", e);
        }
        if (meta == null) {
            throw new BadCheckpointException(file + " is not a Telltale checkpoint: it has no " + META, null);
        }
        return new Checkpoint(meta, blocks);
    }

    public JsonObject meta() {
        return meta;
    }

    public String kind() {
        return meta.has("kind") ? meta.get("kind").getAsString() : "";
    }

    public long step() {
        return meta.has("step") ? meta.get("step").getAsLong() : 0;
    }

    public boolean has(String block) {
        return blocks.containsKey(block);
    }

    /** Loads the named entry into an already built block of the same architecture. */
    public void load(String name, Block block, NDManager manager) throws IOException {
        byte[] data = blocks.get(name);
        if (data == null) {
            throw new IOException("the checkpoint has no '" + name + "' (it holds " + blocks.keySet() + ")");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("'" + name + "' does not fit this model: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #load}, for a block only ever used for inference: the arrays its initialisation made
     * are freed once the saved ones replace them. DJL's Parameter.load decodes a new array and leaves
     * the old one attached to its manager, so a cached generator held its weights twice. (Not for
     * training, where a trainer's parameter store may still hold the initialised arrays.)
     */
    public void loadForInference(String name, Block block, NDManager manager) throws IOException {
        java.util.List<ai.djl.ndarray.NDArray> initialised = new java.util.ArrayList<>();
        block.getParameters().values().forEach(p -> {
            if (p.isInitialized()) {
                initialised.add(p.getArray());
            }
        });
        load(name, block, manager);
        java.util.Set<ai.djl.ndarray.NDArray> loaded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        block.getParameters().values().forEach(p -> loaded.add(p.getArray()));
        for (ai.djl.ndarray.NDArray old : initialised) {
            if (!loaded.contains(old)) {
                old.close();
            }
        }
    }

    /** The parameters of the run that made the checkpoint, as saved. */
    public Map<String, Object> params() {
        Map<String, Object> out = new HashMap<>();
        if (meta.has("params")) {
            meta.getAsJsonObject("params").entrySet().forEach(en -> {
                var v = en.getValue();
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                    out.put(en.getKey(), v.getAsNumber());
                } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean()) {
                    out.put(en.getKey(), v.getAsBoolean());
                } else if (!v.isJsonNull()) {
                    out.put(en.getKey(), v.getAsString());
                }
            });
        }
        return out;
    }

    static byte[] bytesOf(Block block) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            block.saveParameters(out);
        }
        return bos.toByteArray();
    }
}
