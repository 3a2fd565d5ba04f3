package org.bnn4j.inference;

import java.util.Objects;
import org.bnn4j.inference.optim.OptimizerConfig;

/**
 * Where the chains of {@link McmcInference} start.
 *
 * <p>{@link #networkDefault()} draws each chain's start from the network's default initialisation (uniform
 * {@code +-1/sqrt(fan-in)}) with the chain's own stream. {@link #map(OptimizerConfig)} first fits each chain's own
 * MAP estimate (Adam from a default initialisation) and starts the chain there: warm-up then begins inside the
 * typical set instead of spending its first windows finding it.
 *
 * <p>Seeds: chain {@code c}'s MAP fit is seeded with {@link #chainOptimizer(long)}, the optimiser's seed combined
 * (by exclusive or) with a number drawn from chain {@code c}'s stream, which {@link McmcInference} splits from
 * {@code McmcConfig.seed} in chain order. So every chain has its own MAP fit, and changing either seed changes the
 * starts; with the optimiser's default seed 0 the chain's number is used as it is.
 *
 * @param mapOptimizer the optimiser of the per-chain MAP fits, or null to start from the default initialisation
 */
public record McmcInitialization(OptimizerConfig mapOptimizer) {

    /** Epochs of the per-chain MAP fit by default: full-batch Adam converges on the tutorial's clusters in ~1000. */
    public static final int DEFAULT_MAP_EPOCHS = 1000;

    /** @return chains start from the network's default initialisation */
    public static McmcInitialization networkDefault() {
        return new McmcInitialization(null);
    }

    /**
     * @param optimizer the MAP optimiser settings (its seed is combined with each chain's stream; see above)
     * @return chains start from their own MAP fits
     */
    public static McmcInitialization map(OptimizerConfig optimizer) {
        return new McmcInitialization(Objects.requireNonNull(optimizer,
                "optimizer must not be null; pass OptimizerConfig.builder().epochs(...).build()"));
    }

    /** @return MAP starts with full-batch Adam for {@link #DEFAULT_MAP_EPOCHS} epochs */
    public static McmcInitialization map() {
        return map(OptimizerConfig.builder().epochs(DEFAULT_MAP_EPOCHS).build());
    }

    /**
     * @param chainNumber a number drawn from the chain's own stream
     * @return the optimiser of that chain's MAP fit: {@link #mapOptimizer()} with seed
     *         {@code mapOptimizer().seed() ^ chainNumber}
     * @throws IllegalStateException if the chains do not start from MAP fits
     */
    public OptimizerConfig chainOptimizer(long chainNumber) {
        if (mapOptimizer == null) {
            throw new IllegalStateException("chains start from the network's default initialisation; no MAP fit");
        }
        // toBuilder copies every field, so a field added to OptimizerConfig is kept
        return mapOptimizer.toBuilder().seed(mapOptimizer.seed() ^ chainNumber).build();
    }

    /** @return whether chains start from MAP fits */
    public boolean usesMap() {
        return mapOptimizer != null;
    }
}
