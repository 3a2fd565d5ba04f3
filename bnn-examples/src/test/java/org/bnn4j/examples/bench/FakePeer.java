package org.bnn4j.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the Python reference's launcher {@code run_peer.sh}, written by tests: one that answers every
 * variant with a JSON file in the reference's format (fixed figures), one that exits 3 as the launcher does without
 * torch, and one that fails. Each appends its arguments to {@code args.txt} beside it.
 */
final class FakePeer {

    /** Figures of the fake reference, in the units of its JSON. */
    static final double PYRO_GRAD_US = 755.0;
    static final double TORCH_GRAD_US = 218.0;
    static final double SVI_MS_PER_EPOCH = 2.22;
    static final double SVI_FIT_S = 4.44;
    static final double SVI_EPOCHS = 2000;
    static final double SVI_TEST_NLL = 0.11;
    static final double SVI_PREDICT_S = 0.091;
    static final double NUTS_FIT_S = 48.0;
    static final double NUTS_S_PER_ITER = 1.2;
    static final double NUTS_EVALS = 30000;
    static final double NUTS_SAMPLE_LEAPFROG_MEAN = 1023;
    static final double NUTS_ESS_MIN = 6.5;

    private FakePeer() {
    }

    /**
     * @param dir folder for the script and its JSON files
     * @return a script that writes the JSON of the variant it is asked for to its {@code --json} path
     * @throws IOException if the folder cannot be written
     */
    static Path answering(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> env = Map.of("python", "3.11.2", "torch", "1.13.0a0", "pyro", "1.8.6", "threads", 2);
        Map<String, Object> grad = new LinkedHashMap<>();
        grad.put("pyro_grad_us", PYRO_GRAD_US);
        grad.put("torch_grad_us", TORCH_GRAD_US);
        grad.put("pyro_grad_us_best_block", 700.0);
        grad.put("torch_grad_us_best_block", 200.0);
        grad.put("grad_calls", 2000);
        Map<String, Object> svi = new LinkedHashMap<>();
        svi.put("units", SVI_EPOCHS);
        svi.put("ms_per_epoch", SVI_MS_PER_EPOCH);
        svi.put("fit_s", SVI_FIT_S);
        svi.put("test_nll_mix", SVI_TEST_NLL);
        svi.put("test_rmse", 0.2);
        svi.put("predict_s", SVI_PREDICT_S);
        svi.put("S", 100);
        Map<String, Object> nuts = new LinkedHashMap<>();
        nuts.put("fit_s", NUTS_FIT_S);
        nuts.put("s_per_iter", NUTS_S_PER_ITER);
        nuts.put("potential_evals_total", NUTS_EVALS);
        nuts.put("sample_leapfrog_mean", NUTS_SAMPLE_LEAPFROG_MEAN);
        nuts.put("step_size", 4e-4);
        nuts.put("ess_pred_mean_min", NUTS_ESS_MIN);
        for (Map.Entry<String, Map<String, Object>> e : Map.of("grad", grad, "svi", svi, "nuts", nuts).entrySet()) {
            json.writeValue(dir.resolve(e.getKey() + ".json").toFile(),
                    Map.of("env", env, "results", Map.of(e.getKey(), e.getValue())));
        }
        return script(dir, List.of(
                "v=; j=",
                "while [ $# -gt 0 ]; do case \"$1\" in --variants) v=$2; shift;; --json) j=$2; shift;; esac; shift; done",
                "echo \"== $v\"",
                "cp \"$HERE/$v.json\" \"$j\""));
    }

    /**
     * @param dir folder for the script
     * @return a script that exits 3 with the launcher's message, as without torch
     * @throws IOException if the folder cannot be written
     */
    static Path notInstalled(Path dir) throws IOException {
        return script(dir, List.of("echo \"python reference not available: install Debian's python3-torch\" >&2",
                "exit 3"));
    }

    /**
     * @param dir folder for the script
     * @return a script that fails with exit code 1 and a traceback-like last line
     * @throws IOException if the folder cannot be written
     */
    static Path failing(Path dir) throws IOException {
        return script(dir, List.of("echo \"ModuleNotFoundError: No module named 'tqdm'\" >&2", "exit 1"));
    }

    /** @return the lines of {@code args.txt}: one line of arguments per run */
    static List<String> calls(Path dir) throws IOException {
        Path f = dir.resolve("args.txt");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private static Path script(Path dir, List<String> body) throws IOException {
        Files.createDirectories(dir);
        Path s = dir.resolve("run_peer.sh");
        String text = "#!/bin/bash\nHERE=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\necho \"$@\" >> \"$HERE/args.txt\"\n"
                + String.join("\n", body) + "\n";
        Files.writeString(s, text);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }
}
