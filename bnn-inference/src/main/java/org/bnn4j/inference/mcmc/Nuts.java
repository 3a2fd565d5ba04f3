package org.bnn4j.inference.mcmc;

import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.internal.Hamiltonian;
import org.bnn4j.inference.mcmc.internal.Leapfrog;
import org.bnn4j.inference.mcmc.internal.PhasePoint;

/**
 * The No-U-Turn Sampler with multinomial sampling of trajectory states, as implemented in Stan
 * ({@code base_nuts}, Stan &gt;= 2.20).
 *
 * <p>Each iteration draws a momentum and doubles the trajectory forwards or backwards in time until
 * the generalised no-U-turn criterion {@code p#(-) . rho > 0 and p#(+) . rho > 0} fails (with
 * {@code rho} the sum of momenta and {@code p# = M^{-1} p} at the two ends), the maximum tree depth
 * is reached, or a leapfrog step diverges ({@code H - H0 > 1000} or non-finite, which discards the new
 * subtree). The criterion is checked on every subtree and, as in Stan &gt;= 2.20, also across the two
 * halves of every merge (the "extra checks" that catch U-turns spanning subtree boundaries). States are
 * drawn multinomially with weights {@code exp(H0 - H)}: uniformly progressive inside subtrees and biased
 * towards the new subtree at the top level. The acceptance statistic for step-size adaptation is the
 * mean of {@code min(1, exp(H0 - H))} over all leaves built, including those of rejected subtrees.
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15; Betancourt (2017),
 * A Conceptual Introduction to Hamiltonian Monte Carlo, arXiv:1701.02434, Appendix A; Stan's
 * {@code stan/mcmc/hmc/nuts/base_nuts.hpp}; NumPyro's {@code hmc_util.py} ({@code _is_iterative_turning}).
 */
public final class Nuts implements McmcKernel {

    /** Maximum tree depth; Stan, Pyro and NumPyro default. */
    public static final int DEFAULT_MAX_TREE_DEPTH = 10;

    private final LogDensity density;
    private final int maxTreeDepth;

    /**
     * @param density      the target
     * @param maxTreeDepth maximum number of doublings, {@code >= 1} (at most {@code 2^maxTreeDepth - 1} leapfrog
     *                     steps per iteration)
     * @throws IllegalArgumentException if {@code maxTreeDepth} is not in {@code [1, 30]}
     */
    public Nuts(LogDensity density, int maxTreeDepth) {
        this.density = density;
        this.maxTreeDepth = checkDepth(maxTreeDepth);
    }

    private static int checkDepth(int maxTreeDepth) {
        if (maxTreeDepth < 1 || maxTreeDepth > 30) {
            throw new IllegalArgumentException("maxTreeDepth must be in [1, 30] but was " + maxTreeDepth
                    + "; use 10 (Stan's default)");
        }
        return maxTreeDepth;
    }

    @Override
    public LogDensity density() {
        return density;
    }

    /**
     * @param maxTreeDepth maximum number of doublings, in {@code [1, 30]}
     * @return a factory of NUTS kernels with that maximum tree depth
     * @throws IllegalArgumentException if {@code maxTreeDepth} is not in {@code [1, 30]}
     */
    public static McmcKernel.Factory factory(int maxTreeDepth) {
        checkDepth(maxTreeDepth);
        return target -> new Nuts(target, maxTreeDepth);
    }

    /** @return the maximum tree depth */
    @Override
    public int maxTreeDepth() {
        return maxTreeDepth;
    }

    @Override
    public Transition step(ChainState state, double stepSize, double[] invMass, RandomGenerator rng) {
        PhasePoint z0 = new PhasePoint(state, Hamiltonian.sampleMomentum(invMass, rng));
        Builder b = new Builder(z0.energy(invMass), stepSize, invMass, rng);
        double[] p0 = z0.momentum();
        PhasePoint zFwd = z0;
        PhasePoint zBck = z0;
        PhasePoint sample = z0;
        // momenta at the ends of the trajectory and of its two halves; the U-turn checks weight them by M^-1
        // (Stan's sharp momenta) on the fly instead of storing M^-1 p for every leaf
        double[] pFwdFwd = p0, pFwdBck = p0;
        double[] pBckFwd = p0, pBckBck = p0;
        double[] rho = p0.clone();
        double logSumWeight = 0.0; // log(exp(H0 - H0))
        int depth = 0;
        while (depth < maxTreeDepth) {
            double[] rhoFwd;
            double[] rhoBck;
            Subtree t;
            if (rng.nextDouble() > 0.5) {
                rhoBck = rho;
                pBckFwd = pFwdFwd;
                b.z = zFwd;
                t = b.build(depth, 1);
                zFwd = b.z;
                rhoFwd = t.rho;
                pFwdBck = t.pBeg;
                pFwdFwd = t.pEnd;
            } else {
                rhoFwd = rho;
                pFwdBck = pBckBck;
                b.z = zBck;
                t = b.build(depth, -1);
                zBck = b.z;
                rhoBck = t.rho;
                pBckFwd = t.pBeg;
                pBckBck = t.pEnd;
            }
            if (!t.valid) {
                break;
            }
            depth++;
            // Biased progressive sampling: prefer the new subtree (Betancourt 2017, A.3.2).
            if (t.logSumWeight > logSumWeight) {
                sample = t.proposal;
            } else if (rng.nextDouble() < Math.exp(t.logSumWeight - logSumWeight)) {
                sample = t.proposal;
            }
            logSumWeight = logSumExp(logSumWeight, t.logSumWeight);
            rho = add(rhoBck, rhoFwd);
            boolean persist = noUTurn(pBckBck, pFwdFwd, rho, invMass)
                    && noUTurnOfSum(pBckBck, pFwdBck, rhoBck, pFwdBck, invMass)
                    && noUTurnOfSum(pBckFwd, pFwdFwd, rhoFwd, pBckFwd, invMass);
            if (!persist) {
                break;
            }
        }
        double acceptStat = b.numLeapfrog == 0 ? 0.0 : b.sumAcceptProb / b.numLeapfrog;
        return new Transition(sample.state(), acceptStat, b.divergent, depth, b.numLeapfrog,
                sample.energy(invMass));
    }

