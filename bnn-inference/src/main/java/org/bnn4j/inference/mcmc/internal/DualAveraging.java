package org.bnn4j.inference.mcmc.internal;

/**
 * Nesterov dual averaging of the log step size towards a target acceptance statistic, as a value.
 *
 * <p>After iteration {@code m} with acceptance statistic {@code alpha_m} (clipped to {@code <= 1}):
 * <pre>
 *   Hbar_m     = (1 - 1/(m + t0)) Hbar_{m-1} + (delta - alpha_m) / (m + t0)
 *   log eps_m  = mu - sqrt(m) / gamma * Hbar_m
 *   log epsbar_m = m^-kappa log eps_m + (1 - m^-kappa) log epsbar_{m-1}
 * </pre>
 * with {@code Hbar_0 = 0}, {@code log epsbar_0 = 0}, and {@code mu = log(10 eps_0)}. During warm-up the
 * sampler uses {@code eps_m}; after warm-up it uses {@code epsbar} ({@link #finalStepSize()}).
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15, Sec. 3.2 and Algorithm 5;
 * Nesterov (2009), Primal-dual subgradient methods for convex problems, Math. Program. 120;
 * Stan's {@code stan/mcmc/stepsize_adaptation.hpp}.
 *
 * @param mu              shrinkage target of the log step size, usually {@code log(10 eps_0)}
 * @param gamma           shrinkage strength, {@code > 0}
 * @param t0              iteration offset that damps early iterations, {@code >= 0}
 * @param kappa           averaging decay exponent, in {@code (0.5, 1]}
 * @param iteration       number of updates so far ({@code m})
 * @param hBar            running average {@code Hbar_m} of {@code delta - alpha}
 * @param logStepSize     current log step size {@code log eps_m} (initially {@code log eps_0})
 * @param logStepSizeBar  averaged log step size {@code log epsbar_m}
 */
public record DualAveraging(double mu, double gamma, double t0, double kappa, int iteration, double hBar,
        double logStepSize, double logStepSizeBar) {

    /** Shrinkage strength; Hoffman &amp; Gelman (2014) Sec. 3.2.1, Stan default. */
    public static final double DEFAULT_GAMMA = 0.05;
    /** Iteration offset; Hoffman &amp; Gelman (2014) Sec. 3.2.1, Stan default. */
    public static final double DEFAULT_T0 = 10.0;
    /** Averaging exponent; Hoffman &amp; Gelman (2014) Sec. 3.2.1, Stan default. */
    public static final double DEFAULT_KAPPA = 0.75;
    /** The shrinkage target is {@code log(MU_FACTOR * eps0)}; Hoffman &amp; Gelman (2014) Sec. 3.2.1. */
    public static final double MU_FACTOR = 10.0;

    /** @throws IllegalArgumentException if a constant is out of range */
    public DualAveraging {
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("gamma must be > 0 but was " + gamma + "; use 0.05 (Stan)");
        }
        if (!(t0 >= 0)) {
            throw new IllegalArgumentException("t0 must be >= 0 but was " + t0 + "; use 10 (Stan)");
        }
        if (!(kappa > 0.5 && kappa <= 1)) {
            throw new IllegalArgumentException("kappa must be in (0.5, 1] but was " + kappa + "; use 0.75 (Stan)");
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0 but was " + iteration);
        }
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("mu must be finite but was " + mu + "; pass log(10 * eps0)");
        }
    }

    /**
     * Starts dual averaging from a step size with the default constants and {@code mu = log(10 eps0)}.
     *
     * @param initialStepSize {@code eps0 > 0}
     * @return the initial state
     * @throws IllegalArgumentException if {@code initialStepSize} is not a positive finite number
     */
    public static DualAveraging start(double initialStepSize) {
        if (!(initialStepSize > 0) || Double.isInfinite(initialStepSize)) {
            throw new IllegalArgumentException("initialStepSize must be finite and > 0 but was "
                    + initialStepSize + "; pass a positive step size");
        }
        return new DualAveraging(Math.log(MU_FACTOR * initialStepSize), DEFAULT_GAMMA, DEFAULT_T0,
                DEFAULT_KAPPA, 0, 0.0, Math.log(initialStepSize), 0.0);
    }

    /**
     * One dual-averaging update.
     *
     * @param acceptStat   the iteration's acceptance statistic; values above 1 are clipped to 1, and
     *                     {@code NaN} counts as 0 (a divergent transition)
     * @param targetAccept the target {@code delta} in {@code (0, 1)}
     * @return the next state
     */
    public DualAveraging update(double acceptStat, double targetAccept) {
        double alpha = Double.isNaN(acceptStat) ? 0.0 : Math.min(1.0, acceptStat);
        int m = iteration + 1;
        double eta = 1.0 / (m + t0);
        double h = (1.0 - eta) * hBar + eta * (targetAccept - alpha);
        double logEps = mu - Math.sqrt(m) / gamma * h;
        double w = Math.pow(m, -kappa);
        double logEpsBar = w * logEps + (1.0 - w) * logStepSizeBar;
        return new DualAveraging(mu, gamma, t0, kappa, m, h, logEps, logEpsBar);
    }

    /** @return the step size to use at the next warm-up iteration, {@code exp(logStepSize)} */
    public double stepSize() {
        return Math.exp(logStepSize);
    }

    /**
     * @return the step size to use after warm-up, {@code exp(logStepSizeBar)}; before any update this is
     *         the current step size
     */
    public double finalStepSize() {
        return iteration == 0 ? stepSize() : Math.exp(logStepSizeBar);
    }
}
