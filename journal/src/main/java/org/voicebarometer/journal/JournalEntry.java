package org.voicebarometer.journal;

import org.voicebarometer.engine.analysis.StressReport;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One analysed voice log as the journal keeps it: derived scores only, never the audio itself
 * ({@code audioFile} names an opt-in recording stored beside the database, or is null).
 *
 * @param id              row id, 0 for an entry not stored yet
 * @param time            when the voice log was recorded
 * @param userId          whose journal (default {@value #DEFAULT_USER})
 * @param emotion         the predicted label, e.g. "Anxious"
 * @param confidence      probability of {@code emotion}
 * @param stressScore     the analysis' stress score (P(Anxious) + P(Stressed) for the seed model)
 * @param probabilities   label → probability, in the model's label order
 * @param biomarkers      snake_case biomarker name → value (jitter_local, hnr_db, …)
 * @param model           which model produced it
 * @param durationSeconds length of the voice log
 * @param note            free text from the user, or null
 * @param tags            user tags, possibly empty
 * @param audioFile       file name of the kept recording inside the journal's audio folder, or null
 */
public record JournalEntry(long id, Instant time, String userId, String emotion, double confidence,
                           double stressScore, Map<String, Double> probabilities, Map<String, Double> biomarkers,
                           String model, double durationSeconds, String note, List<String> tags, String audioFile) {

    public static final String DEFAULT_USER = "me";

    public JournalEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(emotion, "emotion");
        Objects.requireNonNull(model, "model");
        // Insertion order matters (the model's label order), so no Map.copyOf.
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        biomarkers = Collections.unmodifiableMap(new LinkedHashMap<>(biomarkers));
        tags = List.copyOf(tags);
    }

    /** A new, not yet stored entry for {@code userId} with no note, tags or audio. */
    public static JournalEntry of(Instant time, String userId, String emotion, double confidence, double stressScore,
                                  Map<String, Double> probabilities, Map<String, Double> biomarkers,
                                  String model, double durationSeconds) {
        return new JournalEntry(0, time, userId, emotion, confidence, stressScore, probabilities, biomarkers,
                model, durationSeconds, null, List.of(), null);
    }

    /** The journal's view of an analysis: its scores, probabilities and biomarkers, recorded at {@code time}. */
    public static JournalEntry of(StressReport report, Instant time, String userId) {
        return of(time, userId, report.emotion(), report.confidence(), report.stressScore(), report.probabilities(),
                report.biomarkers(), report.model().name(), report.durationS());
    }

    public JournalEntry withNote(String newNote, List<String> newTags) {
        return new JournalEntry(id, time, userId, emotion, confidence, stressScore, probabilities, biomarkers,
                model, durationSeconds, newNote, newTags, audioFile);
    }

    JournalEntry stored(long newId, String newAudioFile) {
        return new JournalEntry(newId, time, userId, emotion, confidence, stressScore, probabilities, biomarkers,
                model, durationSeconds, note, tags, newAudioFile);
    }
}
