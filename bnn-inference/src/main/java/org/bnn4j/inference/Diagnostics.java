package org.bnn4j.inference;

import java.util.List;
import java.util.Map;

/**
 * What a fit reports about itself, as data: each method returns its own record (traces for optimisation and SVI,
 * acceptance, divergences, R-hat and ESS for MCMC) behind this common view.
 */
public interface Diagnostics {

    /** @return scalar summaries by name (insertion-ordered), suitable for JSON */
    Map<String, Object> summary();

    /** @return human-readable warnings (e.g. R-hat above 1.05, divergences); empty when all is well */
    List<String> warnings();
}
