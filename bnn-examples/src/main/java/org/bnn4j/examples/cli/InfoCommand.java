package org.bnn4j.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.io.PosteriorFileException;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.io.SavedPosterior;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bnn info}: what a model file holds — the method, the model, where it came from (configuration and seeds, a
 * fingerprint of the training data, the bnn4j version, the time, the machine facts that decide reproducibility),
 * the fit's diagnostics and warnings, and the file's attributes.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show what a model file holds: method, model, provenance (configuration, seeds, training-data "
                + "fingerprint, version, time), diagnostics and attributes."},
        footer = {"", "Example: bnn info --model model.bnn"})
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file from 'bnn fit --save'.")
    Path modelFile;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } catch (BadInputException e) {
            return InputErrors.report(spec, e);
        }
    }

    private int run() throws IOException {
        SavedPosterior saved;
        try {
            saved = PosteriorIO.read(modelFile);
        } catch (NoSuchFileException e) {
            throw new BadInputException(modelFile + ": no such model file; pass the file written by 'bnn fit --save'");
        } catch (PosteriorFileException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(modelFile + ": permission denied; make the model file readable", e);
        }
        Map<String, Object> info = describe(saved);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
        } else {
            print(out, info, "");
        }
        out.flush();
        return 0;
    }

    /**
     * @param saved a loaded model file
     * @return what {@code bnn info} shows, as an insertion-ordered tree
     */
    static Map<String, Object> describe(SavedPosterior saved) {
        Posterior p = saved.posterior();
        Provenance prov = p.provenance();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", p.method());
        m.put("posterior", p.getClass().getSimpleName());
        m.put("model", p.model().toString());
        m.put("parameters", p.model().numParams());
        m.put("formatVersion", saved.formatVersion());
        m.put("writtenBy", "bnn4j " + saved.libraryVersion());
        Map<String, Object> pv = new LinkedHashMap<>();
        if (!prov.recorded()) {
            pv.put("recorded", false);
        } else {
            pv.put("fittedBy", "bnn4j " + prov.libraryVersion());
            pv.put("created", prov.created() == null ? null : prov.created().toString());
            if (prov.data() != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("rows", prov.data().rows());
                d.put("inputs", prov.data().inDim());
                d.put("targets", prov.data().outDim());
                d.put("sha256", prov.data().sha256());
                pv.put("trainingData", d);
            }
            pv.put("standardized", prov.standardized());
            pv.put("configuration", prov.configuration());
            pv.put("environment", prov.environment());
        }
        m.put("provenance", pv);
        m.put("diagnostics", p.diagnostics().summary());
        m.put("warnings", p.diagnostics().warnings());
        m.put("attributes", saved.attributes());
        return m;
    }

    private static void print(PrintWriter out, Map<String, ?> tree, String indent) {
        for (Map.Entry<String, ?> e : tree.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
                out.println(indent + e.getKey() + ":");
                @SuppressWarnings("unchecked")
                Map<String, ?> s = (Map<String, ?>) sub;
                print(out, s, indent + "  ");
            } else if (v instanceof List<?> l && !l.isEmpty() && l.stream().anyMatch(x -> x instanceof Map)) {
                out.println(indent + e.getKey() + ":");
                for (Object x : l) {
                    out.println(indent + "  - " + x);
                }
            } else {
                out.println(indent + e.getKey() + ": " + (v instanceof Map<?, ?> ? "{}" : v));
            }
        }
    }
}
