#!/usr/bin/env python3
"""The test set's class geometry at the end of each finished cell of a refresh-period run
(docs/results/vmf-refresh-period.md), from the embeddings a cell saves (test_embeddings.npy,
test_labels.npy), to show what separates the arms' MAP@R:

    python3 benchmarks/vmf-refresh/geometry.py RUN_DIR [RUN_DIR ...]

Per cell, on the L2-normalised test embeddings with each class's own test mean direction:
  R         the mean resultant length of a class's embeddings, averaged over classes (1 = every
            embedding of a class on one direction: how tightly the classes gather; it is also the
            mean cosine of an embedding to its class's mean direction);
  cos_mean  the mean cosine between two different classes' mean directions (lower = further apart);
  cos_near  the cosine between the two closest classes' mean directions.
Then each arm's mean over its seeds, and its mean difference from the per-epoch refresh
(label refresh-epoch) over the seeds both have finished, with the paired t-test's two-sided p-value
when SciPy is there. The cells of all the runs given are read as one study. Needs NumPy.
"""
import os
import signal
import sys

import numpy as np

from tables import finished_cell_dirs, run_dirs

try:
    from scipy.stats import ttest_rel
except ImportError:  # the p-values are left out
    ttest_rel = None

FIELDS = ["R", "cos_mean", "cos_near"]


def geometry(cell_dir):
    embeddings = np.load(os.path.join(cell_dir, "test_embeddings.npy")).astype(np.float64)
    labels = np.load(os.path.join(cell_dir, "test_labels.npy")).ravel()
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    classes = np.unique(labels)
    resultants = np.array([embeddings[labels == c].mean(axis=0) for c in classes])
    lengths = np.linalg.norm(resultants, axis=1)
    directions = resultants / lengths[:, None]
    between = (directions @ directions.T)[~np.eye(len(classes), dtype=bool)]
    return {"R": lengths.mean(), "cos_mean": between.mean(), "cos_near": between.max()}


def row(first, values, sign=""):
    return "| " + " | ".join(first) + " | " + " | ".join(("%" + sign + ".3f") % values[f] for f in FIELDS) + " |"


def paired(ours, theirs):
    """Mean difference, and the paired t-test's p-value where SciPy is there and n > 1."""
    text = "%+.3f" % np.mean(np.subtract(ours, theirs))
    if ttest_rel is not None and len(ours) > 1:
        p = ttest_rel(ours, theirs).pvalue
        text += " (p<0.001)" if p < 0.001 else " (p=%.3f)" % p
    return text


def main(runs):
    cells = {key: geometry(path) for key, path in finished_cell_dirs(runs).items()
             if os.path.exists(os.path.join(path, "test_embeddings.npy"))}
    header = " | ".join(FIELDS)
    print("| arm | seed | " + header + " |\n" + "|---" * (len(FIELDS) + 2) + "|")
    for (label, seed), values in sorted(cells.items()):
        print(row([label, str(seed)], values))
    print("\n| arm | seeds | " + header + " |\n" + "|---" * (len(FIELDS) + 2) + "|")
    labels = sorted({label for label, _ in cells})
    for label in labels:
        seeds = sorted(s for l, s in cells if l == label)
        print(row([label, ",".join(map(str, seeds))],
                  {f: np.mean([cells[(label, s)][f] for s in seeds]) for f in FIELDS}))
    baseline = "refresh-epoch"
    print(f"\n| arm - {baseline} | seeds | " + header + " |\n" + "|---" * (len(FIELDS) + 2) + "|")
    for label in labels:
        seeds = sorted(s for l, s in cells if l == label and (baseline, s) in cells)
        if label == baseline or not seeds:
            continue
        print(f"| {label} | {','.join(map(str, seeds))} | " + " | ".join(
            paired([cells[(label, s)][f] for s in seeds], [cells[(baseline, s)][f] for s in seeds])
            for f in FIELDS) + " |")


if __name__ == "__main__":
    # piped into head or less: end quietly when the reader stops, as other command-line tools do
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main(run_dirs(sys.argv[1:], "geometry.py", __doc__))
