package dev.telltale.backend.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The embedded H2 file database in the data folder, migrated on open. */
public final class Database implements AutoCloseable {

    /** File name stem of the H2 database: H2 adds {@code .mv.db}. */
    public static final String FILE_STEM = "telltale";

    private final JdbcConnectionPool pool;
    private final DSLContext dsl;
    private final String url;
    private boolean closed;

    private Database(String url, JdbcConnectionPool pool) {
        this.url = url;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.H2, new Settings().withExecuteLogging(false).withRenderSchema(false));
    }

    /**
     * Opens (creating if needed) the database in {@code dataDir} and applies every pending migration,
     * so an older data folder is upgraded in place.
     */
    public static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        // WRITE_DELAY=0: a commit reaches the file before the request is acknowledged, so a killed
        // server process loses nothing it answered 200 for. Closing is ours (shutdown hook), not H2's.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(FILE_STEM) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        migrate(url);
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(16);
        return new Database(url, pool);
    }

    /**
     * Applies the migrations that ship on the classpath under {@code db/migration}. A folder migrated
     * by a newer Telltale is refused: Flyway by default only logs a schema ahead of its migrations,
     * and this code would then write rows against a schema it does not know.
     */
    public static int migrate(String url) {
        org.flywaydb.core.Flyway flyway = Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .ignoreMigrationPatterns("")
                .load();
        org.flywaydb.core.api.MigrationInfo current = flyway.info().current();
        org.flywaydb.core.api.MigrationInfo[] known = flyway.info().all();
        if (current != null && current.getVersion() != null && known.length > 0) {
            org.flywaydb.core.api.MigrationVersion latest = null;
            for (org.flywaydb.core.api.MigrationInfo m : known) {
                if (m.getState() != org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS && m.getVersion() != null
                        && (latest == null || m.getVersion().compareTo(latest) > 0)) {
                    latest = m.getVersion();
                }
            }
            if (latest != null && current.getVersion().compareTo(latest) > 0) {
                throw new IllegalStateException("the data folder was written by a newer Telltale (database version "
                        + current.getVersion() + ", this one knows up to " + latest + "); run that version, or another --data folder");
            }
        }
        return flyway.migrate().migrationsExecuted;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String url() {
        return url;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // SHUTDOWN closes its own connection too, so it cannot report success: only a failure to run it
        try (var c = pool.getConnection(); var st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
                    && e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
                throw new IllegalStateException("could not shut the database down cleanly", e);
            }
        } finally {
            pool.dispose();
        }
    }
}