    /**
     * The generalised no-U-turn criterion (Betancourt 2017): true while the trajectory keeps going.
     *
     * @param pMinus  momentum at the backward end
     * @param pPlus   momentum at the forward end
     * @param rho     sum of the momenta over the trajectory
     * @param invMass diagonal inverse mass: the checks use the sharp momenta {@code M^-1 p}
     * @return whether both ends still move away from each other
     */
    static boolean noUTurn(double[] pMinus, double[] pPlus, double[] rho, double[] invMass) {
        return sharpDot(pPlus, invMass, rho) > 0 && sharpDot(pMinus, invMass, rho) > 0;
    }

    /**
     * {@link #noUTurn} with {@code rho = x + y}, without allocating the sum; the same arithmetic in the same order,
     * so the result is bit-identical.
     */
    static boolean noUTurnOfSum(double[] pMinus, double[] pPlus, double[] x, double[] y, double[] invMass) {
        return sharpDotOfSum(pPlus, invMass, x, y) > 0 && sharpDotOfSum(pMinus, invMass, x, y) > 0;
    }

    /** {@code (M^-1 p) . (x + y)}, each term as {@code (invMass_i p_i) (x_i + y_i)}. */
    private static double sharpDotOfSum(double[] p, double[] invMass, double[] x, double[] y) {
        double s = 0.0;
        for (int i = 0; i < p.length; i++) {
            s += invMass[i] * p[i] * (x[i] + y[i]);
        }
        return s;
    }

    /** {@code (M^-1 p) . r}, each term as {@code (invMass_i p_i) r_i}: the velocity's rounding, not stored. */
    private static double sharpDot(double[] p, double[] invMass, double[] r) {
        double s = 0.0;
        for (int i = 0; i < p.length; i++) {
            s += invMass[i] * p[i] * r[i];
        }
        return s;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    static double logSumExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /**
     * A built subtree: its multinomial proposal, summed momenta, end momenta (in integration order) and
     * log total weight; {@code valid} is false on divergence or an internal U-turn.
     */
    private record Subtree(PhasePoint proposal, double[] rho, double[] pBeg, double[] pEnd, double logSumWeight,
            boolean valid) {
    }

    /** Per-iteration scratch: the moving trajectory end and the counters of one transition. */
    private final class Builder {
        private final double h0;
        private final double stepSize;
        private final double[] invMass;
        private final RandomGenerator rng;
        private PhasePoint z;
        private int numLeapfrog;
        private double sumAcceptProb;
        private boolean divergent;

        Builder(double h0, double stepSize, double[] invMass, RandomGenerator rng) {
            this.h0 = h0;
            this.stepSize = stepSize;
            this.invMass = invMass;
            this.rng = rng;
        }

        /** Builds a subtree of {@code 2^depth} leaves from {@link #z} in direction {@code sign}. */
        Subtree build(int depth, int sign) {
            if (depth == 0) {
                z = Leapfrog.step(z, sign * stepSize, invMass, density);
                numLeapfrog++;
                double h = z.energy(invMass);
                if (h - h0 > MAX_ENERGY_ERROR) {
                    divergent = true;
                }
                double logWeight = h0 - h;
                sumAcceptProb += logWeight > 0 ? 1.0 : Math.exp(logWeight);
                double[] p = z.momentum();
                // rho of one leaf is its momentum; no array here is ever mutated, so it is shared, not copied
                return new Subtree(z, p, p, p, logWeight, !divergent);
            }
            Subtree init = build(depth - 1, sign);
            if (!init.valid) {
                return init;
            }
            Subtree fin = build(depth - 1, sign);
            if (!fin.valid) {
                return fin;
            }
            double logSumWeight = logSumExp(init.logSumWeight, fin.logSumWeight);
            // Uniform progressive sampling inside a subtree.
            PhasePoint proposal = init.proposal;
            if (fin.logSumWeight > logSumWeight) {
                proposal = fin.proposal;
            } else if (rng.nextDouble() < Math.exp(fin.logSumWeight - logSumWeight)) {
                proposal = fin.proposal;
            }
            double[] rho = add(init.rho, fin.rho);
            boolean persist = noUTurn(init.pBeg, fin.pEnd, rho, invMass)
                    && noUTurnOfSum(init.pBeg, fin.pBeg, init.rho, fin.pBeg, invMass)
                    && noUTurnOfSum(init.pEnd, fin.pEnd, fin.rho, init.pEnd, invMass);
            return new Subtree(proposal, rho, init.pBeg, fin.pEnd, logSumWeight, persist);
        }
    }
}
