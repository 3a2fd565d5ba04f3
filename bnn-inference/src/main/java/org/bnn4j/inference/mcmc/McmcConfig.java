package org.bnn4j.inference.mcmc;

import org.bnn4j.inference.mcmc.internal.StepSizeHeuristic;

/**
 * Immutable, self-validating configuration of an {@link Mcmc} run. Build it with {@link #builder()}.
 *
 * <p>The kernel options ({@code algorithm}, {@code maxTreeDepth}, {@code numLeapfrogSteps},
 * {@code trajectoryLength}) choose the built-in kernel ({@link #kernel()}); the others configure the driver and
 * the warm-up of any kernel.
 *
 * <p>For {@link Algorithm#HMC} exactly one of {@code numLeapfrogSteps} (&gt; 0) and {@code trajectoryLength}
 * (finite, &gt; 0) must be set; for {@link Algorithm#NUTS} neither may be set. Conflicting options are
 * rejected, never silently resolved.
 *
 * @param algorithm          NUTS (default) or HMC
 * @param numWarmup          warm-up iterations, {@code >= 0}, default {@value #DEFAULT_NUM_WARMUP}
 * @param numSamples         sampling iterations, {@code >= 1}, default {@value #DEFAULT_NUM_SAMPLES}
 * @param numChains          chains, {@code >= 1}, default {@value #DEFAULT_NUM_CHAINS}
 * @param thinning           keep every {@code thinning}-th sampling iteration (the first is kept), {@code >= 1}
 * @param targetAccept       dual-averaging target acceptance statistic in {@code (0, 1)}, default 0.8
 * @param maxTreeDepth       NUTS maximum tree depth in {@code [1, 30]}, default 10
 * @param initialStepSize    initial (or, without adaptation, fixed) step size, {@code > 0}, default 1
 * @param findInitialStepSize whether to run {@link StepSizeHeuristic} from {@code initialStepSize} first
 * @param numLeapfrogSteps   HMC steps per iteration, or {@code 0} if unset
 * @param trajectoryLength   HMC integration time, or {@code NaN} if unset
 * @param adaptStepSize      dual-averaging step size adaptation during warm-up, default true
 * @param adaptMassMatrix    windowed adaptation of the metric (of kind {@code metric}) during warm-up, default true
 * @param seed               seed of the root {@link java.util.SplittableRandom}, split once per chain
 * @param parallel           run chains on a thread pool of {@code min(numChains, availableProcessors)}
 * @param metric             the adapted metric, {@link Metric#DIAGONAL} (default, Stan's {@code diag_e}),
 *                           {@link Metric#DENSE} (Stan's {@code dense_e}) or {@link Metric#LOW_RANK} (nutpie's)
 */
