package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A sampler of one's own runs in the driver with the same warm-up as NUTS and HMC. */
class PluggedKernelTest {

    /** Random-walk Metropolis with proposal scale {@code stepSize * sqrt(invMass)}: the McmcKernel javadoc's. */
    static McmcKernel randomWalk(LogDensity target) {
        return new McmcKernel() {
            @Override
            public Transition step(ChainState s, double stepSize, double[] invMass, RandomGenerator rng) {
                double[] q = s.position().clone();
                for (int i = 0; i < q.length; i++) {
                    q[i] += stepSize * Math.sqrt(invMass[i]) * rng.nextGaussian();
                }
                ChainState next = ChainState.at(q, target);
                double accept = Math.min(1.0, Math.exp(next.logDensity() - s.logDensity()));
                boolean move = rng.nextDouble() < accept;
                return new Transition(move ? next : s, Double.isNaN(accept) ? 0.0 : accept, false, 0, 1, Double.NaN);
            }

            @Override
            public LogDensity density() {
                return target;
            }
        };
    }

    @Test
    void randomWalkMetropolisSamplesAGaussian() {
        // Dual averaging steers the proposal scale to 30 % acceptance (near the 23 % optimum of Roberts, Gelman &
        // Gilks 1997) and the window adaptation learns the variances 1 and 9; Monte Carlo error from the ESS.
        McmcConfig config = McmcConfig.builder().numWarmup(1000).numSamples(5000).numChains(4).targetAccept(0.3)
                .seed(3).build();
        double[][] inits = {{1, 1}, {-1, 2}, {0.5, -2}, {0, 0}};
        McmcResult r = new Mcmc(config, PluggedKernelTest::randomWalk).run(chain -> GaussianDensity.diagonal(1, 3),
                inits, McmcListener.NONE);
        McmcTest.checkZeroMeanGaussian(r, 1, 3);
        for (ChainStatistics s : r.statistics()) {
            // the adapted metric is the variances (last window of 500 draws, ESS ~ 100: 40 % is > 2.5 se)
            assertEquals(1.0, s.inverseMassMatrix()[0], 0.4, s.toString());
            assertEquals(9.0, s.inverseMassMatrix()[1], 0.4 * 9, s.toString());
            assertEquals(0, s.maxTreeDepth());
            assertEquals(0, s.maxTreeDepthHits());
        }
        assertTrue(r.toString().startsWith("McmcResult[a user kernel"), r.toString());
    }

    @Test
    void aDenseMetricHandsTheKernelItsLatentDensity() {
        // 200 warm-up iterations have two slow windows: each chain's kernel is created three times, the last two
        // on the latent density of a new dense metric, which differs from the chain's target.
        List<LogDensity> seen = new CopyOnWriteArrayList<>();
        McmcConfig config = McmcConfig.builder().numWarmup(200).numSamples(50).numChains(2).metric(Metric.DENSE)
                .parallel(false).targetAccept(0.3).seed(4).build();
        LogDensity[] targets = {GaussianDensity.bivariate(1, 2, 0.9), GaussianDensity.bivariate(1, 2, 0.9)};
        McmcResult r = new Mcmc(config, target -> {
            seen.add(target);
            return randomWalk(target);
        }).run(chain -> targets[chain], new double[][] {{0, 0}, {1, 1}}, McmcListener.NONE);
        assertEquals(6, seen.size());
        assertEquals(targets[0], seen.get(0));
        assertNotSame(targets[0], seen.get(1));
        assertNotSame(seen.get(1), seen.get(2));
        assertEquals(targets[1], seen.get(3));
        assertEquals(50, r.numDraws());
    }

    @Test
    void treeDepthSaturationIsCounted() {
        // With maxTreeDepth 1 every non-divergent NUTS iteration stops at the limit; with 10 a 2-d Gaussian never
        // needs more than a few doublings.
        McmcConfig shallow = McmcConfig.builder().numWarmup(100).numSamples(50).numChains(1).maxTreeDepth(1)
                .build();
        for (ChainStatistics s : new Mcmc(shallow).run(chain -> GaussianDensity.diagonal(1, 2), new double[][] {{0, 0}},
                McmcListener.NONE).statistics()) {
            assertEquals(1, s.maxTreeDepth());
            assertEquals(50 - s.divergences(), s.maxTreeDepthHits());
            assertEquals(50, s.numSamples());
        }
        McmcResult deep = new Mcmc(shallow.toBuilder().maxTreeDepth(10).build()).run(
                chain -> GaussianDensity.diagonal(1, 2), new double[][] {{0, 0}}, McmcListener.NONE);
        assertEquals(10, deep.statistics().get(0).maxTreeDepth());
        assertEquals(0, deep.totalMaxTreeDepthHits());
    }

    @Test
    void kernelOptionsDoNotMixWithAPluggedKernel() {
        McmcConfig hmc = McmcConfig.builder().algorithm(Algorithm.HMC).numLeapfrogSteps(5).build();
        assertThrows(IllegalArgumentException.class, () -> new Mcmc(hmc, PluggedKernelTest::randomWalk));
        McmcConfig depth = McmcConfig.builder().maxTreeDepth(5).build();
        assertThrows(IllegalArgumentException.class, () -> new Mcmc(depth, PluggedKernelTest::randomWalk));
        assertThrows(IllegalArgumentException.class, () -> new Mcmc(McmcConfig.builder().build(), null));
        assertThrows(IllegalArgumentException.class, () -> Nuts.factory(0));
    }
}
