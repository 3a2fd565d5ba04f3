package org.bnn4j.inference.internal;

import org.bnn4j.inference.optim.OptimizerConfig;

/**
 * A learning rate that is constant and then decays along a half cosine over the last part of a run, the schedule
 * of {@link OptimizerConfig} and {@link org.bnn4j.inference.svi.SviConfig}.
 *
 * <p>Reference: I. Loshchilov and F. Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017.
 */
public final class CosineDecay {

    private CosineDecay() {
    }

    /**
     * @param learningRate  the initial rate
     * @param epoch         0-based epoch
     * @param epochs        epochs in the run
     * @param finalFraction rate at the last epoch as a fraction of the initial one, in (0, 1] (1 = constant)
     * @param decayFraction fraction of the epochs, at the end, over which the rate decays, in (0, 1]
     * @return {@code lr} up to epoch {@code s = round((1 - decayFraction) epochs)}, then
     *         {@code lr (f + (1 - f) (1 + cos(pi t)) / 2)} with {@code t = (epoch - s) / (epochs - 1 - s)}, so the
     *         last epoch runs at {@code f lr}
     */
    public static double rate(double learningRate, int epoch, int epochs, double finalFraction, double decayFraction) {
        int start = (int) Math.round((1 - decayFraction) * epochs);
        if (finalFraction == 1.0 || epoch <= start || epochs - 1 <= start) {
            return learningRate;
        }
        double t = Math.min(1.0, (epoch - start) / (double) (epochs - 1 - start));
        return learningRate * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    /**
     * @param name  the field's name for the message
     * @param value a final-rate fraction
     * @throws IllegalArgumentException unless in (0, 1]
     */
    public static void requireFinalFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1] but was " + value
                    + "; pass 1 for a constant learning rate");
        }
    }

    /**
     * @param name  the field's name for the message
     * @param value a decay fraction
     * @throws IllegalArgumentException unless in (0, 1]
     */
    public static void requireDecayFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1] but was " + value
                    + "; pass e.g. 0.25 to decay over the last quarter of the epochs");
        }
    }
}
