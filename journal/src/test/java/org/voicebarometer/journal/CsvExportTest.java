package org.voicebarometer.journal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvExportTest {
    @Test
    void oneRowPerEntryWithUnionColumnsQuotingAndNoFormulas() throws Exception {
        JournalEntry a = Entries.at(LocalDate.of(2026, 11, 20), 0.25).withNote("late, \"tired\"\nshift", List.of("work", "night"));
        Map<String, Double> bio = new LinkedHashMap<>();
        bio.put("hnr_db", 17.5);
        JournalEntry b = new JournalEntry(9, Instant.parse("2026-11-21T10:00:00Z"), "me", "Happy", 0.8, 0.1,
                Map.of("Happy", 0.8), bio, "=HYPERLINK(\"x\")", 3.0, "-2 coffees", List.of(), "clip.wav");
        StringBuilder out = new StringBuilder();
        CsvExport.write(List.of(a, b), out);
        String[] lines = out.toString().split("\r\n", -1);
        assertEquals("id,time,user,emotion,confidence,stress_score,p_neutral,p_happy,p_sad,p_anxious,p_stressed,"
                + "f0_mean_hz,hnr_db,jitter_local,model,duration_s,note,tags,audio_file", lines[0]);
        // The note's newline stays inside its quoted cell; rows end with CRLF.
        assertEquals("0,2026-11-20T08:00:00Z,me,Neutral,0.6,0.25,0.44999999999999996,0.22499999999999998,"
                + "0.07500000000000001,0.1,0.15,180.0,,0.01,seed-test,11.0,\"late, \"\"tired\"\"\nshift\",work;night,",
                lines[1]);
        assertEquals("9,2026-11-21T10:00:00Z,me,Happy,0.8,0.1,,0.8,,,,,17.5,,\"'=HYPERLINK(\"\"x\"\")\",3.0,"
                + "'-2 coffees,,clip.wav", lines[2]);
        assertEquals("", lines[3]);
        assertEquals(4, lines.length);
    }
}
