package org.bnn4j.inference.svi;

import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.nn.internal.FastSoftplus;
import org.bnn4j.nn.ScaleTransform;

/**
 * The mean-field Gaussian guide {@code theta_k ~ N(loc_k, softplus(rho_k)^2)} independently, Pyro's
 * {@code AutoNormal}. Guide parameters {@code u = [loc (L), rho (L)]}. It is the one family for which {@link Svi}
 * can use the local reparameterization (sampling pre-activations instead of weights), its fast path.
 */
final class MeanFieldGuide implements Guide {

    static final MeanFieldGuide INSTANCE = new MeanFieldGuide();

    private MeanFieldGuide() {
    }

    @Override
    public String name() {
        return "meanfield";
    }

    @Override
    public Instance instance(int latent) {
        if (latent < 1) {
            throw new IllegalArgumentException("latent must be >= 1 but was " + latent);
        }
        return new MeanFieldInstance(latent);
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * The arithmetic over L dimensions; after {@link #prepare}, {@link #std} holds {@code softplus(rho)} and
     * {@link #slope} its derivative {@code sigmoid(rho)}, both from {@link FastSoftplus} (one vectorised pass; within
     * about 1e-13 relative of the scalar formulas).
     */
    static final class MeanFieldInstance implements Instance {
        private final int l;
        final double[] std;
        /** {@code d std / d rho = sigmoid(rho)}. */
        final double[] slope;
        private final double[] rho;
        private final double[] gM;
        private final double[] gS;
        private final double[] loc;

        MeanFieldInstance(int latent) {
            this.l = latent;
            this.std = new double[latent];
            this.slope = new double[latent];
            this.rho = new double[latent];
            this.gM = new double[latent];
            this.gS = new double[latent];
            this.loc = new double[latent];
        }

        @Override
        public int latent() {
            return l;
        }

        @Override
        public int numParams() {
            return 2 * l;
        }

        @Override
        public int noisePerSample() {
            return l;
        }

        @Override
        public void init(double[] initLoc, double initScale, RandomGenerator rng, double[] u) {
            System.arraycopy(initLoc, 0, u, 0, l);
            java.util.Arrays.fill(u, l, 2 * l, Svi.softplusInverse(initScale));
        }

        @Override
        public void prepare(double[] u) {
            System.arraycopy(u, 0, loc, 0, l);
            System.arraycopy(u, l, rho, 0, l);
            FastSoftplus.apply(rho, std, slope, 0.0, 0, l);
        }

        @Override
        public void sample(double[] u, double[] eps, int epsOff, double[] theta, int off) {
            for (int j = 0; j < l; j++) {
                theta[off + j] = u[j] + std[j] * eps[epsOff + j];
            }
        }

        @Override
        public void addSampleGradient(double[] u, double[] eps, int epsOff, double[] g, int gOff, double[] gU) {
            for (int j = 0; j < l; j++) {
                double gj = g[gOff + j];
                gU[j] += gj;
                gU[l + j] += gj * eps[epsOff + j] * slope[j];
            }
        }

        @Override
        public double kl(double[] u, DiagonalNormal prior, double weight, double[] gU) {
            double kl = prior.klFrom(loc, std, gU == null ? null : gM, gU == null ? null : gS);
            if (gU != null) {
                for (int j = 0; j < l; j++) {
                    gU[j] += weight * gM[j];
                    gU[l + j] += weight * gS[j] * slope[j];
                }
            }
            return kl;
        }

        @Override
        public void project(double[] u, double maxScale) {
            double rhoMax = Svi.softplusInverse(maxScale);
            for (int j = l; j < 2 * l; j++) {
                u[j] = Math.min(u[j], rhoMax);
            }
        }

        @Override
        public Posterior posterior(BayesianModel model, String method, double[] u, double[] point,
                                   Standardizer standardizer, Diagnostics diagnostics) {
            int n = l + point.length;
            double[] locs = new double[n];
            double[] scales = new double[n];
            System.arraycopy(u, 0, locs, 0, l);
            System.arraycopy(point, 0, locs, l, point.length);
            for (int j = 0; j < l; j++) {
                scales[j] = ScaleTransform.Softplus.softplus(u[l + j]);
            }
            return new MeanFieldPosterior(model, method, locs, scales, standardizer, diagnostics);
        }
    }
}
