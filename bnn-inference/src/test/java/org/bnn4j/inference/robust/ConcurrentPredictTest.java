package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bnn4j.inference.Posterior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Posterior.predict} from 8 threads at once gives exactly the sequential results for the same seeds.
 */
class ConcurrentPredictTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 25;

    @ParameterizedTest
    @ValueSource(strings = {"map", "svi", "nuts", "laplace"})
    void eightThreadsMatchSequentialCalls(String method) throws Exception {
        Posterior p = TinyFits.method(method, 7).fit(TinyFits.model(), TinyFits.data(3));
        int total = THREADS * CALLS_PER_THREAD;
        String[] sequential = new String[total];
        for (int k = 0; k < total; k++) {
            sequential[k] = TinyFits.predictionDigest(p, 1000 + k);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<String[]> task = () -> {
                    start.await();
                    String[] d = new String[CALLS_PER_THREAD];
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        // interleave seeds across threads so every thread runs while others do
                        d[i] = TinyFits.predictionDigest(p, 1000 + i * THREADS + thread);
                    }
                    return d;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                String[] d = futures.get(t).get();
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    assertEquals(sequential[i * THREADS + t], d[i], "thread " + t + " call " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
