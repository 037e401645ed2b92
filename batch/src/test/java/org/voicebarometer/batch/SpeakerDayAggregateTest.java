package org.voicebarometer.batch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeakerDayAggregateTest {
    private static final PathConvention.Key ANNA = new PathConvention.Key("anna", "2026-11-20");

    private static AnalysedRecording recording(String emotion, double stress, double seconds) {
        return new AnalysedRecording("/s/anna/2026-11-20/x.wav", ANNA, emotion, stress, seconds, "{}");
    }

    @Test
    void countsAveragesAndTalliesEmotionsAcrossMergedPartialResults() {
        SpeakerDayAggregate fn = new SpeakerDayAggregate();
        SpeakerDayAggregate.Accumulator left = fn.createAccumulator();
        fn.addInput(left, recording("Stressed", 0.75, 2.0));
        fn.addInput(left, recording("Neutral", 0.25, 3.0));
        SpeakerDayAggregate.Accumulator right = fn.createAccumulator();
        fn.addInput(right, recording("Stressed", 0.5, 1.5));
        SpeakerDayAggregate.Accumulator empty = fn.createAccumulator(); // a runner may merge an empty partial result

        SpeakerDayAggregate.Summary s = fn.extractOutput(fn.mergeAccumulators(List.of(empty, left, right)));

        assertEquals(new SpeakerDayAggregate.Summary("anna", "2026-11-20", 3, 0.5,
                Map.of("Neutral", 1L, "Happy", 0L, "Sad", 0L, "Anxious", 0L, "Stressed", 2L), 6.5), s);
        assertEquals("{\"speaker\":\"anna\",\"day\":\"2026-11-20\",\"recordings\":3,\"mean_stress_score\":0.5,"
                + "\"emotions\":{\"Neutral\":1,\"Happy\":0,\"Sad\":0,\"Anxious\":0,\"Stressed\":2},\"audio_s\":6.5}", s.toJson());
    }
}
