package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Normal noise: quantile against its CDF, CRPS and Fisher information against the quadrature defaults. */
class NormalNoiseTest {

    private static final NormalNoise N = NormalNoise.INSTANCE;

    /**
     * One Halley step from Acklam's 1.15e-9 leaves an error ~ (1e-9)^3; what remains is the CDF's own 3.5e-15
     * relative error, so 1e-13 relative in p (1e-13 absolute in z at the centre).
     */
    @Test
    void quantileInvertsTheCdf() {
        assertEquals(1.959963984540054, N.quantile(0.975), 1e-14);
        assertEquals(0.0, N.quantile(0.5), 1e-16);
        for (double p : new double[] {1e-300, 1e-40, 1e-9, 0.02, 0.3, 0.5, 0.77, 0.99, 1 - 1e-12}) {
            double q = N.quantile(p);
            double back = p < 0.5 ? N.cdf(q) : N.survival(q);
            double target = p < 0.5 ? p : 1 - p;
            assertEquals(target, back, 1e-13 * target, "p=" + p);
        }
    }

    /**
     * The closed forms against the interface's quadrature defaults (an independent route; relative error about
     * 1e-10 asked of the quadrature, 1e-8 allowed).
     */
    @Test
    void closedFormsMatchQuadrature() {
        NoiseDistribution numeric = new NoiseDistribution() {
            public String name() {
                return "numeric normal";
            }

            public double logDensity(double z) {
                return N.logDensity(z);
            }

            public double score(double z) {
                return N.score(z);
            }

            public double cdf(double z) {
                return N.cdf(z);
            }

            public double survival(double z) {
                return N.survival(z);
            }

            public double quantile(double p) {
                return N.quantile(p);
            }

            public double variance() {
                return 1;
            }

            public double sample(java.util.random.RandomGenerator rng) {
                return rng.nextGaussian();
            }
        };
        for (double z : new double[] {-5, -0.5, 0, 1.2, 9}) {
            assertEquals(N.crps(z), numeric.crps(z), 1e-8 * N.crps(z), "z=" + z);
        }
        assertEquals(1.0, numeric.fisherLocation(), 1e-8);
        assertEquals(2.0, numeric.fisherScale(), 1e-8);
    }
}
