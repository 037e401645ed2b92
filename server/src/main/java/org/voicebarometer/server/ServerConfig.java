package org.voicebarometer.server;

import java.time.Duration;

/**
 * The service's limits. Defaults suit one person's machine: loopback only, uploads of a few tens of
 * megabytes, recordings up to ten minutes, as many analyses at once as there are cores.
 *
 * @param maxBodyBytes    upload cap, counted while streaming (not only from Content-Length) → 413
 * @param maxAudioSeconds longest recording analysed → 422
 * @param maxConcurrent   analyses at once; more requests get 429 with Retry-After
 * @param idleTimeout     read/idle timeout of a connection
 */
public record ServerConfig(String host, int port, long maxBodyBytes, double maxAudioSeconds,
                           int maxConcurrent, Duration idleTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    public static final double DEFAULT_MAX_AUDIO_SECONDS = 600;

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("body cap out of range: " + maxBodyBytes);
        if (maxAudioSeconds <= 0) throw new IllegalArgumentException("max audio seconds must be positive");
        if (maxConcurrent < 1) throw new IllegalArgumentException("max concurrent analyses must be at least 1");
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_AUDIO_SECONDS,
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(30));
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, maxAudioSeconds, maxConcurrent, idleTimeout);
    }

    public ServerConfig withLimits(long newMaxBodyBytes, double newMaxAudioSeconds, int newMaxConcurrent) {
        return new ServerConfig(host, port, newMaxBodyBytes, newMaxAudioSeconds, newMaxConcurrent, idleTimeout);
    }
}
