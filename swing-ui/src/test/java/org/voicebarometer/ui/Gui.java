package org.voicebarometer.ui;

import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import java.awt.Component;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.fail;

/** Driving real Swing components from a test: on the EDT, waiting for conditions, taking screenshots. */
final class Gui {
    private Gui() {}

    /** Skips on a machine without a display; in CI (CI=true) a missing display is a failure, never a skip. */
    static void requireDisplay() {
        if (!GraphicsEnvironment.isHeadless()) return;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("no display: CI runs the suite under xvfb-run (see .ci/run)");
        }
        Assumptions.abort("no display (DISPLAY unset); run under xvfb-run -a to include the GUI tests");
    }

    static <T> T onEdt(Callable<T> action) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                try {
                    result.set(action.call());
                } catch (Exception e) {
                    failure.set(e);
                }
            });
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
        if (failure.get() != null) throw failure.get();
        return result.get();
    }

    static void onEdt(Runnable action) throws Exception {
        onEdt(() -> {
            action.run();
            return null;
        });
    }

    /** Polls {@code condition} on the EDT until it holds, failing with {@code what} after {@code seconds}. */
    static void waitFor(String what, double seconds, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!onEdt(condition)) {
            if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    /** Paints {@code c} (laid out, on the EDT) into docs/screenshots/{@code name}.png in the repository. */
    static Path screenshot(Component c, String name) throws Exception {
        BufferedImage image = onEdt(() -> {
            BufferedImage img = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(javax.swing.UIManager.getColor("Panel.background")); // where c paints nothing itself
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            c.printAll(g);
            g.dispose();
            return img;
        });
        Path dir = Path.of(System.getProperty("barometer.root", ".")).resolve("docs/screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
