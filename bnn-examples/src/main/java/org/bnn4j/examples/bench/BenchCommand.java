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
import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
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
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bnn bench}: a fixed performance suite on the tutorial's clusters (1-50-1 tanh, heteroskedastic, 400 points) and
 * a wide net (13-100-100-1), side by side with the Python reference (Pyro 1.8.6 + TyXe, run by its launcher
 * {@code run_peer.sh}) on the same data, network and settings. Each bnn4j case is warmed up and repeated; median
 * and spread are reported. The two sides alternate (a bnn4j case, then the matching reference run, then the next
 * bnn4j case, ...) so that drift in the machine's speed hits both, and the load is recorded around every side
 * ({@link LoadProbe}). Writes {@code bench.json} and {@code bench.md}: every ratio divides two figures of this run
 * ({@link SideBySide}); where the reference is not installed, bnn4j's figures alone.
 *
 * <p>Each bnn4j case group (kernels, gradient, SVI, prediction, NUTS) runs in its own fresh JVM with this JVM's
 * options, as JMH forks its benchmarks, so the JIT compiles each case's code for that case alone;
 * {@code --in-process} runs them all here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the performance suite (kernels, log-joint gradient, SVI epoch and default fit, prediction, "
                + "NUTS, memory) side by side with the Python reference (Pyro + TyXe) and write bench.json and "
                + "bench.md with the ratios.",
                "Full suite: about 5 minutes with the reference on a quiet 2-core machine; --quick: about 2 minutes."},
        footer = {"", "The reference is run_peer.sh (--peer PATH, default ../shared/peers/run_peer.sh); it needs "
                + "Debian's python3-torch. "
                + "Where it is missing, bnn4j's figures are reported alone. Ratios need a quiet machine (load "
                + "average < 1); the report warns otherwise. Recommended: export OMP_NUM_THREADS=1."})
public final class BenchCommand implements Callable<Integer> {

    /** Cluster-net batch (the 400 training points of the tutorial's clusters). */
    static final int SEED_BATCH = 400;
    /** Wide-net case: batch of 512 points, 32 posterior samples per prediction. */
    static final int WIDE_BATCH = 512;
    static final int WIDE_N = 32;
    /**
     * NUTS warm-up and kept iterations per chain in the full suite: the library default (500 + 500), so that the
     * suite measures the default fit's time and ESS per second itself.
     */
    static final int FULL_NUTS_ITERATIONS = 500;
    /** NUTS iterations per chain with {@code --quick}. */
    static final int QUICK_NUTS_ITERATIONS = 10;
    /**
     * The reference's NUTS warm-up and kept iterations (one chain) in the full suite: Pyro runs ~1 s per iteration
     * at tree depth 10 on this net, so 50 + 50 takes about two minutes; enough for its time per leapfrog step and
     * per iteration, not for a stable ESS.
     */
    static final int FULL_PEER_NUTS_ITERATIONS = 50;
    /** The reference's NUTS iterations with {@code --quick}. */
    static final int QUICK_PEER_NUTS_ITERATIONS = 20;

    /** The cases, in the order they run; each runs in its own JVM unless {@code --in-process}. */
    static final List<String> CASES = List.of("kernels", "gradient", "svi", "predict", "nuts");

