package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bnn4j.inference.Posterior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Same seed, same results, bit for bit: for every inference method (NUTS with three chains on a thread pool),
 * twice in this JVM and once in a freshly started JVM.
 */
class DeterminismTest {

    private static final String[] METHODS = {"mle", "map", "svi", "nuts", "laplace"};

    @ParameterizedTest
    @ValueSource(strings = {"mle", "map", "svi", "nuts", "laplace"})
    void sameSeedGivesBitIdenticalPredictionsInOneJvm(String method) {
        Posterior a = TinyFits.method(method, 7).fit(TinyFits.model(), TinyFits.data(3));
        Posterior b = TinyFits.method(method, 7).fit(TinyFits.model(), TinyFits.data(3));
        assertEquals(TinyFits.predictionDigest(a, 11), TinyFits.predictionDigest(b, 11));
        assertEquals(a.diagnostics().summary().toString().replaceAll("\\w*[Mm]illis\\w*=[^,}]*", ""),
                b.diagnostics().summary().toString().replaceAll("\\w*[Mm]illis\\w*=[^,}]*", ""));
        // the digest is sensitive: a different fit seed changes it (so equality above is not vacuous)
        Posterior c = TinyFits.method(method, 8).fit(TinyFits.model(), TinyFits.data(3));
        assertNotEquals(TinyFits.predictionDigest(a, 11), TinyFits.predictionDigest(c, 11));
    }

    @Test
    void sameSeedGivesBitIdenticalPredictionsAcrossJvms() throws IOException, InterruptedException {
        Map<String, String> here = new LinkedHashMap<>();
        for (String m : METHODS) {
            here.put(m, TinyFits.predictionDigest(TinyFits.method(m, 7).fit(TinyFits.model(), TinyFits.data(3)), 11));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same -XX choices as this JVM: e.g. -XX:-UseFMA changes the tanh's rounding (FastTanh.HARDWARE_FMA)
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TinyFits.class.getName());
        cmd.addAll(List.of(METHODS));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "forked JVM did not finish");
        assertEquals(0, proc.exitValue(), out);
        Map<String, String> there = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2 && here.containsKey(f[0]) && f[1].matches("[0-9a-f]{64}")) {
                there.put(f[0], f[1]);
            }
        }
        assertEquals(here, there, "digests from a second JVM; its stdout was:\n" + out);
    }
}
