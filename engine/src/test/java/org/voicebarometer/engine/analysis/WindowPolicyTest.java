package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WindowPolicyTest {
    private static final int SR = 100; // 100 samples per second keeps the numbers readable
    private static final WindowPolicy POLICY = new WindowPolicy(10, 0.5);

    private static WindowPolicy.Span s(double from, double to) {
        return new WindowPolicy.Span((int) Math.round(from * SR), (int) Math.round(to * SR));
    }

    @Test
    void shortRecordingIsOneWindow() {
        List<WindowPolicy.Window> w = POLICY.plan(8 * SR, List.of(s(1, 3), s(4, 7)), SR);
        assertEquals(List.of(new WindowPolicy.Window(s(0, 8), 5.0)), w);
    }

    @Test
    void longRecordingIsCutInTheMiddleOfPauses() {
        // Speech 0-4, 5-9, 12-18, 19-21, 30-31.2 in 35 s.
        List<WindowPolicy.Span> speech = List.of(s(0, 4), s(5, 9), s(12, 18), s(19, 21), s(30, 31.2));
        List<WindowPolicy.Window> w = POLICY.plan(35 * SR, speech, SR);
        assertEquals(3, w.size());
        // 0-4 + 5-9; the pause 9-12 would be cut at 10.5, but the window may not pass 10 s.
        assertEquals(new WindowPolicy.Window(s(0, 10), 8.0), w.get(0));
        // 12-18 + 19-21 span 9 s; padded to the pause midpoints (10.5-25.5) it would be 15 s: trimmed to 10 s around the speech.
        assertEquals(new WindowPolicy.Window(s(11.5, 21.5), 8.0), w.get(1));
        assertEquals(25.5, w.get(2).span().start() / (double) SR, 1e-9);
        assertEquals(35.0, w.get(2).span().end() / (double) SR, 1e-9);
    }

    @Test
    void windowsNeverExceedTheMaximum() {
        List<WindowPolicy.Span> speech = List.of(s(2, 5), s(9, 13), s(20, 22), s(40, 41));
        for (WindowPolicy.Window x : POLICY.plan(60 * SR, speech, SR)) {
            assertTrue(x.span().length() <= 10 * SR, x.toString());
        }
    }

    @Test
    void longSpeechIsSplitEvenlyAndSilenceDropped() {
        List<WindowPolicy.Window> w = POLICY.plan(40 * SR, List.of(s(0, 25), s(39.8, 40)), SR);
        // 25 s of speech in three parts of 8.33 s; the 0.2 s blip at the end is below 0.5 s of speech: left out.
        assertEquals(3, w.size());
        assertEquals(25.0, w.stream().mapToDouble(WindowPolicy.Window::speechS).sum(), 1e-9);
    }

    @Test
    void noSpeechGivesFixedWindowsCoveringEverything() {
        List<WindowPolicy.Window> w = POLICY.plan(25 * SR, List.of(), SR);
        assertEquals(3, w.size());
        assertEquals(0, w.getFirst().span().start());
        assertEquals(25 * SR, w.getLast().span().end());
        for (int i = 1; i < w.size(); i++) assertEquals(w.get(i - 1).span().end(), w.get(i).span().start());
    }
}
