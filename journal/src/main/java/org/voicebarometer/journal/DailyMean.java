package org.voicebarometer.journal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The mean stress score of one calendar day's recordings (days in the user's time zone). */
public record DailyMean(LocalDate day, double stress, int recordings) {

    /** One value per day that has recordings in [{@code from}, {@code to}], oldest first. */
    public static List<DailyMean> of(List<JournalEntry> entries, LocalDate from, LocalDate to, ZoneId zone) {
        Map<LocalDate, double[]> sums = new TreeMap<>(); // day → {sum, count}
        for (JournalEntry e : entries) {
            LocalDate day = e.time().atZone(zone).toLocalDate();
            if (day.isBefore(from) || day.isAfter(to) || !Double.isFinite(e.stressScore())) continue;
            double[] s = sums.computeIfAbsent(day, d -> new double[2]);
            s[0] += e.stressScore();
            s[1]++;
        }
        List<DailyMean> out = new ArrayList<>();
        sums.forEach((day, s) -> out.add(new DailyMean(day, s[0] / s[1], (int) s[1])));
        return out;
    }
}
