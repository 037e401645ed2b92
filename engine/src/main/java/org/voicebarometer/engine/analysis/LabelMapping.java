package org.voicebarometer.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a classifier's own labels fold onto the five {@link Emotion}s: the probabilities of all labels
 * mapped to one emotion are added. Labels are matched ignoring case and surrounding space.
 *
 * <p>Defaults cover the usual emotion corpora (IEMOCAP/SUPERB {@code neu hap ang sad}, RAVDESS, CREMA-D,
 * EmoDB). A mapping file overrides or extends them: a JSON object from label to one of
 * {@code Neutral Happy Sad Anxious Stressed}, or to {@code null} to ignore a label (its probability
 * mass is dropped and the rest renormalised), e.g. {@code {"other": null, "surprise": "Anxious"}}.
 */
public final class LabelMapping {
    /** Largest mapping file read; a real one is a few hundred bytes. */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private static final Map<String, Emotion> DEFAULTS = defaults();

    /** label (lower case) → emotion; a present key with an empty Optional means "ignored". */
    private final Map<String, Optional<Emotion>> mapping;

    private LabelMapping(Map<String, Optional<Emotion>> mapping) {
        this.mapping = mapping;
    }

    public static LabelMapping standard() {
        Map<String, Optional<Emotion>> m = new HashMap<>();
        DEFAULTS.forEach((k, v) -> m.put(k, Optional.of(v)));
        return new LabelMapping(m);
    }

    /** The defaults with the entries of a JSON mapping file on top. */
    public static LabelMapping withOverrides(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + ": label mapping file larger than " + MAX_FILE_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object {\"label\": \"Neutral|Happy|Sad|Anxious|Stressed\" or null, ...}");
        }
        LabelMapping result = standard();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Optional<Emotion> target;
            if (v.isNull()) {
                target = Optional.empty();
            } else if (v.isTextual()) {
                try {
                    target = Optional.of(Emotion.ofLabel(v.asText()));
                } catch (IllegalArgumentException bad) {
                    throw new IOException(file + ": label '" + e.getKey() + "': " + bad.getMessage());
                }
            } else {
                throw new IOException(file + ": label '" + e.getKey() + "' must map to an emotion name or null, not " + v);
            }
            result.mapping.put(key(e.getKey()), target);
        }
        return result;
    }

    /** Fails with one message naming every label this mapping does not know. */
    public void requireAll(List<String> labels) {
        List<String> unknown = labels.stream().filter(l -> !mapping.containsKey(key(l))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("model labels " + unknown + " have no mapping onto Neutral/Happy/Sad/Anxious/Stressed;"
                    + " give a label mapping file, e.g. {\"" + unknown.getFirst() + "\": \"Neutral\"}");
        }
        if (labels.stream().allMatch(l -> mapping.get(key(l)).isEmpty())) {
            throw new IllegalArgumentException("every model label " + labels + " is mapped to null (ignored)");
        }
    }

    /** The emotion a label maps to; empty when the label is ignored. Unknown labels: IllegalArgumentException. */
    public Optional<Emotion> map(String label) {
        Optional<Emotion> e = mapping.get(key(label));
        if (e == null) throw new IllegalArgumentException("no mapping for model label '" + label + "'");
        return e;
    }

    /** Adds the probabilities of labels mapped to the same emotion and renormalises. */
    public EmotionProbabilities fold(List<String> labels, double[] probabilities) {
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length + " probabilities");
        }
        double[] five = new double[Emotion.values().length];
        for (int i = 0; i < probabilities.length; i++) {
            int target = i;
            map(labels.get(i)).ifPresent(e -> five[e.ordinal()] += probabilities[target]);
        }
        return EmotionProbabilities.of(five);
    }

    private static String key(String label) {
        return label.trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Emotion> defaults() {
        Map<String, Emotion> m = new HashMap<>();
        for (String s : List.of("neu", "neutral", "calm")) m.put(s, Emotion.NEUTRAL);
        for (String s : List.of("hap", "happy", "happiness", "joy", "surprised", "surprise", "sur")) m.put(s, Emotion.HAPPY);
        for (String s : List.of("sad", "sadness", "bored", "boredom")) m.put(s, Emotion.SAD);
        for (String s : List.of("fea", "fear", "fearful", "anxious", "anxiety")) m.put(s, Emotion.ANXIOUS);
        for (String s : List.of("ang", "angry", "anger", "dis", "disgust", "disgusted", "stressed", "stress")) m.put(s, Emotion.STRESSED);
        return Map.copyOf(m);
    }
}
