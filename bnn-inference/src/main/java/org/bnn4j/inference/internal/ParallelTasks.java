package org.bnn4j.inference.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs independent tasks (MCMC chains, ensemble members) on a fixed pool of daemon threads and returns their results
 * in task order, so a caller whose tasks carry their own random streams gets the same results whatever the thread
 * count or scheduling. Internal: a helper of the inference packages, not part of the supported API.
 *
 * <pre>{@code
 * List<double[]> draws = ParallelTasks.run("bnn4j-mcmc", 2, 4, chain -> () -> runChain(chain), "chains");
 * }</pre>
 */
public final class ParallelTasks {

    private ParallelTasks() {
    }

    /**
     * @param threadName prefix of the pool's thread names
     * @param threads    pool size, {@code >= 1}
     * @param tasks      number of tasks, {@code >= 0}
     * @param task       task i, for i in {@code [0, tasks)}
     * @param what       what the tasks are, for messages (e.g. {@code "MCMC chains"})
     * @param <T>        result type
     * @return the results, in task order
     * @throws RuntimeException the first failed task's exception (in task order), rethrown as is
     * @throws IllegalStateException if interrupted while waiting
     */
    public static <T> List<T> run(String threadName, int threads, int tasks, IntFunction<Callable<T>> task,
                                  String what) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName + "-" + counter.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                futures.add(pool.submit(task.apply(i)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("one of the " + what + " failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
