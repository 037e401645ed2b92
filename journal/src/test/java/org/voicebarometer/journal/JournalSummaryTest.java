package org.voicebarometer.journal;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Baseline, z-scores, weekly trend and the break rule on synthetic histories. */
class JournalSummaryTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void baselineIsMedianAndMadAndIgnoresOneOutlier() {
        Baseline b = Baseline.of(new double[] {0.3, 0.1, 0.2, 100, 0.4, Double.NaN}).orElseThrow();
        assertEquals(0.3, b.median(), 1e-12);
        // |x − 0.3| = 0, 0.2, 0.1, 99.7, 0.1 → median 0.1
        assertEquals(0.1, b.mad(), 1e-12);
        assertEquals(5, b.samples());
        assertEquals((0.5 - 0.3) / (1.4826 * 0.1), b.zScore(0.5).getAsDouble(), 1e-9);
        assertTrue(Baseline.of(new double[] {1, 2, 3, 4}).isEmpty(), "four recordings are not a baseline");
        assertTrue(Baseline.of(new double[] {2, 2, 2, 2, 2}).orElseThrow().zScore(3).isEmpty(), "MAD 0: no z-score");
    }

    @Test
    void trendMatchesAnIndependentLeastSquaresFit() {
        // Reference: closed-form least squares + Student t integrated numerically (numpy), see docs/journal.md.
        double[] week = {0.31, 0.35, 0.33, 0.41, 0.44, 0.43, 0.52};
        List<JournalEntry> entries = new ArrayList<>();
        for (int d = 0; d < 7; d++) entries.add(Entries.at(TODAY.minusDays(6 - d), week[d]));
        WeeklyTrend t = WeeklyTrend.of(entries, TODAY, Entries.ZONE).orElseThrow();
        assertEquals(7, t.days());
        assertEquals(0.03214285714285715, t.slopePerDay(), 1e-12);
        assertEquals(0.30214285714285716, t.intercept(), 1e-12);
        assertEquals(0.0014034230055327557, t.pValue(), 1e-9);

        // Missing days are left out, not counted as zero.
        double[] x = {0, 2, 3, 5, 6};
        double[] y = {0.40, 0.38, 0.45, 0.37, 0.41};
        List<JournalEntry> sparse = new ArrayList<>();
        for (int i = 0; i < x.length; i++) sparse.add(Entries.at(TODAY.minusDays(6 - (int) x[i]), y[i]));
        WeeklyTrend s = WeeklyTrend.of(sparse, TODAY, Entries.ZONE).orElseThrow();
        assertEquals(5, s.days());
        assertEquals(-0.0005263157894736907, s.slopePerDay(), 1e-12);
        assertEquals(0.9486441158015726, s.pValue(), 1e-9);
    }

    @Test
    void trendUsesDailyMeansInTheUsersTimeZone() {
        List<JournalEntry> entries = new ArrayList<>();
        // 23:30 in Berlin is already the next day in UTC: it must count for its local day.
        entries.add(Entries.at(TODAY.minusDays(2), LocalTime.of(23, 30), 0.2, 0.01));
        entries.add(Entries.at(TODAY.minusDays(2), LocalTime.of(7, 0), 0.4, 0.01));
        entries.add(Entries.at(TODAY.minusDays(1), LocalTime.of(12, 0), 0.5, 0.01));
        entries.add(Entries.at(TODAY, LocalTime.of(0, 30), 0.7, 0.01));
        entries.add(Entries.at(TODAY.minusDays(7), LocalTime.of(12, 0), 0.9, 0.01)); // outside the week
        List<DailyMean> daily = DailyMean.of(entries, TODAY.minusDays(6), TODAY, Entries.ZONE);
        assertEquals(List.of(new DailyMean(TODAY.minusDays(2), 0.30000000000000004, 2),
                new DailyMean(TODAY.minusDays(1), 0.5, 1), new DailyMean(TODAY, 0.7, 1)), daily);
        WeeklyTrend t = WeeklyTrend.of(entries, TODAY, Entries.ZONE).orElseThrow();
        assertEquals(3, t.days());
        assertEquals(0.2, t.slopePerDay(), 1e-12);
        assertTrue(WeeklyTrend.of(entries.subList(0, 3), TODAY, Entries.ZONE).isEmpty(), "two days make no trend");
    }

    /** 28 ordinary days around 0.30 (MAD 0.02), then {@code recent} for the last days up to today. */
    static List<JournalEntry> history(double... recent) {
        List<JournalEntry> entries = new ArrayList<>();
        double[] usual = {0.28, 0.30, 0.32, 0.30, 0.26, 0.34, 0.30};
        for (int d = 28; d >= recent.length; d--) {
            entries.add(Entries.at(TODAY.minusDays(d), LocalTime.of(9, 0), usual[d % usual.length], 0.010));
        }
        for (int i = 0; i < recent.length; i++) {
            entries.add(Entries.at(TODAY.minusDays(recent.length - 1 - i), LocalTime.of(9, 0), recent[i], 0.010));
        }
        return entries;
    }

    @Test
    void zScoresOfTodayAgainstTheRollingBaseline() {
        List<JournalEntry> entries = history(0.30, 0.30, 0.40);
        entries.add(Entries.at(TODAY, LocalTime.of(18, 0), 0.50, 0.013)); // today: mean stress 0.45
        entries.add(Entries.at(TODAY.minusDays(40), LocalTime.of(9, 0), 5.0, 9.0)); // before the window: ignored
        JournalSummary s = JournalSummary.of(entries, TODAY, Entries.ZONE);
        Baseline b = s.stressBaseline().orElseThrow();
        assertEquals(28, b.samples(), "days today−28 … today−1");
        assertEquals(0.30, b.median(), 1e-12);
        assertEquals(0.02, b.mad(), 1e-12);
        assertEquals(0.45, s.todayStress().getAsDouble(), 1e-12);
        assertEquals((0.45 - 0.30) / (1.4826 * 0.02), s.todayStressZ().getAsDouble(), 1e-9);
        // jitter: baseline all 0.010 (MAD 0) → no z-score; f0 likewise.
        assertEquals(Map.of(), s.biomarkerZ());
    }

    @Test
    void biomarkerZScoresWhenTheyVary() {
        List<JournalEntry> entries = new ArrayList<>();
        double[] jitter = {0.010, 0.012, 0.008, 0.011, 0.009, 0.010};
        for (int d = 0; d < jitter.length; d++) entries.add(Entries.at(TODAY.minusDays(d + 1), LocalTime.NOON, 0.3, jitter[d]));
        entries.add(Entries.at(TODAY, LocalTime.NOON, 0.3, 0.016));
        JournalSummary s = JournalSummary.of(entries, TODAY, Entries.ZONE);
        // median 0.010, |dev| = 0, .002, .002, .001, .001, 0 → MAD 0.001
        assertEquals((0.016 - 0.010) / (1.4826 * 0.001), s.biomarkerZ().get("jitter_local"), 1e-6);
        assertFalse(s.biomarkerZ().containsKey("f0_mean_hz"), "constant f0: no spread, no z-score");
    }

    @Test
    void noBreakOnAnOrdinaryWeek() {
        JournalSummary s = JournalSummary.of(history(0.30, 0.34, 0.28, 0.30, 0.32), TODAY, Entries.ZONE);
        assertFalse(s.advice().takeABreak(), s.advice().reasons().toString());
        assertTrue(s.advice().reasons().isEmpty());
    }

    @Test
    void breakWhenThreeOfTheLastFiveDaysAreAboveTheUsualRange() {
        // usual range 0.30 ± 0.02: three days at 0.45, not in a rising line (trend not significant)
        JournalSummary s = JournalSummary.of(history(0.45, 0.30, 0.45, 0.29, 0.45), TODAY, Entries.ZONE);
        assertTrue(s.advice().takeABreak());
        assertEquals(1, s.advice().reasons().size());
        assertTrue(s.advice().reasons().getFirst().startsWith("on 3 of the last 5 days"), s.advice().reasons().toString());
        assertFalse(JournalSummary.of(history(0.45, 0.30, 0.31, 0.29, 0.45), TODAY, Entries.ZONE).advice().takeABreak(),
                "two high days are not enough");
        assertFalse(JournalSummary.of(history(0.45, 0.45, 0.45, 0.29, 0.30, 0.30, 0.30), TODAY, Entries.ZONE)
                .advice().takeABreak(), "high days before the last five do not count");
    }

    @Test
    void breakWhenTheWeekRisesSignificantlyEvenWithoutABaseline() {
        List<JournalEntry> entries = new ArrayList<>();
        double[] week = {0.20, 0.24, 0.27, 0.31, 0.36};
        for (int i = 0; i < week.length; i++) entries.add(Entries.at(TODAY.minusDays(4 - i), week[i]));
        JournalSummary s = JournalSummary.of(entries, TODAY, Entries.ZONE);
        assertTrue(s.stressBaseline().isEmpty(), "only 4 days before today");
        assertTrue(s.advice().takeABreak());
        assertTrue(s.advice().reasons().getFirst().startsWith("your stress rose by 3.9 points a day"),
                s.advice().reasons().toString());

        // The same rise over only three days is not enough evidence, and a falling week never fires.
        assertFalse(JournalSummary.of(entries.subList(2, 5), TODAY, Entries.ZONE).advice().takeABreak());
        List<JournalEntry> falling = new ArrayList<>();
        for (int i = 0; i < week.length; i++) falling.add(Entries.at(TODAY.minusDays(i), week[i]));
        assertFalse(JournalSummary.of(falling, TODAY, Entries.ZONE).advice().takeABreak());
    }

    @Test
    void loadingFromTheFirstDayNeededGivesTheSameSummaryAsEverything() {
        List<JournalEntry> all = history(0.45, 0.30, 0.45, 0.29, 0.45);
        all.add(0, Entries.at(TODAY.minusDays(200), 0.99)); // long ago: must not matter
        LocalDate first = JournalSummary.firstDayNeeded(TODAY);
        List<JournalEntry> loaded = all.stream()
                .filter(e -> !e.time().atZone(Entries.ZONE).toLocalDate().isBefore(first)).toList();
        assertEquals(JournalSummary.of(all, TODAY, Entries.ZONE), JournalSummary.of(loaded, TODAY, Entries.ZONE));
        assertEquals(29, all.size() - 1, "the history spans the 28 baseline days and today");
        assertEquals(all.size() - 1, loaded.size());
    }

    @Test
    void emptyJournalSaysNothing() {
        JournalSummary s = JournalSummary.of(List.of(), TODAY, Entries.ZONE);
        assertTrue(s.stressBaseline().isEmpty());
        assertTrue(s.todayStress().isEmpty());
        assertTrue(s.trend().isEmpty());
        assertFalse(s.advice().takeABreak());
        assertEquals(List.of(), s.daily());
    }
}
