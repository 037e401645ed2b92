package org.voicebarometer.engine.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voicebarometer.engine.kernels.Simd;
import org.voicebarometer.engine.tensor.Checkpoint;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packed weights kept between loads: the same bits as packing, used only while they match, never a failure. */
class PanelCacheTest {
    @TempDir
    Path tmp;

    private static float[] audio() {
        Random r = new Random(7);
        float[] x = new float[6400];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.1 * r.nextGaussian());
        return x;
    }

    /** Every tensor of a run on the same audio. */
    private static Map<String, float[]> outputs(Wav2Vec2Model m) {
        Map<String, float[]> all = new TreeMap<>();
        m.run(audio()).tensors().forEach((name, t) -> all.put(name, t.data()));
        return all;
    }

    private static void assertSameBits(Map<String, float[]> want, Map<String, float[]> got) {
        assertEquals(want.keySet(), got.keySet());
        want.forEach((name, w) -> assertArrayEquals(w, got.get(name), name));
    }

    /** A copy of a golden model directory, so that its files can be touched. */
    private Path copy(String name) throws IOException {
        Path src = GoldenData.model(name), dst = Files.createDirectories(tmp.resolve("models").resolve(name));
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, dst.resolve(f.getFileName()));
        }
        return dst;
    }

    private static Path onlyFile(Path cacheDir) throws IOException {
        try (var files = Files.list(cacheDir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.getFirst();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base_group_postln", "seqcls_weighted_f16", "pretraining_sharded_gelu_new", "hubert_ctc_featln", "seed_head", "audeering_regression"})
    void aCachedLoadGivesThePackedLoadsBits(String name) throws IOException {
        Path model = GoldenData.model(name), cache = tmp.resolve("cache");
        Map<String, float[]> packed = outputs(Wav2Vec2Model.load(model, null));
        assertSameBits(packed, outputs(Wav2Vec2Model.load(model, cache))); // packs, writes the file
        Path file = onlyFile(cache);
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        assertSameBits(packed, outputs(Wav2Vec2Model.load(model, cache))); // from the file
        assertEquals(written, Files.readAttributes(onlyFile(cache), BasicFileAttributes.class).fileKey(),
                "a load that found every panel replaced the file");
    }

    @Test
    void thePanelsAreReadFromTheFileUntilTheCheckpointChanges() throws IOException {
        Path model = copy("base_group_postln"), cache = tmp.resolve("cache");
        Map<String, float[]> packed = outputs(Wav2Vec2Model.load(model, cache));
        Path file = onlyFile(cache);
        long size = Files.size(file);
        // Scale the first panel in the file: a load that uses the file computes something else.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4096).order(java.nio.ByteOrder.nativeOrder());
            long firstPanel = 4096; // the header, a few hundred bytes, fits the first page
            ch.read(b, firstPanel);
            for (int i = 0; i < 1024; i++) b.putFloat(i * 4, b.getFloat(i * 4) * 3 + 1);
            b.rewind();
            ch.write(b, firstPanel);
        }
        Map<String, float[]> fromEdited = outputs(Wav2Vec2Model.load(model, cache));
        assertFalse(java.util.Arrays.equals(packed.get("last_hidden_state"), fromEdited.get("last_hidden_state")),
                "the panels did not come from the file");
        // A new modification time of the checkpoint: the file no longer matches, is ignored and replaced.
        Path weights = model.resolve("model.safetensors");
        Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 1000));
        assertSameBits(packed, outputs(Wav2Vec2Model.load(model, cache)));
        assertEquals(size, Files.size(onlyFile(cache)));
        assertSameBits(packed, outputs(Wav2Vec2Model.load(model, cache)));
    }

    @Test
    void aChangedConfigOrVectorWidthIsAnotherKey() throws IOException {
        Path model = copy("seqcls_weighted_f16");
        String key;
        try (Checkpoint c = Checkpoint.open(model)) {
            key = PanelCache.key(model, c);
            assertEquals(key, PanelCache.key(model, c));
            Files.writeString(model.resolve("config.json"), Files.readString(model.resolve("config.json")) + " ");
            assertNotEquals(key, PanelCache.key(model, c));
        }
        assertTrue(PanelCache.layoutDescription().contains(Simd.describe()), PanelCache.layoutDescription());
    }

    @Test
    void filesOfModelsUnusedFor60DaysAndDeadTemporariesAreRemovedOnTheNextWrite() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(61))), recent = FileTime.from(Instant.now().minus(Duration.ofDays(59)));
        Path gone = Files.writeString(cache.resolve("0123.panels"), "x"), kept = Files.writeString(cache.resolve("4567.panels"), "x");
        Path deadTemporary = Files.writeString(cache.resolve("89ab.panels.42.tmp"), "x"), other = Files.writeString(cache.resolve("notes.txt"), "x");
        Files.setLastModifiedTime(gone, old);
        Files.setLastModifiedTime(kept, recent);
        Files.setLastModifiedTime(deadTemporary, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(other, old);
        Path model = GoldenData.model("seqcls_weighted_f16");
        Wav2Vec2Model.load(model, cache); // packs and writes its file
        assertFalse(Files.exists(gone));
        assertFalse(Files.exists(deadTemporary));
        assertTrue(Files.exists(kept) && Files.exists(other));
        // A load from the file marks it used.
        Path own;
        try (var files = Files.list(cache)) {
            own = files.filter(p -> !List.of(kept, other).contains(p)).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(own, old);
        assertTrue(Wav2Vec2Model.load(model, cache).packedWeightsFromCache());
        assertTrue(Files.getLastModifiedTime(own).toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(5))));
    }

    @Test
    void damagedFilesAreIgnoredAndReplaced() throws IOException {
        Path model = GoldenData.model("seqcls_weighted_f16"), cache = tmp.resolve("cache");
        Map<String, float[]> packed = outputs(Wav2Vec2Model.load(model, cache));
        Path file = onlyFile(cache);
        byte[] whole = Files.readAllBytes(file);
        Random r = new Random(3);
        for (int round = 0; round < 40; round++) {
            byte[] damaged;
            if (round < 20) { // cut short anywhere
                damaged = java.util.Arrays.copyOf(whole, r.nextInt(whole.length));
            } else { // one byte of the header (its first 4 KB page) changed
                damaged = whole.clone();
                int at = round == 20 ? 0 : r.nextInt(Math.min(4096, whole.length));
                damaged[at] ^= (byte) (1 + r.nextInt(255));
                if (at >= headerLength(whole)) continue; // padding between header and data: harmless
            }
            Files.write(file, damaged);
            assertSameBits(packed, outputs(Wav2Vec2Model.load(model, cache)));
            assertArrayEquals(whole, Files.readAllBytes(onlyFile(cache)), "round " + round + ": the file was not replaced whole");
        }
    }

    /** MAGIC (8), FORMAT (4), length (4), CRC (4), then the rest of the header. */
    private static int headerLength(byte[] file) {
        return 20 + ByteBuffer.wrap(file, 12, 4).getInt();
    }

    @Test
    void aCacheThatCannotBeWrittenIsNoCache() throws IOException {
        Path model = GoldenData.model("seqcls_weighted_f16");
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        Map<String, float[]> packed = outputs(Wav2Vec2Model.load(model, null));
        assertSameBits(packed, outputs(Wav2Vec2Model.load(model, notADirectory.resolve("cache"))));
        assertSameBits(packed, outputs(Wav2Vec2Model.load(model, notADirectory)));
        assertEquals("x", Files.readString(notADirectory));
    }

    @Test
    void twoLoadsAtOnceLeaveOneWholeFile() throws Exception {
        Path model = GoldenData.model("base_group_postln"), cache = tmp.resolve("cache");
        Map<String, float[]> packed = outputs(Wav2Vec2Model.load(model, null));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Wav2Vec2Model>> loads = List.of(pool.submit(() -> Wav2Vec2Model.load(model, cache)), pool.submit(() -> Wav2Vec2Model.load(model, cache)));
            for (Future<Wav2Vec2Model> f : loads) assertSameBits(packed, outputs(f.get()));
        } finally {
            pool.shutdown();
        }
        onlyFile(cache); // no temporary left
        Wav2Vec2Model again = Wav2Vec2Model.load(model, cache);
        assertTrue(again.packedWeightsFromCache());
        assertSameBits(packed, outputs(again));
    }

    @Test
    void aFolderOthersMayWriteToIsNotUsed() throws IOException {
        Path model = GoldenData.model("seqcls_weighted_f16"), shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Wav2Vec2Model.load(model, shared);
        try (var files = Files.list(shared)) {
            assertEquals(0, files.count(), "wrote into a folder others may write to");
        }
        Path fresh = tmp.resolve("fresh");
        Wav2Vec2Model.load(model, fresh);
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(fresh));
        assertTrue(Wav2Vec2Model.load(model, fresh).packedWeightsFromCache());
    }

    @Test
    void theDirectoryIsNamedOrTheXdgCache() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/c"), PanelCache.directory("/c", Map.of("BAROMETER_CACHE", "/e"), home));
        assertNull(PanelCache.directory("off", Map.of(), home));
        assertEquals(Path.of("/e"), PanelCache.directory(null, Map.of("BAROMETER_CACHE", "/e"), home));
        assertNull(PanelCache.directory(null, Map.of("BAROMETER_CACHE", "off"), home));
        assertEquals(Path.of("/x/voice-barometer/panels"), PanelCache.directory(null, Map.of("XDG_CACHE_HOME", "/x"), home));
        assertEquals(Path.of("/home/u/.cache/voice-barometer/panels"), PanelCache.directory(null, Map.of(), home));
    }

    /**
     * The packed bytes of a golden checkpoint, pinned: a change to how any kernel packs its panels must come
     * with a new {@link PanelCache#LAYOUT} (and a new pin), or every user's cache would feed the new kernels
     * the old layout. (Regenerated golden checkpoints also change the pin, not the layout.)
     */
    @Test
    void layoutIsPinned() throws Exception {
        Map<Integer, String> pins = Map.of(
                512, "1a61ea981d3973deff2e00bc6546caea17a58bfbc21af66a9c8205678c5f2fd2",
                256, "4999293635598a710dff641f9308ed7356377a29848dc8a1490e2e1295b63efa");
        Path model = copy("base_group_postln"), cache = tmp.resolve("cache");
        Wav2Vec2Model.load(model, cache);
        Map<String, MemorySegment> panels;
        try (Checkpoint c = Checkpoint.open(model)) {
            panels = PanelCache.read(onlyFile(cache), PanelCache.key(model, c));
        }
        assertFalse(panels.isEmpty());
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, MemorySegment> e : new TreeMap<>(panels).entrySet()) {
            d.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update(e.getValue().asByteBuffer());
        }
        assertEquals(pins.get(Simd.BITS), HexFormat.of().formatHex(d.digest()),
                "the packed layout changed: bump PanelCache.LAYOUT (now " + PanelCache.LAYOUT + ") and update this pin");
    }
}
