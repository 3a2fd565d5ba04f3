package org.bnn4j.inference.svi;

/**
 * A stream of standard normal draws by the ziggurat method with 256 layers, in Doornik's form (J. A. Doornik, "An
 * Improved Ziggurat Method to Generate Normal Random Samples", 2005; after G. Marsaglia and W. W. Tsang, "The Ziggurat
 * Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), on 64-bit words of the SplitMix64 generator
 * (G. L. Steele, D. Lea and C. H. Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014: word n is
 * {@code mix64(seed + n * GOLDEN_GAMMA)}, the sequence of a {@code SplittableRandom} created with that seed).
 *
 * <p>Each draw takes one word: its low 8 bits choose the layer, its top 53 bits a uniform u in [-1, 1); 98.5 % of
 * draws return {@code u x_i} after one compare ({@code |u| < x_{i+1} / x_i}), the rest take the layer's wedge (a
 * uniform height between the tabulated densities at its edges, compared with the chord and the tangent that bound the
 * density on the wedge, and only when those do not settle it with {@code exp(-x^2 / 2)}) or the tail (Marsaglia's
 * tail method beyond R = 3.6542) with further words. The stream is generated a block of {@link #BLOCK} draws at a time:
 * first the block's words, one per draw, in a loop C2 vectorises (a word depends only on its index); then every draw's
 * first candidate, a loop without the generator's dependency chain; then, in order, the draws whose candidate fell
 * outside its rectangle, each finishing Doornik's algorithm with words taken after the block's. Every draw is thus
 * the ziggurat algorithm run on words of its own, so the draws are independent standard normals (up to the 53-bit
 * uniforms and the generator), as with one draw at a time; only the order in which words are used differs. The
 * sequence depends on the seed alone, not on how it is read ({@link #fill} of any lengths, {@link #next}).
 *
 * <p>About 1 ns per draw against 2.7 ns for a draw at a time from a {@code SplittableRandom}: the words no longer wait
 * on the generator's state and the branch on the rare path is taken once per block, not inside the main loop
 * (docs/benchmarks.md). {@code ZigguratNormalTest} checks moments, tails and the CDF.
 *
 * <p>Not thread-safe.
 */
final class ZigguratNormal {

    /** Draws per block. */
    static final int BLOCK = 1024;
    private static final int LAYERS = 256;
    /** SplitMix64's increment, the odd integer nearest 2^64 / phi. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    /** {@code STEPS[k] = (k + 1) * GOLDEN_GAMMA}: the offsets of a block's words from the state before it. */
    private static final long[] STEPS = new long[BLOCK];
    /** Start of the tail: the rightmost layer boundary (Marsaglia and Tsang 2000, 256 layers). */
    private static final double R = 3.6541528853610088;
    /** Area of each layer (and of the base strip with the tail). */
    private static final double V = 4.92867323399e-3;
    /** Layer boundaries x_0 (base strip width V / f(R)) .. x_256 = 0. */
    private static final double[] X = new double[LAYERS + 1];
    /** The unnormalised density {@code f(x_i) = exp(-x_i^2 / 2)} at each boundary. */
    private static final double[] F = new double[LAYERS + 1];
    /**
     * Per layer i >= 1, squeezes of f on its wedge {@code [x_{i+1}, x_i]}: the chord through its ends,
     * {@code CHORD_A[i] + CHORD_B[i] x}, and the tangent at its middle, {@code TANGENT_A[i] + TANGENT_B[i] x}; where f
     * is convex ({@code x_{i+1} >= 1}) the chord lies above it and the tangent below, where it is concave
     * ({@code x_i <= 1}) the other way round; {@code CURVE[i]} is +1, -1, or 0 for the one wedge holding the inflection
     * point, which always takes the exp.
     */
    private static final double[] CHORD_A = new double[LAYERS];
    private static final double[] CHORD_B = new double[LAYERS];
    private static final double[] TANGENT_A = new double[LAYERS];
    private static final double[] TANGENT_B = new double[LAYERS];
    private static final int[] CURVE = new int[LAYERS];
    /** x_{i+1} / x_i: a uniform below it in magnitude lies inside the layer's rectangle. */
    private static final double[] RATIO = new double[LAYERS];
    private static final double TO_UNIT = 0x1.0p-52; // 53 random bits to [0, 2)

