package org.voicebarometer.engine.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer for one recording; serialises to the JSON documented field by field in docs/analysis.md.
 *
 * @param file          the file name the recording came from, or null (omitted) for in-memory audio
 * @param emotion       the most probable of Neutral, Happy, Sad, Anxious, Stressed
 * @param confidence    its probability
 * @param stressScore   P(Anxious) + P(Stressed), in [0, 1]
 * @param probabilities the five probabilities, in the order above, summing to 1
 * @param model         which model answered
 * @param modelOutputs  the model's own outputs (label → probability, or dimension → value), combined
 *                      over windows like the probabilities
 * @param biomarkers    voice biomarkers by snake_case name (see docs/biomarkers.md); null where not measurable
 * @param timeline      one entry per analysed window, in time order
 * @param durationS     the recording's length in seconds
 * @param speechS       seconds of speech found by voice activity detection
 * @param warnings      what makes this result less trustworthy; empty when nothing does
 */
@JsonPropertyOrder({"file", "emotion", "confidence", "stress_score", "probabilities", "model", "model_outputs",
        "biomarkers", "timeline", "duration_s", "speech_s", "warnings"})
public record StressReport(
        @JsonProperty("file") @JsonInclude(JsonInclude.Include.NON_NULL) String file,
        @JsonProperty("emotion") String emotion,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("stress_score") double stressScore,
        @JsonProperty("probabilities") Map<String, Double> probabilities,
        @JsonProperty("model") ModelDescription model,
        @JsonProperty("model_outputs") Map<String, Double> modelOutputs,
        @JsonProperty("biomarkers") Map<String, Double> biomarkers,
        @JsonProperty("timeline") List<Window> timeline,
        @JsonProperty("duration_s") double durationS,
        @JsonProperty("speech_s") double speechS,
        @JsonProperty("warnings") List<Warning> warnings) {

    public StressReport {
        probabilities = ordered(probabilities);
        modelOutputs = ordered(modelOutputs);
        // JSON has no NaN: a biomarker that could not be measured is null.
        Map<String, Double> measured = new LinkedHashMap<>();
        biomarkers.forEach((k, v) -> measured.put(k, v == null || !Double.isFinite(v) ? null : v));
        biomarkers = Collections.unmodifiableMap(measured);
        timeline = List.copyOf(timeline);
        warnings = List.copyOf(warnings);
    }

    /** An unmodifiable copy keeping the given order (JSON output follows it). */
    static <V> Map<String, V> ordered(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** The same report naming the file it came from. */
    public StressReport withFile(String fileName) {
        return new StressReport(fileName, emotion, confidence, stressScore, probabilities, model, modelOutputs,
                biomarkers, timeline, durationS, speechS, warnings);
    }

    /**
     * One analysed stretch of a recording.
     *
     * @param startS        start, seconds from the beginning of the recording
     * @param endS          end, seconds
     * @param weight        its weight in the combined result (its seconds of speech)
     */
    @JsonPropertyOrder({"start_s", "end_s", "weight", "emotion", "confidence", "stress_score", "probabilities"})
    public record Window(
            @JsonProperty("start_s") double startS,
            @JsonProperty("end_s") double endS,
            @JsonProperty("weight") double weight,
            @JsonProperty("emotion") String emotion,
            @JsonProperty("confidence") double confidence,
            @JsonProperty("stress_score") double stressScore,
            @JsonProperty("probabilities") Map<String, Double> probabilities) {
    }

    /**
     * Something that makes the result less trustworthy.
     *
     * @param code    stable identifier for programs: {@code too_short}, {@code no_speech}, {@code little_speech},
     *                {@code clipping}, {@code low_level}
     * @param message one sentence for people
     */
    public record Warning(@JsonProperty("code") String code, @JsonProperty("message") String message) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One line of JSON. */
    public String toJson() {
        return write(JSON, this);
    }

    /** Indented JSON for people reading it. */
    public String toPrettyJson() {
        return write(PRETTY, this);
    }

    /** A JSON array of reports, indented. */
    public static String toPrettyJson(List<StressReport> reports) {
        return write(PRETTY, reports);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serialisable", e); // records of plain values always are
        }
    }
}
