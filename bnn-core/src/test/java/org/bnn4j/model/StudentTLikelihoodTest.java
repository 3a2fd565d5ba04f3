package org.bnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * The Student-t likelihoods' batch log density against commons-math3's {@code TDistribution} point by point, and
 * their gradients in location, scale and log nu against central finite differences of the same function.
 */
class StudentTLikelihoodTest {

    private static final int B = 11;

    /**
     * Sum over 11 points of {@code log t_nu((y - m)/s) - log s}: 1e-12 relative (commons-math3's log-gamma
     * difference and our asymptotic ratio agree to ~1e-14 per point at these nu; sums of 11 terms of order 1).
     */
    @Test
    void logLikelihoodMatchesCommonsMath() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] m = new double[B];
        double[] s = new double[B];
        double[] y = new double[B];
        for (int k = 0; k < B; k++) {
            m[k] = rng.nextGaussian();
            s[k] = 0.2 + rng.nextDouble();
            y[k] = m[k] + 3 * s[k] * rng.nextGaussian();
        }
        for (double nu : new double[] {0.8, 2.5, 4, 40}) {
            TDistribution t = new TDistribution(null, nu, 1e-14);
            double het = 0;
            double homo = 0;
            for (int k = 0; k < B; k++) {
                het += t.logDensity((y[k] - m[k]) / s[k]) - Math.log(s[k]);
                homo += t.logDensity((y[k] - m[k]) / 0.7) - Math.log(0.7);
            }
            Likelihood h = new HeteroskedasticStudentT(new DegreesOfFreedom.Fixed(nu));
            assertEquals(het, h.logLikelihood(m, s, 0, B, 1, y, new double[0], 0, 1.0, null, null, null, 0),
                    1e-12 * Math.abs(het), "heteroskedastic nu=" + nu);
            Likelihood o = new HomoskedasticStudentT(new NoiseModel.PointEstimate(0.7), DegreesOfFreedom.learned());
            double[] theta = {Math.log(nu), Math.log(0.7)};
            assertEquals(homo, o.logLikelihood(m, null, 0, B, 1, y, theta, 0, 1.0, null, null, null, 0),
                    1e-12 * Math.abs(homo), "homoskedastic nu=" + nu);
        }
    }

    /**
     * Gradients in every location, scale, log nu and log s against central differences with h = 1e-6: truncation
     * O(h^2) ~ 1e-12, rounding ~ 1e-16 * 30 / 1e-6 ~ 3e-9; 1e-7 relative plus 1e-7 absolute sits above both.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(8);
        double[] m = new double[B];
        double[] s = new double[B];
        double[] y = new double[B];
        for (int k = 0; k < B; k++) {
            m[k] = rng.nextGaussian();
            s[k] = 0.3 + rng.nextDouble();
            y[k] = m[k] + 2 * s[k] * rng.nextGaussian();
        }
        Likelihood het = new HeteroskedasticStudentT(DegreesOfFreedom.learned());
        Likelihood homo = new HomoskedasticStudentT(new NoiseModel.PointEstimate(0.5), DegreesOfFreedom.learned());
        for (Likelihood lik : new Likelihood[] {het, homo}) {
            double[] theta = lik.numParams() == 1 ? new double[] {Math.log(3.3)} : new double[] {Math.log(3.3), -0.4};
            double[] gm = new double[B];
            double[] gs = new double[B];
            double[] gx = new double[theta.length];
            double f = 1.7;
            lik.logLikelihood(m, s, 0, B, 1, y, theta, 0, f, gm, lik.heteroskedastic() ? gs : null, gx, 0);
            double h = 1e-6;
            for (int k = 0; k < B; k++) {
                check(fd(lik, m, s, y, theta, f, m, k, h), gm[k], "d/dm " + k);
                if (lik.heteroskedastic()) {
                    check(fd(lik, m, s, y, theta, f, s, k, h), gs[k], "d/ds " + k);
                }
            }
            for (int j = 0; j < theta.length; j++) {
                check(fd(lik, m, s, y, theta, f, theta, j, h), gx[j], "d/dextra " + j + " " + lik);
            }
        }
    }

    @Test
    void rejectsInvalidDegreesOfFreedom() {
        assertThrows(IllegalArgumentException.class, () -> new DegreesOfFreedom.Fixed(0));
        assertThrows(IllegalArgumentException.class, () -> new DegreesOfFreedom.Fixed(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new DegreesOfFreedom.LogNormalPrior(1, -1, 4));
        assertThrows(NullPointerException.class, () -> new HeteroskedasticStudentT(null));
    }

    private static double fd(Likelihood lik, double[] m, double[] s, double[] y, double[] theta, double f,
                             double[] target, int k, double h) {
        double keep = target[k];
        target[k] = keep + h;
        double up = lik.logLikelihood(m, s, 0, B, 1, y, theta, 0, f, null, null, null, 0);
        target[k] = keep - h;
        double dn = lik.logLikelihood(m, s, 0, B, 1, y, theta, 0, f, null, null, null, 0);
        target[k] = keep;
        return (up - dn) / (2 * h);
    }

    private static void check(double fd, double analytic, String what) {
        assertEquals(fd, analytic, 1e-7 * Math.abs(fd) + 1e-7, what);
    }
}
