package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory soak: 1e5 SVI steps on the seed network (1-50-1 heteroskedastic tanh, 400 cluster points, minibatches of
 * 40 so an epoch is 10 steps) keep off-heap and heap memory flat. Memory is sampled every 1e4 steps; the first
 * sample (after JIT warm-up and the kernel's buffers are allocated) is the baseline.
 */
@Tag("slow")
class SviMemorySoakTest {

    private static final Logger LOG = LoggerFactory.getLogger(SviMemorySoakTest.class);
    private static final int STEPS = 100_000;
    private static final int BATCH = 40;
    private static final int SAMPLES = 10;
    private static final long MIB = 1L << 20;
    /**
     * Allowed growth of the process's resident memory (JavaCPP's {@code Pointer.physicalBytes()}: heap, ND4J's native
     * buffers and workspaces, malloc arenas) from the baseline to the end: 8e4 further steps leaking 420 bytes each
     * (about 50 doubles, one hidden layer's activations for a single point) would exceed it, while the largest
     * transient excursion of the resident size seen between samples in this test was 15 MiB (twice that here).
     */
    private static final long RSS_TOLERANCE = 32 * MIB;
    /** Allowed growth of JavaCPP's own tracked allocations (deallocator-managed pointers). */
    private static final long JAVACPP_TOLERANCE = MIB;
    /**
     * The baseline is the second sample (2e4 steps): the first still holds start-up memory that the first full GCs
     * release (the resident size falls by ~35 MiB between the first two samples).
     */
    private static final int BASELINE = 1;
    /** Allowed growth of live heap (used after GC): a per-step leak of 100 bytes would be 9 MB. */
    private static final long HEAP_TOLERANCE = 8 * MIB;

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = {"FUSED_CPU", "ND4J"})
    void hundredThousandStepsKeepMemoryFlat(KernelType kernel) {
        org.nd4j.linalg.factory.Nd4j.zeros(1); // load the backend, and with it JavaCPP's native memory counters
        ClusterData data = ClusterData.generate(ClusterConfig.defaults());
        BayesianModel model = new BayesianModel(
                new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build(), kernel,
                        org.nd4j.linalg.api.buffer.DataType.DOUBLE),
                new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD), new HeteroskedasticGaussian());
        int stepsPerEpoch = data.train().size() / BATCH;
        int epochs = STEPS / stepsPerEpoch;
        int every = epochs / SAMPLES;
        List<long[]> samples = new ArrayList<>();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        FitListener probe = new FitListener() {
            @Override
            public void onIteration(IterationEvent e) {
                if ((e.iteration() + 1) % every == 0) {
                    System.gc();
                    samples.add(new long[] {(long) (e.iteration() + 1) * stepsPerEpoch, Pointer.totalBytes(),
                            Pointer.physicalBytes(), mem.getHeapMemoryUsage().getUsed()});
                }
            }
        };
        long t0 = System.nanoTime();
        new Svi(SviConfig.defaults().toBuilder().epochs(epochs).batchSize(BATCH).seed(1).build())
                .fit(model, data.train(), FitOptions.defaults().withListeners(probe));
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder table = new StringBuilder(String.format("%n%s kernel, %d steps in %.1f s%n%10s %14s %14s %14s%n",
                kernel, STEPS, seconds, "step", "javacppMiB", "rssMiB", "heapUsedMiB"));
        for (long[] s : samples) {
            table.append(String.format("%10d %14.3f %14.1f %14.1f%n", s[0], s[1] / (double) MIB, s[2] / (double) MIB,
                    s[3] / (double) MIB));
        }
        LOG.info("SVI memory soak:{}", table);
        System.out.println(table); // the figures are the point of this slow test: keep them in the surefire output
        long[] base = samples.get(BASELINE);
        long[] last = samples.get(samples.size() - 1);
        assertTrue(last[1] - base[1] <= JAVACPP_TOLERANCE, "JavaCPP bytes grew by " + (last[1] - base[1]) + table);
        assertTrue(last[2] - base[2] <= RSS_TOLERANCE, "resident memory grew by " + (last[2] - base[2]) + table);
        assertTrue(last[3] - base[3] <= HEAP_TOLERANCE, "heap grew by " + (last[3] - base[3]) + " bytes" + table);
    }
}
