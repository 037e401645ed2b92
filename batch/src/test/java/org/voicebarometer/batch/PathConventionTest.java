package org.voicebarometer.batch;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PathConventionTest {
    private final PathConvention byDay = PathConvention.of(PathConvention.DEFAULT);

    @Test
    void readsSpeakerAndDayFromTheLastTwoFolders() {
        PathConvention.Key anna = new PathConvention.Key("anna", "2026-11-20");
        assertEquals(Optional.of(anna), byDay.keyOf("/data/study/anna/2026-11-20/evening.wav"));
        assertEquals(Optional.of(anna), byDay.keyOf("gs://bucket/study/anna/2026-11-20/evening.wav"));
        assertEquals(Optional.of(anna), byDay.keyOf("C:\\study\\anna\\2026-11-20\\evening.wav"));
        assertEquals(Optional.of(anna), byDay.keyOf("anna/2026-11-20/evening.wav"));
    }

    @Test
    void aPathOffTheConventionHasNoKey() {
        assertEquals(Optional.empty(), byDay.keyOf("/data/study/anna/evening.wav"));
        assertEquals(Optional.empty(), byDay.keyOf("/data/2026-11-20/anna/evening.wav"));
        assertEquals(Optional.empty(), byDay.keyOf("/data/anna/2026-11-20/sub/evening.wav"));
        assertEquals(Optional.empty(), byDay.keyOf("/data/anna/20261120/evening.wav"));
    }

    @Test
    void aCustomPatternMayHaveNoDay() {
        PathConvention emoDb = PathConvention.of("(?<speaker>\\d\\d)\\w{5}\\.wav$");
        assertEquals(Optional.of(new PathConvention.Key("03", null)), emoDb.keyOf("/work/shared/data/emodb/03a01Fa.wav"));
        assertEquals(Optional.empty(), emoDb.keyOf("/work/shared/data/speech/jfk.wav"));
    }

    @Test
    void theKeyIdTellsSpeakersAndDaysApart() {
        assertEquals("{\"speaker\":\"anna\",\"day\":\"2026-11-20\"}", new PathConvention.Key("anna", "2026-11-20").id());
        assertEquals("{\"speaker\":\"anna\"}", new PathConvention.Key("anna", null).id());
    }

    @Test
    void refusesAPatternWithoutSpeakerOrThatDoesNotCompile() {
        assertEquals("--idPattern needs a named group (?<speaker>...); (?<day>...) is optional",
                assertThrows(IllegalArgumentException.class, () -> PathConvention.of("(?<day>\\d+)")).getMessage());
        assertEquals("--idPattern is not a regular expression: Unclosed group",
                assertThrows(IllegalArgumentException.class, () -> PathConvention.of("(?<speaker>x")).getMessage());
    }
}
