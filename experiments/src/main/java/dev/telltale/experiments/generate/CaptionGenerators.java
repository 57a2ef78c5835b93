package dev.telltale.experiments.generate;

import dev.telltale.experiments.ConvolutionCheck;
import dev.telltale.experiments.train.Checkpoint;
import dev.telltale.experiments.train.StackGanTraining;
import dev.telltale.experiments.train.TganTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Loads the right {@link CaptionGenerator} for a checkpoint's kind, and finds a run's newest checkpoint. */
public final class CaptionGenerators {

    /**
     * The generator checkpoints a StackGAN or TGANs-C run writes (a StackGAN run's folder also holds
     * its text encoder's, which generates nothing).
     */
    private static final Pattern GENERATOR_FILE = Pattern.compile("(stage[12]|tganc-[ca])-step-\\d+\\.zip");

    private CaptionGenerators() {}

    /** The checkpoint with the text encoder its metadata names (TGANs-C carries its own sentence encoder). */
    public static CaptionGenerator load(Path checkpoint) throws UnusableCheckpointException {
        return load(checkpoint, null);
    }

    /** The checkpoint with the given text encoder, or (null) the one its metadata names; TGANs-C ignores it. */
    public static CaptionGenerator load(Path checkpoint, Path textEncoder) throws UnusableCheckpointException {
        ConvolutionCheck.ensure();
        Checkpoint cp;
        try {
            cp = Checkpoint.read(checkpoint);
        } catch (IOException | RuntimeException e) {
            throw new UnusableCheckpointException(shortMessage(e, checkpoint), e);
        }
        return switch (cp.kind()) {
            case StackGanTraining.STAGE_ONE, StackGanTraining.STAGE_TWO ->
                    StackGanCaptionGenerator.load(checkpoint, textEncoder != null ? textEncoder : textEncoderOf(checkpoint, cp));
            case TganTraining.COHERENCE, TganTraining.ADVERSARIAL -> TganCaptionGenerator.load(checkpoint);
            default -> throw new UnusableCheckpointException(checkpoint.getFileName() + " is a '" + cp.kind()
                    + "' checkpoint, which does not generate from captions");
        };
    }

    /** The newest generator checkpoint in a run's folder (its {@code checkpoints/}). */
    public static Path newestCheckpoint(Path runDir) throws UnusableCheckpointException {
        Path dir = runDir.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            throw new UnusableCheckpointException("the run has no checkpoints folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> GENERATOR_FILE.matcher(f.getFileName().toString()).matches())
                    .max(Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow(() -> new UnusableCheckpointException("the run has no generator checkpoint yet"));
        } catch (IOException e) {
            throw new UnusableCheckpointException("cannot list the run's checkpoints: " + e.getMessage(), e);
        }
    }

    /** Whether a generator checkpoint's file name is a TGANs-C one (no conditioning augmentation). */
    public static boolean isVideoGeneratorFile(String fileName) {
        return isGeneratorFile(fileName) && fileName.startsWith("tganc-");
    }

    /** Whether a checkpoint's file name is one of a generator (not of a StackGAN run's text encoder). */
    public static boolean isGeneratorFile(String fileName) {
        return GENERATOR_FILE.matcher(fileName).matches();
    }

    /**
     * The encoder the run conditioned on: the path recorded at training time, else (a data folder
     * that moved) the same file name in the run's own {@code text-encoder/checkpoints/}.
     */
    static Path textEncoderOf(Path checkpoint, Checkpoint cp) throws UnusableCheckpointException {
        Optional<Path> recorded = Optional.ofNullable(cp.meta().get("textEncoderPath")).map(v -> Path.of(v.getAsString()));
        if (recorded.isPresent() && Files.isRegularFile(recorded.get())) {
            return recorded.get();
        }
        String name = cp.meta().has("textEncoder") ? cp.meta().get("textEncoder").getAsString()
                : recorded.map(p -> p.getFileName().toString()).orElse(null);
        if (name == null) {
            throw new UnusableCheckpointException(checkpoint.getFileName() + " does not say which text encoder it was trained with");
        }
        Path runDir = checkpoint.toAbsolutePath().getParent().getParent();
        Path beside = runDir == null ? null : runDir.resolve("text-encoder").resolve("checkpoints").resolve(name);
        if (beside != null && Files.isRegularFile(beside)) {
            return beside;
        }
        throw new UnusableCheckpointException("the text encoder " + name + " that " + checkpoint.getFileName()
                + " was trained with is gone");
    }

    /** An exception's message with the server's absolute path cut down to the file's name. */
    static String shortMessage(Throwable e, Path file) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace(file.toAbsolutePath().toString(), file.getFileName().toString())
                .replace(file.toString(), file.getFileName().toString());
    }
}