    /** The reference variant that runs right after each bnn4j case that has one ({@code svi} also times prediction). */
    static final Map<String, String> REFERENCE_VARIANT = Map.of("gradient", "grad", "svi", "svi", "nuts", "nuts");

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/bench).")
    Path out;

    @Option(names = "--quick", description = "Fewer repetitions (two timed 2000-epoch SVI fits), one default SVI fit (and the two "
            + "time-to-quality fits, without and with --stop plateau), a "
            + "4 x (10 + 10) NUTS run, and a 20 + 20 NUTS run of the reference.")
    boolean quick;

    @Option(names = "--nuts-warmup", paramLabel = "N", description = "NUTS warm-up iterations per chain "
            + "(default: 500, the library default; 10 with --quick).")
    Integer nutsWarmup;

    @Option(names = "--nuts-samples", paramLabel = "N", description = "NUTS kept iterations per chain "
            + "(default: 500, the library default; 10 with --quick).")
    Integer nutsSamples;

    @Option(names = "--peer", paramLabel = "PATH", description = "The Python reference's launcher, run_peer.sh "
            + "(default: ../shared/peers/run_peer.sh relative to the working directory, else to the checkout).")
    Path peerPath;

    @Option(names = "--no-peer", description = "Do not run the Python reference; report bnn4j's figures alone.")
    boolean noPeer;

    @Option(names = "--peer-nuts-warmup", paramLabel = "N", description = "The reference's NUTS warm-up "
            + "iterations, one chain (default: " + FULL_PEER_NUTS_ITERATIONS + "; " + QUICK_PEER_NUTS_ITERATIONS
            + " with --quick).")
    Integer peerNutsWarmup;

    @Option(names = "--peer-nuts-samples", paramLabel = "N", description = "The reference's NUTS kept iterations "
            + "(default: " + FULL_PEER_NUTS_ITERATIONS + "; " + QUICK_PEER_NUTS_ITERATIONS + " with --quick).")
    Integer peerNutsSamples;

    @Option(names = "--peer-threads", paramLabel = "N", description = "torch threads of the reference (default: "
            + "its own, 2).")
    Integer peerThreads;

    @Option(names = "--only", paramLabel = "CASE", split = ",", description = "Run only these cases (and their "
            + "reference runs): kernels, gradient, svi, predict, nuts (default: all).")
    List<String> only;

    @Option(names = "--in-process", description = "Run every case in this JVM instead of one fresh JVM per case "
            + "(then the JIT's profile of one case shapes the code the next one runs; slower and noisier).")
    boolean inProcess;

    @Option(names = "--case", hidden = true, description = "Internal: run one case and write its JSON to --case-out.")
    String caseName;

    @Option(names = "--case-out", hidden = true, description = "Internal: where --case writes its result.")
    Path caseOut;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        int nutsDefault = quick ? QUICK_NUTS_ITERATIONS : FULL_NUTS_ITERATIONS;
        int warm = nutsWarmup != null ? nutsWarmup : nutsDefault;
        int keep = nutsSamples != null ? nutsSamples : nutsDefault;
        if (warm < 1 || keep < 4) {
            throw usage("--nuts-warmup must be >= 1 and --nuts-samples >= 4 but were " + warm + " and " + keep);
        }
        if (caseName != null) {
            if (!CASES.contains(caseName) || caseOut == null) {
                throw usage("--case must be one of " + CASES + " and needs --case-out");
            }
            Map<String, Object> res = runCase(caseName, warm, keep);
            res.put("peakHeapBytes", MemoryProbe.peakHeapBytes());
            res.put("finalProbe", MemoryProbe.now());
            AtomicFiles.writeJson(caseOut, res);
            return 0;
        }
        List<String> cases = selectedCases();
        int peerDefault = quick ? QUICK_PEER_NUTS_ITERATIONS : FULL_PEER_NUTS_ITERATIONS;
        int[] peerNuts = {peerNutsWarmup != null ? peerNutsWarmup : peerDefault,
                peerNutsSamples != null ? peerNutsSamples : peerDefault};
        if (peerNuts[0] < 1 || peerNuts[1] < 4 || (peerThreads != null && peerThreads < 1)) {
            throw usage("--peer-nuts-warmup must be >= 1, --peer-nuts-samples >= 4 and --peer-threads >= 1 but were "
                    + peerNuts[0] + ", " + peerNuts[1] + " and " + peerThreads);
        }
        Peer peer = noPeer ? Peer.disabled("not run (--no-peer)") : Peer.locate(peerPath);
        Path dir = out != null ? out : Path.of("results", "bench");
        Outputs.requireFolder(dir, "--out"); // fail before the suite runs, not after it
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        double startLoad = LoadProbe.currentLoadAverage();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("quick", quick);
        r.put("machine", MachineInfo.describe());
        r.put("forkedJvms", !inProcess);
        long peak = 0;
        Object finalProbe = null;
        List<LoadProbe.Span> spans = new ArrayList<>();
        Map<String, Map<String, Object>> referenceRaw = new LinkedHashMap<>();
        Map<String, Object> referenceEnv = null;
        List<String> referenceFailures = new ArrayList<>();
        for (String c : cases) {
            LoadProbe before = LoadProbe.now();
            Map<String, Object> res = inProcess ? runCase(c, warm, keep) : fork(c, warm, keep);
            spans.add(LoadProbe.span(c, "bnn4j", before, LoadProbe.now()));
            Object p = res.remove("peakHeapBytes");
            Object f = res.remove("finalProbe");
            if (p instanceof Number n) {
                peak = Math.max(peak, n.longValue());
            }
            finalProbe = f != null ? f : finalProbe;
            r.putAll(res);
            progress(c, t0);
            String variant = REFERENCE_VARIANT.get(c);
            if (variant != null && peer.available()) {
                before = LoadProbe.now();
                Peer.Result pr = peer.run(variant, peerArgs(variant, peerNuts), dir.resolve("reference"));
                if (pr != null) {
                    spans.add(LoadProbe.span(c, "reference", before, LoadProbe.now()));
                    if (pr.failure() != null) {
                        referenceFailures.add(pr.failure());
                        spec.commandLine().getErr().println("bench: " + pr.failure());
                    } else {
                        referenceRaw.put(variant, pr.results());
                        referenceEnv = pr.env();
                    }
                }
                progress("reference " + variant, t0);
            }
        }
        if (inProcess) {
            peak = MemoryProbe.peakHeapBytes();
            finalProbe = MemoryProbe.now();
        }
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("svi", r.remove("sviMemory"));
        mem.put("nuts", r.get("nuts") instanceof Map<?, ?> nuts ? nuts.get("memory") : null);
        mem.put("peakHeapBytes", peak);
        mem.put("finalProbe", finalProbe);
        r.put("memory", mem);

        Map<String, Object> figures = SideBySide.referenceFigures(referenceRaw.get("grad"), referenceRaw.get("svi"),
                referenceRaw.get("nuts"), peerNuts);
        r.put("reference", referenceJson(peer, !referenceRaw.isEmpty(), referenceEnv, referenceFailures, figures));
        List<Map<String, Object>> ratios = new ArrayList<>();
        SideBySide.ratios(r, figures).forEach(x -> ratios.add(x.toMap()));
        r.put("ratios", ratios);
        Map<String, Object> load = loadJson(startLoad, spans);
        r.put("load", load);
        r.put("loadAverageAtEnd", load.get("endLoadAverage"));
        r.put("suiteSeconds", (System.nanoTime() - t0) / 1e9);

        String md = BenchReport.markdown(r);
        AtomicFiles.writeJson(dir.resolve("bench.json"), r);
        AtomicFiles.write(dir.resolve("bench.md"), md.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().println("wrote " + dir.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** @return bench.json's {@code reference}: whether it ran, its script, versions, failures and figures */
    private static Map<String, Object> referenceJson(Peer peer, boolean anyRun, Map<String, Object> env,
                                                     List<String> failures, Map<String, Object> figures) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("available", peer.available() && anyRun);
        ref.put("script", peer.script() == null ? null : peer.script().toString());
        ref.put("unavailable", peer.unavailableReason());
        ref.put("failures", failures);
        ref.put("env", env);
        ref.putAll(figures);
        return ref;
    }

    /** @return bench.json's {@code load}: load averages, the limits, the warning and the load around every side */
    private static Map<String, Object> loadJson(double startLoad, List<LoadProbe.Span> spans) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("startLoadAverage", startLoad);
        load.put("endLoadAverage", LoadProbe.currentLoadAverage());
        load.put("maxStartLoad", SideBySide.MAX_START_LOAD);
        load.put("maxOtherCores", SideBySide.MAX_OTHER_CORES);
        load.put("warning", SideBySide.loadWarning(startLoad, spans));
        List<Map<String, Object>> sides = new ArrayList<>();
        spans.forEach(s -> sides.add(s.toMap()));
        load.put("sides", sides);
        return load;
    }

    /** The arguments of one reference run: its defaults, except NUTS's budget and the thread count. */
    private List<String> peerArgs(String variant, int[] peerNuts) {
        List<String> a = new ArrayList<>();
        if (variant.equals("nuts")) {
            a.addAll(List.of("--mcmc-warmup", Integer.toString(peerNuts[0]), "--mcmc-samples",
                    Integer.toString(peerNuts[1])));
        }
        if (peerThreads != null) {
            a.addAll(List.of("--threads", peerThreads.toString()));
        }
        return a;
    }

    private List<String> selectedCases() {
        if (only == null || only.isEmpty()) {
            return CASES;
        }
        for (String c : only) {
            if (!CASES.contains(c)) {
                throw usage("--only takes case names from " + CASES + " but got '" + c + "'");
            }
        }
        return CASES.stream().filter(only::contains).toList();
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
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
        // the reference times one 2000-epoch fit: shorter fits would spread each fit's set-up over fewer epochs
        int epochs = SviConfig.NOTEBOOK_EPOCHS;
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
                r.put("sviDefaultFit", FitCases.sviDefaultFit(seed, data, quick ? 1 : 3));
                r.put("sviTimeToQuality", FitCases.sviTimeToQuality(seed, data));
            }
            case "predict" -> {
                Posterior svi = new Svi(SviConfig.notebook().toBuilder().epochs(epochs).build())
                        .fit(model, data.train());
                r.put("predictMillis", FitCases.predictMillis(svi, data, budget).toMap());
            }
            case "nuts" -> {
                // the model of 'bnn clusters --inference nuts': its default prior for MCMC, not the tutorial's
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
