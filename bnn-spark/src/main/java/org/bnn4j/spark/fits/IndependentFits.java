package org.bnn4j.spark.fits;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs independent fits as Spark tasks, one partition (and so one task) per fit, and returns their results on the
 * driver in the order of the tasks. Each task is a deterministic function of its inputs, so the results do not depend
 * on how many executors there are, which one ran which task, or whether a task was retried.
 *
 * <pre>{@code
 * List<SplitTask> tasks = UciSplits.tasks(data, 20, model, "", i -> MethodSpec.map(config(i)), 100, 1L, false);
 * List<SplitScore> scores = IndependentFits.run(jsc, tasks, "20 UCI splits");
 * }</pre>
 */
public final class IndependentFits {

    private IndependentFits() {
    }

    /**
     * @param jsc         the Spark context
     * @param tasks       the fits, at least one
     * @param description shown as the job's description in the Spark UI
     * @param <R>         result type
     * @return one result per task, in task order
     * @throws IllegalArgumentException if there are no tasks
     */
    public static <R extends Serializable> List<R> run(JavaSparkContext jsc, List<? extends FitTask<R>> tasks,
                                                       String description) {
        Objects.requireNonNull(jsc, "jsc");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks to run; pass at least one fit");
        }
        List<FitTask<R>> list = new ArrayList<>(tasks);
        jsc.setJobDescription(description);
        try {
            return jsc.parallelize(list, list.size()).map(FitTask::run).collect();
        } finally {
            jsc.setJobDescription(null);
        }
    }
}
