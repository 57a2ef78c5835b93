package dev.telltale.backend.store;

import java.nio.file.Path;

/** Everything the tracking server stores, opened on one data folder. */
public final class Tracking implements AutoCloseable {

    private final DataFolder folder;
    private final Database database;
    private final EventLog log;
    private final RunStore runs;
    private final MetricStore metrics;
    private final ArtifactStore artifacts;
    private final Executions executions;
    private final Evaluations evaluations;
    private final StudyStore studies;

    private Tracking(DataFolder folder, Database database, long cachePoints) {
        this.folder = folder;
        this.database = database;
        this.log = new EventLog(database.dsl());
        this.runs = new RunStore(database.dsl(), log, folder);
        this.metrics = new MetricStore(database.dsl(), log, cachePoints);
        this.artifacts = new ArtifactStore(database.dsl(), log, folder);
        this.executions = new Executions(database.dsl(), log, runs);
        this.evaluations = new Evaluations(database.dsl());
        this.studies = new StudyStore(database.dsl(), folder);
    }

    /** Opens the data folder, migrating its database. */
    public static Tracking open(Path dataDir) {
        return open(dataDir, MetricStore.DEFAULT_CACHE_POINTS);
    }

    public static Tracking open(Path dataDir, long cachePoints) {
        DataFolder folder = new DataFolder(dataDir);
        return new Tracking(folder, Database.open(folder.root()), cachePoints);
    }

    public DataFolder folder() {
        return folder;
    }

    public Database database() {
        return database;
    }

    public EventLog log() {
        return log;
    }

    public RunStore runs() {
        return runs;
    }

    public MetricStore metrics() {
        return metrics;
    }

    public Evaluations evaluations() {
        return evaluations;
    }

    public StudyStore studies() {
        return studies;
    }

    public Executions executions() {
        return executions;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    @Override
    public void close() {
        database.close();
    }
}
