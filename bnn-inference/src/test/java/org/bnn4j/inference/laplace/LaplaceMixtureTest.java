package org.bnn4j.inference.laplace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.ensemble.EnsemblePosterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The mixture of Laplace approximations: its variance by the law of total variance, M = 1, save/load. */
class LaplaceMixtureTest {

    @TempDir
    Path dir;

    private static final Dataset DATA = TinyFits.data(3);

    private static BayesianModel homoskedastic() {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(6, 4).activation(Activation.RELU).heteroskedastic(false)
                .build();
        return new BayesianModel(new FeedForwardNetwork(spec), new LayerwiseNormalPrior(2),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1, 0.1)));
    }

    private static EnsembleConfig ensemble(int members) {
        return EnsembleConfig.builder().members(members).seed(3).holdout(0.2).threads(1)
                .optimizer(OptimizerConfig.builder().epochs(300).build()).build();
    }

    /**
     * Each member's linearised predictive at a fixed noise (chosen by the evidence) is Gaussian with mean
     * {@code m_m(x)} and variance {@code s_m^2 + J_m C_m J_m'} in closed form; the equal-weight mixture's variance is
     * {@code mean_m(s_m^2 + J_m C_m J_m' + m_m^2) - (mean_m m_m)^2}. The Monte Carlo estimate from the predictive
     * must agree within five standard errors of an iid estimate of the mixture's variance from N draws,
     * {@code sqrt((E[(Y-mu)^4] - Var^2) / N)} with the fourth moment in closed form (the stratified draws have a
     * smaller error than iid ones, so this bound is conservative); the aleatoric part is exact (each member's noise
     * is fixed and M divides N).
     */
    @Test
    void varianceIsTheLawOfTotalVarianceOverTheMembersLinearisedPredictives() {
        BayesianModel model = homoskedastic();
        LaplaceMixturePosterior mix = new LaplaceMixture(ensemble(3), LaplaceConfig.defaults()).fit(model, DATA);
        int mm = mix.numMembers();
        assertEquals(3, mm);
        INDArray x = TinyFits.testX();
        int b = x.rows();
        Standardizer st = mix.standardizer().orElseThrow();
        double[] xs = st.transformX(Arrays2.toDoubles(x), b);
        double ys = st.yStd()[0];
        double ym = st.yMean()[0];
        double[][] mu = new double[mm][b];
        double[][] epi = new double[mm][b];
        double[] s2 = new double[mm];
        for (int m = 0; m < mm; m++) {
            LaplacePosterior l = mix.members().get(m);
            assertEquals(0.0, l.noiseLogScaleStd(), 0.0, "a noise chosen by the evidence is fixed");
            int q = l.numCoveredParameters();
            double[] theta = l.mapParameters();
            double[] c = l.covariance();
            OutputJacobian jac = new OutputJacobian(model.network().spec(), l.structure());
            double[] m0 = new double[b];
            double[] jm = new double[b * q];
            jac.evaluate(theta, xs, b, m0, null, jm, null);
            double s = model.likelihood().noiseScale(theta, model.numNetworkParams()) * ys;
            s2[m] = s * s;
            for (int i = 0; i < b; i++) {
                double v = 0;
                for (int r = 0; r < q; r++) {
                    for (int k = 0; k < q; k++) {
                        v += jm[i * q + r] * c[r * q + k] * jm[i * q + k];
                    }
                }
                mu[m][i] = m0[i] * ys + ym;
                epi[m][i] = v * ys * ys;
            }
        }
        int n = mm * 20_000;
        PredictiveDistribution pd = mix.predict(x, n, new SplittableRandom(7));
        double[] total = Arrays2.toDoubles(pd.totalVariance());
        double[] alea = Arrays2.toDoubles(pd.aleatoricVariance());
        double[] epiMc = Arrays2.toDoubles(pd.epistemicVariance());
        double meanS2 = 0;
        for (int m = 0; m < mm; m++) {
            meanS2 += s2[m] / mm;
        }
        for (int i = 0; i < b; i++) {
            double mean = 0;
            for (int m = 0; m < mm; m++) {
                mean += mu[m][i] / mm;
            }
            double var = 0;
            double fourth = 0;
            for (int m = 0; m < mm; m++) {
                double d = mu[m][i] - mean;
                var += (epi[m][i] + d * d) / mm;
                fourth += (d * d * d * d + 6 * d * d * epi[m][i] + 3 * epi[m][i] * epi[m][i]) / mm;
            }
            double tol = 5 * Math.sqrt((fourth - var * var) / n);
            assertEquals(meanS2, alea[i], 1e-12 * meanS2, "aleatoric at point " + i);
            assertEquals(var, epiMc[i], tol, "epistemic at point " + i);
            assertEquals(meanS2 + var, total[i], tol + 1e-12 * meanS2, "total at point " + i);
        }
    }

    /** With one member the mixture is that member's Laplace approximation: Laplace.around its MAP, bit for bit. */
    @Test
    void oneMemberIsTheSingleLaplaceAroundTheEnsemblesMember() {
        BayesianModel model = TinyFits.model();
        LaplaceConfig cfg = LaplaceConfig.defaults();
        LaplaceMixturePosterior mix = new LaplaceMixture(ensemble(1), cfg).fit(model, DATA);
        EnsemblePosterior ens = new DeepEnsemble(ensemble(1)).fit(model, DATA);
        LaplacePosterior single = new Laplace(cfg).around(model, DATA, FitOptions.defaults(),
                new PointMassPosterior(model, "map", ens.members()[0], ens.standardizer().orElse(null),
                        ens.diagnostics()), 0);
        assertArrayEquals(single.mapParameters(), mix.members().get(0).mapParameters(), 0.0);
        assertArrayEquals(single.covarianceFactor(), mix.members().get(0).covarianceFactor(), 0.0);
        PredictiveDistribution a = mix.predict(TinyFits.testX(), 50, new SplittableRandom(5));
        PredictiveDistribution b = single.predict(TinyFits.testX(), 50, new SplittableRandom(5));
        assertArrayEquals(Arrays2.toDoubles(b.sampleMeans()), Arrays2.toDoubles(a.sampleMeans()), 0.0);
        assertArrayEquals(Arrays2.toDoubles(b.sampleScales()), Arrays2.toDoubles(a.sampleScales()), 0.0);
    }

    @Test
    void roundTripsBitForBit() throws IOException {
        for (BayesianModel model : List.of(TinyFits.model(), homoskedastic())) {
            LaplaceMixturePosterior p = new LaplaceMixture(ensemble(2),
                    LaplaceConfig.builder().noiseByEvidence(false).build()).fit(model, DATA);
            Path f = dir.resolve("mix-" + model.likelihood().heteroskedastic() + ".bnn");
            PosteriorIO.save(p, f);
            Posterior q = PosteriorIO.load(f);
            LaplaceMixturePosterior l = assertInstanceOf(LaplaceMixturePosterior.class, q);
            assertEquals(LaplaceMixture.METHOD, q.method());
            assertEquals(2, l.numMembers());
            for (int m = 0; m < 2; m++) {
                LaplacePosterior a = p.members().get(m);
                LaplacePosterior b = l.members().get(m);
                assertArrayEquals(a.mapParameters(), b.mapParameters(), 0.0);
                assertArrayEquals(a.covarianceFactor(), b.covarianceFactor(), 0.0);
                assertEquals(a.noiseLogScaleStd(), b.noiseLogScaleStd(), 0.0);
                assertEquals(a.priorPrecisionMultiplier(), b.priorPrecisionMultiplier(), 0.0);
            }
            assertEquals(p.diagnostics().summary(), q.diagnostics().summary());
            assertEquals(p.standardizer(), q.standardizer());
            assertEquals(TinyFits.predictionDigest(p, 5), TinyFits.predictionDigest(q, 5));
        }
    }

    /** Predicting rows in two batches with generators of one seed gives the numbers of one batch. */
    @Test
    void predictionsDoNotDependOnTheBatching() {
        LaplaceMixturePosterior p = new LaplaceMixture(ensemble(2), LaplaceConfig.defaults())
                .fit(TinyFits.model(), DATA);
        INDArray x = TinyFits.testX();
        int b = x.rows();
        PredictiveDistribution all = p.predict(x, 11, new SplittableRandom(9));
        PredictiveDistribution last = p.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, b),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), 11, new SplittableRandom(9));
        double[] a = Arrays2.toDoubles(all.sampleMeans());
        double[] l = Arrays2.toDoubles(last.sampleMeans());
        for (int s = 0; s < 11; s++) {
            for (int i = 1; i < b; i++) {
                assertEquals(a[s * b + i], l[s * (b - 1) + i - 1], 0.0);
            }
        }
    }

    @Test
    void rejectsAnEmptyMixture() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LaplaceMixturePosterior(TinyFits.model(), "x", List.of(), null,
                        new LaplaceMixtureDiagnostics(new org.bnn4j.inference.ensemble.EnsembleDiagnostics(false,
                                new int[0], List.of(), new int[0], List.of()), List.of(), 0, 0)));
        assertEquals("a Laplace mixture needs at least one member", e.getMessage());
    }
}
