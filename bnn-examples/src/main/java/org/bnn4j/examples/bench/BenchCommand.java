package org.bnn4j.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bnn4j.data.ClusterConfig;
import org.bnn4j.data.ClusterData;
import org.bnn4j.examples.cli.BnnCommand;
import org.bnn4j.examples.cli.InferenceChoice;
import org.bnn4j.examples.cli.Outputs;
import org.bnn4j.examples.cli.PriorChoice;
import org.bnn4j.examples.io.AtomicFiles;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.Kernels;
import org.bnn4j.nn.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bnn bench}: a fixed performance suite on the seed clusters (1-50-1 tanh, heteroskedastic, 400 points) and
 * a wide net (13-100-100-1). Each case is warmed up and repeated; median and spread are reported. Writes
 * {@code bench.json} and {@code bench.md} (the table, with ratios to the Python reference and the goals).
 * Each case group (kernels, gradient, SVI, prediction, NUTS) runs in its own fresh JVM with this JVM's options,
 * as JMH forks its benchmarks, so the JIT compiles each case's code for that case alone; {@code --in-process}
 * runs them all here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the performance suite (kernels, log-joint gradient, SVI epoch, NUTS, prediction, memory) "
                + "and write bench.json and bench.md.", "Full suite: a few minutes; --quick: under a minute."})
public final class BenchCommand implements Callable<Integer> {

