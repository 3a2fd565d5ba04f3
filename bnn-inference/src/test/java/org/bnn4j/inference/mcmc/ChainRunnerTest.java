package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.internal.DualAveraging;
import org.junit.jupiter.api.Test;

/** Known-answer checks of the warm-up bookkeeping, replayed from the recorded transitions. */
class ChainRunnerTest {

    /** Delegates to NUTS and records every transition. */
    private static final class RecordingKernel implements McmcKernel {
        private final Nuts nuts;
        final List<Transition> transitions = new ArrayList<>();
        final List<double[]> invMasses = new ArrayList<>();

        RecordingKernel(LogDensity density) {
            nuts = new Nuts(density, 10);
        }

        @Override
        public Transition step(ChainState state, double stepSize, double[] invMass, RandomGenerator rng) {
            Transition t = nuts.step(state, stepSize, invMass, rng);
            transitions.add(t);
            invMasses.add(invMass.clone());
            return t;
        }

        @Override
        public LogDensity density() {
            return nuts.density();
        }
    }

    @Test
    void warmupReplaysStanAdaptation() {
        // numWarmup = 100: one slow window [15, 89] (WarmupScheduleTest), terminal buffer [90, 99].
        GaussianDensity target = GaussianDensity.bivariate(1.0, 3.0, 0.5);
        RecordingKernel kernel = new RecordingKernel(target);
        McmcConfig config = McmcConfig.builder().numWarmup(100).numSamples(20).numChains(1).build();
        ChainRunner.Output out = ChainRunner.run(0, config, density -> kernel,
                ChainState.at(new double[] {1, 1}, target), target, new SplittableRandom(17), McmcListener.NONE);
        IterationTrace trace = out.trace();
        double[] stepSize = trace.stepSize();
        double[] acceptStat = trace.acceptStat();

        // The mass matrix used from iteration 90 on is the regularised variance of the window's draws.
        MetricEstimator w = MetricEstimator.diagonal(2);
        for (int i = 15; i <= 89; i++) {
            w = w.add(kernel.transitions.get(i).state().position());
        }
        double[] expected = w.estimate().diagonal();
        assertArrayEquals(expected, kernel.invMasses.get(90), 0.0);
        assertArrayEquals(new double[] {1, 1}, kernel.invMasses.get(89), 0.0);
        assertArrayEquals(expected, out.statistics().inverseMassMatrix(), 0.0);

        // Dual averaging restarts at iteration 90 from the re-found step size, mu = log(10 eps); replaying
        // it on the recorded acceptance statistics gives each later step size and the final eps-bar.
        DualAveraging da = DualAveraging.start(stepSize[90]);
        for (int i = 90; i < 100; i++) {
            assertEquals(da.stepSize(), stepSize[i], 0.0, "iteration " + i);
            da = da.update(acceptStat[i], config.targetAccept());
        }
        for (int i = 100; i < 120; i++) {
            assertEquals(da.finalStepSize(), stepSize[i], 0.0, "sampling iteration " + i);
        }
        assertEquals(da.finalStepSize(), out.statistics().stepSize(), 0.0);

        // Kept draws are the sampling states.
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(kernel.transitions.get(100 + i).state().position(), out.draws()[i], 0.0);
        }
    }

    @Test
    void noAdaptationKeepsStepSizeAndUnitMass() {
        GaussianDensity target = GaussianDensity.diagonal(1.0, 2.0);
        RecordingKernel kernel = new RecordingKernel(target);
        McmcConfig config = McmcConfig.builder().numWarmup(100).numSamples(10).numChains(1).adaptStepSize(false)
                .adaptMassMatrix(false).findInitialStepSize(false).initialStepSize(0.3).build();
        ChainRunner.Output out = ChainRunner.run(0, config, density -> kernel,
                ChainState.at(new double[] {0, 0}, target), target, new SplittableRandom(1), McmcListener.NONE);
        for (int i = 0; i < 110; i++) {
            assertEquals(0.3, out.trace().stepSize()[i], 0.0);
            assertArrayEquals(new double[] {1, 1}, kernel.invMasses.get(i), 0.0);
        }
    }
}
