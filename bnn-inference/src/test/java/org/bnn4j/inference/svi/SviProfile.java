package org.bnn4j.inference.svi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.internal.TrainingData;
import org.bnn4j.inference.internal.Adam;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.internal.FastTanh;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;

/**
 * Experiment driver for SVI's cost (not a test), used for the profile in docs/benchmarks.md. {@code demo}: the SVI
 * epoch of the cluster net (1-50-1 tanh heteroskedastic, 400 points, 1 particle, the tutorial settings) by whole
 * fits, then its parts timed alone: the normal draws, the local reparameterization's forward and backward pass, the
 * rest of the ELBO estimate, Adam; then the passes of {@link UnitMajorReparameterization} one at a time over all
 * units, each its production unit (their sum exceeds the fused epoch, whose passes share the cache), the hidden layer
 * also loop by loop, with the floor of a loop where a simpler loop gives one. {@code uci ROWS}: the step loop of a
 * minibatch fit (512 rows) of the UCI net (8 inputs, 50 ReLU units, homoskedastic) with a timer around each part.
 * Times are the thread's CPU time, a low quantile over repeated 20 ms runs.
 *
 * <pre>{@code
 * java -cp <bnn-inference test classpath> org.bnn4j.inference.svi.SviProfile demo
 * java -cp <bnn-inference test classpath> org.bnn4j.inference.svi.SviProfile uci 8192
 * }</pre>
 */
public final class SviProfile {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static double sink;

    private SviProfile() {
    }

