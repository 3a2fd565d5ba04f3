package org.bnn4j.model;

import java.util.Arrays;
import org.bnn4j.nn.ParameterLayout;

/**
 * IID {@code Normal(0, priorStd^2)} over every weight and bias (TyXe's {@code IIDPrior(Normal(0, 1))} with the
 * default {@code priorStd = 1}).
 *
 * @param priorStd prior standard deviation, {@code > 0}
 */
public record NormalPrior(double priorStd) implements Prior {
    /** The default prior standard deviation, as in TyXe's {@code IIDPrior(Normal(0, 1))}. */
    public static final double DEFAULT_PRIOR_STD = 1.0;

    /** @throws IllegalArgumentException unless priorStd is finite and positive */
    public NormalPrior {
        if (!(priorStd > 0) || !Double.isFinite(priorStd)) {
            throw new IllegalArgumentException("priorStd must be finite and > 0 but was " + priorStd
                    + "; pass a positive standard deviation such as 1.0");
        }
    }

    @Override
    public double[] stds(ParameterLayout layout) {
        double[] s = new double[layout.size()];
        Arrays.fill(s, priorStd);
        return s;
    }
}
