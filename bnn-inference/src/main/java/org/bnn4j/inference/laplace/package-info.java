/**
 * The Laplace approximation around a MAP fit: {@link org.bnn4j.inference.laplace.Laplace} (the method),
 * {@link org.bnn4j.inference.laplace.LaplaceConfig} (its settings), {@link org.bnn4j.inference.laplace.LaplacePosterior}
 * (the Gaussian with its linearised or sampled predictive) and {@link org.bnn4j.inference.laplace.LaplaceCodec} (how
 * {@link org.bnn4j.inference.io.PosteriorIO} saves it). The curvature is the generalised Gauss-Newton / Fisher
 * matrix of the Gaussian negative log-likelihood in the mean and, for heteroskedastic nets, the raw-scale outputs;
 * the prior precision (and a homoskedastic noise scale) are chosen by the Laplace marginal likelihood.
 * {@link org.bnn4j.inference.laplace.LaplaceMixture} puts one Laplace approximation around each member of a deep
 * ensemble and mixes their predictives ({@link org.bnn4j.inference.laplace.LaplaceMixturePosterior}, saved by
 * {@link org.bnn4j.inference.laplace.LaplaceMixtureCodec}).
 *
 * <p>References: D. J. C. MacKay, "A practical Bayesian framework for backpropagation networks", Neural Computation
 * 1992; A. Immer, M. Korzepa, M. Bauer, "Improving predictions of Bayesian neural nets via local linearization",
 * AISTATS 2021; E. Daxberger et al., "Laplace Redux - Effortless Bayesian Deep Learning", NeurIPS 2021;
 * R. Eschenhagen, E. Daxberger, P. Hennig, A. Kristiadi, "Mixtures of Laplace Approximations for Improved Post-Hoc
 * Uncertainty in Deep Learning", NeurIPS 2021 Workshop on Bayesian Deep Learning.
 */
package org.bnn4j.inference.laplace;
