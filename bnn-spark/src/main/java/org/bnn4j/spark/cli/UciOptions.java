package org.bnn4j.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.nn.Activation;
import org.bnn4j.spark.fits.MethodSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The protocol options of {@code sweep uci} and {@code sweep grid}, with {@code bnn uci}'s defaults. */
final class UciOptions {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Folder of the dataset folders "
            + "(read on the driver).")
    Path dataDir;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset folder name.")
    String dataset;

    @Option(names = "--inference", converter = UciInference.Converter.class, paramLabel = "svi|nuts|map|mle",
            defaultValue = "svi", description = "Inference method (default: ${DEFAULT-VALUE}).")
    UciInference inference;

    @Option(names = "--activation", paramLabel = "relu|tanh", defaultValue = "relu",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--epochs", paramLabel = "N", description = "Steps for svi/map/mle (default: bnn uci's).")
    Integer epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100", description = "Weight samples per "
            + "prediction (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** @return the activation */
    Activation act() {
        return Activation.parse(activation);
    }

    /**
     * @param spec the command, for usage errors
     * @return the dataset
     */
    UciDataset load(CommandSpec spec) {
        if (epochs != null && inference == UciInference.NUTS) {
            throw new ParameterException(spec.commandLine(), "--epochs does not apply to --inference nuts; drop it");
        }
        Path dir = dataDir.resolve(dataset);
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "no dataset folder " + dir
                    + "; pass --data-dir holding a folder named " + dataset);
        }
        try {
            return UciDataset.load(dir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** @return the method of split i, seeded as {@code bnn uci} seeds it ({@code seed + i}) */
    IntFunction<MethodSpec> methodForSplit() {
        UciInference m = inference;
        Integer e = epochs;
        long s0 = seed;
        return i -> {
            long s = s0 + i;
            return () -> m.create(e, s);
        };
    }
}
