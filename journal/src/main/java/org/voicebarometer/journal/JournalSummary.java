package org.voicebarometer.journal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * What the journal says about today: the user's baseline (rolling median/MAD of the
 * {@value #BASELINE_DAYS} days before today), today's stress and biomarkers as z-scores against it,
 * the weekly trend, the break advice, and the daily means of the last {@value #HISTORY_DAYS} days.
 *
 * @param today            the day it is about
 * @param stressBaseline   empty until the window holds {@link Baseline#MIN_SAMPLES} recordings
 * @param todayStress      mean stress of today's recordings, empty if none yet
 * @param todayStressZ     robust z-score of {@code todayStress}
 * @param biomarkerZ       biomarker name → robust z-score of today's mean (names with a baseline only)
 * @param trend            the last 7 days' regression, empty with fewer than 3 days of recordings
 * @param advice           the {@link BreakRule}
 * @param daily            daily mean stress of the last {@value #HISTORY_DAYS} days, oldest first
 */
public record JournalSummary(LocalDate today, Optional<Baseline> stressBaseline, OptionalDouble todayStress,
                             OptionalDouble todayStressZ, Map<String, Double> biomarkerZ,
                             Optional<WeeklyTrend> trend, BreakRule.Advice advice, List<DailyMean> daily) {
    /**
     * A rolling window rather than a user's first two weeks: a baseline frozen at the start would
     * go stale (new job, new microphone, a cold), while 28 days still spans four of every weekday.
     */
    public static final int BASELINE_DAYS = 28;
    public static final int HISTORY_DAYS = 30;

    /** The earliest day whose entries {@link #of} looks at: load from here to today. */
    public static LocalDate firstDayNeeded(LocalDate today) {
        return today.minusDays(Math.max(BASELINE_DAYS, HISTORY_DAYS - 1));
    }

    public static JournalSummary of(List<JournalEntry> entries, LocalDate today, ZoneId zone) {
        List<JournalEntry> window = onDays(entries, today.minusDays(BASELINE_DAYS), today.minusDays(1), zone);
        List<JournalEntry> todays = onDays(entries, today, today, zone);

        Optional<Baseline> stressBaseline = Baseline.of(values(window, JournalEntry::stressScore));
        OptionalDouble todayStress = mean(values(todays, JournalEntry::stressScore));
        OptionalDouble todayZ = stressBaseline.isPresent() && todayStress.isPresent()
                ? stressBaseline.get().zScore(todayStress.getAsDouble()) : OptionalDouble.empty();

        Map<String, Double> biomarkerZ = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>();
        todays.forEach(e -> names.addAll(e.biomarkers().keySet()));
        for (String name : names) {
            ToDoubleFunction<JournalEntry> value = e -> {
                Double v = e.biomarkers().get(name); // null: not measurable in that recording
                return v == null ? Double.NaN : v;
            };
            OptionalDouble todayMean = mean(values(todays, value));
            Optional<Baseline> baseline = Baseline.of(values(window, value));
            if (todayMean.isPresent() && baseline.isPresent()) {
                baseline.get().zScore(todayMean.getAsDouble()).ifPresent(z -> biomarkerZ.put(name, z));
            }
        }

        Optional<WeeklyTrend> trend = WeeklyTrend.of(entries, today, zone);
        List<DailyMean> daily = DailyMean.of(entries, today.minusDays(HISTORY_DAYS - 1), today, zone);
        BreakRule.Advice advice = BreakRule.evaluate(trend, stressBaseline, daily, today);
        return new JournalSummary(today, stressBaseline, todayStress, todayZ, biomarkerZ, trend, advice, daily);
    }

    private static List<JournalEntry> onDays(List<JournalEntry> entries, LocalDate from, LocalDate to, ZoneId zone) {
        return entries.stream().filter(e -> {
            LocalDate day = e.time().atZone(zone).toLocalDate();
            return !day.isBefore(from) && !day.isAfter(to);
        }).toList();
    }

    private static double[] values(List<JournalEntry> entries, ToDoubleFunction<JournalEntry> f) {
        return entries.stream().mapToDouble(f).toArray();
    }

    private static OptionalDouble mean(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).average();
    }
}
