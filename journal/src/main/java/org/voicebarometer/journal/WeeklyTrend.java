package org.voicebarometer.journal;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The least-squares line through the daily mean stress of the last 7 days (today included):
 * stress ≈ intercept + slopePerDay · (days since {@code start}).
 *
 * @param start       the first day of the window (today − 6)
 * @param days        how many of the 7 days have recordings (at least {@link #MIN_DAYS})
 * @param slopePerDay change in stress score per day
 * @param intercept   fitted stress score on {@code start}
 * @param pValue      two-sided p-value of slope ≠ 0 (t-test on n − 2 degrees of freedom); NaN when
 *                    the days fit a line exactly flat (no evidence either way)
 */
public record WeeklyTrend(LocalDate start, int days, double slopePerDay, double intercept, double pValue) {
    public static final int WINDOW_DAYS = 7;
    /** A regression's p-value needs at least 3 points. */
    public static final int MIN_DAYS = 3;

    public static Optional<WeeklyTrend> of(List<JournalEntry> entries, LocalDate today, ZoneId zone) {
        LocalDate start = today.minusDays(WINDOW_DAYS - 1);
        List<DailyMean> daily = DailyMean.of(entries, start, today, zone);
        if (daily.size() < MIN_DAYS) return Optional.empty();
        SimpleRegression regression = new SimpleRegression();
        for (DailyMean d : daily) regression.addData(ChronoUnit.DAYS.between(start, d.day()), d.stress());
        return Optional.of(new WeeklyTrend(start, daily.size(), regression.getSlope(), regression.getIntercept(),
                regression.getSignificance()));
    }

    /** The fitted stress score on {@code day}. */
    public double at(LocalDate day) {
        return intercept + slopePerDay * ChronoUnit.DAYS.between(start, day);
    }

    public boolean significant(double alpha) {
        return pValue < alpha; // false for NaN
    }
}
