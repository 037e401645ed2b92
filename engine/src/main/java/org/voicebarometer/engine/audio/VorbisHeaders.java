package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.malformed;

/**
 * Our check of the three Vorbis header packets (Vorbis I specification, sections 4.2 and 3.2.1,
 * 6–8) before JOrbis sees them: JOrbis allocates straight from their fields (comment lengths,
 * codebook entries × dimensions, residue ranges, the classification book's partition table) and
 * loops forever on a one-dimension-less codebook. Every field it sizes anything from is bounded
 * here, and every count, index and reserved value is checked against the specification.
 */
final class VorbisHeaders {
    static final int MAX_CHANNELS = 255;
    static final int MAX_SAMPLE_RATE = 384_000;
    /** Entries × dimensions of one codebook (its VQ table); libvorbis's own bound is 2²⁴. */
    static final int MAX_CODEBOOK_VALUES = 1 << 20;
    /** Σ entries × (dimensions + 8) over all codebooks: JOrbis's tables in 4-byte words (~32 MB). */
    static final long MAX_CODEBOOK_WORDS = 1L << 23;
    static final int MAX_COMMENTS = 1 << 16;
    /** Floor 1: the two end points plus at most 63 X values (libvorbis VIF_POSIT). */
    static final int MAX_FLOOR1_VALUES = 65;

    private static final int IDENTIFICATION = 1;
    private static final int COMMENT = 3;
    private static final int SETUP = 5;

    /** What the decoder needs from the identification header. */
    record Identification(int channels, int sampleRate, int blocksize0, int blocksize1) {
    }

    private VorbisHeaders() {
    }

    /** Identification header: version 0, 1..255 channels, a rate, blocksizes 2⁶..2¹³ with b0 ≤ b1, framing bit. */
    static Identification identification(byte[] packet) throws AudioFormatException {
        Bits b = new Bits(packet, "identification header");
        b.common(IDENTIFICATION);
        long version = b.read(32);
        if (version != 0) throw b.bad("Vorbis version " + version + ", must be 0");
        int channels = b.read(8);
        if (channels < 1) throw b.bad("0 audio channels");
        long rate = b.read(32) & 0xFFFF_FFFFL;
        if (rate < 1 || rate > MAX_SAMPLE_RATE) throw b.bad("sample rate " + rate + " Hz, must be 1.." + MAX_SAMPLE_RATE);
        b.read(32);
        b.read(32);
        b.read(32); // bitrate maximum, nominal, minimum: hints only
        int exp0 = b.read(4), exp1 = b.read(4);
        if (exp0 < 6 || exp0 > 13 || exp1 < 6 || exp1 > 13 || exp0 > exp1) {
            throw b.bad("blocksizes 2^" + exp0 + " and 2^" + exp1 + ", must be 2^6..2^13 with blocksize_0 ≤ blocksize_1");
        }
        b.framing();
        return new Identification(channels, (int) rate, 1 << exp0, 1 << exp1);
    }

    /** Comment header: the vendor string and each comment fit in the packet, at most {@link #MAX_COMMENTS}. */
    static void comment(byte[] packet) throws AudioFormatException {
        Bits b = new Bits(packet, "comment header");
        b.common(COMMENT);
        b.skipBytes("vendor string", b.read(32) & 0xFFFF_FFFFL);
        long count = b.read(32) & 0xFFFF_FFFFL;
        if (count > MAX_COMMENTS) throw b.bad(count + " comments, more than the limit of " + MAX_COMMENTS);
        for (int i = 0; i < count; i++) b.skipBytes("comment " + i, b.read(32) & 0xFFFF_FFFFL);
        b.framing();
    }

