package org.bnn4j.inference.svi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.Diagnostics;

/**
 * What an SVI fit reports, per epoch (averaged over the epoch's minibatches): the ELBO estimate
 * {@code E_q[log p(y|x,theta)] - KL} (full KL weight), the expected negative log-likelihood, the KL divergence of
 * the guide from the prior, and the KL weight the optimiser used.
 *
 * @param elbo     ELBO estimates; copied
 * @param nll      expected negative log-likelihood estimates (scaled to the full dataset); copied
 * @param kl       KL(q || prior); copied
 * @param klWeight KL weights; copied
 * @param millisPerEpoch mean wall-clock milliseconds per epoch
 * @param warnings human-readable warnings
 * @param guide    the guide's name ({@link Guide#name()}, e.g. {@code meanfield} or {@code lowrank:10})
 */
public record SviDiagnostics(double[] elbo, double[] nll, double[] kl, double[] klWeight, double millisPerEpoch,
                             List<String> warnings, String guide) implements Diagnostics {

    /** Copies the arrays. */
    public SviDiagnostics {
        elbo = elbo.clone();
        nll = nll.clone();
        kl = kl.clone();
        klWeight = klWeight.clone();
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(guide, "guide must not be null; pass Guide.meanField().name()");
    }

    /** Diagnostics of a mean-field fit (guide {@code meanfield}); the arrays are copied. */
    public SviDiagnostics(double[] elbo, double[] nll, double[] kl, double[] klWeight, double millisPerEpoch,
                          List<String> warnings) {
        this(elbo, nll, kl, klWeight, millisPerEpoch, warnings, Guide.meanField().name());
    }

    @Override
    public double[] elbo() {
        return elbo.clone();
    }

    @Override
    public double[] nll() {
        return nll.clone();
    }

    @Override
    public double[] kl() {
        return kl.clone();
    }

    @Override
    public double[] klWeight() {
        return klWeight.clone();
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = elbo.length;
        m.put("method", "svi");
        m.put("guide", guide);
        m.put("epochs", n);
        m.put("finalElbo", n == 0 ? Double.NaN : elbo[n - 1]);
        m.put("finalNll", n == 0 ? Double.NaN : nll[n - 1]);
        m.put("finalKl", n == 0 ? Double.NaN : kl[n - 1]);
        m.put("millisPerEpoch", millisPerEpoch);
        return m;
    }

    @Override
    public String toString() {
        return "SviDiagnostics" + summary() + (warnings.isEmpty() ? "" : " warnings=" + warnings);
    }
}
