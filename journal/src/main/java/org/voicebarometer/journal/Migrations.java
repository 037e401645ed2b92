package org.voicebarometer.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's schema history: ordered SQL scripts {@code migrations/V<n>__<what>.sql}, schema
 * version n after script n. Every pending script and its {@code schema_version} row are applied in
 * one transaction, so an interrupted upgrade leaves the previous version intact.
 */
final class Migrations {
    /** In order; the n-th script (1-based) brings the schema to version n. Append, never edit. */
    static final List<String> SCRIPTS = List.of(
            "V1__entries.sql",
            "V2__notes_tags_audio.sql");

    static final int LATEST = SCRIPTS.size();

    private Migrations() {}

    /** The schema version of the open database, 0 for a new file. */
    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rs.getInt(1);
            }
        }
    }

    /** Brings the schema up to {@code target} (normally {@link #LATEST}); refuses a newer database. */
    static void migrate(Connection c, int target) throws SQLException, JournalException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int current = currentVersion(c);
            if (current > LATEST) {
                throw new JournalException("the journal was written by a newer barometer (schema version "
                        + current + ", this one knows up to " + LATEST + "); update the barometer");
            }
            for (int version = current + 1; version <= target; version++) {
                apply(c, version);
            }
            c.commit();
        } catch (SQLException | JournalException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void apply(Connection c, int version) throws SQLException {
        String name = SCRIPTS.get(version - 1);
        if (!name.startsWith("V" + version + "__")) {
            throw new IllegalStateException("migration " + name + " is listed as version " + version);
        }
        try (Statement s = c.createStatement()) {
            for (String sql : statements(read(name))) {
                s.execute(sql);
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            p.setInt(1, version);
            p.setString(2, Instant.now().toString());
            p.executeUpdate();
        }
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + name)) {
            if (in == null) throw new IllegalStateException("migration script missing from the jar: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + name, e);
        }
    }

    /** Our scripts hold no string literals with ';' and no triggers, so a statement ends at ';'. */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) out.add(statement.strip());
        }
        return out;
    }
}