    /** Setup header: codebooks, time domain placeholders, floors, residues, mappings, modes, framing bit. */
    static void setup(byte[] packet, Identification id) throws AudioFormatException {
        Bits b = new Bits(packet, "setup header");
        b.common(SETUP);
        int books = b.read(8) + 1;
        int[] entries = new int[books], dimensions = new int[books];
        boolean[] hasLookup = new boolean[books];
        long words = 0;
        for (int i = 0; i < books; i++) {
            hasLookup[i] = codebook(b, i, entries, dimensions);
            words += (long) entries[i] * (dimensions[i] + 8);
            if (words > MAX_CODEBOOK_WORDS) throw b.bad("codebooks 0.." + i + " need more than " + MAX_CODEBOOK_WORDS + " table words");
        }
        int times = b.read(6) + 1;
        for (int i = 0; i < times; i++) if (b.read(16) != 0) throw b.bad("time domain transform " + i + " is not 0");
        int floors = b.read(6) + 1;
        for (int i = 0; i < floors; i++) floor(b, i, books);
        int residues = b.read(6) + 1;
        for (int i = 0; i < residues; i++) residue(b, i, id, entries, dimensions, hasLookup);
        int mappings = b.read(6) + 1;
        for (int i = 0; i < mappings; i++) mapping(b, i, id.channels(), floors, residues);
        int modes = b.read(6) + 1;
        for (int i = 0; i < modes; i++) {
            b.read(1); // block flag
            if (b.read(16) != 0 || b.read(16) != 0) throw b.bad("mode " + i + " has a window or transform type other than 0");
            int mapping = b.read(8);
            if (mapping >= mappings) throw b.bad("mode " + i + " uses mapping " + mapping + " of " + mappings);
        }
        b.framing();
    }

    /** One codebook (spec 3.2.1); returns whether it has a VQ lookup table. */
    private static boolean codebook(Bits b, int i, int[] entries, int[] dimensions) throws AudioFormatException {
        if (b.read(24) != 0x564342) throw b.bad("codebook " + i + " lacks its sync pattern 0x564342");
        int dims = b.read(16), n = b.read(24);
        if (dims < 1 || n < 1 || (long) dims * n > MAX_CODEBOOK_VALUES) {
            throw b.bad("codebook " + i + " has " + n + " entries × " + dims + " dimensions, must be ≥ 1 each and at most "
                    + MAX_CODEBOOK_VALUES + " values");
        }
        entries[i] = n;
        dimensions[i] = dims;
        long kraft = 0; // Σ 2^(32 − length): a prefix code needs ≤ 2^32
        if (b.read(1) == 1) { // ordered
            int length = b.read(5) + 1;
            for (int entry = 0; entry < n; length++) {
                if (length > 32) throw b.bad("codebook " + i + " has a codeword longer than 32 bits");
                int number = b.read(ilog(n - entry));
                entry += number;
                if (entry > n) throw b.bad("codebook " + i + " assigns lengths to more than its " + n + " entries");
                kraft += (long) number << (32 - length);
            }
        } else {
            boolean sparse = b.read(1) == 1;
            for (int entry = 0; entry < n; entry++) {
                if (!sparse || b.read(1) == 1) kraft += 1L << (32 - (b.read(5) + 1));
            }
        }
        if (kraft > 1L << 32) throw b.bad("codebook " + i + " has an over-specified Huffman code");
        int lookup = b.read(4);
        if (lookup == 0) return false;
        if (lookup > 2) throw b.bad("codebook " + i + " has lookup type " + lookup + ", must be 0..2");
        b.read(32);
        b.read(32); // minimum value, delta value
        int valueBits = b.read(4) + 1;
        b.read(1); // sequence flag
        long values = lookup == 1 ? lookup1Values(n, dims) : (long) n * dims;
        if (lookup == 1 && power(values + 1, dims) > Integer.MAX_VALUE) { // decoders search for it in int arithmetic
            throw b.bad("codebook " + i + " has " + dims + " dimensions, too many for a lookup type 1 table");
        }
        b.skipBits("codebook " + i + " multiplicands", values * valueBits);
        return true;
    }

