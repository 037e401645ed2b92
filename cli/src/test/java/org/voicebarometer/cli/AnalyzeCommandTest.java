package org.voicebarometer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.voicebarometer.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

/** End to end: the analyze command in-process, on the shipped sample and on broken files. */
class AnalyzeCommandTest {
    static final Path ROOT = Path.of(System.getProperty("barometer.root"));
    static final String JFK = ROOT.resolve("testdata/audio/jfk.wav").toString();

    @TempDir
    Path dir;



    private static void assertConsistent(JsonNode r) {
        JsonNode p = r.get("probabilities");
        List<String> five = List.of("Neutral", "Happy", "Sad", "Anxious", "Stressed");
        double sum = 0;
        for (String e : five) sum += p.get(e).asDouble();
        assertEquals(1.0, sum, 1e-9);
        assertEquals(p.get("Anxious").asDouble() + p.get("Stressed").asDouble(), r.get("stress_score").asDouble(), 1e-12);
        assertTrue(five.contains(r.get("emotion").asText()));
        assertEquals(p.get(r.get("emotion").asText()).asDouble(), r.get("confidence").asDouble(), 1e-12);
    }

    @Test
    void summaryForPeople() {
        CliRun r = run("analyze", JFK);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("jfk.wav\n"), r.out());
        assertTrue(r.out().matches("(?s).*Emotion: +(Neutral|Happy|Sad|Anxious|Stressed) \\(\\d+ % confident\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*Stress: +\\[[#-]{20}] \\d\\.\\d\\d .*"), r.out());
        assertTrue(r.out().contains("Pitch:"), r.out());
        assertFalse(r.out().contains("Warning"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonForPrograms() throws Exception {
        CliRun r = run("analyze", "--json", JFK);
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.isObject());
        assertEquals("jfk.wav", j.get("file").asText());
        assertConsistent(j);
        assertEquals(11.0, j.get("duration_s").asDouble(), 0.01);
        assertEquals("builtin", j.get("model").get("kind").asText());
        assertEquals(1, j.get("timeline").size());
        assertTrue(j.get("warnings").isArray());
        assertTrue(j.get("biomarkers").get("f0_mean_hz").isNumber());
    }

    /** jFLAC prints a debug line to System.out on this damaged file; it must not land among the JSON lines. */
    @Test
    void libraryPrintsStayOutOfTheResults() throws Exception {
        Files.copy(ROOT.resolve("cli/src/test/resources/damaged-escaped-rice.flac"), dir.resolve("a.flac"));
        Files.copy(Path.of(JFK), dir.resolve("b.wav"));
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            exit = Main.execute(new String[] {"analyze", "--jsonl", dir.toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("a.flac", new ObjectMapper().readTree(lines.get(0)).get("file").asText());
        assertEquals("b.wav", new ObjectMapper().readTree(lines.get(1)).get("file").asText());
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("readResidual"), "jFLAC's line went to stderr");
        assertSame(out, System.out);
    }

    @Test
    void saveStoresTheResultInTheJournal() throws Exception {
        Path db = dir.resolve("journal.db");
        CliRun r = run("analyze", "--json", "--save", "--db", db.toString(), "--user", "alice", JFK);
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        try (org.voicebarometer.journal.Journal journal = org.voicebarometer.journal.Journal.open(db)) {
            List<org.voicebarometer.journal.JournalEntry> entries = journal.entries("alice");
            assertEquals(1, entries.size());
            assertEquals(j.get("emotion").asText(), entries.getFirst().emotion());
            assertEquals(j.get("stress_score").asDouble(), entries.getFirst().stressScore(), 1e-12);
            assertEquals(List.of(), journal.entries("me"));
        }
        assertFalse(Files.exists(dir.resolve("jfk.wav")), "the audio is not kept");
        assertEquals(0, run("analyze", "--db", db.toString(), "--user", "alice", JFK).exit());
        try (org.voicebarometer.journal.Journal journal = org.voicebarometer.journal.Journal.open(db)) {
            assertEquals(1, journal.entries("alice").size(), "without --save nothing is stored");
        }
    }

    @Test
    void aBadFileAmongGoodOnesIsReportedAndSkipped() throws Exception {
        Path bad = dir.resolve("broken.wav");
        Files.writeString(bad, "this is not audio");
        Path missing = dir.resolve("missing.wav");
        CliRun r = run("analyze", "--jsonl", JFK, bad.toString(), missing.toString(), JFK);
        assertEquals(2, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        for (String line : lines) assertConsistent(new ObjectMapper().readTree(line));
        List<String> errors = r.err().lines().filter(l -> l.contains("barometer: ")).toList();
        assertEquals(2, errors.size(), r.err());
        assertTrue(errors.get(0).contains("broken.wav: "), errors.get(0));
        assertTrue(errors.get(1).contains("missing.wav"), errors.get(1));
        assertTrue(r.err().contains("2 analysed, 2 failed"), r.err());
        assertTrue(r.err().contains("[##############################] 4/4 files"), r.err()); // the progress bar
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void directoryAsCsvAndJsonArray() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("logs"));
        Files.copy(Path.of(JFK), sub.resolve("a.wav"));
        Files.copy(Path.of(JFK), sub.resolve("b.wav"));
        Files.writeString(sub.resolve("notes.txt"), "not audio, not picked up");
        CliRun csv = run("analyze", "--csv", sub.toString());
        assertEquals(0, csv.exit(), csv.err());
        List<String> rows = csv.out().lines().toList();
        assertEquals(3, rows.size(), csv.out());
        assertTrue(rows.get(0).startsWith("file,emotion,confidence,stress_score,p_neutral,p_happy,p_sad,p_anxious,p_stressed,duration_s"), rows.get(0));
        assertTrue(rows.get(1).startsWith("a.wav,"), rows.get(1));
        assertEquals(rows.get(1).substring(1), rows.get(2).substring(1), "same audio, same row");

        CliRun json = run("analyze", "--json", sub.toString());
        JsonNode arr = new ObjectMapper().readTree(json.out());
        assertTrue(arr.isArray());
        assertEquals(2, arr.size());
    }

    @Test
    void longRecordingShowsWindowProgressAndTimeline() throws Exception {
        CliRun r = run("analyze", "--json", "--window", "4", JFK);
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        int n = j.get("timeline").size();
        assertTrue(n >= 2, r.out());
        assertTrue(r.err().contains("] " + n + "/" + n + " windows"), r.err());
        assertConsistent(j);
        assertEquals(2, run("analyze", "--window", "0.5", JFK).exit()); // shorter than the 1 s minimum
    }

    @Test
    void singleBadFileExitsTwoWithOneLine() throws Exception {
        Path bad = dir.resolve("empty.wav");
        Files.write(bad, new byte[0]);
        CliRun r = run("analyze", bad.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void badOptionsExitTwo() {
        assertEquals(2, run("analyze").exit());
        assertEquals(2, run("analyze", "--json", "--csv", JFK).exit());
        CliRun r = run("analyze", "--model", dir.resolve("nope").toString(), JFK);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such model"), r.err());
    }
}
