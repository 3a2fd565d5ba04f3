package org.bnn4j.inference.laplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prior precision multiplier chosen by the Laplace marginal likelihood against a brute-force scan: on a grid of
 * 601 multipliers the log marginal likelihood is evaluated from its definition,
 * {@code log p(y|theta*) + log N(theta*; 0, (alpha Lambda0)^-1) + q/2 log 2 pi - 1/2 log det(G + alpha Lambda0)},
 * with the log determinant from an independent Cholesky factorisation (Commons Math) instead of the
 * eigendecomposition, and the noise's own Gaussian term for a learned noise with a prior.
 */
class MarginalLikelihoodTest {

    /** Grid over alpha in [1e-3, 1e3]: 601 points, 0.01 decades apart. */
    private static final int GRID = 601;
    private static final double DECADES_PER_STEP = 0.01;

    static Stream<Arguments> cases() {
        NetworkSpec het = NetworkSpec.builder(1, 1).hidden(8).build();
        NetworkSpec homo = NetworkSpec.builder(1, 1).hidden(8).heteroskedastic(false).build();
        return Stream.of(
                Arguments.of(new BayesianModel(new FeedForwardNetwork(het), new LayerwiseNormalPrior(1),
                        new HeteroskedasticGaussian())),
                Arguments.of(new BayesianModel(new FeedForwardNetwork(homo), new LayerwiseNormalPrior(3),
                        new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1.0, 0.1)))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void optimumMatchesBruteForceScan(BayesianModel model) {
        Dataset data = sine(40, 8);
        OptimizerConfig map = OptimizerConfig.builder().learningRate(1e-2).epochs(1500).finalLearningRateFraction(0.01)
                .decayFraction(0.5).seed(2).build();
        LaplacePosterior post = new Laplace(LaplaceConfig.builder().map(map).noiseByEvidence(false).build())
                .fit(model, data, FitOptions.defaults().withStandardize(false));
        double[] theta = post.mapParameters();
        OutputJacobian jac = new OutputJacobian(model.network().spec(), CurvatureStructure.FULL);
        int n = data.size();
        GaussNewton.Result g = GaussNewton.compute(model, jac, theta, data.xArray(), data.yArray(), n);
        int q = g.q();
        double[] std = model.networkPrior().std();
        ModelEvaluator ev = model.newEvaluator(1, n);
        ev.setBatch(data.xArray(), data.yArray(), n, 1.0);
        double logLik = ev.logLikelihood(theta, 1, new double[1], null);
        double noiseTerm = 0;
        Likelihood lik = model.likelihood();
        if (lik.numParams() == 1) {
            NoiseModel.LogNormalPrior prior = (NoiseModel.LogNormalPrior) ((HomoskedasticGaussian) lik).noise();
            double h = 2.0 * n + 1.0 / (prior.logScale() * prior.logScale());
            noiseTerm = lik.logPrior(theta, q) + 0.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(h);
            assertEquals(1.0 / Math.sqrt(h), post.noiseLogScaleStd(), 1e-15);
        }
        double best = Double.NEGATIVE_INFINITY;
        double bestAlpha = Double.NaN;
        for (int k = 0; k < GRID; k++) {
            double alpha = Math.pow(10, -3 + DECADES_PER_STEP * k);
            double v = bruteForce(g.matrix(), q, std, theta, alpha, logLik) + noiseTerm;
            if (v > best) {
                best = v;
                bestAlpha = alpha;
            }
        }
        double alpha = post.priorPrecisionMultiplier();
        assertTrue(bestAlpha > 1.001e-3 && bestAlpha < 0.999e3, "the optimum must be inside the grid: " + bestAlpha);
        // the maximiser lies within one grid step of the best grid point
        assertEquals(Math.log10(bestAlpha), Math.log10(alpha), DECADES_PER_STEP, "log10 alpha");
        double atAlpha = bruteForce(g.matrix(), q, std, theta, alpha, logLik) + noiseTerm;
        // same quantity by two routes (eigenvalues vs Cholesky): rounding of ~q log terms, ~1e-12 relative
        assertEquals(atAlpha, post.logMarginalLikelihood(), 1e-9 * Math.abs(atAlpha));
        // and it is a maximum: no grid point beats it (beyond that rounding)
        assertTrue(post.logMarginalLikelihood() >= best - 1e-9 * Math.abs(best),
                post.logMarginalLikelihood() + " < grid best " + best);
    }

    /**
     * A learned homoskedastic noise chosen with alpha by the evidence: a brute-force scan over a 2-d grid of
     * (alpha, sigma) of {@code log Z(alpha, sigma) + log p(log sigma)}, with {@code G = J'J / sigma^2} from the curvature
     * at the chosen sigma, {@code log p(y | theta*, sigma)} from the residuals, and the log-normal hyperprior.
     */
    @org.junit.jupiter.api.Test
    void noiseAndPriorPrecisionByEvidenceMatchBruteForceScan() {
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(8).heteroskedastic(false).build();
        NoiseModel.LogNormalPrior hyper = new NoiseModel.LogNormalPrior(Math.log(0.1), 1.0, 0.1);
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(spec), new LayerwiseNormalPrior(3),
                new HomoskedasticGaussian(hyper));
        Dataset data = sine(40, 8);
        OptimizerConfig map = OptimizerConfig.builder().learningRate(1e-2).epochs(1500).finalLearningRateFraction(0.01)
                .decayFraction(0.5).seed(2).build();
        LaplacePosterior post = new Laplace(LaplaceConfig.builder().map(map).build())
                .fit(model, data, FitOptions.defaults().withStandardize(false));
        double[] theta = post.mapParameters();
        int n = data.size();
        int q = model.numNetworkParams();
        double sigma = Math.exp(theta[q]);
        OutputJacobian jac = new OutputJacobian(spec, CurvatureStructure.FULL);
        GaussNewton.Result g = GaussNewton.compute(model, jac, theta, data.xArray(), data.yArray(), n);
        double[] g0 = g.matrix().clone(); // J'J
        for (int k = 0; k < g0.length; k++) {
            g0[k] *= sigma * sigma;
        }
        double rss = g.residualSumOfSquares();
        double[] std = model.networkPrior().std();
        double alpha = post.priorPrecisionMultiplier();
        double best = Double.NEGATIVE_INFINITY;
        double bestA = Double.NaN;
        double bestS = Double.NaN;
        double step = 0.01; // decades on both axes
        for (int i = -100; i <= 100; i++) {
            double a = alpha * Math.pow(10, step * i);
            for (int j = -30; j <= 30; j++) {
                double s = sigma * Math.pow(10, step * j);
                double v = evidence(g0, q, std, theta, a, s, rss, n, hyper);
                if (v > best) {
                    best = v;
                    bestA = a;
                    bestS = s;
                }
            }
        }
        assertEquals(Math.log10(bestA), Math.log10(alpha), step, "log10 alpha");
        assertEquals(Math.log10(bestS), Math.log10(sigma), step, "log10 sigma");
        double at = evidence(g0, q, std, theta, alpha, sigma, rss, n, hyper);
        // two routes to the same number: eigenvalues vs Cholesky (rounding ~1e-12 relative)
        assertEquals(at, post.logMarginalLikelihood(), 1e-9 * Math.abs(at));
        assertTrue(post.logMarginalLikelihood() >= best - 1e-9 * Math.abs(best));
        assertEquals(0.0, post.noiseLogScaleStd(), 0.0);
    }

