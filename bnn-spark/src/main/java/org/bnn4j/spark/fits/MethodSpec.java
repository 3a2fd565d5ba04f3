package org.bnn4j.spark.fits;

import java.io.Serializable;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.McmcInitialization;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.MaximumLikelihood;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;

/**
 * How a task builds its inference method on the executor. Inference methods and their configs are not
 * {@link Serializable}; their settings travel as {@link Portable} values and the method is rebuilt (and its config
 * validated again) where it runs.
 *
 * <pre>{@code
 * MethodSpec spec = MethodSpec.map(OptimizerConfig.builder().epochs(4000).seed(7).build());
 * InferenceMethod method = spec.create();   // on an executor
 * }</pre>
 */
@FunctionalInterface
public interface MethodSpec extends Serializable {

    /** @return a new inference method */
    InferenceMethod create();

    /**
     * @param config MAP settings
     * @return a spec of {@link MaximumAPosteriori}
     */
    static MethodSpec map(OptimizerConfig config) {
        Portable<OptimizerConfig> c = Portable.of(config);
        return () -> new MaximumAPosteriori(c.get());
    }

    /**
     * @param config MLE settings
     * @return a spec of {@link MaximumLikelihood}
     */
    static MethodSpec mle(OptimizerConfig config) {
        Portable<OptimizerConfig> c = Portable.of(config);
        return () -> new MaximumLikelihood(c.get());
    }

    /**
     * @param config SVI settings
     * @return a spec of {@link Svi}
     */
    static MethodSpec svi(SviConfig config) {
        Portable<SviConfig> c = Portable.of(config);
        return () -> new Svi(c.get());
    }

    /**
     * @param config         sampler settings
     * @param initialization where the chains start
     * @return a spec of {@link McmcInference}
     */
    static MethodSpec mcmc(McmcConfig config, McmcInitialization initialization) {
        Portable<McmcConfig> c = Portable.of(config);
        Portable<McmcInitialization> i = Portable.of(initialization);
        return () -> new McmcInference(c.get(), i.get());
    }
}
