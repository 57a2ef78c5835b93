package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.STUDY;
import static dev.telltale.db.generated.Tables.STUDY_ARM;
import static dev.telltale.db.generated.Tables.STUDY_JUDGEMENT;
import static dev.telltale.db.generated.Tables.STUDY_RATER;
import static dev.telltale.db.generated.Tables.STUDY_SAMPLE;
import static dev.telltale.db.generated.Tables.STUDY_TASK;

import dev.telltale.db.generated.tables.records.StudyJudgementRecord;
import dev.telltale.db.generated.tables.records.StudyRecord;
import dev.telltale.db.generated.tables.records.StudyTaskRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Human ranking studies: created frozen (arms, tasks and sample files in one go), then only judged
 * and closed. Sample files live in the study's own folder; the rows name them relative to the data
 * folder.
 */
public final class StudyStore {

    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    private final DSLContext dsl;
    private final DataFolder folder;

    public StudyStore(DSLContext dsl, DataFolder folder) {
        this.dsl = dsl;
        this.folder = folder;
    }

    /** A study with its arms and counts. */
    public record StudyView(long id, String name, String kind, String status, String orderKey, int samplesPerCaption, String settingsJson,
            OffsetDateTime createdAt, OffsetDateTime closedAt, List<Arm> arms, int tasks, int raters, int judgements) {

        public boolean open() {
            return OPEN.equals(status);
        }
    }

    /** A compared thing: a run at a checkpoint, or (real) the dataset's own images; label is the run's name at creation. */
    public record Arm(long id, int position, Long runId, Long checkpointId, Long step, boolean real, String label) {}

    /** One caption with one seed; {@code repeatOf} is the task (row id) a repeat shows again. */
    public record Task(long id, int position, String publicId, int captionIndex, String caption, long seed, Long repeatOf,
            List<Sample> samples) {}

    /** An arm's picture for a task; {@code path} is relative to the data folder. */
    public record Sample(long id, long taskId, long armId, String publicId, String path, String contentType) {}

    /** A rater's ranking of a task: JSON tie groups of sample public ids, best first. */
    public record Judgement(long taskId, String rater, String rankingJson, Long ms, OffsetDateTime createdAt) {}

    /** What creation needs; sample files already lie in {@code staging} under their {@code file} names. */
    public record NewStudy(String name, String kind, String tokenSha256, String orderKey, int samplesPerCaption, String settingsJson,
            List<NewArm> arms, List<NewTask> tasks, Path staging) {}

    public record NewArm(Long runId, Long checkpointId, Long step, boolean real, String label) {}

    /** {@code repeatOf}: the index in the task list of the task this one repeats. */
    public record NewTask(String publicId, int captionIndex, String caption, long seed, Integer repeatOf, List<NewSample> samples) {}

    /** {@code arm}: the index of the arm in the study's arm list. */
    public record NewSample(int arm, String publicId, String file, String contentType) {}

