package org.voicebarometer.engine.kernels;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernels' persistent pool of platform threads. A parallel loop is cut into a few big chunks
 * (rows or panels of the output); the caller works on chunks too, so a loop never waits for a busy
 * worker and concurrent callers (several model runs at once) cannot deadlock.
 *
 * <p>A model run is ~150 parallel loops back to back, a few separated by short serial steps, so both
 * hand-offs are on its critical path: the worker taking up a loop and the caller learning that the last
 * chunk is done. Waking a parked thread costs ~5–50 µs on this VM (more under load); so a worker spins
 * for {@link #SPIN_NANOS} for the next loop before it parks, and the caller spins as long for the last
 * chunk before it parks. A worker is unparked only when it has parked.
 *
 * <p>Size: system property {@code barometer.threads}, else the number of available processors;
 * {@link #setCount(int)} changes it at run time.
 */
public final class Threads {
    private Threads() {}

    /** How long an idle thread spins before parking: longer than the serial gaps between a run's loops. */
    static final long SPIN_NANOS = 50_000;

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
        /** The caller, once it parks in {@link #awaitAll}: whoever finishes the last chunk unparks it. */
        volatile Thread waiter;

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
                    Thread w = waiter;
                    if (w != null) LockSupport.unpark(w);
                }
            }
        }

        /** Spins for the chunks other threads hold, then parks; keeps but does not act on an interrupt. */
        void awaitAll() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (finished.get() < chunks && System.nanoTime() < spinUntil) Thread.onSpinWait();
            if (finished.get() == chunks) return;
            waiter = Thread.currentThread(); // written before the re-check below, so the last chunk's unpark is not lost
            boolean interrupted = false;
            while (finished.get() < chunks) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static final class Worker extends Thread {
        final Pool pool;
        /** Set before the worker's last look at the queue and parking; a caller that sees it unparks. */
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("barometer-kernel-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            ConcurrentLinkedQueue<Job> queue = pool.queue;
            while (!pool.shut) {
                Job job = queue.poll();
                if (job == null) job = spinForJob(queue);
                if (job != null) {
                    job.work();
                    continue;
                }
                parked = true;
                if (queue.isEmpty() && !pool.shut) LockSupport.park(this);
                parked = false;
                Thread.interrupted(); // an interrupt is no signal here: shut is
            }
        }

        private Job spinForJob(ConcurrentLinkedQueue<Job> queue) {
            long until = System.nanoTime() + SPIN_NANOS;
            do {
                Thread.onSpinWait();
                Job job = queue.poll();
                if (job != null) return job;
            } while (System.nanoTime() < until && !pool.shut);
            return null;
        }
    }

    private static final class Pool {
        final int threads;
        final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
        final Worker[] workers;
        volatile boolean shut;

        Pool(int threads) {
            this.threads = threads;
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
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
            for (int i = 0; i < helpers; i++) queue.offer(job);
            // The queue write above and the parked read below pair with the worker's parked write and
            // queue read (all volatile): either the worker sees the job or we see it parked.
            for (int i = 0, woken = 0; i < workers.length && woken < helpers; i++) {
                if (workers[i].parked) {
                    LockSupport.unpark(workers[i]);
                    woken++;
                }
            }
            job.work();
            job.awaitAll();
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        }

        void shutdown() {
            shut = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }
}
