package org.bnn4j.spark.fits;

import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.McmcInference.McmcDiagnostics;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.spark.PosteriorBytes;

/**
 * One chain of an MCMC fit ({@link McmcInference#fitChain}): the same start and random streams as that chain of the
 * single-JVM fit, hence the same draws.
 *
 * @param model       the model (as the bytes of a point mass)
 * @param data        the training data in original units
 * @param method      the MCMC method (must build a {@link McmcInference})
 * @param standardize whether the fit standardises the data
 * @param chain       the chain index
 */
public record ChainTask(PosteriorBytes model, PortableData data, MethodSpec method, boolean standardize, int chain)
        implements FitTask<ChainResult> {

    @Override
    public ChainResult run() {
        McmcInference mcmc = (McmcInference) method.create();
        SamplePosterior p = mcmc.fitChain(model.model(), data.toDataset(),
                FitOptions.defaults().withStandardize(standardize), chain);
        McmcDiagnostics d = (McmcDiagnostics) p.diagnostics();
        return new ChainResult(chain, p.chains()[0], Portable.of(d.chains().get(0)), d.totalLeapfrogSteps());
    }
}
