package org.voicebarometer.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.engine.audio.Audio;
import org.voicebarometer.engine.audio.AudioFormatException;
import org.voicebarometer.engine.audio.AudioLimits;
import org.voicebarometer.engine.audio.AudioLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The HTTP front end: {@code POST /analyze-stress} (the seed's contract), {@code GET /health},
 * {@code GET /openapi.json}. Thin by design: it reads the upload within its limits, hands the audio to
 * the shared {@link StressBarometer} and writes the report. Uploads live in memory only and nothing
 * about them (audio, user, file name) is logged: a request leaves one line, method, path, status, time.
 */
public final class BarometerServer implements AutoCloseable {
    static final int RETRY_AFTER_SECONDS = 2;

    private final StressBarometer barometer;
    private final ServerConfig config;
    private final Semaphore slots;
    private final UploadReader uploads;
    private final AudioLimits audioLimits;
    private final BiConsumer<String, StressReport> journal;
    private final PrintStream log;
    private final byte[] openApi;
    private final Javalin app;

    /**
     * @param journal called with the user id and the report when a request asks {@code ?save=true&user=ID}
     *                (null: saving is off)
     * @param log     where the one-line request log goes (null: nowhere)
     */
    private BarometerServer(StressBarometer barometer, ServerConfig config, BiConsumer<String, StressReport> journal, PrintStream log) {
        this.barometer = barometer;
        this.config = config;
        this.slots = new Semaphore(config.maxConcurrent());
        this.uploads = new UploadReader(config.maxBodyBytes());
        this.audioLimits = new AudioLimits(AudioLimits.DEFAULT.maxDecodedBytes(), config.maxAudioSeconds());
        this.journal = journal;
        this.log = log;
        this.openApi = resource("openapi.json");
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                return connector;
            });
        });
        app.post("/analyze-stress", this::analyze);
        app.get("/health", this::health);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage())); // 404, 405…
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, "internal error"));
        app.after(ctx -> {
            if (log != null && ctx.method() != HandlerType.OPTIONS) {
                log.printf("%s %s %d%n", ctx.method(), ctx.path(), ctx.statusCode());
            }
        });
    }

    /** Starts serving; the model inside {@code barometer} is shared by all requests. */
    public static BarometerServer start(StressBarometer barometer, ServerConfig config, BiConsumer<String, StressReport> journal, PrintStream log) {
        BarometerServer server = new BarometerServer(barometer, config, journal, log);
        server.app.start();
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void analyze(Context ctx) throws IOException {
        uploads.checkDeclaredLength(ctx);
        boolean save = Boolean.parseBoolean(ctx.queryParam("save"));
        if (save && journal == null) throw new ApiError(400, "saving to the journal is not enabled on this server");
        if (save) requireUserId(ctx.queryParam("user"));
        if (!slots.tryAcquire()) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new ApiError(429, "all " + config.maxConcurrent() + " analysis slots are busy; retry in " + RETRY_AFTER_SECONDS + " s");
        }
        try {
            byte[] body = uploads.read(ctx);
            Audio audio = decode(body);
            StressReport report;
            try {
                report = barometer.analyze(audio);
            } catch (IllegalArgumentException e) { // too short, empty: the recording, not the server
                throw new ApiError(422, e.getMessage());
            }
            if (save) journal.accept(ctx.queryParam("user"), report);
            ctx.contentType("application/json").result(report.toJson());
        } finally {
            slots.release();
        }
    }

    /** Magic bytes decide the format; the duration cap is checked from the header before decoding. */
    private Audio decode(byte[] body) {
        try {
            return AudioLoader.load(body, audioLimits);
        } catch (AudioFormatException e) {
            int status = switch (e.reason()) {
                case UNSUPPORTED -> 415;
                case TOO_LARGE -> 422;
                case MALFORMED -> 400;
            };
            throw new ApiError(status, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void health(Context ctx) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("model", barometer.model().description().name());
        health.put("analyses_in_progress", config.maxConcurrent() - slots.availablePermits());
        health.put("max_concurrent", config.maxConcurrent());
        ctx.json(health);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    private static byte[] resource(String name) {
        try (InputStream in = BarometerServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static void requireUserId(String user) {
        if (user == null || !USER_ID.matcher(user).matches()) {
            throw new ApiError(400, "save=true needs user=ID (1-64 letters, digits, '_', '.', '-')");
        }
    }
}
