package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool: every chunk once, failures reach the caller, nested and concurrent loops finish, parked workers wake. */
class ThreadsTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @AfterEach
    void restore() {
        Threads.setCount(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "threads {0}")
    @ValueSource(ints = {1, 2, 3, 5})
    void runsEveryChunkExactlyOnce(int threads) {
        Threads.setCount(threads);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int chunks : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
                for (int repeat = 0; repeat < 200; repeat++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, chunks));
                    Threads.parallelFor(chunks, runs::incrementAndGet);
                    for (int c = 0; c < chunks; c++) assertEquals(1, runs.get(c), "chunk " + c + " of " + chunks);
                }
            }
        });
    }

    @ParameterizedTest(name = "threads {0}")
    @ValueSource(ints = {1, 2, 4})
    void aFailingChunkReachesTheCallerAndThePoolCarriesOn(int threads) {
        Threads.setCount(threads);
        assertTimeoutPreemptively(LIMIT, () -> {
            IllegalStateException boom = new IllegalStateException("chunk 5");
            assertSame(boom, assertThrows(IllegalStateException.class, () -> Threads.parallelFor(16, c -> {
                if (c == 5) throw boom;
            })));
            AssertionError error = new AssertionError("chunk 0");
            assertSame(error, assertThrows(AssertionError.class, () -> Threads.parallelFor(3, c -> {
                if (c == 0) throw error;
            })));
            AtomicLong sum = new AtomicLong();
            Threads.parallelFor(100, sum::addAndGet);
            assertEquals(99 * 100 / 2, sum.get());
        });
    }

    @ParameterizedTest(name = "threads {0}")
    @ValueSource(ints = {2, 3})
    void nestedLoopsFinish(int threads) {
        Threads.setCount(threads);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int repeat = 0; repeat < 100; repeat++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(8 * 8);
                Threads.parallelFor(8, outer -> Threads.parallelFor(8, inner -> runs.incrementAndGet(outer * 8 + inner)));
                for (int i = 0; i < runs.length(); i++) assertEquals(1, runs.get(i));
            }
        });
    }

    @Test
    void concurrentCallersDoNotDeadlock() throws Exception {
        Threads.setCount(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int caller = 0; caller < 4; caller++) {
                sums.add(callers.submit(() -> {
                    long total = 0;
                    for (int repeat = 0; repeat < 2000; repeat++) {
                        AtomicLong sum = new AtomicLong();
                        Threads.parallelFor(1 + repeat % 9, c -> sum.addAndGet(c + 1));
                        total += sum.get();
                    }
                    return total;
                }));
            }
            long expected = 0;
            for (int repeat = 0; repeat < 2000; repeat++) {
                int n = 1 + repeat % 9;
                expected += (long) n * (n + 1) / 2;
            }
            for (Future<Long> sum : sums) assertEquals(expected, sum.get(30, TimeUnit.SECONDS));
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * Two chunks that each wait for the other to start can only finish on two threads: the caller and a
     * worker. Before each loop the pool has been idle long enough for the worker to park, so this checks
     * that a parked worker is woken (a lost wake-up would hang here, and fail on the timeout).
     */
    @Test
    void aParkedWorkerTakesUpTheNextLoop() {
        Threads.setCount(2);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int repeat = 0; repeat < 20; repeat++) {
                Thread.sleep(1 + Threads.SPIN_NANOS / 1_000_000 * 4);
                CountDownLatch started = new CountDownLatch(2);
                Threads.parallelFor(2, c -> {
                    started.countDown();
                    try {
                        assertTrue(started.await(20, TimeUnit.SECONDS), "the other chunk never started");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        });
    }

    @Test
    void resizingBetweenLoopsKeepsWorking() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int threads : new int[] {3, 1, 2, 4, 2}) {
                Threads.setCount(threads);
                assertEquals(threads, Threads.count());
                AtomicLong sum = new AtomicLong();
                Threads.parallelFor(50, sum::addAndGet);
                assertEquals(49 * 50 / 2, sum.get());
            }
        });
    }
}
