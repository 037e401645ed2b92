package org.voicebarometer.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.voicebarometer.engine.analysis.Emotion;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The study view of one speaker on one day (or of one speaker, when the path convention has no day):
 * how many recordings, their mean stress score, and how often each emotion was the answer.
 */
final class SpeakerDayAggregate extends Combine.CombineFn<AnalysedRecording, SpeakerDayAggregate.Accumulator, SpeakerDayAggregate.Summary> {

    @DefaultCoder(SerializableCoder.class)
    static final class Accumulator implements Serializable {
        PathConvention.Key key;
        long recordings;
        double stressSum;
        double audioS;
        final Map<String, Long> emotions = new LinkedHashMap<>();

        Accumulator() {
            for (Emotion e : Emotion.values()) emotions.put(e.label(), 0L);
        }

        // Value equality: the DirectRunner checks that an accumulator is not changed after it was encoded.
        @Override
        public boolean equals(Object o) {
            return o instanceof Accumulator a && Objects.equals(key, a.key) && recordings == a.recordings
                    && stressSum == a.stressSum && audioS == a.audioS && emotions.equals(a.emotions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, recordings, stressSum, audioS, emotions);
        }
    }

    /**
     * A line of the aggregates output.
     *
     * @param emotions how many recordings had each emotion as their answer, all five in report order
     */
    @JsonPropertyOrder({"speaker", "day", "recordings", "mean_stress_score", "emotions", "audio_s"})
    record Summary(@JsonProperty("speaker") String speaker,
                   @JsonProperty("day") @JsonInclude(JsonInclude.Include.NON_NULL) String day,
                   @JsonProperty("recordings") long recordings,
                   @JsonProperty("mean_stress_score") double meanStressScore,
                   @JsonProperty("emotions") Map<String, Long> emotions,
                   @JsonProperty("audio_s") double audioS) implements Serializable {
        String toJson() {
            return Json.line(this);
        }
    }

    @Override
    public Accumulator createAccumulator() {
        return new Accumulator();
    }

    @Override
    public Accumulator addInput(Accumulator acc, AnalysedRecording r) {
        acc.key = r.key();
        acc.recordings++;
        acc.stressSum += r.stressScore();
        acc.audioS += r.durationS();
        acc.emotions.merge(r.emotion(), 1L, Long::sum);
        return acc;
    }

    @Override
    public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
        Accumulator merged = new Accumulator();
        for (Accumulator a : accumulators) {
            if (a.key != null) merged.key = a.key;
            merged.recordings += a.recordings;
            merged.stressSum += a.stressSum;
            merged.audioS += a.audioS;
            a.emotions.forEach((label, n) -> merged.emotions.merge(label, n, Long::sum));
        }
        return merged;
    }

    @Override
    public Summary extractOutput(Accumulator acc) {
        return new Summary(acc.key.speaker(), acc.key.day(), acc.recordings, acc.stressSum / acc.recordings,
                new LinkedHashMap<>(acc.emotions), acc.audioS);
    }
}