public record McmcConfig(Algorithm algorithm, int numWarmup, int numSamples, int numChains, int thinning,
        double targetAccept, int maxTreeDepth, double initialStepSize, boolean findInitialStepSize,
        int numLeapfrogSteps, double trajectoryLength, boolean adaptStepSize, boolean adaptMassMatrix, long seed,
        boolean parallel, Metric metric) {

    /** Default warm-up length (NumPyro/PyMC default; Stan uses 1000). */
    public static final int DEFAULT_NUM_WARMUP = 500;
    /** Default number of sampling iterations per chain. */
    public static final int DEFAULT_NUM_SAMPLES = 500;
    /** Default number of chains; Stan and Vehtari et al. (2021) recommend at least 4. */
    public static final int DEFAULT_NUM_CHAINS = 4;
    /** Default target acceptance statistic; Hoffman &amp; Gelman (2014), Stan's {@code adapt delta}. */
    public static final double DEFAULT_TARGET_ACCEPT = 0.8;
    /** Default initial step size; Stan's {@code stepsize = 1}. */
    public static final double DEFAULT_INITIAL_STEP_SIZE = 1.0;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42L;

    /** @throws IllegalArgumentException on an out-of-range or conflicting option */
    public McmcConfig {
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm must not be null; pass Algorithm.NUTS or Algorithm.HMC");
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null; pass Metric.DIAGONAL, DENSE or LOW_RANK");
        }
        check(numWarmup >= 0, "numWarmup must be >= 0 but was " + numWarmup);
        check(numSamples >= 1, "numSamples must be >= 1 but was " + numSamples);
        check(numChains >= 1, "numChains must be >= 1 but was " + numChains);
        check(thinning >= 1, "thinning must be >= 1 but was " + thinning + "; use 1 to keep every draw");
        check(targetAccept > 0 && targetAccept < 1, "targetAccept must be in (0, 1) but was " + targetAccept
                + "; use 0.8 (Stan) or higher for difficult posteriors");
        check(maxTreeDepth >= 1 && maxTreeDepth <= 30, "maxTreeDepth must be in [1, 30] but was " + maxTreeDepth);
        check(initialStepSize > 0 && Double.isFinite(initialStepSize),
                "initialStepSize must be finite and > 0 but was " + initialStepSize);
        check(numLeapfrogSteps >= 0, "numLeapfrogSteps must be >= 1 when set but was " + numLeapfrogSteps);
        boolean hasLength = !Double.isNaN(trajectoryLength);
        check(!hasLength || (trajectoryLength > 0 && Double.isFinite(trajectoryLength)),
                "trajectoryLength must be finite and > 0 when set but was " + trajectoryLength);
        if (algorithm == Algorithm.HMC) {
            check((numLeapfrogSteps > 0) != hasLength, "HMC needs exactly one of numLeapfrogSteps and "
                    + "trajectoryLength but got numLeapfrogSteps=" + numLeapfrogSteps + ", trajectoryLength="
                    + trajectoryLength + "; set one of them on the builder");
        } else {
            check(numLeapfrogSteps == 0 && !hasLength, "NUTS chooses its own trajectory length but "
                    + "numLeapfrogSteps=" + numLeapfrogSteps + ", trajectoryLength=" + trajectoryLength
                    + " were set; remove them or use Algorithm.HMC");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the kernel the algorithm options describe: {@link Nuts} with {@link #maxTreeDepth()}, or {@link Hmc}
     *         with {@link #numLeapfrogSteps()} or {@link #trajectoryLength()}
     */
    public McmcKernel.Factory kernel() {
        if (algorithm == Algorithm.NUTS) {
            return Nuts.factory(maxTreeDepth);
        }
        int steps = numLeapfrogSteps;
        double length = trajectoryLength;
        return steps > 0 ? target -> Hmc.withSteps(target, steps) : target -> Hmc.withTrajectoryLength(target, length);
    }

    /**
     * @return whether the kernel options (algorithm, maxTreeDepth, numLeapfrogSteps, trajectoryLength) are the
     *         defaults, as required when {@link Mcmc} runs a kernel of the user's instead of {@link #kernel()}
     */
    public boolean hasDefaultKernelOptions() {
        return algorithm == Algorithm.NUTS && maxTreeDepth == Nuts.DEFAULT_MAX_TREE_DEPTH && numLeapfrogSteps == 0
                && Double.isNaN(trajectoryLength);
    }

    /** @return the number of kept draws per chain, {@code ceil(numSamples / thinning)} */
    public int numDraws() {
        return (numSamples + thinning - 1) / thinning;
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.algorithm = algorithm;
        b.numWarmup = numWarmup;
        b.numSamples = numSamples;
        b.numChains = numChains;
        b.thinning = thinning;
        b.targetAccept = targetAccept;
        b.maxTreeDepth = maxTreeDepth;
        b.initialStepSize = initialStepSize;
        b.findInitialStepSize = findInitialStepSize;
        b.numLeapfrogSteps = numLeapfrogSteps;
        b.trajectoryLength = trajectoryLength;
        b.adaptStepSize = adaptStepSize;
        b.adaptMassMatrix = adaptMassMatrix;
        b.seed = seed;
        b.parallel = parallel;
        b.metric = metric;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Algorithm algorithm = Algorithm.NUTS;
        private int numWarmup = DEFAULT_NUM_WARMUP;
        private int numSamples = DEFAULT_NUM_SAMPLES;
        private int numChains = DEFAULT_NUM_CHAINS;
        private int thinning = 1;
        private double targetAccept = DEFAULT_TARGET_ACCEPT;
        private int maxTreeDepth = Nuts.DEFAULT_MAX_TREE_DEPTH;
        private double initialStepSize = DEFAULT_INITIAL_STEP_SIZE;
        private boolean findInitialStepSize = true;
        private int numLeapfrogSteps = 0;
        private double trajectoryLength = Double.NaN;
        private boolean adaptStepSize = true;
        private boolean adaptMassMatrix = true;
        private long seed = DEFAULT_SEED;
        private boolean parallel = true;
        private Metric metric = Metric.DIAGONAL;

        private Builder() {
        }

        /**
         * @param v the algorithm
         * @return this builder
         */
        public Builder algorithm(Algorithm v) {
            algorithm = v;
            return this;
        }

        /**
         * @param v warm-up iterations
         * @return this builder
         */
        public Builder numWarmup(int v) {
            numWarmup = v;
            return this;
        }

        /**
         * @param v sampling iterations
         * @return this builder
         */
        public Builder numSamples(int v) {
            numSamples = v;
            return this;
        }

        /**
         * @param v number of chains
         * @return this builder
         */
        public Builder numChains(int v) {
            numChains = v;
            return this;
        }

        /**
         * @param v thinning factor
         * @return this builder
         */
        public Builder thinning(int v) {
            thinning = v;
            return this;
        }

        /**
         * @param v target acceptance statistic
         * @return this builder
         */
        public Builder targetAccept(double v) {
            targetAccept = v;
            return this;
        }

        /**
         * @param v NUTS maximum tree depth
         * @return this builder
         */
        public Builder maxTreeDepth(int v) {
            maxTreeDepth = v;
            return this;
        }

        /**
         * @param v initial step size
         * @return this builder
         */
        public Builder initialStepSize(double v) {
            initialStepSize = v;
            return this;
        }

        /**
         * @param v whether to search for a reasonable initial step size
         * @return this builder
         */
        public Builder findInitialStepSize(boolean v) {
            findInitialStepSize = v;
            return this;
        }

        /**
         * @param v HMC leapfrog steps per iteration
         * @return this builder
         */
        public Builder numLeapfrogSteps(int v) {
            numLeapfrogSteps = v;
            return this;
        }

        /**
         * @param v HMC trajectory length
         * @return this builder
         */
        public Builder trajectoryLength(double v) {
            trajectoryLength = v;
            return this;
        }

        /**
         * @param v whether to adapt the step size
         * @return this builder
         */
        public Builder adaptStepSize(boolean v) {
            adaptStepSize = v;
            return this;
        }

        /**
         * @param v whether to adapt the metric (mass matrix)
         * @return this builder
         */
        public Builder adaptMassMatrix(boolean v) {
            adaptMassMatrix = v;
            return this;
        }

        /**
         * @param v the seed
         * @return this builder
         */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /**
         * @param v whether to run chains in parallel
         * @return this builder
         */
        public Builder parallel(boolean v) {
            parallel = v;
            return this;
        }

        /**
         * @param v the metric adapted during warm-up
         * @return this builder
         */
        public Builder metric(Metric v) {
            metric = v;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException on an invalid or conflicting option
         */
        public McmcConfig build() {
            return new McmcConfig(algorithm, numWarmup, numSamples, numChains, thinning, targetAccept, maxTreeDepth,
                    initialStepSize, findInitialStepSize, numLeapfrogSteps, trajectoryLength, adaptStepSize,
                    adaptMassMatrix, seed, parallel, metric);
        }
    }
}
