package org.bnn4j.inference.svi;

/**
 * KL annealing: the weight {@code klWeight} in [0, 1] on the KL term of the ELBO, per epoch. The first
 * {@code warmupFraction} of the epochs run at {@code warmupWeight} (near MLE), then the weight rises linearly to 1,
 * and the last {@code finalFraction} of the epochs run at full weight 1 (the true ELBO).
 *
 * <p>With {@code E} epochs, {@code w0 = round(warmupFraction E)} and {@code w1 = E - round(finalFraction E)}:
 * {@code weight(e) = warmupWeight} for {@code e <= w0}, {@code 1} for {@code e >= w1}, and linear in between, so
 * both ends are hit exactly.
 *
 * <p>References: S. R. Bowman et al., "Generating Sentences from a Continuous Space", CoNLL 2016 (KL annealing);
 * C. K. Sonderby et al., "Ladder Variational Autoencoders", NeurIPS 2016 (warm-up).
 *
 * @param warmupFraction fraction of epochs at the warm-up weight, in [0, 1]
 * @param finalFraction  fraction of epochs at full weight, in [0, 1], with {@code warmupFraction + finalFraction <= 1}
 * @param warmupWeight   the weight during warm-up, in [0, 1]
 */
public record KlSchedule(double warmupFraction, double finalFraction, double warmupWeight) {

    /** The warm-up fraction of the Pyro/TyXe BNN tutorial (5 %). */
    public static final double NOTEBOOK_WARMUP_FRACTION = 0.05;
    /** The full-weight fraction of the Pyro/TyXe BNN tutorial (5 %). */
    public static final double NOTEBOOK_FINAL_FRACTION = 0.05;
    /** "Near zero" warm-up weight (our choice: small enough to be MLE-like, non-zero so the guide scales feel the KL). */
    public static final double DEFAULT_WARMUP_WEIGHT = 1e-3;

    /** @throws IllegalArgumentException on fractions or weight out of range */
    public KlSchedule {
        if (!(warmupFraction >= 0 && warmupFraction <= 1) || !(finalFraction >= 0 && finalFraction <= 1)
                || !(warmupFraction + finalFraction <= 1)) {
            throw new IllegalArgumentException("warmupFraction and finalFraction must be in [0, 1] with sum <= 1 but were "
                    + warmupFraction + " and " + finalFraction + "; pass e.g. 0.05 and 0.05");
        }
        if (!(warmupWeight >= 0 && warmupWeight <= 1)) {
            throw new IllegalArgumentException("warmupWeight must be in [0, 1] but was " + warmupWeight
                    + "; pass a small value such as 1e-3");
        }
    }

    /** @return the schedule of the Pyro/TyXe BNN tutorial: 5 % warm-up near zero, linear ramp, 5 % at full weight */
    public static KlSchedule notebook() {
        return new KlSchedule(NOTEBOOK_WARMUP_FRACTION, NOTEBOOK_FINAL_FRACTION, DEFAULT_WARMUP_WEIGHT);
    }

    /** @return no annealing: weight 1 throughout */
    public static KlSchedule constant() {
        return new KlSchedule(0, 1, 1);
    }

    /**
     * @param epoch       0-based epoch, in {@code [0, totalEpochs)}
     * @param totalEpochs number of epochs, {@code >= 1}
     * @return the KL weight in [warmupWeight, 1]
     * @throws IllegalArgumentException if epoch is out of range
     */
    public double weight(int epoch, int totalEpochs) {
        if (totalEpochs < 1 || epoch < 0 || epoch >= totalEpochs) {
            throw new IllegalArgumentException("epoch must be in [0, totalEpochs) with totalEpochs >= 1 but was epoch="
                    + epoch + ", totalEpochs=" + totalEpochs);
        }
        int w0 = warmupEnd(totalEpochs);
        int w1 = rampEnd(totalEpochs);
        if (epoch >= w1) {
            return 1.0;
        }
        if (epoch <= w0) {
            return warmupWeight;
        }
        return warmupWeight + (1.0 - warmupWeight) * (epoch - w0) / (double) (w1 - w0);
    }

    /** @param totalEpochs epochs @return last epoch at the warm-up weight */
    public int warmupEnd(int totalEpochs) {
        return (int) Math.round(warmupFraction * totalEpochs);
    }

    /** @param totalEpochs epochs @return first epoch at full weight */
    public int rampEnd(int totalEpochs) {
        return totalEpochs - (int) Math.round(finalFraction * totalEpochs);
    }
}
