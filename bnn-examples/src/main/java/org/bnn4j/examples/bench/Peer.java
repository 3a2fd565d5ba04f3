package org.bnn4j.examples.bench;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python reference the bench compares against: Pyro 1.8.6 + TyXe on the same data, network and settings, run
 * through its launcher script {@code run_peer.sh}, which takes {@code --variants svi|grad|nuts ... --json FILE}
 * and exits with code 3 when the reference is not installed (no {@code torch}).
 *
 * <p>Each run writes the script's JSON and its console output to the bench's output folder
 * ({@code reference/<variant>.json}, {@code .log}). After an exit code 3, or when no script is found, the reference is
 * marked unavailable and not run again.
 */
final class Peer {

    /** The exit code of {@code run_peer.sh} when torch is not installed. */
    static final int EXIT_NOT_INSTALLED = 3;

    /** Where the script is looked for when no path is given: beside the checkout, as {@code ../shared/peers/}. */
    static final Path DEFAULT_RELATIVE = Path.of("..", "shared", "peers", "run_peer.sh");

    private final Path script;
    private String unavailable;

    private Peer(Path script, String unavailable) {
        this.script = script;
        this.unavailable = unavailable;
    }

    /**
     * Finds the reference script.
     *
     * @param given the path given with {@code --peer}, or null to look for {@link #DEFAULT_RELATIVE} relative to the
     *              working directory, then relative to the checkout this code runs from
     * @return the reference, possibly unavailable (with the reason)
     */
    static Peer locate(Path given) {
        if (given != null) {
            return Files.isRegularFile(given) ? new Peer(given.toAbsolutePath(), null)
                    : new Peer(given, "no reference script at " + given.toAbsolutePath() + "; check --peer");
        }
        List<Path> tried = new ArrayList<>();
        for (Path base : searchBases()) {
            Path p = base.resolve(DEFAULT_RELATIVE).normalize();
            if (Files.isRegularFile(p)) {
                return new Peer(p, null);
            }
            tried.add(p);
        }
        return new Peer(null, "no reference script found (looked at " + tried + "); give its path with --peer PATH");
    }

    /**
     * @param reason why the reference is not run
     * @return a reference that is never run
     */
    static Peer disabled(String reason) {
        return new Peer(null, reason);
    }

    /** @return whether the reference can still be run */
    boolean available() {
        return unavailable == null;
    }

    /** @return why the reference is not available, or null if it is */
    String unavailableReason() {
        return unavailable;
    }

    /** @return the script, or null if none was found */
    Path script() {
        return script;
    }

    /**
     * Runs one variant of the reference and reads its JSON.
     *
     * @param variant   {@code svi}, {@code grad} or {@code nuts}
     * @param extraArgs further arguments of the script
     * @param dir       folder for {@code <variant>.json} and {@code <variant>.log}
     * @return the script's {@code results.<variant>} and {@code env} objects, or a result whose
     *         {@link Result#failure()} says why the run failed; null when the reference is unavailable (then
     *         {@link #unavailableReason()} says why)
     * @throws IOException          if the output folder cannot be written
     * @throws InterruptedException if interrupted while waiting for the script
     */
    Result run(String variant, List<String> extraArgs, Path dir) throws IOException, InterruptedException {
        if (!available()) {
            return null;
        }
        Files.createDirectories(dir);
        Path json = dir.resolve(variant + ".json");
        Path log = dir.resolve(variant + ".log");
        Files.deleteIfExists(json);
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "--variants", variant));
        cmd.addAll(extraArgs);
        cmd.addAll(List.of("--json", json.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        if (exit == EXIT_NOT_INSTALLED) {
            unavailable = "reference not installed (" + script + " exited with code 3: " + lastLine(log) + ")";
            return null;
        }
        if (exit != 0 || !Files.isRegularFile(json)) {
            return Result.failed(variant, "reference '" + variant + "' failed (exit code " + exit + "): "
                    + lastLine(log) + "; full output in " + log);
        }
        return Result.read(variant, json);
    }

    /**
     * One run of the reference.
     *
     * @param variant the variant
     * @param results its {@code results.<variant>} object, or null after a failure
     * @param env     the script's {@code env} object (versions, threads), or null after a failure
     * @param failure why it failed, or null
     */
    record Result(String variant, Map<String, Object> results, Map<String, Object> env, String failure) {

        static Result failed(String variant, String why) {
            return new Result(variant, null, null, why);
        }

        @SuppressWarnings("unchecked")
        static Result read(String variant, Path json) throws IOException {
            // Python's json module writes NaN and Infinity as bare tokens
            ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
            Map<String, Object> all = mapper.readValue(json.toFile(), LinkedHashMap.class);
            Object res = all.get("results") instanceof Map<?, ?> r ? r.get(variant) : null;
            if (!(res instanceof Map<?, ?>)) {
                return failed(variant, "reference JSON " + json + " has no results." + variant);
            }
            Map<String, Object> env = all.get("env") instanceof Map<?, ?> e ? (Map<String, Object>) e : Map.of();
            return new Result(variant, (Map<String, Object>) res, env, null);
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "no output";
    }

    /** The working directory, then the checkout: the ancestors of the jar or classes folder this code runs from. */
    private static List<Path> searchBases() {
        List<Path> bases = new ArrayList<>();
        bases.add(Path.of("").toAbsolutePath());
        try {
            Path code = Path.of(Peer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // bnn-examples/target/bnn.jar or bnn-examples/target/classes -> the checkout is three levels up
            Path checkout = code.getParent() == null ? null : code.getParent().getParent();
            checkout = checkout == null ? null : checkout.getParent();
            if (checkout != null && !bases.contains(checkout)) {
                bases.add(checkout);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory only
        }
        return bases;
    }
}
