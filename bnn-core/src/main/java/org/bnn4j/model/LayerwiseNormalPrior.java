package org.bnn4j.model;

import org.bnn4j.nn.ParameterLayout;

/**
 * {@code Normal(0, (scale / sqrt(fanIn))^2)} per layer: the prior standard deviation shrinks with the layer's
 * fan-in so the prior over functions stays comparable as widths grow (Neal 1996; TyXe's {@code LayerwiseNormalPrior}
 * with method "radford").
 *
 * @param scale the numerator, {@code > 0}
 */
public record LayerwiseNormalPrior(double scale) implements Prior {
    /** @throws IllegalArgumentException unless scale is finite and positive */
    public LayerwiseNormalPrior {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0 but was " + scale
                    + "; pass a positive numerator such as 1.0");
        }
    }

    @Override
    public double[] stds(ParameterLayout layout) {
        int[] fanIn = layout.fanInPerParameter();
        double[] s = new double[fanIn.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = scale / Math.sqrt(fanIn[k]);
        }
        return s;
    }
}
