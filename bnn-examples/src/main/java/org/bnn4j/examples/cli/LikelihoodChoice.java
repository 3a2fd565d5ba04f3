package org.bnn4j.examples.cli;

import java.util.Locale;
import org.bnn4j.model.DegreesOfFreedom;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HeteroskedasticStudentT;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.HomoskedasticStudentT;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NoiseModel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --likelihood gaussian|student-t[:NU]} option: the noise family of the fitted model. {@code student-t}
 * alone learns the degrees of freedom ({@link DegreesOfFreedom#learned()}); {@code student-t:NU} fixes them.
 *
 * @param studentT whether the family is Student-t
 * @param nu       the fixed degrees of freedom, or NaN for learned (Student-t only)
 */
public record LikelihoodChoice(boolean studentT, double nu) {

    /** The Gaussian likelihood (the default). */
    public static final LikelihoodChoice GAUSSIAN = new LikelihoodChoice(false, Double.NaN);

    /**
     * @param value {@code gaussian}, {@code student-t} or {@code student-t:NU} (NU &gt; 0)
     * @return the choice
     * @throws IllegalArgumentException if the value is none of those
     */
    public static LikelihoodChoice parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("gaussian")) {
            return GAUSSIAN;
        }
        if (v.equals("student-t")) {
            return new LikelihoodChoice(true, Double.NaN);
        }
        if (v.startsWith("student-t:")) {
            double nu;
            try {
                nu = Double.parseDouble(v.substring("student-t:".length()));
            } catch (NumberFormatException e) {
                nu = Double.NaN;
            }
            if (!(nu > 0) || !Double.isFinite(nu)) {
                throw new IllegalArgumentException("--likelihood student-t:NU needs a positive number of degrees of "
                        + "freedom but got '" + value + "'; pass e.g. student-t:4, or student-t to learn it");
            }
            return new LikelihoodChoice(true, nu);
        }
        throw new IllegalArgumentException("--likelihood must be gaussian, student-t or student-t:NU but was '"
                + value + "'");
    }

    /**
     * @param heteroskedastic whether the network has a scale head
     * @param noise           the noise model of a homoskedastic net (ignored when heteroskedastic)
     * @return the likelihood
     */
    public Likelihood likelihood(boolean heteroskedastic, NoiseModel noise) {
        if (!studentT) {
            return heteroskedastic ? new HeteroskedasticGaussian() : new HomoskedasticGaussian(noise);
        }
        DegreesOfFreedom dof = Double.isNaN(nu) ? DegreesOfFreedom.learned() : new DegreesOfFreedom.Fixed(nu);
        return heteroskedastic ? new HeteroskedasticStudentT(dof) : new HomoskedasticStudentT(noise, dof);
    }

    @Override
    public String toString() {
        return !studentT ? "gaussian" : Double.isNaN(nu) ? "student-t" : "student-t:" + nu;
    }

    /** Picocli converter: the message of a bad value says what is accepted. */
    public static final class Converter implements ITypeConverter<LikelihoodChoice> {
        @Override
        public LikelihoodChoice convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
