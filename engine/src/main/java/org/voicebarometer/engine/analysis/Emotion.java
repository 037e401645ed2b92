package org.voicebarometer.engine.analysis;

import java.util.Locale;

/**
 * The seed's five emotions, in the order of its head's labels. Two of them, {@link #ANXIOUS} and
 * {@link #STRESSED}, make up the stress score.
 */
public enum Emotion {
    NEUTRAL("Neutral"),
    HAPPY("Happy"),
    SAD("Sad"),
    ANXIOUS("Anxious"),
    STRESSED("Stressed");

    private final String label;

    Emotion(String label) {
        this.label = label;
    }

    /** The name used in reports and JSON: {@code Neutral}, {@code Happy}, … */
    public String label() {
        return label;
    }

    /** The emotion whose label is {@code label}, ignoring case; IllegalArgumentException otherwise. */
    public static Emotion ofLabel(String label) {
        for (Emotion e : values()) {
            if (e.label.equalsIgnoreCase(label.trim())) return e;
        }
        throw new IllegalArgumentException("unknown emotion '" + label + "' (expected one of Neutral, Happy, Sad, Anxious, Stressed)");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
