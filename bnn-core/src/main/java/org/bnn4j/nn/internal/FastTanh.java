package org.bnn4j.nn.internal;

/**
 * tanh in float64 from plain arithmetic that HotSpot's C2 compiler vectorises (SIMD over AVX2 / AVX-512 lanes), several
 * times faster than a loop of {@code Math.exp} calls, which the JIT cannot vectorise, and as accurate as
 * {@link StrictMath#tanh} to within a few ulps (relative error below 4e-15 everywhere, 6e-16 in
 * {@code FastTanhTest}).
 *
 * <p>Method: with {@code c} = z clamped to {@code +-20} (beyond which tanh is exactly {@code +-1} in float64),
 * {@code u0 = expm1(-2c / 256)} from its Taylor series to degree 10 (argument at most 0.156 in magnitude,
 * truncation below 2.2e-16 relative), then eight doublings {@code u <- u (2 + u)}, since {@code expm1(2t) = expm1(t) (2 + expm1(t))},
 * give {@code u = expm1(-2c)}, and {@code tanh(c) = -u / (2 + u)}. Working with {@code expm1} rather than {@code exp}
 * keeps the relative accuracy for tiny |z| (no {@code 1 - e} cancellation). The series uses fused multiply-adds where
 * the hardware has them ({@link #HARDWARE_FMA}). The array form runs as three loops, the clamp, the series and the
 * doublings, because C2 leaves a loop holding more of them scalar (timings in docs/benchmarks.md).
 * The scalar and array forms do the same operations in the same order and agree bit for bit.
 *
 * <p>NaN propagates; {@code +-0} and infinities map to {@code +-0} and {@code +-1}.
 */
public final class FastTanh {

    /** Beyond this |z| tanh is exactly +-1 in float64 (1 - tanh(z), about 2 exp(-2|z|), is below 2^-54 from |z| = 19.1). */
    public static final double SATURATION = 20.0;

    /** -2 / 256: the series argument per unit of z (eight doublings follow). */
    private static final double ARG = -1.0 / 128.0;

    private static final double C10 = 1.0 / 3628800.0;
    private static final double C9 = 1.0 / 362880.0;
    private static final double C8 = 1.0 / 40320.0;
    private static final double C7 = 1.0 / 5040.0;
    private static final double C6 = 1.0 / 720.0;
    private static final double C5 = 1.0 / 120.0;
    private static final double C4 = 1.0 / 24.0;
    private static final double C3 = 1.0 / 6.0;
    private static final double C2 = 0.5;

    /**
     * Whether {@link Math#fma} runs as one instruction here. HotSpot uses the FMA instruction when its {@code UseFMA}
     * flag is on (x86 with FMA3, AArch64); otherwise {@code Math.fma} falls back to exact BigDecimal arithmetic,
     * a thousand times slower, so callers take the plain form. Unknown (another JVM, no management module): false.
     */
    static final boolean HARDWARE_FMA = detectFma();

    private FastTanh() {
    }

    private static boolean detectFma() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean bean = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * @param z any value
     * @return tanh(z)
     */
    public static double of(double z) {
        double r = seriesArgument(z);
        return fromExpm1(HARDWARE_FMA ? expm1TaylorFma(r) : expm1Taylor(r));
    }

    /**
     * Replaces {@code a[from, to)} by its tanh, in place.
     *
     * @param a    values
     * @param from first index
     * @param to   end index (exclusive)
     * @throws ArrayIndexOutOfBoundsException if the range is outside a
     */
    public static void inPlace(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = seriesArgument(a[i]);
        }
        if (HARDWARE_FMA) {
            for (int i = from; i < to; i++) {
                a[i] = expm1TaylorFma(a[i]);
            }
        } else {
            for (int i = from; i < to; i++) {
                a[i] = expm1Taylor(a[i]);
            }
        }
        for (int i = from; i < to; i++) {
            a[i] = fromExpm1(a[i]);
        }
    }

    /**
     * The series argument {@code -2c / 256} for c = z clamped to +-SATURATION: {@code of(z)} equals
     * {@code fromExpm1(series(seriesArgument(z)))} bit for bit, with the series {@link #expm1TaylorFma} when
     * {@link #HARDWARE_FMA} and {@link #expm1Taylor} otherwise, so callers may run the three stages as separate loops
     * (each small enough for C2 to vectorise) and fuse the first into the loop that computes z.
     */
    static double seriesArgument(double z) {
        return Math.max(-SATURATION, Math.min(SATURATION, z)) * ARG;
    }

    /**
     * {@code expm1(r)} by Horner on its degree-10 Taylor series: truncation below 2.2e-16 relative for
     * {@code |r| <= 0.16}. Plain arithmetic, so loops calling it vectorise (also used by {@link FastSoftplus}).
     */
    static double expm1Taylor(double r) {
        double p = C10;
        p = p * r + C9;
        p = p * r + C8;
        p = p * r + C7;
        p = p * r + C6;
        p = p * r + C5;
        p = p * r + C4;
        p = p * r + C3;
        p = p * r + C2;
        p = p * r + 1.0;
        return p * r;
    }

    /**
     * {@link #expm1Taylor} with fused multiply-adds: as accurate (one rounding per step instead of two), ten fewer
     * instructions, not bit-identical. Use only when {@link #HARDWARE_FMA}.
     */
    static double expm1TaylorFma(double r) {
        double p = C10;
        p = Math.fma(p, r, C9);
        p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1.0);
        return p * r;
    }

    /** Eight doublings of expm1, then tanh(c) = -expm1(-2c) / (2 + expm1(-2c)). */
    static double fromExpm1(double u) {
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        u = u * (2.0 + u);
        return u / (-2.0 - u);
    }
}
