package org.voicebarometer.engine.kernels;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernels' persistent pool of platform threads. A parallel loop is cut into a few big chunks
 * (rows or panels of the output); the caller works on chunks too, so a loop never waits for a busy
 * worker and concurrent callers (several model runs at once) cannot deadlock.
 *
 * <p>Size: system property {@code barometer.threads}, else the number of available processors;
 * {@link #setCount(int)} changes it at run time.
 */
public final class Threads {
    private Threads() {}

    /** The body of a parallel loop: handles chunk {@code chunk} of {@code chunks}. */
    @FunctionalInterface
    public interface Chunk {
        void run(int chunk);
    }

    private static volatile Pool pool = new Pool(initialCount());

    private static int initialCount() {
        String value = System.getProperty("barometer.threads");
        if (value == null || value.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("barometer.threads must be a positive integer, not '" + value + "'");
    }

    /** The number of threads a parallel loop uses (the caller included). */
    public static int count() {
        return pool.threads;
    }

    /** Resizes the pool; loops already running finish on the old one. */
    public static synchronized void setCount(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        if (threads == pool.threads) return;
        Pool old = pool;
        pool = new Pool(threads);
        old.shutdown();
    }

    /** Runs body for every chunk in [0, chunks), spread over the pool; returns when all are done. */
    public static void parallelFor(int chunks, Chunk body) {
        pool.parallelFor(chunks, body);
    }

    private static final class Job {
        final Chunk body;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile Throwable failure;

        Job(Chunk body, int chunks) {
            this.body = body;
            this.chunks = chunks;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure == null) body.run(c);
                } catch (Throwable t) {
                    failure = t;
                }
                if (finished.incrementAndGet() == chunks) {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }
        }

        synchronized void awaitAll() {
            boolean interrupted = false;
            while (finished.get() < chunks) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static final class Pool {
        final int threads;
        final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
        final Thread[] workers;

        Pool(int threads) {
            this.threads = threads;
            workers = new Thread[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                Thread t = new Thread(this::serve, "barometer-kernel-" + (i + 1));
                t.setDaemon(true);
                workers[i] = t;
                t.start();
            }
        }

        private void serve() {
            try {
                while (true) queue.take().work();
            } catch (InterruptedException e) {
                // shut down
            }
        }

        void parallelFor(int chunks, Chunk body) {
            if (chunks <= 0) return;
            if (chunks == 1 || workers.length == 0) {
                for (int c = 0; c < chunks; c++) body.run(c);
                return;
            }
            Job job = new Job(body, chunks);
            int helpers = Math.min(workers.length, chunks - 1);
            for (int i = 0; i < helpers; i++) queue.add(job);
            job.work();
            job.awaitAll();
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        }

        void shutdown() {
            for (Thread t : workers) t.interrupt();
        }
    }
}
