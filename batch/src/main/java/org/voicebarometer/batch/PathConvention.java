package org.voicebarometer.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Who spoke and on which day, read from a recording's path: the key of the study aggregate.
 *
 * <p>The default convention is {@code .../<speaker>/<yyyy-mm-dd>/<file>}, e.g.
 * {@code gs://study/anna/2026-11-20/evening.wav}. Any other layout is described by a regular expression
 * with a named group {@code speaker} and, optionally, {@code day}; it is searched for in the whole path
 * or URI (so {@code (?<speaker>\d\d)\w{5}\.wav$} reads EmoDB's speaker from {@code 03a01Fa.wav}).
 * A path the expression does not match is analysed and reported, but belongs to no aggregate.
 */
public final class PathConvention implements Serializable {
    public static final String DEFAULT = "(?<speaker>[^/\\\\]+)[/\\\\](?<day>\\d{4}-\\d{2}-\\d{2})[/\\\\][^/\\\\]+$";

    private final String regex;
    private transient Pattern pattern; // compiled again after the DoFn travelled to a worker

    private PathConvention(String regex) {
        this.regex = regex;
    }

    public static PathConvention of(String regex) {
        PathConvention convention = new PathConvention(regex);
        Pattern p;
        try {
            p = convention.pattern();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--idPattern is not a regular expression: " + e.getDescription());
        }
        if (!p.namedGroups().containsKey("speaker")) {
            throw new IllegalArgumentException("--idPattern needs a named group (?<speaker>...); (?<day>...) is optional");
        }
        return convention;
    }

    private Pattern pattern() {
        if (pattern == null) pattern = Pattern.compile(regex);
        return pattern;
    }

    /**
     * @param speaker who spoke
     * @param day     the day as written in the path, or null when the convention has no day
     */
    @JsonPropertyOrder({"speaker", "day"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(@JsonProperty("speaker") String speaker, @JsonProperty("day") String day) implements Serializable {
        /** A deterministic, unambiguous string form, for grouping (a runner groups by encoded bytes). */
        public String id() {
            return Json.line(this);
        }
    }

    /** The key of {@code path}, or empty when the path does not follow the convention. */
    public Optional<Key> keyOf(String path) {
        Pattern p = pattern();
        Matcher m = p.matcher(path);
        if (!m.find()) return Optional.empty();
        String day = p.namedGroups().containsKey("day") ? m.group("day") : null;
        return Optional.of(new Key(m.group("speaker"), day));
    }
}
