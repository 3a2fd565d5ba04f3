package org.bnn4j.inference.io;

import java.util.Arrays;
import java.util.Map;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.svi.MeanFieldPosterior;
import org.bnn4j.nn.internal.Arrays2;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The codecs of the posterior families in this module's core packages. */
final class BuiltInCodecs {

    private BuiltInCodecs() {
    }

    /** A point mass: one vector {@code theta}. */
    static final class PointMass implements PosteriorCodec<PointMassPosterior> {
        @Override
        public String kind() {
            return "point-mass";
        }

        @Override
        public Class<PointMassPosterior> type() {
            return PointMassPosterior.class;
        }

        @Override
        public Map<String, INDArray> arrays(PointMassPosterior p) {
            return Map.of("theta", Nd4j.createFromArray(p.parameters()));
        }

        @Override
        public PointMassPosterior decode(Input in) {
            return new PointMassPosterior(in.model(), in.method(), in.vector("theta", in.model().numParams()),
                    in.standardizer(), in.diagnostics());
        }
    }

    /** A mean-field Gaussian: {@code loc} and {@code scale}. */
    static final class MeanField implements PosteriorCodec<MeanFieldPosterior> {
        @Override
        public String kind() {
            return "mean-field";
        }

        @Override
        public Class<MeanFieldPosterior> type() {
            return MeanFieldPosterior.class;
        }

        @Override
        public Map<String, INDArray> arrays(MeanFieldPosterior p) {
            return Map.of("loc", Nd4j.createFromArray(p.loc()), "scale", Nd4j.createFromArray(p.scale()));
        }

        @Override
        public MeanFieldPosterior decode(Input in) {
            int p = in.model().numParams();
            return new MeanFieldPosterior(in.model(), in.method(), in.vector("loc", p), in.vector("scale", p),
                    in.standardizer(), in.diagnostics());
        }
    }

    /** MCMC draws: {@code draws [chains, draws, numParams]}. */
    static final class Samples implements PosteriorCodec<SamplePosterior> {
        @Override
        public String kind() {
            return "samples";
        }

        @Override
        public Class<SamplePosterior> type() {
            return SamplePosterior.class;
        }

        @Override
        public Map<String, INDArray> arrays(SamplePosterior p) {
            return Map.of("draws", Nd4j.createFromArray(p.chains()));
        }

        @Override
        public SamplePosterior decode(Input in) {
            int p = in.model().numParams();
            INDArray draws = in.array("draws");
            if (draws.rank() != 3 || draws.size(2) != p) {
                throw new IllegalArgumentException("array draws must have shape [chains, draws, " + p + "] but had "
                        + Arrays.toString(draws.shape()));
            }
            int c = (int) draws.size(0);
            int t = (int) draws.size(1);
            double[] flat = Arrays2.toDoubles(draws);
            double[][][] chains = new double[c][t][];
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < t; j++) {
                    int from = (i * t + j) * p;
                    chains[i][j] = Arrays.copyOfRange(flat, from, from + p);
                }
            }
            return new SamplePosterior(in.model(), in.method(), chains, in.standardizer(), in.diagnostics());
        }
    }
}