    /** The largest r with r^dimensions ≤ entries (spec 9.2.3). */
    static int lookup1Values(int entries, int dimensions) {
        int r = (int) Math.floor(Math.exp(Math.log(entries) / dimensions));
        while (power(r + 1, dimensions) <= entries) r++;
        while (r > 0 && power(r, dimensions) > entries) r--;
        return r;
    }

    /** base^exponent, saturating above {@link Integer#MAX_VALUE}. */
    private static long power(long base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent && p <= Integer.MAX_VALUE; i++) p *= base;
        return p;
    }

    private static void floor(Bits b, int i, int books) throws AudioFormatException {
        int type = b.read(16);
        if (type == 0) {
            int order = b.read(8), rate = b.read(16), barkMapSize = b.read(16);
            b.read(6);
            b.read(8); // amplitude bits, amplitude offset
            if (order < 1 || rate < 1 || barkMapSize < 1) throw b.bad("floor " + i + " (type 0) has a zero order, rate or bark map size");
            int count = b.read(4) + 1;
            for (int j = 0; j < count; j++) b.book(b.read(8), books, "floor " + i);
        } else if (type == 1) {
            int partitions = b.read(5);
            int[] partitionClass = new int[partitions];
            int maxClass = -1;
            for (int j = 0; j < partitions; j++) maxClass = Math.max(maxClass, partitionClass[j] = b.read(4));
            int[] classDimensions = new int[maxClass + 1];
            for (int c = 0; c <= maxClass; c++) {
                classDimensions[c] = b.read(3) + 1;
                int subclasses = b.read(2);
                if (subclasses > 0) b.book(b.read(8), books, "floor " + i);
                for (int j = 0; j < 1 << subclasses; j++) {
                    int book = b.read(8) - 1;
                    if (book >= 0) b.book(book, books, "floor " + i);
                }
            }
            b.read(2); // multiplier
            int rangeBits = b.read(4);
            int values = 2;
            for (int j = 0; j < partitions; j++) values += classDimensions[partitionClass[j]];
            if (values > MAX_FLOOR1_VALUES) throw b.bad("floor " + i + " has " + values + " X values, more than " + MAX_FLOOR1_VALUES);
            boolean[] seen = new boolean[1 << rangeBits];
            seen[0] = true; // the implied end points are 0 and 2^rangebits
            for (int j = 2; j < values; j++) {
                int x = b.read(rangeBits);
                if (seen[x]) throw b.bad("floor " + i + " repeats the X value " + x);
                seen[x] = true;
            }
        } else {
            throw b.bad("floor " + i + " has type " + type + ", must be 0 or 1");
        }
    }

    private static void residue(Bits b, int i, Identification id, int[] entries, int[] dimensions, boolean[] hasLookup)
            throws AudioFormatException {
        int type = b.read(16);
        if (type > 2) throw b.bad("residue " + i + " has type " + type + ", must be 0..2");
        int begin = b.read(24), end = b.read(24);
        b.read(24); // partition size − 1
        long vector = (long) id.blocksize1() / 2 * (type == 2 ? id.channels() : 1);
        if (begin > end || end > vector) throw b.bad("residue " + i + " covers " + begin + ".." + end + ", outside its vector of " + vector);
        int classifications = b.read(6) + 1;
        int classbook = b.book(b.read(8), entries.length, "residue " + i);
        long partitions = 1; // JOrbis tabulates classifications^dimensions of the class book
        for (int d = 0; d < dimensions[classbook]; d++) {
            partitions *= classifications;
            if (partitions > entries[classbook]) {
                throw b.bad("residue " + i + ": " + classifications + "^" + dimensions[classbook]
                        + " classifications exceed the " + entries[classbook] + " entries of class book " + classbook);
            }
        }
        int[] cascade = new int[classifications];
        for (int c = 0; c < classifications; c++) {
            int low = b.read(3);
            cascade[c] = (b.read(1) == 1 ? b.read(5) << 3 : 0) | low;
        }
        for (int c = 0; c < classifications; c++) {
            for (int j = 0; j < 8; j++) {
                if ((cascade[c] & 1 << j) == 0) continue;
                int book = b.book(b.read(8), entries.length, "residue " + i);
                if (!hasLookup[book]) throw b.bad("residue " + i + " uses codebook " + book + ", which has no VQ lookup table");
            }
        }
    }

    private static void mapping(Bits b, int i, int channels, int floors, int residues) throws AudioFormatException {
        if (b.read(16) != 0) throw b.bad("mapping " + i + " has a type other than 0");
        int submaps = b.read(1) == 1 ? b.read(4) + 1 : 1;
        if (b.read(1) == 1) {
            int steps = b.read(8) + 1;
            for (int s = 0; s < steps; s++) {
                int magnitude = b.read(ilog(channels - 1)), angle = b.read(ilog(channels - 1));
                if (magnitude == angle || magnitude >= channels || angle >= channels) {
                    throw b.bad("mapping " + i + " couples channels " + magnitude + " and " + angle + " of " + channels);
                }
            }
        }
        if (b.read(2) != 0) throw b.bad("mapping " + i + " has nonzero reserved bits");
        if (submaps > 1) {
            for (int c = 0; c < channels; c++) {
                int mux = b.read(4);
                if (mux >= submaps) throw b.bad("mapping " + i + " sends channel " + c + " to submap " + mux + " of " + submaps);
            }
        }
        for (int s = 0; s < submaps; s++) {
            b.read(8); // unused time configuration
            int floor = b.read(8), residue = b.read(8);
            if (floor >= floors || residue >= residues) {
                throw b.bad("mapping " + i + " submap " + s + " uses floor " + floor + " of " + floors + " or residue " + residue + " of " + residues);
            }
        }
    }

    /** ilog (spec 9.2.1): the position of the highest set bit, 0 for 0. */
    static int ilog(int x) {
        return 32 - Integer.numberOfLeadingZeros(x);
    }

    /** Vorbis bit packing (spec 2): least significant bit first; running out of bits is an error. */
    private static final class Bits {
        private final byte[] data;
        private final String what;
        private long position; // in bits

        Bits(byte[] data, String what) {
            this.data = data;
            this.what = what;
        }

        /** Up to 32 bits as an unsigned value (32 bits come back as an int's bit pattern). */
        int read(int count) throws AudioFormatException {
            if (position + count > 8L * data.length) throw bad("ends early (bit " + position + " of " + 8L * data.length + ")");
            long value = 0;
            for (int i = 0; i < count; i++, position++) {
                value |= (long) (data[(int) (position >>> 3)] >> (position & 7) & 1) << i;
            }
            return (int) value;
        }

        void skipBits(String field, long count) throws AudioFormatException {
            if (count > 8L * data.length - position) throw bad(field + " (" + count + " bits) run past the end of the packet");
            position += count;
        }

        void skipBytes(String field, long count) throws AudioFormatException {
            long remaining = (8L * data.length - position) / 8;
            if (count > remaining) throw bad(field + " length " + count + " runs past the end of the packet (" + remaining + " bytes left)");
            position += 8 * count;
        }

        /** Packet type and "vorbis". */
        void common(int type) throws AudioFormatException {
            int actual = read(8);
            if (actual != type) throw bad("has packet type " + actual + ", must be " + type);
            for (char c : "vorbis".toCharArray()) if (read(8) != c) throw bad("lacks the 'vorbis' signature");
        }

        void framing() throws AudioFormatException {
            if (read(1) != 1) throw bad("framing bit is not set");
        }

        int book(int book, int books, String user) throws AudioFormatException {
            if (book >= books) throw bad(user + " uses codebook " + book + " of " + books);
            return book;
        }

        AudioFormatException bad(String message) {
            return malformed("Ogg Vorbis " + what + ": " + message);
        }
    }
}
