package org.bnn4j.examples.uci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Published UCI results (1 hidden layer of 50 units, the same 20 splits) to print beside bnn4j's, and the per-split
 * MC-dropout results shipped in a dataset folder.
 *
 * <p>Sources (means only; the papers' ± conventions differ, std in some, standard error in others):
 * <ul>
 *   <li>VI: Graves (2011), "Practical Variational Inference for Neural Networks", NeurIPS, as reported in Table 1
 *       of Hernández-Lobato &amp; Adams (2015), "Probabilistic Backpropagation ...", ICML. Recalled from that table,
 *       not re-checked against the PDF; the yacht test LL is left out because it could not be recalled reliably.</li>
 *   <li>PBP: Hernández-Lobato &amp; Adams (2015), Table 1.</li>
 *   <li>MC dropout: Gal &amp; Ghahramani (2016), "Dropout as a Bayesian Approximation", ICML, Table 1; checked
 *       against the "original" column of the yaringal/DropoutUncertaintyExps README.</li>
 *   <li>Deep Ensembles: Lakshminarayanan, Pritzel &amp; Blundell (2017), "Simple and Scalable Predictive
 *       Uncertainty Estimation using Deep Ensembles", NeurIPS, Table 1 (5 networks; LL = -NLL). Recalled, not
 *       re-checked against the PDF.</li>
 * </ul>
 */
public final class PublishedResults {

    /**
     * One published row.
     *
     * @param method method and source, e.g. "PBP (Hernández-Lobato &amp; Adams 2015)"
     * @param rmse   mean test RMSE, or NaN if not known
     * @param ll     mean test log-likelihood, or NaN if not known
     * @param rmseSe standard error of the RMSE over splits if computed from per-split data, else NaN
     * @param llSe   standard error of the log-likelihood over splits if computed from per-split data, else NaN
     */
    public record Row(String method, double rmse, double ll, double rmseSe, double llSe) {
    }

    private static final String VI = "VI (Graves 2011, in H-L&A 2015)";
    private static final String PBP = "PBP (Hernandez-Lobato & Adams 2015)";
    private static final String DROPOUT = "MC dropout (Gal & Ghahramani 2016)";
    private static final String ENSEMBLE = "Deep Ensembles (Lakshminarayanan+ 2017)";

    /** dataset -> {VI, PBP, MC dropout, Deep Ensembles}, each {rmse, ll}. */
    private static final Map<String, double[][]> TABLE = Map.of(
            "boston", new double[][] {{4.32, -2.90}, {3.01, -2.57}, {2.97, -2.46}, {3.28, -2.41}},
            "concrete", new double[][] {{7.19, -3.39}, {5.67, -3.16}, {5.23, -3.04}, {6.03, -3.06}},
            "energy", new double[][] {{2.65, -2.39}, {1.80, -2.04}, {1.66, -1.99}, {2.09, -1.38}},
            "yacht", new double[][] {{6.89, Double.NaN}, {1.02, -1.63}, {1.11, -1.55}, {1.58, -1.18}});

    private static final String SHIPPED_RMSE = "results_mc_dropout/test_MC_rmse_100_xepochs_1_hidden_layers.txt";
    private static final String SHIPPED_LL = "results_mc_dropout/test_ll_100_xepochs_1_hidden_layers.txt";

    private PublishedResults() {
    }

    /**
     * @param dataset dataset name (boston, concrete, energy, yacht; others have none)
     * @param dir     the dataset folder, searched for shipped MC-dropout per-split results
     * @param splits  how many splits bnn4j ran; shipped results are averaged over the same first splits
     * @return the rows, possibly empty
     */
    public static List<Row> rows(String dataset, Path dir, int splits) {
        List<Row> rows = new ArrayList<>();
        double[][] t = TABLE.get(dataset.toLowerCase(Locale.ROOT));
        if (t != null) {
            String[] names = {VI, PBP, DROPOUT, ENSEMBLE};
            for (int i = 0; i < names.length; i++) {
                rows.add(new Row(names[i], t[i][0], t[i][1], Double.NaN, Double.NaN));
            }
        }
        shipped(dir, splits).ifPresent(rows::add);
        return rows;
    }

    /**
     * The shipped MC-dropout grid-search results (10x epochs) averaged over the first {@code splits} splits.
     *
     * @param dir    dataset folder
     * @param splits splits to average
     * @return the row, or empty if the files are absent or shorter than {@code splits}
     */
    static Optional<Row> shipped(Path dir, int splits) {
        Path r = dir.resolve(SHIPPED_RMSE);
        Path l = dir.resolve(SHIPPED_LL);
        if (!Files.isRegularFile(r) || !Files.isRegularFile(l)) {
            return Optional.empty();
        }
        List<Double> rmse = numbers(r);
        List<Double> ll = numbers(l);
        if (rmse.size() < splits || ll.size() < splits) {
            return Optional.empty();
        }
        SplitStats sr = SplitStats.of(rmse.subList(0, splits));
        SplitStats sl = SplitStats.of(ll.subList(0, splits));
        return Optional.of(new Row("MC dropout grid search (shipped per-split)", sr.mean(), sl.mean(), sr.se(),
                sl.se()));
    }

    private static List<Double> numbers(Path p) {
        try {
            List<Double> out = new ArrayList<>();
            for (String line : Files.readAllLines(p)) {
                if (!line.isBlank()) {
                    out.add(Double.parseDouble(line.strip()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot read the shipped results", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(p + ": not one number per line (" + e.getMessage() + ")", e);
        }
    }
}
