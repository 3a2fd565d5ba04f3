package org.bnn4j.inference.mcmc.internal;

import org.bnn4j.inference.mcmc.DiagonalMetric;
import org.bnn4j.inference.mcmc.EuclideanMetric;
import org.bnn4j.inference.mcmc.Mcmc;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.Metric;
import org.bnn4j.inference.mcmc.MetricEstimator;

/**
 * Stan's windowed warm-up as one value: the step size by dual averaging, a {@link MetricEstimator} and the
 * {@link WarmupSchedule}, advanced by {@link #update} once per warm-up iteration and read by {@link #finish}.
 *
 * <p>Each update adapts the step size ({@link DualAveraging}, fast and slow iterations alike); in a slow window it
 * also adds the position to the estimator, and at the end of a slow window it replaces the metric by the estimate,
 * empties the estimator and restarts dual averaging from the current step size ({@link #metricUpdated()} is then
 * true). Stan, and {@link Mcmc}, then re-find a reasonable step size for the new metric from the chain's state and
 * restart dual averaging there ({@link #restartStepSize}). After the warm-up, {@link #finish} gives the averaged
 * step size and the last metric. The code is the same for every kind of metric: only the estimator differs.
 *
 * <p>References: Stan Reference Manual, "Automatic parameter tuning"; Stan's
 * {@code stan/mcmc/windowed_adaptation.hpp} and {@code stan/mcmc/hmc/nuts/adapt_diag_e_nuts.hpp}; BlackJAX's
 * {@code blackjax/adaptation/window_adaptation.py} (one state, fast and slow updates).
 *
 * <pre>{@code
 * WindowAdaptation a = WindowAdaptation.start(config, dim, 0.1);
 * for (int it = 0; it < config.numWarmup(); it++) {
 *     Transition t = kernel.step(state, a.stepSize(), a.metric().latentInverseMass(), rng);
 *     state = t.state();
 *     a = a.update(state.position(), t.acceptStat());   // (a new metric also needs a new kernel; see Mcmc)
 * }
 * WindowAdaptation.Parameters tuned = a.finish();
 * }</pre>
 */
public final class WindowAdaptation {

    /**
     * The parameters a warm-up hands to the sampling phase.
     *
     * @param stepSize the step size, {@code > 0}
     * @param metric   the metric
     */
    public record Parameters(double stepSize, EuclideanMetric metric) {
    }

    private final WarmupSchedule schedule;
    private final double targetAccept;
    private final boolean adaptStepSize;
    private final int iteration;
    private final double stepSize;
    private final DualAveraging dualAveraging;
    private final MetricEstimator estimator;
    private final EuclideanMetric metric;
    private final boolean metricUpdated;

    private WindowAdaptation(WarmupSchedule schedule, double targetAccept, boolean adaptStepSize, int iteration,
            double stepSize, DualAveraging dualAveraging, MetricEstimator estimator, EuclideanMetric metric,
            boolean metricUpdated) {
        this.schedule = schedule;
        this.targetAccept = targetAccept;
        this.adaptStepSize = adaptStepSize;
        this.iteration = iteration;
        this.stepSize = stepSize;
        this.dualAveraging = dualAveraging;
        this.estimator = estimator;
        this.metric = metric;
        this.metricUpdated = metricUpdated;
    }

    /**
     * Starts a warm-up of {@code config.numWarmup()} iterations on Stan's schedule, from the unit diagonal metric.
     * The step size is adapted when {@link McmcConfig#adaptStepSize()}, the metric (of kind
     * {@link McmcConfig#metric()}) when {@link McmcConfig#adaptMassMatrix()}.
     *
     * @param config          the warm-up length, target acceptance, metric kind and what to adapt
     * @param dimension       the number of coordinates, {@code > 0}
     * @param initialStepSize the first step size, finite and {@code > 0}
     * @return the initial state
     * @throws IllegalArgumentException if {@code dimension <= 0} or the step size is not finite and positive
     */
    public static WindowAdaptation start(McmcConfig config, int dimension, double initialStepSize) {
        MetricEstimator e = config.adaptMassMatrix() ? config.metric().estimator(dimension) : null;
        return new WindowAdaptation(WarmupSchedule.stan(config.numWarmup()), config.targetAccept(),
                config.adaptStepSize(), 0, initialStepSize, DualAveraging.start(initialStepSize), e,
                DiagonalMetric.unit(dimension), false);
    }

