package org.bnn4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.Metric;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed experiment with NUTS (cos, heteroskedastic 1-50-1 tanh, 4 chains): the targets of the HMC/NUTS issue.
 * Thresholds are the acceptance criteria, not tuned to the result (the NLL one restated against the true
 * model, see the assertion). Each test's budget can be overridden with the system properties {@code bnn.warmup},
 * {@code bnn.samples}, {@code bnn.chains}, {@code bnn.metric} (DIAGONAL|DENSE) and {@code bnn.init} (default|map).
 *
 * <p>Measured on 2026-11-26 (2-core machine, otherwise idle), 4 x (500 + 500), default init and seed (42),
 * LayerwiseNormalPrior(5): 257 s, NLL -1.970 (true model -2.0016), aleatoric within 40% in every cluster,
 * gap/cluster 5.71, outside/cluster 22.8, rhatMax 1.261, essMin 11.6. With fit seed 0: rhatMax 1.150 at this budget,
 * 1.089 at 4 x (1000 + 1000). The NLL threshold of the issue (-2.0) is below what the
 * data-generating distribution itself scores on these 400 test points (-2.0016; -1.979 expected over fresh noise,
 * see ClusterData#oracleTestNll), so the test asks for the NLL to be within the test set's resolution of that
 * oracle instead (see the assertion).
 */
@Tag("slow")
class NutsClustersTest {

    /** The issue: each cluster's aleatoric std within +-40% of its true noise std. */
    private static final double ALEATORIC_TOLERANCE = 0.4;

    /**
     * The picture at its default budget, 4 x (500 + 500). R-hat is printed, not asserted here: the issue
     * asks for R-hat <= 1.1 "or, if 4 x (500 + 500) cannot reach it, the budget that does"; at this budget it was
     * 1.097-1.261 over four seeds, see {@link #twiceTheBudgetReachesRhatBelow1point1()}.
     */
    @Test
    void defaultNutsGivesTheTextbookPicture() {
        fitAndCheck(500, 500, false);
    }

    /** The budget that brings R-hat over the 400 test inputs to <= 1.1: 4 x (1000 + 1000), about 9 minutes. */
    @Test
    void twiceTheBudgetReachesRhatBelow1point1() {
        fitAndCheck(1000, 1000, true);
    }

    private static void fitAndCheck(int warmup, int samples, boolean checkRhat) {
        ClusterData data = ClusterData.generate(ClusterConfig.defaults());
        // the prior of `bnn clusters --inference nuts` (PriorChoice.MCMC_DEMO in bnn-examples)
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build()),
                new LayerwiseNormalPrior(5.0), new HeteroskedasticGaussian());
        McmcConfig cfg = McmcConfig.builder().numWarmup(Integer.getInteger("bnn.warmup", warmup))
                .numSamples(Integer.getInteger("bnn.samples", samples))
                .numChains(Integer.getInteger("bnn.chains", McmcConfig.DEFAULT_NUM_CHAINS))
                .metric(Metric.valueOf(System.getProperty("bnn.metric", "DIAGONAL"))).build();
        McmcInitialization init = "map".equals(System.getProperty("bnn.init", "default"))
                ? McmcInitialization.map() : McmcInitialization.networkDefault();
        long t0 = System.nanoTime();
        SamplePosterior post = (SamplePosterior) new McmcInference(cfg, init).fit(model, data.train());
        double secs = (System.nanoTime() - t0) / 1e9;
        ClusterFigures f = ClusterFigures.of(post, data);
        StringBuilder aleatoric = new StringBuilder();
        boolean aleatoricOk = true;
        for (int c = 0; c < f.aleatoricStd().length; c++) {
            double std = f.aleatoricStd()[c];
            double trueStd = data.clusters().get(c).trueStd();
            aleatoric.append(String.format(" %.4f/%.2f", std, trueStd));
            aleatoricOk &= Math.abs(std - trueStd) <= ALEATORIC_TOLERANCE * trueStd;
        }
        SamplePosterior.PredictiveConvergence conv = post.convergence(data.test().x());
        McmcInference.McmcDiagnostics diag = (McmcInference.McmcDiagnostics) post.diagnostics();
        System.err.printf("NUTS clusters: %.1f s, NLL %.3f (true model %.4f), aleatoric/true%s, "
                        + "epistemic cluster %.4f gap %.4f outside %.4f (gap/cluster %.2f, outside/cluster %.2f), "
                        + "rhatMax %.3f essMin %.1f (%.3f ESS/s), %.0f leapfrog steps/s, %s%n", secs, f.nll(),
                data.oracleTestNll(), aleatoric, f.epiCluster(), f.epiGap(), f.epiOutside(), f.gapRatio(),
                f.outsideRatio(), conv.rhatMax(),
                conv.essMin(), conv.essMin() / secs, diag.totalLeapfrogSteps() / secs, diag.summary());
        assertEquals(400, conv.numQuantities()); // R-hat and ESS over the 400 test inputs
        // The issue asks for NLL <= -2.0 against an "oracle -2.48" that leaves out the E[eps^2]/2 = 1/2 term; the
        // generating distribution itself scores -2.0016 on these 400 points (-1.9106 with data seed 1), so -2.0 is
        // out of reach for any predictor short of the truth. What can be asked is that the NLL be within the
        // resolution of the test set of the oracle's: the oracle's per-point NLL has variance 1/2, so its mean over
        // n = 400 points has standard error sqrt(1 / (2 n)) = 0.035; allow 2 SE.
        double oracle = data.oracleTestNll();
        double resolution = 2 * Math.sqrt(0.5 / data.test().size());
        assertTrue(f.nll() <= oracle + resolution, "test NLL " + f.nll() + " vs the true model's " + oracle);
        assertTrue(aleatoricOk, "aleatoric std / true std per cluster:" + aleatoric);
        assertTrue(f.gapRatio() >= 3, "gap/cluster " + f.gapRatio());
        assertTrue(f.outsideRatio() >= 10, "outside/cluster " + f.outsideRatio());
        if (checkRhat) {
            assertTrue(conv.rhatMax() <= 1.1, "rhatMax " + conv.rhatMax());
        }
    }
}
