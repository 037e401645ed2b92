package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.malformed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The packets of the first logical stream of an Ogg file (RFC 3533), read page by page. A page is
 * "OggS", version 0, a header-type byte (continued 0x01, first 0x02, last 0x04), granule position,
 * serial, sequence number, CRC, a segment table of up to 255 lacing values and at most 255 × 255
 * data bytes; a packet ends at a lacing value below 255. Pages of other logical streams are
 * skipped; the stream ends at its last page or at the end of the file, and a page cut short by the
 * end of the file ends it too (a truncated recording keeps what came before the cut). The CRC is not checked
 * (a damaged page decodes as damaged audio, as in MP3), which also lets fuzzing reach past it.
 * Every page reads at least 27 bytes, so no input can keep the reader from advancing.
 */
final class OggPacketReader {
    /** Bigger than any header a Vorbis encoder writes (a comment packet may carry cover art). */
    static final int MAX_PACKET_BYTES = 16 << 20;
    private static final int PAGE_HEADER = 27;

    private final InputStream in;
    private final byte[] header = new byte[PAGE_HEADER];
    private final byte[] lacing = new byte[255];
    private final byte[] body = new byte[255 * 255];
    private final ByteArrayOutputStream packet = new ByteArrayOutputStream();
    private int serial;
    private boolean started;
    private boolean ended;
    private int segments;
    private int segment;
    private int bodyOffset;
    private long pages;
    private long granule = -1;

    OggPacketReader(InputStream in) {
        this.in = in;
    }

    /** The next whole packet, or null at the end of the logical stream. */
    byte[] next() throws IOException {
        packet.reset();
        while (true) {
            while (segment < segments) {
                int length = lacing[segment++] & 0xFF;
                if (packet.size() + length > MAX_PACKET_BYTES) {
                    throw malformed("Ogg: packet longer than " + MAX_PACKET_BYTES + " bytes (page " + pages + ")");
                }
                packet.write(body, bodyOffset, length);
                bodyOffset += length;
                if (length < 255) return packet.toByteArray();
            }
            if (ended || !readPage()) {
                return null; // a packet left unfinished by the last page is dropped
            }
        }
    }

    /** The granule position of the last page read that completes a packet (−1: none yet). */
    long granule() {
        return granule;
    }

    /** Reads the next page of our stream into the segment table and body; false at the end of the file or a page cut short. */
    private boolean readPage() throws IOException {
        while (true) {
            if (in.readNBytes(header, 0, PAGE_HEADER) < PAGE_HEADER) return false;
            if (header[0] != 'O' || header[1] != 'g' || header[2] != 'g' || header[3] != 'S') {
                throw malformed("Ogg: page " + pages + " does not start with the capture pattern 'OggS'");
            }
            if (header[4] != 0) throw malformed("Ogg: page " + pages + " has stream structure version " + (header[4] & 0xFF) + ", must be 0");
            int type = header[5] & 0xFF;
            if ((type & ~0x07) != 0) throw malformed("Ogg: page " + pages + " has undefined header-type flags 0x" + Integer.toHexString(type));
            int pageSerial = littleEndianInt(14);
            int count = header[26] & 0xFF;
            if (in.readNBytes(lacing, 0, count) < count) return false;
            int size = 0;
            for (int i = 0; i < count; i++) size += lacing[i] & 0xFF;
            if (in.readNBytes(body, 0, size) < size) return false;
            pages++;
            if (!started) {
                if ((type & 0x02) == 0) throw malformed("Ogg: the first page is not marked as the beginning of a stream");
                started = true;
                serial = pageSerial;
            } else if (pageSerial != serial) {
                continue; // another logical stream (e.g. a multiplexed video track)
            }
            boolean continued = (type & 0x01) != 0;
            if (continued != (packet.size() > 0)) {
                if (continued) { // the continuation of a packet we never saw the start of: skip it
                    int skip = 0;
                    while (skip < count && (lacing[skip] & 0xFF) == 255) skip++;
                    segment = Math.min(count, skip + 1);
                    bodyOffset = 0;
                    for (int i = 0; i < segment; i++) bodyOffset += lacing[i] & 0xFF;
                } else {
                    throw malformed("Ogg: page " + (pages - 1) + " starts a new packet inside an unfinished one");
                }
            } else {
                segment = 0;
                bodyOffset = 0;
            }
            segments = count;
            ended = (type & 0x04) != 0;
            long pageGranule = littleEndianLong(6);
            if (pageGranule != -1) granule = pageGranule;
            return true;
        }
    }

    private int littleEndianInt(int offset) {
        return (header[offset] & 0xFF) | (header[offset + 1] & 0xFF) << 8 | (header[offset + 2] & 0xFF) << 16 | (header[offset + 3] & 0xFF) << 24;
    }

    private long littleEndianLong(int offset) {
        return (littleEndianInt(offset) & 0xFFFF_FFFFL) | (long) littleEndianInt(offset + 4) << 32;
    }
}
