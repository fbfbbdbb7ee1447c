#!/usr/bin/env python3
"""Reference values for dsml's evaluation tests, computed independently of the Java code.

Run from this directory with Debian's python3 (python3-numpy, python3-sklearn):
    /usr/bin/python3 make_reference.py
It writes the .npy inputs next to itself and prints the expected metric values, which are
hard-coded in io.dsml.evaluation.ReferenceValuesTest.

Retrieval metrics follow pytorch-metric-learning's AccuracyCalculator formulas (relevance mask of
the first R columns, lone queries excluded), written here as a plain brute force over a full
float64 similarity matrix with a stable sort (ties -> lower index). NMI/AMI are scikit-learn's
normalized_mutual_info_score / adjusted_mutual_info_score with default arithmetic averaging.
"""
import numpy as np
from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score


def retrieval(q, ql, g, gl, same_source, ks):
    qn = q / np.linalg.norm(q, axis=1, keepdims=True)
    gn = g / np.linalg.norm(g, axis=1, keepdims=True)
    sims = qn.astype(np.float64) @ gn.astype(np.float64).T
    if same_source:
        np.fill_diagonal(sims, -np.inf)
    rec = {k: [] for k in ks}
    p1, rp, mapr = [], [], []
    lone = 0
    for i in range(len(q)):
        r = int(np.sum(gl == ql[i])) - (1 if same_source else 0)
        if r <= 0:
            lone += 1
            continue
        order = np.argsort(-sims[i], kind="stable")
        if same_source:
            order = order[order != i]
        match = gl[order] == ql[i]
        for k in ks:
            rec[k].append(float(match[:k].any()))
        p1.append(float(match[0]))
        rel = match[:r]
        rp.append(rel.sum() / r)
        cum = np.cumsum(rel)
        mapr.append(np.sum(cum * rel / np.arange(1, r + 1)) / r)
    out = {f"recall@{k}": np.mean(v) for k, v in rec.items()}
    out.update(precision_at_1=np.mean(p1), r_precision=np.mean(rp), map_at_r=np.mean(mapr),
               lone=lone)
    return out


def main():
    rng = np.random.default_rng(20240501)
    # One set: 120 rows, 16-d, 9 classes of uneven size plus one singleton class (lone query).
    labels = np.concatenate([np.repeat(np.arange(9), [30, 20, 15, 12, 12, 10, 10, 6, 4]), [99]])
    centres = rng.normal(size=(100, 16))
    data = (centres[labels] * 0.9 + rng.normal(size=(len(labels), 16))).astype(np.float32)
    np.save("single_data.npy", data)
    np.save("single_labels.npy", labels.astype(np.int64))
    print("single", retrieval(data, labels, data, labels, True, [1, 2, 4, 8, 16]))

    # Query/gallery: 40 queries (one with a class absent from the gallery), 70 gallery rows.
    ql = np.concatenate([rng.integers(0, 8, size=39), [50]])
    gl = rng.integers(0, 8, size=70)
    q = (centres[ql] + rng.normal(size=(40, 16)) * 1.2).astype(np.float32)
    g = (centres[gl] + rng.normal(size=(70, 16)) * 1.2).astype(np.float32)
    np.save("query_data.npy", q)
    np.save("query_labels.npy", ql.astype(np.int32))
    np.save("gallery_data.npy", g)
    np.save("gallery_labels.npy", gl.astype(np.int32))
    print("query/gallery", retrieval(q, ql, g, gl, False, [1, 5, 10]))

    # NMI/AMI of fixed labellings reproducible in Java by formula.
    n = 500
    i = np.arange(n)
    truth = (i * 7 + 3) % 13
    pred = (i * i + 5 * i + 1) % 11
    noisy = np.where(i % 4 == 0, (i * 3) % 13, truth)
    for name, a, b in [("formula", truth, pred), ("noisy", truth, noisy),
                       ("uneven", i % 3, np.minimum(i // 50, 7))]:
        print(name, "nmi=%.17g ami=%.17g" % (normalized_mutual_info_score(a, b),
                                              adjusted_mutual_info_score(a, b)))


if __name__ == "__main__":
    main()