    private static double evidence(double[] g0, int q, double[] std, double[] theta, double alpha, double sigma,
                                   double rss, int n, NoiseModel.LogNormalPrior hyper) {
        double[] g = new double[q * q];
        for (int k = 0; k < g.length; k++) {
            g[k] = g0[k] / (sigma * sigma);
        }
        double logLik = -0.5 * n * Math.log(2 * Math.PI * sigma * sigma) - 0.5 * rss / (sigma * sigma);
        double z = (Math.log(sigma) - hyper.logLoc()) / hyper.logScale();
        double logHyper = -0.5 * Math.log(2 * Math.PI) - Math.log(hyper.logScale()) - 0.5 * z * z;
        return bruteForce(g, q, std, theta, alpha, logLik) + logHyper;
    }

    private static double bruteForce(double[] g, int q, double[] std, double[] theta, double alpha, double logLik) {
        double[][] h = new double[q][q];
        double logPrior = 0;
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                h[i][j] = g[i * q + j];
            }
            double prec = alpha / (std[i] * std[i]);
            h[i][i] += prec;
            logPrior += -0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(prec) - 0.5 * prec * theta[i] * theta[i];
        }
        RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(h), 1e-12, 1e-14).getL();
        double logDet = 0;
        for (int i = 0; i < q; i++) {
            logDet += 2 * Math.log(l.getEntry(i, i));
        }
        return logLik + logPrior + 0.5 * q * Math.log(2 * Math.PI) - 0.5 * logDet;
    }

    /** {@code y = sin(2x) + 0.1 eps}, x uniform on [-2, 2]. */
    static Dataset sine(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 4 * r.nextDouble() - 2;
            y[i] = Math.sin(2 * x[i]) + 0.1 * r.nextGaussian();
        }
        return Dataset.of(x, y, n, 1, 1);
    }
}