    /**
     * Stores the study and moves its staging folder to {@code studies/<id>/} in one transaction: a
     * failed move leaves no rows, failed rows leave the staging folder to the caller.
     */
    public StudyView create(NewStudy s) {
        long id = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            StudyRecord r = tx.newRecord(STUDY);
            r.setName(s.name());
            r.setKind(s.kind());
            r.setStatus(OPEN);
            r.setTokenSha256(s.tokenSha256());
            r.setOrderKey(s.orderKey());
            r.setSamplesPerCaption(s.samplesPerCaption());
            r.setSettings(s.settingsJson());
            r.setCreatedAt(RunStore.now());
            r.store();
            long studyId = r.getId();
            String prefix = folder.root().relativize(folder.studyDir(studyId)).toString() + "/";
            List<Long> armIds = new ArrayList<>();
            for (int i = 0; i < s.arms().size(); i++) {
                NewArm a = s.arms().get(i);
                armIds.add(tx.insertInto(STUDY_ARM)
                        .set(STUDY_ARM.STUDY_ID, studyId)
                        .set(STUDY_ARM.POSITION, i)
                        .set(STUDY_ARM.RUN_ID, a.runId())
                        .set(STUDY_ARM.CHECKPOINT_ID, a.checkpointId())
                        .set(STUDY_ARM.STEP, a.step())
                        .set(STUDY_ARM.IS_REAL, a.real())
                        .set(STUDY_ARM.LABEL, a.label())
                        .returningResult(STUDY_ARM.ID).fetchOne().value1());
            }
            List<Long> taskIds = new ArrayList<>();
            for (int i = 0; i < s.tasks().size(); i++) {
                NewTask t = s.tasks().get(i);
                StudyTaskRecord tr = tx.newRecord(STUDY_TASK);
                tr.setStudyId(studyId);
                tr.setPosition(i);
                tr.setPublicId(t.publicId());
                tr.setCaptionIndex(t.captionIndex());
                tr.setCaption(t.caption());
                tr.setSeed(t.seed());
                tr.setRepeatOf(t.repeatOf() == null ? null : taskIds.get(t.repeatOf()));
                tr.store();
                taskIds.add(tr.getId());
                var insert = tx.insertInto(STUDY_SAMPLE, STUDY_SAMPLE.TASK_ID, STUDY_SAMPLE.ARM_ID, STUDY_SAMPLE.PUBLIC_ID,
                        STUDY_SAMPLE.PATH, STUDY_SAMPLE.CONTENT_TYPE);
                for (NewSample sample : t.samples()) {
                    insert = insert.values(tr.getId(), armIds.get(sample.arm()), sample.publicId(), prefix + sample.file(),
                            sample.contentType());
                }
                insert.execute();
            }
            try {
                Files.createDirectories(folder.studiesDir());
                Files.move(s.staging(), folder.studyDir(studyId), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the study's samples into place", e);
            }
            return studyId;
        });
        return get(id).orElseThrow();
    }

    public List<StudyView> list() {
        List<StudyRecord> rows = dsl.selectFrom(STUDY).orderBy(STUDY.ID.desc()).fetch();
        return rows.stream().map(this::view).toList();
    }

    public Optional<StudyView> get(long id) {
        return Optional.ofNullable(dsl.fetchOne(STUDY, STUDY.ID.eq(id))).map(this::view);
    }

    public StudyView require(long id) {
        return get(id).orElseThrow(() -> new NotFoundException("studyId", "no study " + id));
    }

    /** The study whose share token hashes to {@code sha256}. */
    public Optional<StudyView> byToken(String sha256) {
        return Optional.ofNullable(dsl.fetchOne(STUDY, STUDY.TOKEN_SHA256.eq(sha256))).map(this::view);
    }

    /** Replaces the share token (the old link stops working). */
    public void setToken(long id, String sha256) {
        if (dsl.update(STUDY).set(STUDY.TOKEN_SHA256, sha256).where(STUDY.ID.eq(id)).execute() == 0) {
            throw new NotFoundException("studyId", "no study " + id);
        }
    }

    /** Closes the study to new judgements; closing a closed study changes nothing. */
    public StudyView close(long id) {
        require(id);
        dsl.update(STUDY).set(STUDY.STATUS, CLOSED).set(STUDY.CLOSED_AT, RunStore.now())
                .where(STUDY.ID.eq(id).and(STUDY.STATUS.eq(OPEN))).execute();
        return require(id);
    }

    /** The study's tasks in creation order, each with its samples in arm order. */
    public List<Task> tasks(long studyId) {
        Map<Long, List<Sample>> samples = new HashMap<>();
        dsl.select(STUDY_SAMPLE.fields()).from(STUDY_SAMPLE)
                .join(STUDY_TASK).on(STUDY_TASK.ID.eq(STUDY_SAMPLE.TASK_ID))
                .join(STUDY_ARM).on(STUDY_ARM.ID.eq(STUDY_SAMPLE.ARM_ID))
                .where(STUDY_TASK.STUDY_ID.eq(studyId))
                .orderBy(STUDY_ARM.POSITION)
                .fetchInto(STUDY_SAMPLE)
                .forEach(r -> samples.computeIfAbsent(r.getTaskId(), k -> new ArrayList<>()).add(new Sample(r.getId(),
                        r.getTaskId(), r.getArmId(), r.getPublicId(), r.getPath(), r.getContentType())));
        return dsl.selectFrom(STUDY_TASK).where(STUDY_TASK.STUDY_ID.eq(studyId)).orderBy(STUDY_TASK.POSITION)
                .fetch(r -> new Task(r.getId(), r.getPosition(), r.getPublicId(), r.getCaptionIndex(), r.getCaption(),
                        r.getSeed(), r.getRepeatOf(), List.copyOf(samples.getOrDefault(r.getId(), List.of()))));
    }

    /** A sample of the study by its public id, with its file if that is still inside the data folder. */
    public Optional<Path> sampleFile(long studyId, String publicId) {
        return dsl.select(STUDY_SAMPLE.PATH).from(STUDY_SAMPLE)
                .join(STUDY_TASK).on(STUDY_TASK.ID.eq(STUDY_SAMPLE.TASK_ID))
                .where(STUDY_TASK.STUDY_ID.eq(studyId).and(STUDY_SAMPLE.PUBLIC_ID.eq(publicId)))
                .fetchOptional(STUDY_SAMPLE.PATH)
                .flatMap(path -> {
                    try {
                        return Optional.of(SafePaths.existingFileInside(folder.studyDir(studyId),
                                folder.studyDir(studyId).relativize(folder.root().resolve(path)).toString(), "itemId"));
                    } catch (InvalidInputException e) {
                        return Optional.empty();
                    }
                });
    }

    /** The public ids of the tasks a rater (by name) has judged. */
    public Set<String> judgedBy(long studyId, String rater) {
        return dsl.select(STUDY_TASK.PUBLIC_ID).from(STUDY_JUDGEMENT)
                .join(STUDY_RATER).on(STUDY_RATER.ID.eq(STUDY_JUDGEMENT.RATER_ID))
                .join(STUDY_TASK).on(STUDY_TASK.ID.eq(STUDY_JUDGEMENT.TASK_ID))
                .where(STUDY_RATER.STUDY_ID.eq(studyId).and(STUDY_RATER.NAME.eq(rater)))
                .fetchSet(STUDY_TASK.PUBLIC_ID);
    }

    /**
     * Records a rater's ranking of a task, replacing the rater's earlier one; a new name becomes a
     * rater of the study. Returns whether an earlier ranking was replaced. Refused (409) when the
     * study is closed, checked in the same transaction as the write.
     */
    public boolean judge(long studyId, long taskId, String rater, String rankingJson, Long ms) {
        // one at a time: two first judgements of a new rater must not both create the rater
        synchronized (this) {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                StudyRecord study = tx.selectFrom(STUDY).where(STUDY.ID.eq(studyId)).forUpdate().fetchOne();
                if (study == null) {
                    throw new NotFoundException("token", "no such study");
                }
                if (!OPEN.equals(study.getStatus())) {
                    throw new ConflictException("token", "the study is closed: it takes no more judgements");
                }
                OffsetDateTime now = RunStore.now();
                Long raterId = tx.select(STUDY_RATER.ID).from(STUDY_RATER)
                        .where(STUDY_RATER.STUDY_ID.eq(studyId).and(STUDY_RATER.NAME.eq(rater))).fetchOne(STUDY_RATER.ID);
                if (raterId == null) {
                    raterId = tx.insertInto(STUDY_RATER)
                            .set(STUDY_RATER.STUDY_ID, studyId).set(STUDY_RATER.NAME, rater).set(STUDY_RATER.CREATED_AT, now)
                            .returningResult(STUDY_RATER.ID).fetchOne().value1();
                }
                StudyJudgementRecord j = tx.fetchOne(STUDY_JUDGEMENT,
                        STUDY_JUDGEMENT.TASK_ID.eq(taskId).and(STUDY_JUDGEMENT.RATER_ID.eq(raterId)));
                boolean replaced = j != null;
                if (j == null) {
                    j = tx.newRecord(STUDY_JUDGEMENT);
                    j.setTaskId(taskId);
                    j.setRaterId(raterId);
                }
                j.setRanking(rankingJson);
                j.setMs(ms);
                j.setCreatedAt(now);
                j.store();
                return replaced;
            });
        }
    }

    /** Every judgement of the study, in the order they were last written. */
    public List<Judgement> judgements(long studyId) {
        return dsl.select(STUDY_JUDGEMENT.TASK_ID, STUDY_RATER.NAME, STUDY_JUDGEMENT.RANKING, STUDY_JUDGEMENT.MS,
                        STUDY_JUDGEMENT.CREATED_AT)
                .from(STUDY_JUDGEMENT)
                .join(STUDY_RATER).on(STUDY_RATER.ID.eq(STUDY_JUDGEMENT.RATER_ID))
                .where(STUDY_RATER.STUDY_ID.eq(studyId))
                .orderBy(STUDY_JUDGEMENT.CREATED_AT, STUDY_JUDGEMENT.ID)
                .fetch(r -> new Judgement(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    private StudyView view(StudyRecord r) {
        long id = r.getId();
        List<Arm> arms = dsl.selectFrom(STUDY_ARM).where(STUDY_ARM.STUDY_ID.eq(id)).orderBy(STUDY_ARM.POSITION)
                .fetch(a -> new Arm(a.getId(), a.getPosition(), a.getRunId(), a.getCheckpointId(), a.getStep(),
                        Boolean.TRUE.equals(a.getIsReal()), a.getLabel()));
        int tasks = dsl.fetchCount(STUDY_TASK, STUDY_TASK.STUDY_ID.eq(id));
        int raters = dsl.fetchCount(STUDY_RATER, STUDY_RATER.STUDY_ID.eq(id));
        int judgements = dsl.fetchCount(dsl.select(STUDY_JUDGEMENT.ID).from(STUDY_JUDGEMENT)
                .join(STUDY_RATER).on(STUDY_RATER.ID.eq(STUDY_JUDGEMENT.RATER_ID)).where(STUDY_RATER.STUDY_ID.eq(id)));
        return new StudyView(id, r.getName(), r.getKind(), r.getStatus(), r.getOrderKey(), r.getSamplesPerCaption(), r.getSettings(),
                r.getCreatedAt(), r.getClosedAt(), arms, tasks, raters, judgements);
    }
}
