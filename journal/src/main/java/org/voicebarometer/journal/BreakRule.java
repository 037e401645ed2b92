package org.voicebarometer.journal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When the journal suggests taking a break. It fires when either holds:
 * <ol>
 *   <li><b>rising week</b>: the 7-day trend has a positive slope, significant at p &lt; {@value #ALPHA},
 *       over at least {@value #MIN_TREND_DAYS} days with recordings (three points can line up by chance);</li>
 *   <li><b>run of high days</b>: on at least {@value #HIGH_DAYS_NEEDED} of the last {@value #RECENT_DAYS}
 *       days (today included) the daily mean stress was above the baseline's median + 1 MAD.</li>
 * </ol>
 * Without a baseline only the first can fire; without a trend only the second. The reasons speak in
 * points: the stress score × 100, as the app and the CLI show it.
 */
public final class BreakRule {
    public static final double ALPHA = 0.05;
    public static final int MIN_TREND_DAYS = 4;
    public static final int RECENT_DAYS = 5;
    public static final int HIGH_DAYS_NEEDED = 3;

    private BreakRule() {}

    /** Whether to suggest a break, and why in plain words (empty reasons when it does not fire). */
    public record Advice(boolean takeABreak, List<String> reasons) {
        public Advice {
            reasons = List.copyOf(reasons);
        }
    }

    public static Advice evaluate(Optional<WeeklyTrend> trend, Optional<Baseline> baseline,
                                  List<DailyMean> daily, LocalDate today) {
        List<String> reasons = new ArrayList<>();
        trend.filter(t -> t.days() >= MIN_TREND_DAYS && t.slopePerDay() > 0 && t.significant(ALPHA))
                .ifPresent(t -> reasons.add(String.format(Locale.ROOT,
                        "your stress rose by %.1f points a day over the last %d days (p = %.3f)",
                        100 * t.slopePerDay(), WeeklyTrend.WINDOW_DAYS, t.pValue())));
        baseline.ifPresent(b -> {
            LocalDate first = today.minusDays(RECENT_DAYS - 1);
            long high = daily.stream()
                    .filter(d -> !d.day().isBefore(first) && !d.day().isAfter(today) && d.stress() > b.upper())
                    .count();
            if (high >= HIGH_DAYS_NEEDED) {
                reasons.add(String.format(Locale.ROOT,
                        "on %d of the last %d days your stress was above your usual range (%.0f ± %.0f)",
                        high, RECENT_DAYS, 100 * b.median(), 100 * b.mad()));
            }
        });
        return new Advice(!reasons.isEmpty(), reasons);
    }
}
