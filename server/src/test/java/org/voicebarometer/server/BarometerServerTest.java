package org.voicebarometer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end against a real server on loopback, with the built-in model and real speech. */
class BarometerServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BODY_CAP = 2_000_000;
    private static final double MAX_SECONDS = 30;

    private static StressBarometer barometer;
    private static BarometerServer server;
    private static final List<String> saved = new CopyOnWriteArrayList<>();
    private static final ByteArrayOutputStream requestLog = new ByteArrayOutputStream();
    private static HttpClient http;
    private static byte[] speech;

    @BeforeAll
    static void start() throws IOException {
        speech = Files.readAllBytes(sharedSpeech("sense_and_sensibility_01_austen_64kb-0870.wav"));
        barometer = StressBarometer.builtIn();
        ServerConfig config = ServerConfig.defaults().withPort(0).withLimits(BODY_CAP, MAX_SECONDS, 2);
        server = BarometerServer.start(barometer, config, (user, report) -> saved.add(user + ":" + report.emotion()),
                new java.io.PrintStream(requestLog, true, StandardCharsets.UTF_8));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static Path sharedSpeech(String name) {
        return Path.of(System.getProperty("barometer.root", ".")).resolve("../shared/data/speech").resolve(name);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final String BOUNDARY = "----barometer-test-boundary";

    static byte[] multipart(String field, String filename, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static HttpResponse<String> postFile(String path, byte[] content) throws Exception {
        return post(path, "multipart/form-data; boundary=" + BOUNDARY, multipart("file", "voice.wav", content));
    }

    private static String error(HttpResponse<String> r) throws IOException {
        JsonNode node = JSON.readTree(r.body());
        assertTrue(node.has("error"), () -> "no error field in " + r.body());
        return node.get("error").asText();
    }

    static byte[] wav16k(float[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (float s : samples) b.putShort((short) Math.round(s * 32767));
        return b.array();
    }

    @Test
    void theSeedsMultipartRequestGetsTheReport() throws Exception {
        HttpResponse<String> r = postFile("/analyze-stress", speech);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode report = JSON.readTree(r.body());
        assertTrue(Set.of("Neutral", "Happy", "Sad", "Anxious", "Stressed").contains(report.get("emotion").asText()));
        double stress = report.get("stress_score").asDouble();
        JsonNode p = report.get("probabilities");
        assertEquals(p.get("Anxious").asDouble() + p.get("Stressed").asDouble(), stress, 1e-6);
        assertTrue(report.get("confidence").asDouble() > 0);
        assertTrue(report.get("biomarkers").has("f0_mean_hz"));
        // The service answers what the library answers for the same audio.
        StressReport direct = barometer.analyze(org.voicebarometer.engine.audio.AudioLoader.load(speech));
        assertEquals(direct.emotion(), report.get("emotion").asText());
        assertEquals(direct.stressScore(), stress, 1e-9);
    }

    @Test
    void aRawAudioBodyWorksToo() throws Exception {
        HttpResponse<String> r = post("/analyze-stress", "audio/wav", speech);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).has("stress_score"));
    }

    @Test
    void nonAudioIsRefusedWith415() throws Exception {
        HttpResponse<String> text = post("/analyze-stress", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, text.statusCode());
        error(text);
        HttpResponse<String> fakeWav = postFile("/analyze-stress", "this is not audio at all, just text".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, fakeWav.statusCode(), fakeWav.body());
        error(fakeWav);
    }

    @Test
    void brokenAudioIsA400AndMissingFieldToo() throws Exception {
        byte[] truncated = Arrays.copyOf(speech, 30); // RIFF....WAVE, then the fmt chunk cut short
        HttpResponse<String> r = postFile("/analyze-stress", truncated);
        assertEquals(400, r.statusCode(), r.body());
        error(r);
        HttpResponse<String> missing = post("/analyze-stress", "multipart/form-data; boundary=" + BOUNDARY, multipart("audio", "x.wav", speech));
        assertEquals(400, missing.statusCode());
        assertTrue(error(missing).contains("'file'"));
        HttpResponse<String> empty = post("/analyze-stress", "audio/wav", new byte[0]);
        assertEquals(400, empty.statusCode());
    }

    @Test
    void tooLongRecordingsAre422AndTooShortOnesCarryAWarning() throws Exception {
        float[] long31s = new float[(int) ((MAX_SECONDS + 1) * 16000)];
        for (int i = 0; i < long31s.length; i++) long31s[i] = (float) (0.1 * Math.sin(i * 0.05));
        HttpResponse<String> r = post("/analyze-stress", "audio/wav", wav16k(long31s));
        assertEquals(422, r.statusCode(), r.body());
        error(r);
        HttpResponse<String> tiny = post("/analyze-stress", "audio/wav", wav16k(new float[100]));
        assertEquals(200, tiny.statusCode(), tiny.body());
        List<String> codes = new ArrayList<>();
        JSON.readTree(tiny.body()).get("warnings").forEach(w -> codes.add(w.get("code").asText()));
        assertTrue(codes.contains("too_short") && codes.contains("no_speech"), codes.toString());
    }

    @Test
    void theBodyCapHoldsWithAndWithoutContentLength() throws Exception {
        byte[] big = new byte[(int) BODY_CAP + 1000];
        System.arraycopy(speech, 0, big, 0, 44);
        HttpResponse<String> declared = post("/analyze-stress", "audio/wav", big);
        assertEquals(413, declared.statusCode());
        error(declared);
        HttpResponse<String> multi = postFile("/analyze-stress", big);
        assertEquals(413, multi.statusCode());
        // Chunked: no Content-Length, so only the streaming count can stop it.
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/analyze-stress")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        error(chunked);
        assertEquals(200, http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aBurstIsAnsweredWithoutLosingARequest() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) futures.add(pool.submit(() -> postFile("/analyze-stress", speech)));
            int ok = 0, busy = 0;
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) ok++;
                else {
                    assertEquals(429, r.statusCode(), r.body());
                    assertEquals(String.valueOf(BarometerServer.RETRY_AFTER_SECONDS), r.headers().firstValue("Retry-After").orElse(null));
                    error(r);
                    busy++;
                }
            }
            assertEquals(n, ok + busy);
            assertTrue(ok >= 2, "at least the two slots' worth succeed: " + ok);
        } finally {
            pool.shutdownNow();
        }
        JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("ok", health.get("status").asText());
        assertEquals(0, health.get("analyses_in_progress").asInt());
    }

    @Test
    void noUploadIsSpooledToDisk() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = list(tmp);
        assertEquals(200, postFile("/analyze-stress", speech).statusCode());
        assertEquals(413, postFile("/analyze-stress", new byte[(int) BODY_CAP + 10]).statusCode());
        Set<Path> after = list(tmp);
        after.removeAll(before);
        assertEquals(Set.of(), after.stream().filter(p -> p.getFileName().toString().toLowerCase().contains("multipart")).collect(Collectors.toSet()));
    }

    private static Set<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toCollection(() -> ConcurrentHashMap.newKeySet()));
        }
    }

    @Test
    void savingNeedsAUserAndStoresOnlyTheScores() throws Exception {
        HttpResponse<String> noUser = postFile("/analyze-stress?save=true", speech);
        assertEquals(400, noUser.statusCode());
        error(noUser);
        HttpResponse<String> r = postFile("/analyze-stress?save=true&user=alice", speech);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(saved.contains("alice:" + JSON.readTree(r.body()).get("emotion").asText()), saved.toString());
    }

    @Test
    void healthOpenApiAndUnknownPaths() throws Exception {
        JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("ok", health.get("status").asText());
        assertNotNull(health.get("model").asText());
        JsonNode api = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/openapi.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(api.get("paths").has("/analyze-stress"));
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        error(missing);
    }

    @Test
    void theRequestLogHoldsNoAudioAndNoUser() throws Exception {
        postFile("/analyze-stress?save=true&user=bob", speech);
        String log = requestLog.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("POST /analyze-stress 200"), log);
        assertFalse(log.contains("bob"), log);
        assertFalse(log.contains("RIFF"), log);
    }

    @Test
    void aSlowClientIsCutOffByTheIdleTimeout() throws Exception {
        ServerConfig quick = new ServerConfig("127.0.0.1", 0, BODY_CAP, MAX_SECONDS, 1, Duration.ofMillis(500));
        try (BarometerServer s = BarometerServer.start(barometer, quick, null, null);
             Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.getOutputStream().write(("POST /analyze-stress HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nContent-Length: 1000\r\n\r\nRIFF")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes(); // returns when the server gives up on us
            assertTrue((System.nanoTime() - t0) / 1e9 < 9, "idle connection not closed");
            String answer = new String(all, StandardCharsets.US_ASCII);
            assertTrue(answer.isEmpty() || !answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    @Test
    void boundToLoopbackByDefault() {
        assertEquals("127.0.0.1", ServerConfig.defaults().host());
        assertEquals(8000, ServerConfig.defaults().port());
    }
}