    /** Seed net batch (the 400 training points of the seed clusters). */
    static final int SEED_BATCH = 400;
    /** Wide-net batch and samples from the issue. */
    static final int WIDE_BATCH = 512;
    static final int WIDE_N = 32;
    /**
     * NUTS warm-up and kept iterations per chain in the full suite: the library default (500 + 500), so that the
     * suite measures the default fit's time and ESS per second itself (~95 s of a ~2.5-minute suite on 2 cores;
     * it was left out while it took longer than the suite's 5-minute budget).
     */
    static final int FULL_NUTS_ITERATIONS = 500;
    /** NUTS iterations per chain with {@code --quick}. */
    static final int QUICK_NUTS_ITERATIONS = 10;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/bench).")
    Path out;

    @Option(names = "--quick", description = "Fewer repetitions, 500-epoch SVI fits and a 4 x (10 + 10) NUTS run.")
    boolean quick;

    @Option(names = "--nuts-warmup", paramLabel = "N", description = "NUTS warm-up iterations per chain "
            + "(default: 500, the library default; 10 with --quick).")
    Integer nutsWarmup;

    @Option(names = "--nuts-samples", paramLabel = "N", description = "NUTS kept iterations per chain "
            + "(default: 500, the library default; 10 with --quick).")
    Integer nutsSamples;

    @Option(names = "--in-process", description = "Run every case in this JVM instead of one fresh JVM per case "
            + "(then the JIT's profile of one case shapes the code the next one runs; slower and noisier).")
    boolean inProcess;

    @Option(names = "--case", hidden = true, description = "Internal: run one case and write its JSON to --case-out.")
    String caseName;

    @Option(names = "--case-out", hidden = true, description = "Internal: where --case writes its result.")
    Path caseOut;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The cases, in the order they run; each runs in its own JVM unless {@code --in-process}. */
    static final List<String> CASES = List.of("kernels", "gradient", "svi", "predict", "nuts");

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        int nutsDefault = quick ? QUICK_NUTS_ITERATIONS : FULL_NUTS_ITERATIONS;
        int warm = nutsWarmup != null ? nutsWarmup : nutsDefault;
        int keep = nutsSamples != null ? nutsSamples : nutsDefault;
        if (warm < 1 || keep < 4) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nuts-warmup must be >= 1 and "
                    + "--nuts-samples >= 4 but were " + warm + " and " + keep);
        }
        if (caseName != null) {
            if (!CASES.contains(caseName) || caseOut == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--case must be one of " + CASES
                        + " and needs --case-out");
            }
            Map<String, Object> res = runCase(caseName, warm, keep);
            res.put("peakHeapBytes", MemoryProbe.peakHeapBytes());
            res.put("finalProbe", MemoryProbe.now());
            AtomicFiles.writeJson(caseOut, res);
            return 0;
        }
        Path dir = out != null ? out : Path.of("results", "bench");
        Outputs.requireFolder(dir, "--out"); // fail before the suite runs, not after it
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("quick", quick);
        r.put("machine", MachineInfo.describe());
        r.put("forkedJvms", !inProcess);
        long peak = 0;
        Object finalProbe = null;
        for (String c : CASES) {
            Map<String, Object> res = inProcess ? runCase(c, warm, keep) : fork(c, warm, keep);
            Object p = res.remove("peakHeapBytes");
            Object f = res.remove("finalProbe");
            if (p instanceof Number n) {
                peak = Math.max(peak, n.longValue());
            }
            finalProbe = f != null ? f : finalProbe;
            r.putAll(res);
            progress(c, t0);
        }
        if (inProcess) {
            peak = MemoryProbe.peakHeapBytes();
            finalProbe = MemoryProbe.now();
        }
        Map<String, Object> nuts = (Map<String, Object>) r.get("nuts");
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("svi", r.remove("sviMemory"));
        mem.put("nuts", nuts.get("memory"));
        mem.put("peakHeapBytes", peak);
        mem.put("finalProbe", finalProbe);
        r.put("memory", mem);
        r.put("loadAverageAtEnd", MachineInfo.loadAverage());
        r.put("suiteSeconds", (System.nanoTime() - t0) / 1e9);

        String md = BenchReport.markdown(r);
        AtomicFiles.writeJson(dir.resolve("bench.json"), r);
        AtomicFiles.write(dir.resolve("bench.md"), md.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + dir.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Runs one case in this JVM.
     *
     * @return the entries it adds to bench.json
     */
    private Map<String, Object> runCase(String c, int warm, int keep) throws Exception {
        double budget = quick ? 0.4 : 2.0;
        NetworkSpec seed = NetworkSpec.builder(1, 1).hidden(50).build();
        BayesianModel model = BayesianModel.heteroskedastic(seed);
        ClusterData data = ClusterData.generate(ClusterConfig.defaults());
        int epochs = quick ? 500 : SviConfig.NOTEBOOK_EPOCHS;
        Map<String, Object> r = new LinkedHashMap<>();
        switch (c) {
            case "kernels" -> {
                NetworkSpec wide = NetworkSpec.builder(13, 1).hidden(100, 100).build();
                List<Map<String, Object>> kernels = new ArrayList<>();
                for (int n : new int[] {1, 32, 100}) {
                    kernels.add(kernelRow(seed, n, SEED_BATCH, budget));
                }
                kernels.add(kernelRow(wide, WIDE_N, WIDE_BATCH, budget));
                r.put("forwardBackward", kernels);
            }
            case "gradient" -> r.put("gradMicros", KernelCases.logJointGradient(model, data.train().xArray(),
                    data.train().yArray(), data.train().size(), budget).toMap());
            case "svi" -> {
                Map<String, Object> sviMemory = new LinkedHashMap<>();
                Timing t = FitCases.sviEpochMillis(model, data, epochs, quick ? 2 : 5, 2 * budget, sviMemory);
                r.put("sviEpochMillis", t.toMap());
                r.put("sviMemory", sviMemory);
            }
            case "predict" -> {
                Posterior svi = new Svi(SviConfig.notebook().toBuilder().epochs(epochs).build())
                        .fit(model, data.train());
                r.put("predictMillis", FitCases.predictMillis(svi, data, budget).toMap());
            }
            case "nuts" -> {
                // the model of 'bnn clusters --inference nuts': its default prior for MCMC, not the notebook's
                PriorChoice prior = PriorChoice.clusterDefault(InferenceChoice.NUTS);
                BayesianModel nutsModel = new BayesianModel(new FeedForwardNetwork(seed), prior.prior(),
                        new HeteroskedasticGaussian());
                Map<String, Object> nuts = FitCases.nuts(nutsModel, data, McmcConfig.DEFAULT_NUM_CHAINS, warm, keep);
                nuts.put("prior", prior.toString());
                r.put("nuts", nuts);
            }
            default -> throw new IllegalArgumentException("unknown bench case " + c);
        }
        return r;
    }

    /**
     * Runs one case in a fresh JVM with this JVM's options and class path, as JMH forks its benchmarks.
     *
     * @return the entries it adds to bench.json
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fork(String c, int warm, int keep) throws Exception {
        Path f = Files.createTempFile("bnn-bench-" + c + "-", ".json");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(BnnCommand.class.getName());
            cmd.addAll(List.of("bench", "--case", c, "--case-out", f.toString(),
                    "--nuts-warmup", Integer.toString(warm), "--nuts-samples", Integer.toString(keep)));
            if (quick) {
                cmd.add("--quick");
            }
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("bench case '" + c + "' failed in its own JVM (exit code " + exit
                        + "); its error is above; --in-process runs it in this JVM");
            }
            return new ObjectMapper().readValue(f.toFile(), LinkedHashMap.class);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private Map<String, Object> kernelRow(NetworkSpec net, int n, int b, double budget) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("net", net.describe());
        m.put("batch", b);
        m.put("n", n);
        Timing fused = KernelCases.forwardBackward(net, KernelType.FUSED_CPU, n, b, budget);
        Timing nd4j = KernelCases.forwardBackward(net, KernelType.ND4J, n, b, budget);
        m.put("fusedMillis", fused.toMap());
        m.put("nd4jMillis", nd4j.toMap());
        KernelType auto = Kernels.select(KernelType.AUTO, net, n, b);
        m.put("auto", auto.name());
        double chosen = auto == KernelType.ND4J ? nd4j.median() : fused.median();
        m.put("autoOverBest", chosen / Math.min(fused.median(), nd4j.median()));
        return m;
    }

    private void progress(String what, long t0) {
        spec.commandLine().getErr().printf("bench: %s done at %.0f s%n", what, (System.nanoTime() - t0) / 1e9);
        spec.commandLine().getErr().flush();
    }

}
