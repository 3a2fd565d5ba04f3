package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The ensemble's predictive distribution is the equal-weight mixture of its members' predictions. */
class EnsemblePredictiveTest {

    private static final int M = 4;
    private static EnsemblePosterior ens;

    @BeforeAll
    static void fit() {
        EnsembleConfig c = EnsembleConfig.builder().members(M).seed(5)
                .optimizer(OptimizerConfig.builder().epochs(60).build()).build();
        ens = new DeepEnsemble(c).fit(TinyFits.model(), TinyFits.data(3)); // standardised: the affine map is covered
    }

    @Test
    void varianceSplitIsTheMixturesLawOfTotalVariance() {
        INDArray x = TinyFits.testX();
        int b = (int) x.rows();
        double[][] mu = new double[M][];
        double[][] var = new double[M][];
        double[][] members = ens.members();
        for (int m = 0; m < M; m++) {
            // each member alone, as a point mass, in original units
            PredictiveDistribution one = new PointMassPosterior(ens.model(), "map", members[m],
                    ens.standardizer().orElseThrow(), ens.diagnostics()).predict(x, 1, new SplittableRandom(0));
            mu[m] = Arrays2.toDoubles(one.mean());
            var[m] = Arrays2.toDoubles(one.totalVariance());
        }
        PredictiveDistribution pd = ens.predict(x, 100, new SplittableRandom(1));
        assertEquals(M, pd.numSamples(), "n >= M uses exactly the M members");
        double[] mean = Arrays2.toDoubles(pd.mean());
        double[] ale = Arrays2.toDoubles(pd.aleatoricVariance());
        double[] epi = Arrays2.toDoubles(pd.epistemicVariance());
        double[] tot = Arrays2.toDoubles(pd.totalVariance());
        for (int i = 0; i < b; i++) {
            double mbar = 0;
            double abar = 0;
            for (int m = 0; m < M; m++) {
                mbar += mu[m][i] / M;
                abar += var[m][i] / M;
            }
            double e = 0;
            double second = 0;
            for (int m = 0; m < M; m++) {
                e += (mu[m][i] - mbar) * (mu[m][i] - mbar) / M;
                second += (var[m][i] + mu[m][i] * mu[m][i]) / M;
            }
            // Same quantities, different summation order: agreement to a few ulps of the largest term involved.
            double tol = 1e-12 * (Math.abs(mbar) + abar + 1);
            assertEquals(mbar, mean[i], tol, "mixture mean at point " + i);
            assertEquals(abar, ale[i], tol, "aleatoric = mean of the members' sigma^2 at point " + i);
            assertEquals(e, epi[i], tol, "epistemic = variance of the members' means at point " + i);
            // the law of total variance, written as E[Y^2] - E[Y]^2 of the mixture; that difference cancels, losing
            // up to ~M ulps of E[Y^2], far below 1e-10 of it
            assertEquals(second - mbar * mbar, tot[i], 1e-10 * (second + 1), "total at point " + i);
            assertEquals(ale[i] + epi[i], tot[i], tol);
        }
        assertTrue(java.util.Arrays.stream(epi).min().orElseThrow() > 0, "members differ, so epistemic > 0");
    }

    @Test
    void fewerSamplesThanMembersSpreadsOverTheMembersAndIgnoresTheGenerator() {
        INDArray x = TinyFits.testX();
        PredictiveDistribution two = ens.predict(x, 2, new SplittableRandom(1));
        assertEquals(2, two.numSamples());
        // members floor(k M / 2) = 0 and 2
        double[][] members = ens.members();
        double[] means = Arrays2.toDoubles(two.sampleMeans());
        for (int k = 0; k < 2; k++) {
            PredictiveDistribution one = new PointMassPosterior(ens.model(), "map", members[2 * k],
                    ens.standardizer().orElseThrow(), ens.diagnostics()).predict(x, 1, new SplittableRandom(0));
            double[] m = Arrays2.toDoubles(one.mean());
            assertArrayEquals(m, java.util.Arrays.copyOfRange(means, k * m.length, (k + 1) * m.length), 0.0);
        }
        String a = TinyFits.digest(Arrays2.toDoubles(ens.predict(x, 3, new SplittableRandom(1)).sampleMeans()));
        String b = TinyFits.digest(Arrays2.toDoubles(ens.predict(x, 3, new SplittableRandom(99)).sampleMeans()));
        assertEquals(a, b, "the generator is not used");
    }

    @Test
    void predictionsDoNotDependOnBatching() {
        INDArray x = TinyFits.testX();
        PredictiveDistribution all = ens.predict(x, M, new SplittableRandom(3));
        double[] allMeans = Arrays2.toDoubles(all.sampleMeans()); // [M, B]
        int b = (int) x.rows();
        for (int i = 0; i < b; i++) {
            PredictiveDistribution row = ens.predict(x.getRow(i, true), M, new SplittableRandom(3));
            double[] r = Arrays2.toDoubles(row.sampleMeans());
            for (int m = 0; m < M; m++) {
                assertEquals(allMeans[m * b + i], r[m], 0.0, "row " + i + " member " + m);
            }
        }
    }

    @Test
    void sampleParametersReturnsMemberVectorsStratified() {
        double[][] members = ens.members();
        double[] drawn = Arrays2.toDoubles(ens.sampleParameters(2 * M, new SplittableRandom(0)));
        int p = members[0].length;
        for (int k = 0; k < 2 * M; k++) {
            assertArrayEquals(members[k / 2], java.util.Arrays.copyOfRange(drawn, k * p, (k + 1) * p), 0.0);
        }
        assertEquals(M, ens.numMembers());
        assertEquals("ensemble", ens.method());
    }
}
