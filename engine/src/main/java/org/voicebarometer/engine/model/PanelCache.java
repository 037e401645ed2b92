package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.RowSource;
import org.voicebarometer.engine.kernels.Simd;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.Fingerprint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The kernels' packed weights of a checkpoint, kept in a file between loads, so that a model loaded before
 * is ready after a map of that file instead of a decode and transposition of every weight (wav2vec2-base:
 * 360 MB of panels; docs/benchmarks.md has the load times). The kernels read the panels in place from the
 * mapping; the checkpoint's file is then only read for its small tensors (biases, norms).
 *
 * <p>One file per model directory, named by a fingerprint of its real path, in {@link #directory()}; it holds a
 * key (a {@link Fingerprint} of the packing layout and vector width, config.json, head.json and the checkpoint's
 * {@linkplain Checkpoint#fingerprint fingerprint}) and the panels of every packed weight by tensor name. A
 * file whose key differs (the checkpoint, its configuration or the engine changed), or that is damaged in any
 * way the reader can see, is ignored, and the load that packs the weights again replaces it. The file is
 * written to a temporary name, flushed to the disk and renamed, so a crash never leaves a half-written
 * file under the real name; temporary files a killed process left behind are removed after an hour, and
 * the files of models no load has used for 60 days (deleted or moved) when another file is written.
 * Nothing but weights goes there: never audio, never a result.
 *
 * <p>{@code LAYOUT} must change whenever any kernel packs its panels differently:
 * {@code PanelCacheTest.layoutIsPinned} fails until it does.
 */
final class PanelCache {
    /** The packing layout's version: bump it when any kernel's panels change (see the class comment). */
    static final int LAYOUT = 1;
    /** System property naming the cache directory, or {@code off}; then the environment variable below. */
    static final String PROPERTY = "barometer.cache";
    static final String ENV = "BAROMETER_CACHE";

    private static final byte[] MAGIC = "VBPANELS".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    /** Every panel starts on a 4 KB boundary of the file (and so of the mapping: page-aligned). */
    private static final int ALIGN = 4096;
    /** Bounds for the reader: a header this large or this many entries is a damaged file. */
    private static final int MAX_HEADER = 16 << 20;
    private static final int MAX_ENTRIES = 100_000;
    /** Left free on the disk after writing the file; if there is less, no file is written. */
    private static final long DISK_MARGIN = 512L << 20;
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    /** A cache file no load has used for this long (a model deleted or moved) is removed by the next save. */
    private static final Duration UNUSED = Duration.ofDays(60);

    private final Path file;                     // null: no cache
    private final String key;
    private final Map<String, MemorySegment> kept; // from the file: panels by tensor name
    private final Map<String, MemorySegment> used = new ConcurrentHashMap<>(); // the panels of this load
    private volatile boolean packed;             // something was packed: the file is missing or out of date

    private PanelCache(Path file, String key, Map<String, MemorySegment> kept) {
        this.file = file;
        this.key = key;
        this.kept = kept;
    }

    /** A cache that keeps nothing. */
    static PanelCache none() {
        return new PanelCache(null, "", Map.of());
    }

    /**
     * The cache of the model in {@code modelDir} with these weights, in {@code cacheDir} (null: none). Never
     * fails: a cache that cannot be read is a cache without panels.
     */
    static PanelCache open(Path cacheDir, Path modelDir, Checkpoint checkpoint) {
        if (cacheDir == null || !Simd.ENABLED || !privateFolder(cacheDir)) return none(); // the scalar kernels pack nothing
        try {
            Path file = cacheDir.resolve(new Fingerprint().update(modelDir.toRealPath().toString()).hex() + ".panels");
            String key = key(modelDir, checkpoint);
            return new PanelCache(file, key, read(file, key));
        } catch (IOException | RuntimeException e) {
            return none();
        }
    }

    /**
     * The cache directory: system property {@value #PROPERTY}, else environment variable {@value #ENV} (a
     * directory, or {@code off} for none), else {@code $XDG_CACHE_HOME/voice-barometer/panels}, else
     * {@code ~/.cache/voice-barometer/panels}.
     */
    static Path directory() {
        return directory(System.getProperty(PROPERTY), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path directory(String property, Map<String, String> env, Path home) {
        String named = property != null ? property : env.get(ENV);
        if (named != null && !named.isBlank()) return named.trim().equals("off") ? null : Path.of(named.trim());
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
        return cache.resolve("voice-barometer").resolve("panels");
    }

    /** The weight {@code name}'s rows, whose panels come from the file if it has them, else are packed and kept. */
    RowSource source(String name, RowSource rows) {
        if (file == null) return rows;
        return new RowSource() {
            @Override
            public void read(int row, int col, int len, float[] dst, int dstOff) {
                rows.read(row, col, len, dst, dstOff);
            }

            @Override
            public MemorySegment packed(long bytes) {
                MemorySegment p = kept.get(name);
                if (p == null || p.byteSize() != bytes) return null;
                used.put(name, p);
                return p;
            }

            @Override
            public void packedTo(MemorySegment panels) {
                used.put(name, panels);
                packed = true;
            }
        };
    }

    /** True when the kernels' every packed weight came from the file (nothing was packed). */
    boolean complete() {
        return file != null && !packed && !used.isEmpty();
    }

    /**
     * After a successful load: if any weight was packed (no file, or one out of date), writes the panels of this
     * load for the next, and removes other models' files unused for {@link #UNUSED}; if every panel came from
     * the file, marks it used (its modification time). A failure (read-only or full disk, ...) only means the
     * next load packs again.
     */
    void save() {
        if (file == null || used.isEmpty()) return;
        if (!packed) {
            try {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            } catch (IOException | RuntimeException e) {
                // only the clean-up's clock
            }
            return;
        }
        Path dir = file.getParent();
        // Unique to this process and thread: two loads of one model at once each write their own.
        Path temporary = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId() + ".tmp");
        try {
            createPrivateDirectories(dir);
            removeStale(dir);
            Map<String, MemorySegment> entries = new TreeMap<>(used); // by name: the same load writes the same file
            byte[] header = header(entries);
            long size = header.length;
            for (MemorySegment p : entries.values()) size = align(size) + p.byteSize();
            if (Files.getFileStore(dir).getUsableSpace() < size + DISK_MARGIN) return;
            try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long at = header.length;
                for (MemorySegment p : entries.values()) {
                    at = align(at);
                    writeFully(ch, p.asByteBuffer(), at);
                    at += p.byteSize();
                }
                // The header last, and the data on the disk before the rename: a crash leaves no file that
                // looks whole and holds zeros.
                writeFully(ch, ByteBuffer.wrap(header), 0);
                ch.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // removed as stale by a later save
            }
        }
    }

    /** The folder, created readable and writable by the user only where the file system has POSIX permissions. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * False for a folder that group or others may write to (where POSIX permissions exist): someone else could
     * plant a file there under a key they can compute, so such a folder is not used at all.
     */
    private static boolean privateFolder(Path dir) {
        if (!Files.isDirectory(dir) || !dir.getFileSystem().supportedFileAttributeViews().contains("posix")) return true;
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
            return !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The file belongs to its folder's owner (where the file system knows owners). */
    private static boolean ownedLikeFolder(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("owner")) return true;
        try {
            return Files.getOwner(file).equals(Files.getOwner(file.getParent()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) at += ch.write(b, at);
    }

    /** Temporary files of killed writers, older than an hour, and cache files unused for {@link #UNUSED}. */
    private void removeStale(Path dir) throws IOException {
        Instant now = Instant.now();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.panels*")) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                Duration age = name.endsWith(".panels") ? UNUSED : name.endsWith(".tmp") ? STALE_TEMPORARY : null;
                if (age != null && !p.equals(file) && Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(age))) Files.deleteIfExists(p);
            }
        }
    }

    private static long align(long at) {
        return (at + ALIGN - 1) / ALIGN * ALIGN;
    }

    /**
     * MAGIC, FORMAT, the length of the rest of the header and its CRC-32C, then the key, the entry count and each
     * entry: name, offset, bytes (DataOutput encodings). The CRC guards the offsets: a changed one could still
     * point at panel data of the right size. The panels themselves are not checked (that would read them all).
     */
    private byte[] header(Map<String, MemorySegment> entries) throws IOException {
        // The header's length does not depend on the offsets' values (8 bytes each): lay it out with zeros
        // to learn where the data starts, then again with the real offsets.
        long at = encode(entries, new long[entries.size()]).length;
        long[] offsets = new long[entries.size()];
        int i = 0;
        for (MemorySegment p : entries.values()) {
            at = align(at);
            offsets[i++] = at;
            at += p.byteSize();
        }
        return encode(entries, offsets);
    }

    private byte[] encode(Map<String, MemorySegment> entries, long[] offsets) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeUTF(key);
        out.writeInt(entries.size());
        int i = 0;
        for (Map.Entry<String, MemorySegment> e : entries.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(offsets[i++]);
            out.writeLong(e.getValue().byteSize());
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        DataOutputStream head = new DataOutputStream(whole);
        head.write(MAGIC);
        head.writeInt(FORMAT);
        head.writeInt(body.size());
        head.writeInt(crc(body.toByteArray()));
        body.writeTo(head);
        return whole.toByteArray();
    }

    /**
     * The panels in {@code file} if it exists, holds {@code key} and is whole; else none. Each panel is a plain
     * native segment over the mapping (see PanelPacking), which stays mapped while any panel is reachable.
     */
    static Map<String, MemorySegment> read(Path file, String key) {
        if (!Files.isRegularFile(file) || !ownedLikeFolder(file)) return Map.of();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Arena arena = Arena.ofAuto();
            MemorySegment whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            int prefix = MAGIC.length + 3 * Integer.BYTES;
            if (size < prefix) return Map.of();
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(whole.asSlice(0, prefix).toArray(ValueLayout.JAVA_BYTE)));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != FORMAT) return Map.of();
            int length = in.readInt(), crc = in.readInt();
            if (length < 0 || length > MAX_HEADER || prefix + length > size) return Map.of();
            long dataStart = prefix + length;
            byte[] body = whole.asSlice(prefix, length).toArray(ValueLayout.JAVA_BYTE);
            if (crc(body) != crc) return Map.of();
            in = new DataInputStream(new ByteArrayInputStream(body));
            if (!in.readUTF().equals(key)) return Map.of();
            int count = in.readInt();
            if (count < 0 || count > MAX_ENTRIES) return Map.of();
            Map<String, MemorySegment> panels = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long offset = in.readLong(), bytes = in.readLong();
                if (offset % ALIGN != 0 || offset < dataStart || offset > size || bytes < 0 || bytes > size - offset || panels.containsKey(name))
                    return Map.of();
                panels.put(name, MemorySegment.ofAddress(whole.address() + offset).reinterpret(bytes, arena, null));
            }
            return in.available() == 0 ? panels : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    private static int crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return (int) c.getValue();
    }

    /** What the panels' layout depends on besides the weights: the layout version, vector width and byte order. */
    static String layoutDescription() {
        return "layout " + LAYOUT + ", " + Simd.describe() + ", " + ByteOrder.nativeOrder();
    }

    /** The key of the panels of these weights: a fingerprint of the layout, config.json, head.json and the checkpoint. */
    static String key(Path modelDir, Checkpoint checkpoint) throws IOException {
        Fingerprint f = new Fingerprint().update(layoutDescription());
        for (String name : new String[] {"config.json", "head.json"}) {
            Path p = modelDir.resolve(name);
            f.update(name);
            if (Files.isRegularFile(p)) {
                if (Files.size(p) > MAX_HEADER) throw new IOException(p + " too large to fingerprint");
                f.update(Files.readAllBytes(p));
            }
        }
        checkpoint.fingerprint(f);
        return f.hex();
    }
}
