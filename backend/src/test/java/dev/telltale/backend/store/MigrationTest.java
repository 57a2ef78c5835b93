package dev.telltale.backend.store;

import static dev.telltale.db.generated.Tables.METRIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {

    @TempDir
    Path dir;

    @Test
    void migrationsApplyOnAnEmptyFolderAndAgainOnAnExistingOne() {
        Path data = dir.resolve("fresh");
        long runId;
        try (Tracking t = Tracking.open(data)) {
            assertTrue(Files.exists(data.resolve("telltale.mv.db")), "the H2 file lies in the data folder");
            runId = t.runs().create(new NewRun("r", "m", null, null, null, null, List.of("x"), null)).id();
            t.metrics().ingest(runId, List.of(new MetricPoint("loss/d", 1, 0.25, 5)));
        }
        // re-opening applies no migration twice and keeps the data
        int executed = Database.migrate("jdbc:h2:file:" + data.toAbsolutePath().resolve("telltale"));
        assertEquals(0, executed);
        try (Tracking t = Tracking.open(data)) {
            assertEquals("r", t.runs().require(runId).name());
            assertEquals(List.of("x"), t.runs().require(runId).tags());
            assertEquals(1, t.database().dsl().fetchCount(METRIC));
        }
    }

    @Test
    void aDataFolderFromANewerVersionIsRefusedNotWrittenInto() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("newer").toAbsolutePath();
        Database.migrate(url);
        // what a later Telltale would have added: a migration this build does not ship
        Path later = Files.createDirectories(dir.resolve("later"));
        Files.writeString(later.resolve("V99__later.sql"), "CREATE TABLE later_thing (id BIGINT);");
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "filesystem:" + later)
                .load().migrate();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Database.migrate(url));
        assertTrue(e.getMessage().contains("newer Telltale") && e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void anEmptyDatabaseGetsEveryMigration() {
        String url = "jdbc:h2:file:" + dir.resolve("raw").toAbsolutePath();
        assertTrue(Database.migrate(url) >= 1);
        assertEquals(0, Database.migrate(url));
    }
}
