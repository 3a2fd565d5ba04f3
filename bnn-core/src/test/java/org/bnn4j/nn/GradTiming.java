package org.bnn4j.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.nn.internal.FastTanh;
import org.bnn4j.nn.internal.KernelTiming;

/**
 * Times one log-joint gradient of the seed model (1-50-1 tanh heteroskedastic, B=400, N=1) through
 * {@link ModelEvaluator#logJoint}, and its parts (forward only, kernel forward + backward); not a unit test.
 * Run like {@link KernelTiming}: {@code java -cp ... org.bnn4j.nn.GradTiming [seconds]}.
 */
public final class GradTiming {
    private GradTiming() {
    }

    /** @param args optional seconds per case (default 3) */
    public static void main(String[] args) {
        double secs = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(50).build();
        BayesianModel model = BayesianModel.heteroskedastic(spec);
        SplittableRandom rng = new SplittableRandom(7);
        int b = 400;
        double[] x = new double[b];
        double[] y = new double[b];
        for (int i = 0; i < b; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
            y[i] = Math.sin(3 * x[i]) + 0.1 * rng.nextGaussian();
        }
        double[] theta = model.initialParameters(rng);
        ModelEvaluator ev = model.newEvaluator(1, b);
        ev.setBatch(x, y, b, 1.0);
        double[] out = new double[1];
        double[] grad = new double[theta.length];
        if (args.length > 1 && args[1].equals("fwd")) {
            report("forward", secs, () -> ev.forward(theta, 1));
            return;
        }
        report("logJoint+grad", secs, () -> ev.logJoint(theta, 1, out, grad));
        if (args.length > 1) {
            return;
        }
        report("logJoint", secs, () -> ev.logJoint(theta, 1, out, null));
        report("forward", secs, () -> ev.forward(theta, 1));
        double[] t = new double[20_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = 3 * rng.nextGaussian();
        }
        double[] r = new double[t.length];
        report("20k FastTanh.inPlace", secs, () -> {
            System.arraycopy(t, 0, r, 0, t.length);
            FastTanh.inPlace(r, 0, r.length);
        });
        report("20k Math.exp", secs, () -> {
            for (int i = 0; i < t.length; i++) {
                r[i] = Math.exp(t[i]);
            }
        });
        report("20k Math.tanh", secs, () -> {
            for (int i = 0; i < t.length; i++) {
                r[i] = Math.tanh(t[i]);
            }
        });
    }

    private static void report(String what, double secs, Runnable r) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < secs * 0.3e9) {
            r.run();
        }
        double[] ts = new double[2000];
        int n = 0;
        long t1 = System.nanoTime();
        while (n < ts.length && System.nanoTime() - t1 < secs * 0.7e9) {
            long s = System.nanoTime();
            r.run();
            ts[n++] = (System.nanoTime() - s) / 1e3;
        }
        Arrays.sort(ts, 0, n);
        System.out.println(String.format(Locale.ROOT, "%-28s median %8.1f us  p10 %8.1f  p90 %8.1f  (n=%d)", what,
                ts[n / 2], ts[n / 10], ts[n * 9 / 10], n));
    }
}
