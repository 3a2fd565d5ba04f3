#!/usr/bin/env python3
"""Gaussian-process reference for `bnn uci --protocol gap` (numpy + scipy).

Sorts the rows of a UCI set by one input, holds out the middle third, fits a GP with an ARD
squared-exponential kernel and Gaussian noise to the outer two thirds (inputs and target standardised
with the training rows' statistics; kernel and noise hyperparameters by type-II maximum likelihood,
L-BFGS from two starts), and scores the held-out rows in the original units of y: NLL, RMSE, the share
inside the central 90 % interval. With --by-value it also prints each held-out value of the sorting input.

    python3 docs/scripts/gap_gp.py DATA_DIR energy 0 --by-value
"""
import argparse

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.optimize import minimize


def load(data_dir, name):
    base = f"{data_dir}/{name}"
    d = np.loadtxt(f"{base}/data.txt")
    feat = [int(v) for v in open(f"{base}/index_features.txt").read().split()]
    tgt = int(open(f"{base}/index_target.txt").read().split()[0])
    return d[:, feat], d[:, tgt]


def gap_split(x, f):
    # the order bnn uci uses: by the input, ties by row index
    n = len(x)
    order = sorted(range(n), key=lambda r: (x[r, f], r))
    test = np.array(sorted(order[n // 3: 2 * n // 3]))
    train = np.array(sorted(order[: n // 3] + order[2 * n // 3:]))
    return train, test


def kernel(a, b, p, dims):
    ls, sf2 = np.exp(p[:dims]), np.exp(2 * p[dims])
    r2 = (((a[:, None, :] - b[None, :, :]) / ls) ** 2).sum(-1)
    return sf2 * np.exp(-0.5 * r2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("dataset")
    ap.add_argument("feature", type=int)
    ap.add_argument("--by-value", action="store_true")
    a = ap.parse_args()
    x, y = load(a.data_dir, a.dataset)
    tr, te = gap_split(x, a.feature)
    mx, sx = x[tr].mean(0), x[tr].std(0)
    sx[sx == 0] = 1
    my, sy = y[tr].mean(), y[tr].std()
    xt, yt, xs = (x[tr] - mx) / sx, (y[tr] - my) / sy, (x[te] - mx) / sx
    dims = x.shape[1]

    def neg_log_marginal(p):
        k = kernel(xt, xt, p, dims) + (np.exp(2 * p[dims + 1]) + 1e-8) * np.eye(len(yt))
        try:
            c = cho_factor(k)
        except np.linalg.LinAlgError:
            return 1e10
        return 0.5 * yt @ cho_solve(c, yt) + np.log(np.diag(c[0])).sum() + 0.5 * len(yt) * np.log(2 * np.pi)

    fits = [minimize(neg_log_marginal, np.r_[np.full(dims, s), 0.0, np.log(0.1)], method="L-BFGS-B")
            for s in (0.0, 1.0)]
    p = min(fits, key=lambda r: r.fun).x
    noise = np.exp(2 * p[dims + 1])
    c = cho_factor(kernel(xt, xt, p, dims) + (noise + 1e-8) * np.eye(len(yt)))
    ks = kernel(xs, xt, p, dims)
    f_var = np.maximum(np.exp(2 * p[dims]) - np.einsum("ij,ji->i", ks, cho_solve(c, ks.T)), 0)
    mean, var = ks @ cho_solve(c, yt) * sy + my, (f_var + noise) * sy ** 2
    err = y[te] - mean
    inside = np.abs(err) < 1.6448536 * np.sqrt(var)
    nll = np.mean(0.5 * np.log(2 * np.pi * var) + 0.5 * err ** 2 / var)
    print(f"{a.dataset} feature {a.feature}: gap NLL {nll:.3f}  RMSE {np.sqrt(np.mean(err ** 2)):.3f}  "
          f"cover90 {inside.mean():.2f}  epistemic std {np.sqrt(f_var).mean() * sy:.3f}  noise std {np.sqrt(noise) * sy:.3f}")
    if a.by_value:
        for v in np.unique(x[te, a.feature]):
            m = x[te, a.feature] == v
            print(f"  value {v:g}: rows {m.sum()}  mean y {y[te][m].mean():.2f}  bias {err[m].mean():.2f}  "
                  f"sd {np.sqrt(var[m]).mean():.2f}  cover90 {inside[m].mean():.2f}")


if __name__ == "__main__":
    main()
