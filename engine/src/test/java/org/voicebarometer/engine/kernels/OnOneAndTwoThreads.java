package org.voicebarometer.engine.kernels;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kernel test run twice, with its {@code int threads} argument 1 and then 2: the test sets
 * {@code Threads.setCount(threads)}, and the pool goes back to one thread per core afterwards.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "threads {0}")
@ValueSource(ints = {1, 2})
@ExtendWith(OnOneAndTwoThreads.RestoreThreads.class)
@interface OnOneAndTwoThreads {
    final class RestoreThreads implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            Threads.setCount(Runtime.getRuntime().availableProcessors());
        }
    }
}
