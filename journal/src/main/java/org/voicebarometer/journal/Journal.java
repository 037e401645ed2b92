package org.voicebarometer.journal;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The voice journal: an SQLite file holding one row per analysed voice log (scores, probabilities,
 * biomarkers, note, tags), never audio unless the user opted in, in which case the recording is a WAV
 * file in {@code <db name>-audio/} beside the database.
 *
 * <p>Durability: WAL journal mode with {@code synchronous=FULL}, and every write is one transaction,
 * so a process killed mid-write leaves the last committed state. {@code secure_delete} overwrites
 * deleted rows, so {@link #deleteAll()} leaves nothing readable in the file. One instance is safe to
 * share between threads (methods are synchronized over its single connection).
 */
public final class Journal implements AutoCloseable {
    private final Path file;
    private final Connection connection;

    private Journal(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the journal at {@code file} and brings its schema up to date. */
    public static Journal open(Path file) throws JournalException {
        return open(file, Migrations.LATEST);
    }

    /** Opens with the schema at {@code schemaVersion}: tests build older journals with it. */
    static Journal open(Path file, int schemaVersion) throws JournalException {
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new JournalException("cannot create the journal folder " + absolute.getParent() + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        // Writers take the lock at BEGIN: two processes never deadlock upgrading a read lock.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + absolute);
            Migrations.migrate(c, schemaVersion);
            return new Journal(absolute, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new JournalException("cannot open the journal " + absolute + ": " + e.getMessage(), e);
        } catch (JournalException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Where opt-in recordings are kept: {@code journal-audio/} beside {@code journal.db}. */
    public Path audioDirectory() {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-audio");
    }

    public synchronized int schemaVersion() throws JournalException {
        try {
            return Migrations.currentVersion(connection);
        } catch (SQLException e) {
            throw failure("read the schema version", e);
        }
    }

    /** Stores {@code entry} (scores only) and returns it with its id. */
    public synchronized JournalEntry add(JournalEntry entry) throws JournalException {
        return transaction(c -> insert(c, entry, null));
    }

    /**
     * Stores {@code entry} and, because the user asked to keep audio, the recording as 16-bit WAV.
     * The file is written first and removed again if the row cannot be committed.
     */
    public synchronized JournalEntry add(JournalEntry entry, float[] samples16k) throws JournalException {
        Path clip;
        try {
            Files.createDirectories(audioDirectory());
            clip = audioDirectory().resolve(UUID.randomUUID() + ".wav");
            WavClip.write(clip, samples16k);
        } catch (IOException e) {
            throw new JournalException("cannot keep the recording in " + audioDirectory() + ": " + e.getMessage(), e);
        }
        try {
            return transaction(c -> insert(c, entry, clip.getFileName().toString()));
        } catch (JournalException | RuntimeException e) {
            try {
                Files.deleteIfExists(clip);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Replaces the note and tags of entry {@code id} (the user adds them after seeing the result). */
    public synchronized void annotate(long id, String note, List<String> tags) throws JournalException {
        int updated = transaction(c -> {
            int rows;
            try (PreparedStatement p = c.prepareStatement("UPDATE entry SET note = ? WHERE id = ?")) {
                p.setString(1, note == null || note.isBlank() ? null : note);
                p.setLong(2, id);
                rows = p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM entry_tag WHERE entry_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            insertTags(c, id, tags);
            return rows;
        });
        if (updated == 0) throw new JournalException("no journal entry " + id + " (deleted meanwhile?)");
    }

    /** All of {@code userId}'s entries, oldest first. */
    public synchronized List<JournalEntry> entries(String userId) throws JournalException {
        return entries(userId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE));
    }

    /** {@code userId}'s entries recorded in [{@code from}, {@code to}), oldest first. */
    public synchronized List<JournalEntry> entries(String userId, Instant from, Instant to) throws JournalException {
        try {
            return select(userId, from.toEpochMilli(), to.toEpochMilli());
        } catch (SQLException e) {
            throw failure("read the journal", e);
        }
    }

    /** Counts of what {@link #deleteAll()} removed. */
    public record Deletion(int entries, int audioFiles) {}

    /**
     * Deletes every entry of every user and every kept recording, then rewrites the file (VACUUM)
     * and empties the WAL so no deleted row survives in free pages or the log.
     */
    public synchronized Deletion deleteAll() throws JournalException {
        int rows = transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM entry_tag");
                s.executeUpdate("DELETE FROM entry_biomarker");
                s.executeUpdate("DELETE FROM entry_probability");
                return s.executeUpdate("DELETE FROM entry");
            }
        });
        try (Statement s = connection.createStatement()) {
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw failure("compact the journal after deleting", e);
        }
        return new Deletion(rows, deleteAudioFiles());
    }

    private int deleteAudioFiles() throws JournalException {
        Path dir = audioDirectory();
        if (!Files.isDirectory(dir)) return 0;
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.delete(f);
                deleted++;
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new JournalException("could not delete the kept recordings in " + dir + ": " + e.getMessage(), e);
        }
        return deleted;
    }

    @Override
    public synchronized void close() throws JournalException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close the journal", e);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} as one transaction: all of it is committed, or none of it. */
    synchronized <T> T transaction(SqlWork<T> work) throws JournalException {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("write to the journal", e);
        }
    }

    static JournalEntry insert(Connection c, JournalEntry e, String audioFile) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO entry (recorded_at_ms, user_id, emotion, confidence, "
                + "stress_score, model, duration_s, note, audio_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, e.time().toEpochMilli());
            p.setString(2, e.userId());
            p.setString(3, e.emotion());
            p.setDouble(4, e.confidence());
            p.setDouble(5, e.stressScore());
            p.setString(6, e.model());
            p.setDouble(7, e.durationSeconds());
            p.setString(8, e.note());
            p.setString(9, audioFile);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO entry_probability (entry_id, position, label, probability) VALUES (?, ?, ?, ?)")) {
            int position = 0;
            for (Map.Entry<String, Double> pr : e.probabilities().entrySet()) {
                p.setLong(1, id);
                p.setInt(2, position++);
                p.setString(3, pr.getKey());
                p.setDouble(4, pr.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO entry_biomarker (entry_id, name, value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Double> b : e.biomarkers().entrySet()) {
                p.setLong(1, id);
                p.setString(2, b.getKey());
                if (b.getValue() == null || !Double.isFinite(b.getValue())) p.setNull(3, Types.REAL);
                else p.setDouble(3, b.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
        insertTags(c, id, e.tags());
        return e.stored(id, audioFile);
    }

    private static void insertTags(Connection c, long id, List<String> tags) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO entry_tag (entry_id, tag) VALUES (?, ?)")) {
            for (String tag : tags) {
                p.setLong(1, id);
                p.setString(2, tag);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static final String IN_RANGE = " WHERE e.user_id = ? AND e.recorded_at_ms >= ? AND e.recorded_at_ms < ?";

    private List<JournalEntry> select(String userId, long fromMs, long toMs) throws SQLException {
        Map<Long, Map<String, Double>> probabilities = keyValues(
                "SELECT p.entry_id, p.label, p.probability FROM entry_probability p JOIN entry e ON e.id = p.entry_id"
                        + IN_RANGE + " ORDER BY p.entry_id, p.position",
                userId, fromMs, toMs);
        Map<Long, Map<String, Double>> biomarkers = keyValues(
                "SELECT b.entry_id, b.name, b.value FROM entry_biomarker b JOIN entry e ON e.id = b.entry_id"
                        + IN_RANGE + " ORDER BY b.entry_id, b.name",
                userId, fromMs, toMs);
        Map<Long, List<String>> tags = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT t.entry_id, t.tag FROM entry_tag t JOIN entry e ON e.id = t.entry_id"
                + IN_RANGE + " ORDER BY t.entry_id, t.tag")) {
            bindRange(p, userId, fromMs, toMs);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<JournalEntry> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT e.id, e.recorded_at_ms, e.user_id, e.emotion, e.confidence, "
                + "e.stress_score, e.model, e.duration_s, e.note, e.audio_file FROM entry e" + IN_RANGE + " ORDER BY e.recorded_at_ms, e.id")) {
            bindRange(p, userId, fromMs, toMs);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    out.add(new JournalEntry(id, Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getDouble(5), rs.getDouble(6), probabilities.getOrDefault(id, Map.of()),
                            biomarkers.getOrDefault(id, Map.of()), rs.getString(7), rs.getDouble(8), rs.getString(9),
                            tags.getOrDefault(id, List.of()), rs.getString(10)));
                }
            }
        }
        return out;
    }

    private Map<Long, Map<String, Double>> keyValues(String sql, String userId, long fromMs, long toMs) throws SQLException {
        Map<Long, Map<String, Double>> out = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            bindRange(p, userId, fromMs, toMs);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(3);
                    if (rs.wasNull()) v = Double.NaN; // wasNull() refers to the last column read
                    out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), v);
                }
            }
        }
        return out;
    }

    private static void bindRange(PreparedStatement p, String userId, long fromMs, long toMs) throws SQLException {
        p.setString(1, userId);
        p.setLong(2, fromMs);
        p.setLong(3, toMs);
    }

    private JournalException failure(String what, SQLException e) {
        return new JournalException("cannot " + what + " (" + file + "): " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // Already failing with a better message.
        }
    }
}
