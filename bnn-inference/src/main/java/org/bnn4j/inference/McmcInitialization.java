package org.bnn4j.inference;

import java.util.Objects;
import org.bnn4j.inference.optim.OptimizerConfig;

/**
 * Where the chains of {@link McmcInference} start.
 *
 * <p>{@link #networkDefault()} draws each chain's start from the network's default initialisation (uniform
 * {@code +-1/sqrt(fan-in)}). {@link #map(OptimizerConfig)} first fits each chain's own MAP estimate (Adam from that
 * chain's default initialisation, with the optimiser seed split per chain) and starts the chain there: warm-up
 * then begins inside the typical set instead of spending its first windows finding it.
 *
 * @param mapOptimizer the optimiser of the per-chain MAP fits, or null to start from the default initialisation
 */
public record McmcInitialization(OptimizerConfig mapOptimizer) {

    /** Epochs of the per-chain MAP fit by default: full-batch Adam converges on the seed clusters in ~1000. */
    public static final int DEFAULT_MAP_EPOCHS = 1000;

    /** @return chains start from the network's default initialisation */
    public static McmcInitialization networkDefault() {
        return new McmcInitialization(null);
    }

    /**
     * @param optimizer the MAP optimiser settings (its seed is combined with the chain index)
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

    /** @return whether chains start from MAP fits */
    public boolean usesMap() {
        return mapOptimizer != null;
    }
}
