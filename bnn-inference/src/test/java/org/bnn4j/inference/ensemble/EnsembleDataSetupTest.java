package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.internal.EarlyStopping;
import org.bnn4j.inference.internal.HeldOutRows;
import org.bnn4j.inference.internal.LogPrior;
import org.bnn4j.inference.internal.PointOptimizer;
import org.bnn4j.inference.internal.TrainingData;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A member reads its rows from the shared data set (fitted rows by index, held-out rows gathered, the spread units'
 * widened inputs in blocks) and is bit for bit the member the copies gave: the data standardised whole, its fitted
 * and held-out subsets copied, the widened inputs built whole. The reference below is that construction, written out;
 * 5000 rows put the widening's block boundary (4096 rows) inside the fitted rows, and a learned noise scale is set
 * from the held-out rows. Any changed value, row order or random draw changes the parameters' bits.
 */
class EnsembleDataSetupTest {

    private static final BayesianModel MODEL = new BayesianModel(new FeedForwardNetwork(
            NetworkSpec.builder(2, 1).hidden(8).heteroskedastic(false).build()), new NormalPrior(1.0),
            new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1.0, 0.5)));

    private static Dataset data(int n) {
        SplittableRandom r = new SplittableRandom(21);
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 10 + 4 * r.nextDouble();
            x[2 * i + 1] = -3 * r.nextDouble();
            y[i] = Math.sin(x[2 * i]) + 0.5 * x[2 * i + 1] + 0.1 * r.nextGaussian();
        }
        return Dataset.of(x, y, n, 2, 1);
    }

    @ParameterizedTest
    @CsvSource({"0,0.1", "512,0.1", "0,0", "512,0"})
    void membersEqualTheFitsOnCopiedSubsets(int batch, double holdout) {
        Dataset data = data(5000);
        EnsembleConfig c = EnsembleConfig.builder().members(2).seed(4).holdout(holdout).checkEvery(5).patience(2)
                .optimizer(OptimizerConfig.builder().epochs(12).learningRate(5e-3).batchSize(batch).build()).build();
        DeepEnsemble ensemble = new DeepEnsemble(c);
        for (int m = 0; m < 2; m++) {
            double[] expected = copiedSubsetFit(data, c, m);
            assertArrayEquals(expected, ensemble.fitMember(MODEL, data, FitOptions.defaults(), m).parameters(),
                    "member " + m);
        }
    }

    /** The first attempt of member m as it was fitted on copies of the standardised data. */
    private static double[] copiedSubsetFit(Dataset data, EnsembleConfig c, int m) {
        SplittableRandom stream = DeepEnsemble.memberStream(c.seed(), m);
        Dataset z = Standardizer.fit(data).transform(data);
        TrainingData td;
        HeldOutRows held = null;
        if (c.holdout() > 0) {
            int[][] rows = HeldOutRows.split(z.size(), c.holdout(), stream.split());
            td = new TrainingData(MODEL, z.subset(rows[0]), false, c.optimizer().batchSize());
            held = new HeldOutRows(MODEL, z.subset(rows[1]));
        } else {
            td = new TrainingData(MODEL, z, false, c.optimizer().batchSize());
        }
        SplittableRandom a = stream.split();
        SplittableRandom init = a.split();
        a.split(); // the anchor's stream
        SplittableRandom batches = a.split();
        double[] theta = MODEL.initialParameters(init);
        double[] wide = widened(td.x(), td.size(), 2, c.unitRange());
        Svi.spreadUnits(MODEL.network().layout(), wide, td.size(), c.unitSlope(), init, theta);
        PointOptimizer.Result r = PointOptimizer.minimise("ensemble", MODEL, td, theta, LogPrior.of(MODEL),
                c.optimizer(), batches, List.of(), m,
                held == null ? null : new EarlyStopping(held::score, c.checkEvery(), c.patience()));
        double[] t = r.parameters();
        if (held != null) {
            t[MODEL.numNetworkParams()] = Math.log(held.rmsResidual(t));
        }
        return t;
    }

    /** {@code mean + factor (x - mean)} of all rows at once. */
    private static double[] widened(double[] x, int n, int in, double factor) {
        double[] mean = new double[in];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < in; i++) {
                mean[i] += x[r * in + i] / n;
            }
        }
        double[] w = new double[n * in];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < in; i++) {
                w[r * in + i] = mean[i] + factor * (x[r * in + i] - mean[i]);
            }
        }
        return w;
    }
}