    static {
        double f = Math.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        X[LAYERS] = 0.0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2.0 * Math.log(V / X[i - 1] + f));
            f = Math.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = Math.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 1; i < LAYERS; i++) {
            CHORD_B[i] = (F[i] - F[i + 1]) / (X[i] - X[i + 1]);
            CHORD_A[i] = F[i + 1] - CHORD_B[i] * X[i + 1];
            double t = 0.5 * (X[i] + X[i + 1]);
            double ft = Math.exp(-0.5 * t * t);
            TANGENT_B[i] = -t * ft; // f'(t)
            TANGENT_A[i] = ft - TANGENT_B[i] * t;
            CURVE[i] = X[i + 1] >= 1.0 ? 1 : X[i] <= 1.0 ? -1 : 0;
        }
        for (int k = 0; k < BLOCK; k++) {
            STEPS[k] = (k + 1) * GOLDEN_GAMMA;
        }
    }

    /** SplitMix64 state: word n of the stream is {@code mix64(state + GOLDEN_GAMMA)} after n words. */
    private long state;
    private final long[] words = new long[BLOCK];
    private final int[] rejected = new int[BLOCK];
    /** The block being read when a read ends inside one, and the index of its next unread draw. */
    private final double[] pending = new double[BLOCK];
    private int pendingAt = BLOCK;

    /** @param seed the generator's seed; equal seeds give equal streams */
    ZigguratNormal(long seed) {
        this.state = seed;
    }

    /**
     * Writes the next {@code len} draws of the stream into {@code dst[from, from + len)}.
     *
     * @param dst  destination
     * @param from first index written
     * @param len  number of draws, {@code >= 0}
     */
    void fill(double[] dst, int from, int len) {
        int at = from;
        int end = from + len;
        int n = Math.min(BLOCK - pendingAt, end - at);
        System.arraycopy(pending, pendingAt, dst, at, n);
        pendingAt += n;
        at += n;
        while (end - at >= BLOCK) { // whole blocks straight into dst
            block(dst, at);
            at += BLOCK;
        }
        if (at < end) {
            block(pending, 0);
            pendingAt = end - at;
            System.arraycopy(pending, 0, dst, at, pendingAt);
        }
    }

    /** @return the next draw of the stream */
    double next() {
        if (pendingAt == BLOCK) {
            block(pending, 0);
            pendingAt = 0;
        }
        return pending[pendingAt++];
    }

    /** The next block of draws into {@code dst[at, at + BLOCK)}. */
    private void block(double[] dst, int at) {
        long[] wd = words;
        long[] steps = STEPS;
        long s = state;
        for (int k = 0; k < BLOCK; k++) {
            wd[k] = mix64(s + steps[k]);
        }
        state = s + BLOCK * GOLDEN_GAMMA;
        int[] rej = rejected;
        int count = 0;
        for (int k = 0; k < BLOCK; k++) {
            long bits = wd[k];
            int i = (int) (bits & (LAYERS - 1));
            double u = (bits >>> 11) * TO_UNIT - 1.0; // uniform in [-1, 1), independent of i (disjoint bits)
            dst[at + k] = u * X[i];
            if (!(Math.abs(u) < RATIO[i])) {
                rej[count++] = k;
            }
        }
        for (int c = 0; c < count; c++) {
            long bits = wd[rej[c]];
            int i = (int) (bits & (LAYERS - 1));
            double u = (bits >>> 11) * TO_UNIT - 1.0;
            double z = slow(i, u);
            while (Double.isNaN(z)) { // the wedge rejected the point: a whole new draw
                z = draw();
            }
            dst[at + rej[c]] = z;
        }
    }

    /** One draw from the next words, one at a time (the rare redraws). */
    private double draw() {
        while (true) {
            long bits = nextWord();
            int i = (int) (bits & (LAYERS - 1));
            double u = (bits >>> 11) * TO_UNIT - 1.0;
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];
            }
            double z = slow(i, u);
            if (!Double.isNaN(z)) {
                return z;
            }
        }
    }

    /** The base strip's tail or a layer's wedge for a candidate outside its rectangle; NaN when it is rejected. */
    private double slow(int i, double u) {
        if (i == 0) { // beyond R: Marsaglia's tail method
            double x;
            double y;
            do {
                x = Math.log(open01()) / R;
                y = Math.log(open01());
            } while (-2.0 * y < x * x);
            return u < 0 ? x - R : R - x;
        }
        double x = u * X[i];
        // a uniform height in the layer, between f(x_i) and f(x_{i+1}), against the density at x: first against the
        // squeezes (no exp), which settle all but a few per cent of the wedge's points
        double y = F[i + 1] + open01() * (F[i] - F[i + 1]);
        double ax = Math.abs(x);
        double chord = CHORD_A[i] + CHORD_B[i] * ax;
        double tangent = TANGENT_A[i] + TANGENT_B[i] * ax;
        if (CURVE[i] > 0) { // tangent <= f <= chord
            if (y > chord) {
                return Double.NaN;
            }
            if (y < tangent) {
                return x;
            }
        } else if (CURVE[i] < 0) { // chord <= f <= tangent
            if (y < chord) {
                return x;
            }
            if (y > tangent) {
                return Double.NaN;
            }
        }
        return y < Math.exp(-0.5 * x * x) ? x : Double.NaN;
    }

    /** A uniform in (0, 1): never 0, so its log is finite. */
    private double open01() {
        return ((nextWord() >>> 11) + 0.5) * 0x1.0p-53;
    }

    private long nextWord() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** SplitMix64's finaliser (Stafford's variant 13 of MurmurHash3's fmix64). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
