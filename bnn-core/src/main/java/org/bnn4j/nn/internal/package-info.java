/**
 * The compute kernels behind {@link org.bnn4j.nn.FeedForwardNetwork} and {@link org.bnn4j.model.BayesianModel}: the
 * kernel interface on row-major {@code double[]} with its reusable workspace, the fused plain-Java kernel, the ND4J
 * kernel, the reference kernel, the choice between them, the vectorisable tanh and softplus, and INDArray checks.
 *
 * <p>Not API: these types are public only so that bnn4j's own packages and modules can share them; they may change
 * in any release. Users choose a kernel with {@link org.bnn4j.nn.KernelType}.
 */
package org.bnn4j.nn.internal;
