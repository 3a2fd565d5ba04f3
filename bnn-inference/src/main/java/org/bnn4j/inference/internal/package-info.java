/**
 * Code shared by the inference methods and the modules built on them: training data in standardised units, the
 * Adam loop of every point estimate with its stopping and early-stopping state, the learning-rate decay, the anchored
 * ensemble prior, held-out rows and validation scores, parallel tasks, provenance access, atomic file writes and
 * terminal detection.
 *
 * <p>Not API: these types are public only so that bnn4j's own packages and modules can share them; they may change
 * in any release. Users configure the methods through their config records ({@code OptimizerConfig},
 * {@code SviConfig}, {@code EnsembleConfig}, ...).
 */
package org.bnn4j.inference.internal;
