package org.bnn4j.inference.svi;

import org.bnn4j.nn.ScaleTransform;

/**
 * What the low-rank and full-rank guides share: latent coordinate i has a diagonal standard deviation
 * {@code sd_i = softplus(rho_i)} and a factor row {@code t_i d_i} with magnitude {@code t_i = softplus(tau_i)} and a
 * direction {@code d_i} (a row of V or of the strict lower triangle U). Guide parameters start with
 * {@code [loc (L), rho (L), tau (L)]}; the directions follow in the subclass's layout.
 */
abstract class FactorGuideInstance implements Guide.Instance {
    /** Number of latent dimensions L. */
    protected final int l;
    /** {@code softplus(rho)} after {@link #prepare}. */
    protected final double[] sd;
    /** {@code sigmoid(rho) = d softplus(rho) / d rho} after {@link #prepare}. */
    protected final double[] sigRho;
    /** {@code softplus(tau)} after {@link #prepare}. */
    protected final double[] t;
    /** {@code sigmoid(tau)} after {@link #prepare}. */
    protected final double[] sigTau;
    /** The prior's arrays. */
    protected final PriorCache prior;

    /** @param latent L */
    FactorGuideInstance(int latent) {
        this.l = latent;
        this.sd = new double[latent];
        this.sigRho = new double[latent];
        this.t = new double[latent];
        this.sigTau = new double[latent];
        this.prior = new PriorCache(latent);
    }

    @Override
    public final int latent() {
        return l;
    }

    /**
     * @param u guide parameters
     * @param i a latent coordinate
     * @return the squared norm of row i's direction
     */
    protected abstract double directionNorm2(double[] u, int i);

    /** @return the smallest ratio {@code sd_i / (t_i |d_i|)} kept by {@link #project}; 0 for none */
    protected double nugget() {
        return 0;
    }

    /** Computes the scales and magnitudes; subclasses extend it for what their draws share. */
    @Override
    public void prepare(double[] u) {
        for (int i = 0; i < l; i++) {
            sd[i] = ScaleTransform.Softplus.softplus(u[l + i]);
            sigRho[i] = ScaleTransform.Softplus.sigmoid(u[l + i]);
            t[i] = ScaleTransform.Softplus.softplus(u[2 * l + i]);
            sigTau[i] = ScaleTransform.Softplus.sigmoid(u[2 * l + i]);
        }
    }

    /**
     * Keeps {@code sd_i >= nugget() t_i |d_i|}, then, where a marginal standard deviation
     * {@code sqrt(sd_i^2 + t_i^2 |d_i|^2)} exceeds {@code maxScale}, scales {@code sd_i} and {@code t_i} by the same
     * factor down to it: the marginal becomes {@code maxScale} and every correlation is kept.
     */
    @Override
    public void project(double[] u, double maxScale) {
        double max2 = maxScale * maxScale;
        double nugget = nugget();
        for (int i = 0; i < l; i++) {
            double s = ScaleTransform.Softplus.softplus(u[l + i]);
            double ti = ScaleTransform.Softplus.softplus(u[2 * l + i]);
            double w = ti * Math.sqrt(directionNorm2(u, i));
            if (s < nugget * w) {
                s = nugget * w;
                u[l + i] = Svi.softplusInverse(s);
            }
            double var = s * s + w * w;
            if (var > max2) {
                double c = maxScale / Math.sqrt(var);
                u[l + i] = Svi.softplusInverse(c * s);
                u[2 * l + i] = Svi.softplusInverse(c * ti);
            }
        }
    }

    /**
     * @param u     guide parameters
     * @param point the point-estimated parameters
     * @return a new array: the L means followed by the point estimates
     */
    protected final double[] locWithPoint(double[] u, double[] point) {
        double[] loc = new double[l + point.length];
        System.arraycopy(u, 0, loc, 0, l);
        System.arraycopy(point, 0, loc, l, point.length);
        return loc;
    }
}
