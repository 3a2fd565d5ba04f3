package org.bnn4j.spark.fits;

import java.io.Serializable;

/**
 * One independent fit, run as one Spark task: a deterministic function of the inputs it carries (model bytes, data,
 * method settings, seeds), so a retried or speculative copy of the task returns the same result. MCMC chains
 * ({@link ChainTask}), benchmark splits and hyperparameter grid cells ({@link SplitTask}) are fits of this kind; an
 * ensemble member (a MAP fit from its own seed) is one more.
 *
 * @param <R> the result shipped back to the driver
 */
@FunctionalInterface
public interface FitTask<R extends Serializable> extends Serializable {

    /** @return the task's result (computed on an executor) */
    R run();
}
