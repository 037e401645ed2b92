package org.voicebarometer.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder without a window: format choice, channel mix-down, byte order, resampling to 16 kHz. */
class RecorderTest {
    @Test
    void recordsStereoBigEndianAt48kAsMono16k() throws Exception {
        // Left 300 Hz at 0.4, right silent: the mono mix is a 300 Hz sine at 0.2.
        FakeLine line = new FakeLine(48_000, 2, true, 300, 0, 0.4, 20);
        double[] maxRms = {0};
        Recorder r = Recorder.start(line, (mono, n, rms) -> maxRms[0] = Math.max(maxRms[0], rms));
        assertEquals(line.offered.toString(), line.openedWith.toString(), "captures at the format the device offers");
        while (r.seconds() < 1.0) Thread.sleep(10);
        Recorder.Recording recording = r.stop();
        assertEquals(48_000, recording.sampleRate());
        float[] x = recording.at16k();
        assertTrue(!line.isOpen(), "line closed");
        double seconds = line.getLongFramePosition() / 48_000.0;
        assertEquals(seconds * 16_000, x.length, 16_000 * 0.06, "about 16,000 samples per recorded second");
        assertEquals(0.2 / Math.sqrt(2), maxRms[0], 0.01, "block RMS of the mixed-down sine");
        // Away from the edges the signal is the 300 Hz sine at amplitude 0.2, resampled.
        double peak = 0, crossings = 0;
        for (int i = 2_000; i < 10_000; i++) {
            peak = Math.max(peak, Math.abs(x[i]));
            if ((x[i - 1] < 0) != (x[i] < 0)) crossings++;
        }
        assertEquals(0.2, peak, 0.005);
        assertEquals(2 * 300 * 8_000 / 16_000.0, crossings, 2, "300 Hz: 600 zero crossings a second");
    }

    @Test
    void refusesALineWithoutSixteenBitPcm() {
        FakeLine line = new FakeLine(44_100, 1, false, 200, 0, 0.1, 1) {
            @Override
            public javax.sound.sampled.Line.Info getLineInfo() {
                return new javax.sound.sampled.DataLine.Info(javax.sound.sampled.TargetDataLine.class,
                        new javax.sound.sampled.AudioFormat(44_100, 8, 1, true, false));
            }
        };
        var e = org.junit.jupiter.api.Assertions.assertThrows(javax.sound.sampled.LineUnavailableException.class,
                () -> Recorder.start(line, (mono, n, rms) -> {}));
        assertEquals("the microphone offers no 16-bit PCM format", e.getMessage());
    }
}
