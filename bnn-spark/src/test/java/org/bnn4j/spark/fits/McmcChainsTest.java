package org.bnn4j.spark.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.McmcInference.McmcDiagnostics;
import org.bnn4j.inference.McmcInitialization;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.mcmc.Algorithm;
import org.bnn4j.inference.mcmc.ChainStatistics;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.spark.SparkTests;
import org.bnn4j.spark.Synthetic;
import org.junit.jupiter.api.Test;

/** A 4-chain NUTS fit whose chains run as Spark tasks gives exactly the draws of the single-JVM fit. */
class McmcChainsTest {

    private static final Dataset DATA = Synthetic.data(120, 4);
    private static final BayesianModel MODEL =
            BayesianModel.heteroskedastic(NetworkSpec.builder(8, 1).hidden(10).build());

    /** A short budget: the check is on equality of the draws, not on convergence. */
    private static McmcInference nuts(long seed, McmcInitialization init) {
        return new McmcInference(McmcConfig.builder().algorithm(Algorithm.NUTS).numWarmup(60).numSamples(20)
                .numChains(4).maxTreeDepth(6).seed(seed).build(), init);
    }

    @Test
    void fourChainsAsTasksEqualTheSingleJvmFit() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
        McmcInference method = nuts(11, McmcInitialization.networkDefault());
        SamplePosterior one = (SamplePosterior) method.fit(MODEL, DATA, FitOptions.defaults());
        SamplePosterior spark = McmcChains.fit(jsc, method, MODEL, DATA, true);
        assertSameDraws(one, spark);
        assertEquals(one.standardizer(), spark.standardizer());
        List<ChainStatistics> a = ((McmcDiagnostics) one.diagnostics()).chains();
        List<ChainStatistics> b = ((McmcDiagnostics) spark.diagnostics()).chains();
        for (int c = 0; c < 4; c++) {
            assertEquals(a.get(c).stepSize(), b.get(c).stepSize());
            assertEquals(a.get(c).acceptanceRate(), b.get(c).acceptanceRate());
            assertArrayEquals(a.get(c).inverseMassMatrix(), b.get(c).inverseMassMatrix());
        }
        assertEquals(((McmcDiagnostics) one.diagnostics()).totalLeapfrogSteps(),
                ((McmcDiagnostics) spark.diagnostics()).totalLeapfrogSteps());
        // the chains differ from each other, so equality above is chain by chain, not one chain four times
        assertNotEquals(spark.chains()[0][19][0], spark.chains()[1][19][0]);
    }

    @Test
    void chainsStartingFromMapFitsAlsoMatch() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
        McmcInference method = nuts(12, McmcInitialization.map(OptimizerConfig.builder().epochs(50).build()));
        SamplePosterior one = (SamplePosterior) method.fit(MODEL, DATA, FitOptions.defaults());
        assertSameDraws(one, McmcChains.fit(jsc, method, MODEL, DATA, true));
    }

    private static void assertSameDraws(SamplePosterior expected, SamplePosterior actual) {
        double[][][] a = expected.chains();
        double[][][] b = actual.chains();
        assertEquals(a.length, b.length);
        for (int c = 0; c < a.length; c++) {
            assertEquals(a[c].length, b[c].length);
            for (int t = 0; t < a[c].length; t++) {
                assertArrayEquals(a[c][t], b[c][t], "chain " + c + ", draw " + t);
            }
        }
    }
}
