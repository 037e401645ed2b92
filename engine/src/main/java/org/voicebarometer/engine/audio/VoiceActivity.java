package org.voicebarometer.engine.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Speech and pauses in a 16 kHz recording, from energy and periodicity.
 *
 * <p>Definition (docs/audio.md): the signal is cut into {@value #FRAME_SECONDS} s frames every
 * {@value #HOP_SECONDS} s. A frame is <em>active</em> when its energy is at least
 * {@code floor + }{@value #THRESHOLD_FRACTION}{@code ·(level − floor)} dB and above
 * {@value #SILENCE_DBFS} dBFS, where level and floor are the recording's own 95th and 10th
 * percentile frame energies (so the threshold follows the recording, not a fixed gain). A frame is
 * <em>voiced</em> when it is active and its normalised autocorrelation peaks at or above
 * {@value #VOICING_THRESHOLD} for a lag within the pitch range {@value #MIN_F0_HZ}–{@value #MAX_F0_HZ} Hz.
 * Speech is every run of active frames that holds at least {@value #MIN_VOICED_FRAMES} voiced
 * frames (unvoiced consonants ride along with the vowels next to them; loud noise without voicing
 * is not speech). Gaps shorter than {@value #MIN_PAUSE_SECONDS} s are closed, then speech shorter
 * than {@value #MIN_SPEECH_SECONDS} s is dropped. Pauses are the gaps between speech segments;
 * silence before the first and after the last segment is not a pause.
 */
public final class VoiceActivity {
    public static final double FRAME_SECONDS = 0.030;
    public static final double HOP_SECONDS = 0.010;
    public static final double MIN_PAUSE_SECONDS = 0.25;
    public static final double MIN_SPEECH_SECONDS = 0.10;
    static final double THRESHOLD_FRACTION = 0.35;
    static final double SILENCE_DBFS = -60;
    static final double VOICING_THRESHOLD = 0.45;
    static final double MIN_F0_HZ = 60;
    static final double MAX_F0_HZ = 400;
    static final int MIN_VOICED_FRAMES = 3;

    private static final int RATE = Audio.SAMPLE_RATE;
    private static final int FRAME = (int) Math.round(FRAME_SECONDS * RATE);  // 480 samples
    private static final int HOP = (int) Math.round(HOP_SECONDS * RATE);      // 160 samples
    private static final int MIN_LAG = (int) Math.floor(RATE / MAX_F0_HZ);   // 40 samples
    private static final int MAX_LAG = (int) Math.ceil(RATE / MIN_F0_HZ);    // 267 samples

    /** A stretch of the recording, in seconds from its start. */
    public record Segment(double startSeconds, double endSeconds) {
        public double durationSeconds() {
            return endSeconds - startSeconds;
        }
    }

    private final List<Segment> speech;
    private final List<Segment> pauses;

    private VoiceActivity(List<Segment> speech) {
        this.speech = List.copyOf(speech);
        List<Segment> gaps = new ArrayList<>();
        for (int i = 1; i < speech.size(); i++) gaps.add(new Segment(speech.get(i - 1).endSeconds(), speech.get(i).startSeconds()));
        this.pauses = List.copyOf(gaps);
    }

    /** Finds speech in mono 16 kHz samples. */
    public static VoiceActivity detect(float[] samples16k) {
        int frames = samples16k.length < FRAME ? (samples16k.length > 0 ? 1 : 0) : 1 + (samples16k.length - FRAME) / HOP;
        double[] energyDb = new double[frames];
        for (int i = 0; i < frames; i++) energyDb[i] = energyDb(samples16k, i * HOP);
        double threshold = threshold(energyDb);

        boolean[] active = new boolean[frames];
        boolean[] voiced = new boolean[frames];
        for (int i = 0; i < frames; i++) {
            active[i] = energyDb[i] >= threshold;
            voiced[i] = active[i] && periodicity(samples16k, i * HOP) >= VOICING_THRESHOLD;
        }
        boolean[] isSpeech = voicedRuns(active, voiced);
        flipShortRuns(isSpeech, false, (int) Math.round(MIN_PAUSE_SECONDS / HOP_SECONDS));
        flipShortRuns(isSpeech, true, (int) Math.round(MIN_SPEECH_SECONDS / HOP_SECONDS));
        return new VoiceActivity(segments(isSpeech, samples16k.length / (double) RATE));
    }

    /** Speech segments in time order. */
    public List<Segment> speech() {
        return speech;
    }

    /** Pauses between speech segments, each at least {@value #MIN_PAUSE_SECONDS} s. */
    public List<Segment> pauses() {
        return pauses;
    }

    public double speechSeconds() {
        return speech.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    public double pauseSeconds() {
        return pauses.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    private static double energyDb(float[] x, int start) {
        int n = Math.min(FRAME, x.length - start);
        double e = VectorMath.dot(x, start, x, start, n) / FRAME;
        return 10 * Math.log10(e + 1e-12);
    }

    private static double threshold(double[] energyDb) {
        if (energyDb.length == 0) return Double.POSITIVE_INFINITY;
        double[] sorted = energyDb.clone();
        Arrays.sort(sorted);
        double level = sorted[(int) (0.95 * (sorted.length - 1))];
        double floor = sorted[(int) (0.10 * (sorted.length - 1))];
        return Math.max(SILENCE_DBFS, floor + THRESHOLD_FRACTION * (level - floor));
    }

    /**
     * Peak of the normalised cross-correlation between the frame and the frame shifted by a pitch
     * period: x[n]·x[n+τ] summed over the frame, divided by the energies of both stretches.
     */
    private static double periodicity(float[] x, int start) {
        double e0 = VectorMath.dot(x, start, x, start, Math.min(FRAME, x.length - start));
        if (e0 <= 0) return 0;
        double best = 0;
        for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
            int n = Math.min(FRAME, x.length - start - lag);
            if (n <= FRAME / 2) break;
            double cross = VectorMath.dot(x, start, x, start + lag, n);
            if (cross <= 0) continue;
            double eLag = VectorMath.dot(x, start + lag, x, start + lag, n);
            best = Math.max(best, cross / Math.sqrt(e0 * eLag));
        }
        return best;
    }

    /** Runs of active frames that contain enough voiced frames. */
    private static boolean[] voicedRuns(boolean[] active, boolean[] voiced) {
        boolean[] speech = new boolean[active.length];
        for (int i = 0; i < active.length; ) {
            if (!active[i]) {
                i++;
                continue;
            }
            int end = i, voicedCount = 0;
            while (end < active.length && active[end]) if (voiced[end++]) voicedCount++;
            if (voicedCount >= MIN_VOICED_FRAMES) Arrays.fill(speech, i, end, true);
            i = end;
        }
        return speech;
    }

    /**
     * Flips runs of {@code value} shorter than {@code minFrames}: short speech anywhere, short
     * gaps only between two stretches of speech (leading and trailing silence stay).
     */
    private static void flipShortRuns(boolean[] frames, boolean value, int minFrames) {
        for (int i = 0; i < frames.length; ) {
            if (frames[i] != value) {
                i++;
                continue;
            }
            int end = i;
            while (end < frames.length && frames[end] == value) end++;
            boolean betweenSpeech = i > 0 && end < frames.length;
            if (end - i < minFrames && (value || betweenSpeech)) Arrays.fill(frames, i, end, !value);
            i = end;
        }
    }

    /** Frame i stands for the hop centred on its window; the first and last reach the ends. */
    private static List<Segment> segments(boolean[] isSpeech, double duration) {
        List<Segment> out = new ArrayList<>();
        double offset = (FRAME - HOP) / 2.0 / RATE;
        for (int i = 0; i < isSpeech.length; ) {
            if (!isSpeech[i]) {
                i++;
                continue;
            }
            int end = i;
            while (end < isSpeech.length && isSpeech[end]) end++;
            double start = i == 0 ? 0 : offset + i * HOP_SECONDS;
            double stop = end == isSpeech.length ? duration : Math.min(duration, offset + end * HOP_SECONDS);
            out.add(new Segment(start, stop));
            i = end;
        }
        return out;
    }
}
