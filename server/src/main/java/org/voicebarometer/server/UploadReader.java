package org.voicebarometer.server;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Takes the uploaded audio out of a request, in memory only, never more than the body cap: the
 * multipart field {@code file} (the seed's contract) or a raw body sent as {@code audio/*}.
 */
final class UploadReader {
    static final String FIELD = "file";
    private static final String JETTY_MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

    private final long maxBytes;

    UploadReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Refuses early what Content-Length already tells is too big; the streaming count catches the rest. */
    void checkDeclaredLength(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge();
    }

    byte[] read(Context ctx) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) return readMultipart(ctx);
        if (type.startsWith("audio/") || type.startsWith("application/octet-stream")) {
            return readCapped(ctx.req().getInputStream());
        }
        throw new ApiError(415, "send the recording as multipart field 'file' or as a raw body with Content-Type audio/*"
                + (type.isEmpty() ? "" : " (got " + type.split(";")[0].strip() + ")"));
    }

    private byte[] readMultipart(Context ctx) throws IOException {
        // Everything stays in memory: the file-size threshold is above the cap, so Jetty never spools to disk.
        ctx.req().setAttribute(JETTY_MULTIPART_CONFIG,
                new MultipartConfigElement("", maxBytes, maxBytes, (int) Math.min(Integer.MAX_VALUE, maxBytes + 1)));
        Part part;
        try {
            part = ctx.req().getPart(FIELD);
        } catch (IllegalStateException e) { // Jetty's way to say a size limit was exceeded
            throw tooLarge();
        } catch (ServletException | IOException e) {
            throw new ApiError(400, "malformed multipart body");
        }
        if (part == null) throw new ApiError(400, "multipart field '" + FIELD + "' is missing");
        try (InputStream in = part.getInputStream()) {
            return readCapped(in);
        } finally {
            part.delete();
        }
    }

    private byte[] readCapped(InputStream in) throws IOException {
        byte[] buf = new byte[(int) Math.min(maxBytes + 1, 1 << 16)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > maxBytes) throw tooLarge();
                buf = Arrays.copyOf(buf, (int) Math.min(maxBytes + 1, (long) buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
            if (n > maxBytes) throw tooLarge();
        }
        if (n == 0) throw new ApiError(400, "the upload is empty");
        return Arrays.copyOf(buf, n);
    }

    private ApiError tooLarge() {
        return new ApiError(413, "upload larger than the limit of " + maxBytes + " bytes");
    }
}