    /**
     * One warm-up iteration's update (BlackJAX's fast or slow update, then the end of a slow window).
     *
     * @param latentPosition the chain's position after the iteration, in the latent coordinates of
     *                       {@link #metric()}, shape {@code [d]}; not modified
     * @param acceptStat     the iteration's acceptance statistic (see {@link DualAveraging#update})
     * @return the next state
     * @throws IllegalStateException if all warm-up iterations have been updated
     */
    public WindowAdaptation update(double[] latentPosition, double acceptStat) {
        return update(latentPosition, null, acceptStat);
    }

    /**
     * One warm-up iteration's update with the gradient at the chain's position, which an estimator that uses
     * gradients ({@link MetricEstimator#usesGradients()}, e.g. {@link Metric#LOW_RANK}) needs.
     *
     * @param latentPosition the chain's position after the iteration, in the latent coordinates of
     *                       {@link #metric()}, shape {@code [d]}; not modified
     * @param latentGradient the gradient of the latent log density there, shape {@code [d]}, or null when the
     *                       estimator uses no gradients; not modified
     * @param acceptStat     the iteration's acceptance statistic (see {@link DualAveraging#update})
     * @return the next state
     * @throws IllegalStateException if all warm-up iterations have been updated
     * @throws IllegalArgumentException if the estimator needs the gradient and it is null
     */
    public WindowAdaptation update(double[] latentPosition, double[] latentGradient, double acceptStat) {
        if (iteration >= schedule.numWarmup()) {
            throw new IllegalStateException("all " + schedule.numWarmup() + " warm-up iterations are done; "
                    + "call finish()");
        }
        DualAveraging da = dualAveraging;
        double eps = stepSize;
        if (adaptStepSize) {
            da = da.update(acceptStat, targetAccept);
            eps = da.stepSize();
        }
        MetricEstimator e = estimator;
        EuclideanMetric m = metric;
        boolean updated = false;
        if (e != null && schedule.inSlowWindow(iteration)) {
            e = e.add(m.toPosition(latentPosition),
                    e.usesGradients() && latentGradient != null ? m.toPositionGradient(latentGradient) : null);
        }
        if (e != null && schedule.endsSlowWindow(iteration) && e.count() >= 2) {
            m = e.estimate();
            e = e.empty();
            updated = true;
            if (adaptStepSize) {
                da = DualAveraging.start(eps);
            }
        }
        return new WindowAdaptation(schedule, targetAccept, adaptStepSize, iteration + 1, eps, da, e, m, updated);
    }

    /**
     * Restarts dual averaging from a step size (Stan re-finds one with {@link StepSizeHeuristic} after each new
     * metric, {@code mu = log(10 eps)}).
     *
     * @param newStepSize the step size, finite and {@code > 0}
     * @return the state with the step size and a fresh dual averaging
     * @throws IllegalStateException if the step size is not adapted
     * @throws IllegalArgumentException if {@code newStepSize} is not finite and positive
     */
    public WindowAdaptation restartStepSize(double newStepSize) {
        if (!adaptStepSize) {
            throw new IllegalStateException("the step size is fixed (adaptStepSize is false); nothing to restart");
        }
        return new WindowAdaptation(schedule, targetAccept, true, iteration, newStepSize,
                DualAveraging.start(newStepSize), estimator, metric, metricUpdated);
    }

    /**
     * The adapted parameters: the averaged step size {@code epsbar} of the current dual averaging
     * ({@link DualAveraging#finalStepSize()}) when the step size is adapted and at least one iteration was
     * updated, else the current step size; and the current metric.
     *
     * @return the parameters for sampling
     */
    public Parameters finish() {
        double eps = adaptStepSize && iteration > 0 ? dualAveraging.finalStepSize() : stepSize;
        return new Parameters(eps, metric);
    }

    /** @return the step size for the next warm-up iteration */
    public double stepSize() {
        return stepSize;
    }

    /** @return the current metric */
    public EuclideanMetric metric() {
        return metric;
    }

    /** @return whether the last {@link #update} ended a slow window and replaced the metric */
    public boolean metricUpdated() {
        return metricUpdated;
    }

    /** @return the number of warm-up iterations updated so far */
    public int iteration() {
        return iteration;
    }

    /** @return the window schedule */
    public WarmupSchedule schedule() {
        return schedule;
    }

    /** @return the dual-averaging state (restarted at each new metric) */
    public DualAveraging dualAveraging() {
        return dualAveraging;
    }

    /** @return the metric estimator of the current window, or null when the metric is not adapted */
    public MetricEstimator estimator() {
        return estimator;
    }

    @Override
    public String toString() {
        return "WindowAdaptation[iteration " + iteration + " of " + schedule.numWarmup() + ", stepSize=" + stepSize
                + ", " + metric + "]";
    }
}
