package org.bnn4j.examples.cli;

import java.util.Locale;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.nn.internal.Arrays2;

/**
 * Refuses, before any work, a request whose arrays cannot fit: more values than a Java array holds, or more bytes
 * than a share of the Java heap. A weight-sample count is checked against what the samples allocate per sample
 * (parameter vectors and per-point predictive means and scales, with their copies).
 */
public final class Memory {

    /**
     * Share of the maximum heap a request may take: the rest holds the data, the model, the JVM's own objects and
     * the garbage collector's head room.
     */
    static final double HEAP_SHARE = 0.6;

    private Memory() {
    }

    /**
     * @param option       the option that sets the count, e.g. {@code --samples}
     * @param count        the requested count (of weight samples, or of MCMC draws)
     * @param valuesPerOne values in the largest array per unit of count (e.g. parameters, or points x outputs)
     * @param bytesPerOne  bytes allocated in all per unit of count
     * @param what         what one unit is, e.g. "weight sample of 202 parameters at 20 rows"
     * @throws BadInputException if the count cannot fit
     */
    public static void require(String option, long count, long valuesPerOne, long bytesPerOne, String what) {
        long max = Runtime.getRuntime().maxMemory();
        long byBytes = (long) (max * HEAP_SHARE) / Math.max(1, bytesPerOne);
        long byLength = Arrays2.MAX_LENGTH / Math.max(1, valuesPerOne);
        long limit = Math.min(byBytes, byLength);
        if (count <= limit) {
            return;
        }
        String msg;
        if (byLength < count && byLength <= byBytes) {
            msg = String.format(Locale.ROOT, "%s %d needs %.3g values in one array (%d per %s), more than a Java "
                    + "array holds (%d); pass %s %d or less", option, count, count * (double) valuesPerOne,
                    valuesPerOne, what, Arrays2.MAX_LENGTH, option, limit);
        } else {
            msg = String.format(Locale.ROOT, "%s %d needs about %s of memory (%s per %s), more than the %s available "
                    + "here (%s Java heap); pass %s %d or less, or give Java more memory (e.g. java -Xmx16g -jar "
                    + "bnn.jar ...)", option, count, human(count * (double) bytesPerOne), human(bytesPerOne), what,
                    human(max * HEAP_SHARE), human(max), option, limit);
        }
        throw new BadInputException(msg);
    }

    /**
     * @param bytes a size
     * @return e.g. "512 B", "3.2 MB", "1.5 GB"
     */
    public static String human(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