    /** @param args {@code demo} or {@code uci ROWS} */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("uci")) {
            uci(Integer.parseInt(args[1]));
        } else {
            demo();
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void demo() {
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
        ClusterData data = ClusterData.generate(ClusterConfig.defaults());
        Svi svi = new Svi(SviConfig.notebook().toBuilder().epochs(2000).build());
        long w0 = System.nanoTime();
        do {
            svi.fit(model, data.train());
        } while (System.nanoTime() - w0 < 4e9);
        double[] ms = new double[5];
        for (int f = 0; f < ms.length; f++) {
            long t0 = System.nanoTime();
            svi.fit(model, data.train());
            ms[f] = (System.nanoTime() - t0) / 1e6 / 2000;
        }
        Arrays.sort(ms);
        System.out.printf("SVI epoch (whole fits of 2000 epochs, median of 5): %.4f ms%n", ms[2]);

        int b = data.train().size();
        double[] x = data.train().xArray();
        ElboEstimator est = new ElboEstimator(model, Guide.meanField(), 1, b, true);
        est.setBatch(x, data.train().yArray(), b, 1.0);
        SplittableRandom rng = new SplittableRandom(1);
        double[] theta = model.initialParameters(rng);
        Svi.spreadUnits(model.network().layout(), x, b, 3.0, rng, theta);
        double[] u = new double[est.numParams()];
        est.guide().init(Arrays.copyOf(theta, est.latent()), 0.05, rng, u);
        int nl = est.noiseLength(b, 1);
        GaussianStream stream = new GaussianStream(new SplittableRandom(2), nl);
        double[][] noises = new double[16][];
        for (int k = 0; k < noises.length; k++) {
            noises[k] = stream.next(nl).clone();
        }
        est.guide().prepare(u);
        double[] std = ((MeanFieldGuide.MeanFieldInstance) est.guide()).std;
        LocalReparameterization lrt = new LocalReparameterization(model.network().spec(), 1, b);
        double[] gMean = gaussian(rng, b);
        double[] gScale = gaussian(rng, b);
        double[] gl = new double[theta.length];
        double[] gs = new double[theta.length];
        double[] grad = new double[u.length];
        int[] next = {0};
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("normal draws (" + nl + ")", time(() -> stream.next(nl)));
        double fwd = time(() -> lrt.forward(u, std, noises[next[0]++ & 15], 1, x, b));
        double both = time(() -> {
            double[] n = noises[next[0]++ & 15];
            lrt.forward(u, std, n, 1, x, b);
            lrt.backward(u, std, n, x, gMean, gScale, gl, gs);
        });
        parts.put("local reparameterization: forward", fwd);
        parts.put("local reparameterization: backward", both - fwd);
        double elbo = time(() -> est.evaluate(u, noises[next[0]++ & 15], 1, 1.0, grad));
        parts.put("rest of the ELBO estimate (likelihood, KL, guide softplus)", elbo - both);
        Adam adam = new Adam(u.length);
        double[] uu = u.clone();
        parts.put("Adam step and projection", time(() -> {
            adam.step(uu, grad, 1e-12);
            est.guide().project(uu, 5.0);
        }));
        print("parts of one epoch, timed alone", parts);
        print("the unit-major passes over all units, each alone (floor: the arithmetic alone)",
                phases(model.network().layout(), u, std, x, b, noises[0]));
    }

    /**
     * The demo's unit-major passes over all 50 units, each timed alone: the production units of
     * {@link UnitMajorReparameterization} ({@link HiddenUnitSampler}, {@link FastTanh}, {@link HeadSampler},
     * {@link HeadGradients}, {@link UnitDeltas}, {@link UnitGradientSums}) on the guide's means and deviations, with
     * the hidden layer also fissioned into its loops.
     */
    private static Map<String, Double> phases(ParameterLayout layout, double[] loc, double[] std, double[] x, int b,
                                              double[] noise) {
        UnitMajorShape shape = new UnitMajorShape(layout, true);
        int w = shape.w;
        InputColumns columns = new InputColumns(shape.in, b);
        columns.load(x, b);
        double[] epsBuf = new double[b];
        HiddenUnitSampler hidden = new HiddenUnitSampler(shape, columns, epsBuf, b);
        HeadSampler head = new HeadSampler(shape, epsBuf, b);
        HeadGradients heads = new HeadGradients(shape, b);
        UnitDeltas deltas = new UnitDeltas(shape, heads, b);
        UnitGradientSums sums = new UnitGradientSums(shape, heads, deltas, columns);
        double[][] h = new double[w][b];
        double[][] q = new double[w][b];
        double[][] headQ = new double[shape.numHeads][b];
        double[] mean = new double[b];
        double[] raw = new double[b];
        SplittableRandom rng = new SplittableRandom(4);
        double[] gMean = gaussian(rng, b);
        double[] gScale = gaussian(rng, b);
        double[] scaleDeriv = gaussian(rng, b);
        double[] gLoc = new double[loc.length];
        double[] gStd = new double[loc.length];
        int headNoise = w * b; // the heads' noise follows the hidden layer's, [numHeads, b]
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("hidden layer, its loops fused per unit (HiddenUnitSampler)",
                time(() -> hidden.sample(loc, std, noise, 0, h, q, b)));
        t.putAll(hiddenLoops(shape, loc, std, columns.squares()[0], x, b, noise, h, q));
        double[][] z = new double[w][];
        for (int j = 0; j < w; j++) {
            z[j] = h[j].clone(); // the pre-activations the last loop wrote
        }
        double copy = time(() -> {
            for (int j = 0; j < w; j++) {
                System.arraycopy(z[j], 0, h[j], 0, b);
            }
        });
        t.put("  tanh (FastTanh)", time(() -> {
            for (int j = 0; j < w; j++) {
                System.arraycopy(z[j], 0, h[j], 0, b);
                FastTanh.inPlace(h[j], 0, b);
            }
        }) - copy);
        hidden.sample(loc, std, noise, 0, h, q, b); // the activations again, for the heads
        t.put("heads: mean and variance sums, eps / sd, the output (HeadSampler)", time(() -> {
            head.sample(loc, std, noise, headNoise, h, headQ[0], 0, mean, 0, 0, b);
            head.sample(loc, std, noise, headNoise + b, h, headQ[1], 1, raw, 0, 0, b);
        }));
        t.put("backward: the heads' gradients and noise terms (HeadGradients)",
                time(() -> heads.compute(std, gMean, gScale, scaleDeriv, gLoc, gStd, headQ, 0, b)));
        t.put("backward: each unit's delta and noise term (UnitDeltas)", time(() -> {
            for (int j = 0; j < w; j++) {
                deltas.compute(loc, std, q[j], j, h[j], b);
            }
        }));
        // each unit's sums read the delta of the last unit computed: other values, the same arithmetic
        t.put("backward: eight sums over the batch per unit (UnitGradientSums)", time(() -> {
            for (int j = 0; j < w; j++) {
                sums.add(std, gLoc, gStd, j, h[j], b);
            }
        }));
        sink += gLoc[0] + gStd[0];
        return t;
    }

    /**
     * The loops {@link HiddenUnitSampler#sample} fuses per unit (its 1-d input path), each run alone over all units,
     * with the floor of the division: copies of its loops, because the unit exposes only the fused pass.
     */
    private static Map<String, Double> hiddenLoops(UnitMajorShape shape, double[] loc, double[] std, double[] xq,
                                                   double[] x, int b, double[] noise, double[][] h, double[][] q) {
        int w = shape.w;
        int hw = shape.hiddenW;
        int hb = shape.hiddenB;
        double[][] e = new double[w][b];
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("  copy each unit's noise", time(() -> {
            for (int j = 0; j < w; j++) {
                System.arraycopy(noise, j * b, e[j], 0, b);
            }
        }));
        t.put("  q = eps / sqrt(var) (floor: a loop of sqrt alone, one of division alone)", time(() -> {
            for (int j = 0; j < w; j++) {
                double sb2 = std[hb + j] * std[hb + j];
                double sw2 = std[hw + j] * std[hw + j];
                double[] qj = q[j];
                double[] ej = e[j];
                for (int i = 0; i < b; i++) {
                    qj[i] = ej[i] / Math.sqrt(sb2 + xq[i] * sw2);
                }
            }
        }));
        double[][] f = new double[w][b];
        t.put("    floor", time(() -> {
            for (int j = 0; j < w; j++) {
                double[] fj = f[j];
                for (int i = 0; i < b; i++) {
                    fj[i] = Math.sqrt(xq[i]);
                }
            }
        }) + time(() -> {
            for (int j = 0; j < w; j++) {
                double[] fj = f[j];
                double[] ej = e[j];
                for (int i = 0; i < b; i++) {
                    fj[i] = ej[i] / xq[i];
                }
            }
        }));
        t.put("  z = mean + var q", time(() -> {
            for (int j = 0; j < w; j++) {
                double mb = loc[hb + j];
                double mwj = loc[hw + j];
                double sb2 = std[hb + j] * std[hb + j];
                double sw2 = std[hw + j] * std[hw + j];
                double[] qj = q[j];
                double[] hj = h[j];
                for (int i = 0; i < b; i++) {
                    hj[i] = mb + x[i] * mwj + (sb2 + xq[i] * sw2) * qj[i];
                }
            }
        }));
        return t;
    }

    /**
     * Svi's step loop on a 8-input set of n rows, minibatches of 512, with a timer around each part: the loop of
     * {@link Svi#fit} written out again (the same calls in the same order, without the schedules, the KL annealing
     * and the failure checks), because the fit exposes no time per part.
     */
    private static void uci(int n) {
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = gaussian(rng, n * 8);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(x[8 * i]) + 0.5 * x[8 * i + 1] * x[8 * i + 2] + 0.2 * rng.nextGaussian();
        }
        Dataset train = Dataset.of(x, y, n, 8, 1);
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(8, 1).hidden(50)
                .activation(Activation.RELU).heteroskedastic(false).build()), new NormalPrior(1.0),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1.0, 0.1)));
        for (int rep = 0; rep < 5; rep++) {
            TrainingData td = new TrainingData(model, train, true, 512);
            ElboEstimator est = new ElboEstimator(model, Guide.meanField(), 1, td.maxBatch(), true);
            double[] u = new double[est.numParams()];
            SplittableRandom r = new SplittableRandom(rep);
            double[] loc = gaussian(r, est.latent());
            for (int j = 0; j < loc.length; j++) {
                loc[j] *= 0.1;
            }
            est.guide().init(loc, 1e-3, r, u);
            GaussianStream stream = new GaussianStream(r.split(), est.noiseLength(td.maxBatch(), 1));
            Adam adam = new Adam(u.length);
            double[] grad = new double[u.length];
            long gather = 0;
            long draws = 0;
            long elbo = 0;
            long step = 0;
            int steps = 0;
            long c0 = THREADS.getCurrentThreadCpuTime();
            while (steps < 8000) {
                td.nextEpoch(r);
                for (int bi = 0; bi < td.numBatches() && steps < 8000; bi++, steps++) {
                    long t0 = System.nanoTime();
                    int len = td.gather(bi);
                    est.setBatch(td.batchX(), td.batchY(), len, (double) td.size() / len);
                    long t1 = System.nanoTime();
                    double[] noise = stream.next(est.noiseLength(len, 1));
                    long t2 = System.nanoTime();
                    sink += est.evaluate(u, noise, 1, 1.0, grad).loss();
                    long t3 = System.nanoTime();
                    adam.step(u, grad, 5e-3);
                    est.guide().project(u, 5.0);
                    long t4 = System.nanoTime();
                    gather += t1 - t0;
                    draws += t2 - t1;
                    elbo += t3 - t2;
                    step += t4 - t3;
                }
            }
            double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / steps;
            if (!Double.isFinite(sink)) {
                throw new IllegalStateException("the fit diverged; the timings would not be those of a fit");
            }
            System.out.printf("fit %d of 5, %d rows: %.1f us CPU per step; gather %.1f, normal draws %.1f, ELBO "
                    + "estimate %.1f, Adam %.1f us (wall clock)%n", rep + 1, n, cpu, gather / 1e3 / steps,
                    draws / 1e3 / steps, elbo / 1e3 / steps, step / 1e3 / steps);
            if (rep == 4) { // the local reparameterization alone on the last minibatch, with the last guide
                int len = td.gather(0);
                double[] bx = td.batchX().clone();
                double[] noise = stream.next(est.noiseLength(len, 1)).clone();
                double[] std = ((MeanFieldGuide.MeanFieldInstance) est.guide()).std;
                LocalReparameterization lrt = new LocalReparameterization(model.network().spec(), 1, len);
                double[] gMean = gaussian(r, len);
                double[] gl = new double[model.numNetworkParams()];
                double[] gs = new double[gl.length];
                double fwd = time(() -> lrt.forward(u, std, noise, 1, bx, len));
                double both = time(() -> {
                    lrt.forward(u, std, noise, 1, bx, len);
                    lrt.backward(u, std, noise, bx, gMean, null, gl, gs);
                });
                System.out.printf("local reparameterization on one minibatch: forward %.1f us, backward %.1f us%n",
                        fwd, both - fwd);
            }
        }
    }

    private static void print(String title, Map<String, Double> parts) {
        System.out.println(title + " (us):");
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            System.out.printf("  %-75s %7.1f%n", e.getKey(), e.getValue());
        }
    }

    private static double time(Runnable op) {
        long w0 = System.nanoTime();
        while (System.nanoTime() - w0 < 1e9) {
            op.run();
        }
        double[] r = new double[21];
        for (int k = 0; k < r.length; k++) {
            int n = 0;
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 2e7) {
                op.run();
                n++;
            }
            r[k] = (THREADS.getCurrentThreadCpuTime() - c0) / (double) n / 1e3;
        }
        Arrays.sort(r);
        return r[4];
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
