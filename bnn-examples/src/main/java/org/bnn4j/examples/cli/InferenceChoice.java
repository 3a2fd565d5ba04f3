package org.bnn4j.examples.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.MaximumLikelihood;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The inference methods the {@code bnn} command offers, and how command-line settings configure them. */
public enum InferenceChoice {
    /** Stochastic variational inference with a mean-field Gaussian guide. */
    SVI,
    /** Maximum a posteriori point estimate. */
    MAP,
    /** Maximum likelihood point estimate. */
    MLE;

    /**
     * Settings from the command line; null means "keep the method's default".
     *
     * @param epochs       passes over the data, or null
     * @param learningRate Adam step size, or null
     * @param particles    SVI Monte Carlo particles, or null (rejected for point estimates)
     * @param seed         the run's seed
     */
    public record Settings(Integer epochs, Double learningRate, Integer particles, long seed) {
    }

    /** @return the lower-case name used on the command line */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the method's posterior has weight uncertainty (and so takes priors on the noise) */
    public boolean bayesian() {
        return this == SVI;
    }

    /**
     * @param s the settings
     * @return the configured method
     * @throws IllegalArgumentException if a setting does not apply to this method or is out of range
     */
    public InferenceMethod create(Settings s) {
        if (this == SVI) {
            SviConfig.Builder b = SviConfig.defaults().toBuilder().seed(s.seed());
            if (s.epochs() != null) {
                b.epochs(s.epochs());
            }
            if (s.learningRate() != null) {
                b.learningRate(s.learningRate());
            }
            if (s.particles() != null) {
                b.particles(s.particles());
            }
            return new Svi(b.build());
        }
        if (s.particles() != null) {
            throw new IllegalArgumentException("--particles applies to svi only but was given with --inference "
                    + cliName() + "; drop --particles or use --inference svi");
        }
        OptimizerConfig.Builder b = OptimizerConfig.builder().seed(s.seed()); // builder starts at the defaults
        if (s.epochs() != null) {
            b.epochs(s.epochs());
        }
        if (s.learningRate() != null) {
            b.learningRate(s.learningRate());
        }
        return this == MAP ? new MaximumAPosteriori(b.build()) : new MaximumLikelihood(b.build());
    }

    /** Case-insensitive picocli converter naming the valid values on error. */
    public static final class Converter implements ITypeConverter<InferenceChoice> {
        @Override
        public InferenceChoice convert(String value) {
            for (InferenceChoice c : values()) {
                if (c.cliName().equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an inference method; use one of "
                    + Arrays.stream(values()).map(InferenceChoice::cliName).collect(Collectors.joining(", ")));
        }
    }
}
