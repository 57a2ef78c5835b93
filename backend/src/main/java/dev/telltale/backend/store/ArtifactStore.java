package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.ARTIFACT;
import static dev.telltale.db.generated.Tables.RUN;

import dev.telltale.db.generated.tables.records.ArtifactRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Files of runs: registered from inside the run's folder, hashed, listed and resolved for download. */
public final class ArtifactStore {

    private final DSLContext dsl;
    private final EventLog log;
    private final DataFolder folder;

    public ArtifactStore(DSLContext dsl, EventLog log, DataFolder folder) {
        this.dsl = dsl;
        this.log = log;
        this.folder = folder;
    }

    /**
     * Registers (or re-registers, replacing) the file at {@code path} relative to the run's folder.
     * The file is hashed before the write lock is taken.
     */
    public ArtifactView register(long runId, String kind, String path, Long step, Integer captionIndex) {
        if (!dsl.fetchExists(RUN, RUN.ID.eq(runId))) {
            throw RunStore.notFound(runId);
        }
        Path runDir = folder.ensureRunDir(runId);
        Path file = SafePaths.existingFileInside(runDir, path, "path");
        long bytes;
        String sha;
        String relToRun;
        try {
            relToRun = runDir.toRealPath().relativize(file).toString();
            bytes = Files.size(file);
            sha = sha256(file);
        } catch (IOException e) {
            throw new InvalidInputException("path", "cannot read '" + path + "': " + e.getMessage());
        }
        // stored relative to the data folder, through the logical run folder
        String relToData = folder.root().relativize(runDir.resolve(relToRun)).toString();
        return log.write(w -> {
            ArtifactRecord r = w.tx().fetchOne(ARTIFACT, ARTIFACT.RUN_ID.eq(runId).and(ARTIFACT.PATH.eq(relToData)));
            if (r == null) {
                r = w.tx().newRecord(ARTIFACT);
                r.setRunId(runId);
                r.setPath(relToData);
            }
            r.setKind(kind);
            r.setStep(step);
            r.setCaptionIndex(captionIndex);
            r.setBytes(bytes);
            r.setSha256(sha);
            r.setContentType(ContentTypes.of(file.getFileName().toString()));
            r.setCreatedAt(RunStore.now());
            long seq = w.nextSeq();
            r.setSeq(seq);
            r.store();
            ArtifactView view = view(r, relToRun);
            w.emit(new StoredEvent(seq, runId, StoredEvent.Type.ARTIFACT, view));
            return view;
        });
    }

    /** Forgets an artifact (its file is the caller's to remove). */
    public void delete(long id) {
        log.write(w -> w.tx().deleteFrom(ARTIFACT).where(ARTIFACT.ID.eq(id)).execute());
    }

    public List<ArtifactView> list(long runId, String kind) {
        Condition cond = ARTIFACT.RUN_ID.eq(runId);
        if (kind != null) {
            cond = cond.and(ARTIFACT.KIND.eq(kind));
        }
        return dsl.selectFrom(ARTIFACT)
                .where(cond)
                .orderBy(ARTIFACT.STEP.desc().nullsLast(), ARTIFACT.ID.desc())
                .fetch(this::view);
    }

    public Optional<ArtifactView> get(long id) {
        return dsl.selectFrom(ARTIFACT).where(ARTIFACT.ID.eq(id)).fetchOptional(this::view);
    }

    /** The run's artifacts with seq > {@code afterSeq}, in seq order (replay of the live stream). */
    public List<Seq<ArtifactView>> since(Long runId, long afterSeq) {
        Condition cond = ARTIFACT.SEQ.gt(afterSeq);
        if (runId != null) {
            cond = cond.and(ARTIFACT.RUN_ID.eq(runId));
        }
        return dsl.selectFrom(ARTIFACT).where(cond).orderBy(ARTIFACT.SEQ)
                .fetch(r -> new Seq<>(r.getSeq(), r.getRunId(), view(r)));
    }

    /**
     * The file behind an artifact, checked again at serving time: a path that now leads outside the
     * data folder (a swapped symlink) is refused as if it did not exist.
     */
    public Optional<Path> file(ArtifactView a) {
        try {
            Path real = SafePaths.existingFileInside(folder.runDir(a.runId()), a.path(), "path");
            return Optional.of(real);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private ArtifactView view(ArtifactRecord r) {
        Path runDir = folder.runDir(r.getRunId());
        String relToRun = runDir.relativize(folder.root().resolve(r.getPath())).toString();
        return view(r, relToRun);
    }

    private static ArtifactView view(ArtifactRecord r, String relToRun) {
        return new ArtifactView(r.getId(), r.getRunId(), r.getKind(), r.getStep(), r.getCaptionIndex(), relToRun,
                r.getBytes(), r.getSha256(), r.getContentType(), r.getCreatedAt());
    }

    /** The hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Something with its seq and run, for replay. */
    public record Seq<T>(long seq, long runId, T value) {}
}
