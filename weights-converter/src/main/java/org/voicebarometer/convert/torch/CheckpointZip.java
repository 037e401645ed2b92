package org.voicebarometer.convert.torch;

import org.voicebarometer.convert.CheckpointFormatException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The zip container of a {@code torch.save} file, read from its central directory by this class (not
 * {@link java.util.zip.ZipFile}, which tolerates overlapping entries, duplicates and names we refuse).
 * Accepted: one root folder holding {@code data.pkl}; relative names without {@code ..}; no duplicate
 * names; entries that do not overlap; STORED entries (what torch writes) or DEFLATE entries inflated up
 * to their declared size and no further; CRC-32 checked. Zip64 records are read for files past 4 GiB.
 * The file is memory-mapped; STORED entries are zero-copy slices valid until {@link #close()}.
 */
public final class CheckpointZip implements AutoCloseable {
    static final int MAX_ENTRIES = 200_000;
    /** Deflate cannot compress better than about 1032:1; a larger declared ratio is a bomb. */
    static final long MAX_DEFLATE_RATIO = 1032;
    static final long MAX_INFLATED_ENTRY = Integer.MAX_VALUE - 64;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private record Entry(String name, int method, long crc, long compressedSize, long size, long headerOffset, long dataOffset) {}

    private final String fileName;
    private final Arena arena;
    private final MemorySegment file;
    private final String root;
    private final Map<String, Entry> entries;

    /** Reads the zip in {@code file}; {@link #close()} closes {@code arena}, which owns the mapping. */
    CheckpointZip(String fileName, Arena arena, MemorySegment file) throws CheckpointFormatException {
        this.fileName = fileName;
        this.arena = arena;
        this.file = file;
        try {
            this.entries = readCentralDirectory();
        } catch (IndexOutOfBoundsException e) {
            throw error("truncated or inconsistent zip structure");
        }
        this.root = commonRoot();
    }

    /** True when the file starts like a zip (torch ≥ 1.6 format). */
    static boolean looksLikeZip(MemorySegment head) {
        return head.byteSize() >= 4 && head.get(U32, 0) == 0x04034b50;
    }

    /** The file name, for messages. */
    public String fileName() {
        return fileName;
    }

    /** The archive's root folder (torch names it after the file, e.g. {@code archive}). */
    public String root() {
        return root;
    }

    /** Whether {@code root/relative} exists. */
    public boolean contains(String relative) {
        return entries.containsKey(root + "/" + relative);
    }

    /** The bytes of {@code root/relative}; throws when it is missing. */
    public MemorySegment read(String relative) throws CheckpointFormatException {
        Entry e = entries.get(root + "/" + relative);
        if (e == null) throw error("missing entry " + root + "/" + relative);
        MemorySegment data = e.method == 0
                ? file.asSlice(e.dataOffset, e.size)
                : inflate(e);
        CRC32 crc = new CRC32();
        crc.update(data.asByteBuffer());
        if (crc.getValue() != e.crc) throw error("entry " + e.name + " fails its CRC-32 check");
        return data;
    }

    @Override
    public void close() {
        arena.close();
    }

    private MemorySegment inflate(Entry e) throws CheckpointFormatException {
        byte[] out = new byte[(int) e.size];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(file.asSlice(e.dataOffset, e.compressedSize).asByteBuffer());
            int produced = 0;
            while (produced < out.length && !inflater.finished()) {
                int n = inflater.inflate(out, produced, out.length - produced);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                produced += n;
            }
            if (produced != out.length) throw error("entry " + e.name + " inflates to fewer bytes than declared");
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0)
                throw error("entry " + e.name + " inflates past its declared size " + e.size + " (zip bomb?)");
            return MemorySegment.ofArray(out);
        } catch (DataFormatException ex) {
            throw error("entry " + e.name + " is not valid deflate data");
        } finally {
            inflater.end();
        }
    }

    private Map<String, Entry> readCentralDirectory() throws CheckpointFormatException {
        long size = file.byteSize();
        if (size < 22) throw error("too short for a zip");
        long eocd = -1;
        for (long p = size - 22; p >= Math.max(0, size - 22 - 0xffff); p--) {
            if (file.get(U32, p) == 0x06054b50 && p + 22 + u16(p + 20) == size) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) throw error("no end-of-central-directory record");
        long count = u16(eocd + 10);
        long cdSize = u32(eocd + 12);
        long cdOffset = u32(eocd + 16);
        long cdLimit = eocd;
        if (u16(eocd + 4) != 0 || u16(eocd + 6) != 0 || u16(eocd + 8) != count) throw error("multi-disk zip");
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            long locator = eocd - 20;
            if (locator < 0 || file.get(U32, locator) != 0x07064b50) throw error("zip64 locator missing");
            long record = file.get(U64, locator + 8);
            if (record < 0 || record > locator - 56 || file.get(U32, record) != 0x06064b50) throw error("zip64 end record missing");
            count = file.get(U64, record + 32);
            cdSize = file.get(U64, record + 40);
            cdOffset = file.get(U64, record + 48);
            cdLimit = record;
        }
        if (count < 0 || count > MAX_ENTRIES) throw error("more than " + MAX_ENTRIES + " entries");
        if (cdOffset < 0 || cdSize < 0 || cdOffset > cdLimit || cdSize > cdLimit - cdOffset)
            throw error("central directory outside the file");

        Map<String, Entry> byName = new HashMap<>();
        List<Entry> ordered = new ArrayList<>();
        long p = cdOffset;
        long cdEnd = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cdEnd || file.get(U32, p) != 0x02014b50) throw error("broken central directory entry " + i);
            int flags = u16(p + 8);
            int method = u16(p + 10);
            long crc = u32(p + 16);
            long compressed = u32(p + 20);
            long uncompressed = u32(p + 24);
            int nameLength = u16(p + 28);
            int extraLength = u16(p + 30);
            int commentLength = u16(p + 32);
            long headerOffset = u32(p + 42);
            long next = p + 46 + nameLength + extraLength + commentLength;
            if (next > cdEnd) throw error("central directory entry " + i + " runs past the directory");
            String name = entryName(p + 46, nameLength);
            // Zip64 extra field: the 64-bit values of the fields that read 0xFFFFFFFF, in this order.
            long[] wide = {uncompressed, compressed, headerOffset};
            for (long x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; ) {
                int id = u16(x);
                int len = u16(x + 2);
                if (x + 4 + len > p + 46 + nameLength + extraLength) throw error("broken extra field in " + name);
                if (id == 0x0001) {
                    long y = x + 4;
                    for (int k = 0; k < 3; k++) {
                        if (wide[k] != 0xffffffffL) continue;
                        if (y + 8 > x + 4 + len) throw error("short zip64 field in " + name);
                        wide[k] = file.get(U64, y);
                        y += 8;
                    }
                }
                x += 4 + len;
            }
            uncompressed = wide[0];
            compressed = wide[1];
            headerOffset = wide[2];
            if ((flags & 1) != 0) throw error("entry " + name + " is encrypted");
            if (method != 0 && method != 8) throw error("entry " + name + " uses compression method " + method + " (only STORED and DEFLATE)");
            if (uncompressed < 0 || compressed < 0 || headerOffset < 0) throw error("entry " + name + " has sizes past 2^63");
            if (method == 0 && compressed != uncompressed) throw error("STORED entry " + name + " has different compressed and uncompressed sizes");
            if (method == 8 && (uncompressed > MAX_INFLATED_ENTRY || uncompressed > Math.max(1024, compressed) * MAX_DEFLATE_RATIO))
                throw error("entry " + name + " declares " + uncompressed + " bytes from " + compressed + " compressed (zip bomb?)");
            if (headerOffset + 30 > cdOffset) throw error("entry " + name + " starts outside the data area");
            if (file.get(U32, headerOffset) != 0x04034b50) throw error("entry " + name + " has no local header");
            if (u16(headerOffset + 8) != method) throw error("entry " + name + " local and central headers disagree on the method");
            int localNameLength = u16(headerOffset + 26);
            int localExtraLength = u16(headerOffset + 28);
            if (localNameLength != nameLength || headerOffset + 30 + nameLength > cdOffset
                    || MemorySegment.mismatch(file, headerOffset + 30, headerOffset + 30 + nameLength, file, p + 46, p + 46 + nameLength) != -1)
                throw error("entry " + name + " local and central headers disagree on the name");
            long dataOffset = headerOffset + 30 + localNameLength + localExtraLength;
            if (dataOffset > cdOffset || compressed > cdOffset - dataOffset) throw error("entry " + name + " data runs past the data area");
            Entry entry = new Entry(name, method, crc, compressed, uncompressed, headerOffset, dataOffset);
            if (byName.put(name, entry) != null) throw error("duplicate entry " + name);
            ordered.add(entry);
            p = next;
        }
        ordered.sort(Comparator.comparingLong(Entry::headerOffset));
        for (int i = 1; i < ordered.size(); i++) {
            Entry prev = ordered.get(i - 1);
            if (prev.dataOffset + prev.compressedSize > ordered.get(i).headerOffset)
                throw error("entries " + prev.name + " and " + ordered.get(i).name + " overlap (zip bomb?)");
        }
        return byName;
    }

    /** A relative name, printable ASCII, no empty or {@code ..} segments, no backslash or drive. */
    private String entryName(long offset, int length) throws CheckpointFormatException {
        byte[] raw = file.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        for (byte b : raw) {
            if (b < 0x20 || b > 0x7e || b == '\\' || b == ':') throw error("entry name with a forbidden character: " + printable(raw));
        }
        String name = new String(raw, StandardCharsets.US_ASCII);
        if (name.isEmpty() || name.startsWith("/")) throw error("absolute or empty entry name " + printable(raw));
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) throw error("entry name with " + segment + " segment: " + printable(raw));
        }
        return name;
    }

    private String commonRoot() throws CheckpointFormatException {
        String root = null;
        for (String name : entries.keySet()) {
            int slash = name.indexOf('/');
            if (slash <= 0) throw error("entry " + name + " outside a root folder");
            String r = name.substring(0, slash);
            if (root == null) root = r;
            else if (!root.equals(r)) throw error("more than one root folder (" + root + ", " + r + ")");
        }
        if (root == null || !entries.containsKey(root + "/data.pkl")) throw error("no <root>/data.pkl");
        return root;
    }

    private int u16(long offset) {
        return file.get(U16, offset) & 0xffff;
    }

    private long u32(long offset) {
        return file.get(U32, offset) & 0xffffffffL;
    }

    private static String printable(byte[] raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(raw.length, 80); i++) {
            int b = raw[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.toString();
    }

    private CheckpointFormatException error(String problem) {
        return new CheckpointFormatException(fileName + ": " + problem);
    }
}
