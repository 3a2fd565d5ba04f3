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
 * rest of the ELBO estimate, Adam; then the unit-major loops phase by phase over all units (the same arithmetic as
 * {@link UnitMajorReparameterization}, one phase at a time, so each can be timed alone; their sum exceeds the fused
 * epoch, whose phases share the cache) with the floor of each where a simpler loop gives one. {@code uci ROWS}: the
 * step loop of a minibatch fit (512 rows) of the UCI net (8 inputs, 50 ReLU units, homoskedastic) with a timer
 * around each part. Times are the thread's CPU time, a low quantile over repeated 20 ms runs.
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
        print("the unit-major loops phase by phase (floor: the phase's arithmetic alone)",
                phases(model.network().layout(), u, std, x, b, noises[0]));
    }

    /** The demo's unit-major loops fissioned by phase over all 50 units. */
    private static Map<String, Double> phases(ParameterLayout layout, double[] loc, double[] std, double[] x, int b,
                                              double[] noise) {
        int w = 50;
        int hw = layout.hiddenWeightOffset(0);
        int hb = layout.hiddenBiasOffset(0);
        int mw = layout.meanWeightOffset();
        int sw = layout.scaleWeightOffset();
        double[][] h = new double[w][b];
        double[][] q = new double[w][b];
        double[][] e = new double[w][b];
        double[][] dz = new double[w][b];
        double[][] rz = new double[w][b];
        double[] xq = new double[b];
        for (int i = 0; i < b; i++) {
            xq[i] = x[i] * x[i];
        }
        SplittableRandom rng = new SplittableRandom(4);
        double[] g0 = gaussian(rng, b);
        double[] g1 = gaussian(rng, b);
        double[] r0 = gaussian(rng, b);
        double[] r1 = gaussian(rng, b);
        double[] m = new double[b];
        double[] v = new double[b];
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("copy each unit's noise", time(() -> {
            for (int j = 0; j < w; j++) {
                System.arraycopy(noise, j * b, e[j], 0, b);
            }
        }));
        t.put("q = eps / sqrt(var) (floor: a loop of sqrt alone plus one of division alone)", time(() -> {
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
        t.put("  floor", time(() -> {
            for (int j = 0; j < w; j++) {
                double[] qj = q[j];
                for (int i = 0; i < b; i++) {
                    qj[i] = Math.sqrt(xq[i]);
                }
            }
        }) + time(() -> {
            for (int j = 0; j < w; j++) {
                double[] qj = q[j];
                double[] ej = e[j];
                for (int i = 0; i < b; i++) {
                    qj[i] = ej[i] / xq[i];
                }
            }
        }));
        t.put("z = mean + var q", time(() -> {
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
        double[][] z = new double[w][];
        for (int j = 0; j < w; j++) {
            z[j] = h[j].clone();
        }
        double copy = time(() -> {
            for (int j = 0; j < w; j++) {
                System.arraycopy(z[j], 0, h[j], 0, b);
            }
        });
        t.put("tanh (FastTanh)", time(() -> {
            for (int j = 0; j < w; j++) {
                System.arraycopy(z[j], 0, h[j], 0, b);
                FastTanh.inPlace(h[j], 0, b);
            }
        }) - copy);
        t.put("heads: mean and variance sums, two units per pass", time(() -> {
            for (int hd = 0; hd < 2; hd++) {
                int wo = hd == 0 ? mw : sw;
                Arrays.fill(m, 0, b, 0.1);
                Arrays.fill(v, 0, b, 0.01);
                for (int j = 0; j + 1 < w; j += 2) {
                    double[] h0 = h[j];
                    double[] h1 = h[j + 1];
                    double m0 = loc[wo + j];
                    double m1 = loc[wo + j + 1];
                    double s0 = std[wo + j] * std[wo + j];
                    double s1 = std[wo + j + 1] * std[wo + j + 1];
                    for (int i = 0; i < b; i++) {
                        m[i] += h0[i] * m0 + h1[i] * m1;
                    }
                    for (int i = 0; i < b; i++) {
                        v[i] += h0[i] * h0[i] * s0 + h1[i] * h1[i] * s1;
                    }
                }
            }
        }));
        t.put("backward: each unit's delta dz", time(() -> {
            for (int j = 0; j < w; j++) {
                double[] a = h[j];
                double[] d = dz[j];
                double m0 = loc[mw + j];
                double m1 = loc[sw + j];
                double s0 = std[mw + j] * std[mw + j];
                double s1 = std[sw + j] * std[sw + j];
                for (int i = 0; i < b; i++) {
                    double ai = a[i];
                    d[i] = (g0[i] * m0 + g1[i] * m1 + ai * (r0[i] * s0 + r1[i] * s1)) * (1.0 - ai * ai);
                }
            }
        }));
        t.put("backward: each unit's noise term dz q", time(() -> {
            for (int j = 0; j < w; j++) {
                double[] d = dz[j];
                double[] r = rz[j];
                double[] qj = q[j];
                for (int i = 0; i < b; i++) {
                    r[i] = d[i] * qj[i];
                }
            }
        }));
        t.put("backward: eight sums over the batch per unit (scalar)", time(() -> {
            for (int j = 0; j < w; j++) {
                double[] a = h[j];
                double[] d = dz[j];
                double[] r = rz[j];
                double p0 = 0;
                double p1 = 0;
                double q0 = 0;
                double q1 = 0;
                double gb = 0;
                double gw = 0;
                double rb = 0;
                double rw = 0;
                for (int i = 0; i < b; i++) {
                    double ai = a[i];
                    double aa = ai * ai;
                    p0 += ai * g0[i];
                    q0 += aa * r0[i];
                    p1 += ai * g1[i];
                    q1 += aa * r1[i];
                    gb += d[i];
                    gw += x[i] * d[i];
                    rb += r[i];
                    rw += r[i] * xq[i];
                }
                sink += p0 + p1 + q0 + q1 + gb + gw + rb + rw;
            }
        }));
        return t;
    }

    /** Svi's step loop on a 8-input set of n rows, minibatches of 512, with a timer around each part. */
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
