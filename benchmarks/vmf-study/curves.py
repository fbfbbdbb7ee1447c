#!/usr/bin/env python3
"""Per-epoch test curves of a dsml run directory as a Markdown table (mean over seeds).

Usage: curves.py RUN_DIR [METRIC ...]   (default metrics: accuracy nll)

Reads every cells/*/metrics.jsonl and result.json (only finished cells, status ok) and prints,
per backbone and loss label, the metric after each epoch, averaged over the seeds, and the change
over the last epoch: the number that says whether a curve has flattened. Standard library only.
"""
import csv
import glob
import json
import os
import signal
import statistics
import sys
from collections import defaultdict


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    run_dir, metrics = argv[1], argv[2:] or ["accuracy", "nll"]
    curves = defaultdict(lambda: defaultdict(list))  # (backbone, label, metric) -> epoch -> values
    order = []
    for result_file in sorted(glob.glob(os.path.join(run_dir, "cells", "*", "result.json"))):
        with open(result_file) as f:
            result = json.load(f)
        if result["status"] != "ok":
            continue
        key = (result["backbone"], result["loss"])
        if key not in order:
            order.append(key)
        with open(os.path.join(os.path.dirname(result_file), "metrics.jsonl")) as f:
            for line in f:
                row = json.loads(line)
                for m in metrics:
                    if m in row:
                        curves[key + (m,)][row["epoch"]].append(row[m])
    order = grid_order(run_dir, order)
    for m in metrics:
        epochs = sorted({e for k, v in curves.items() if k[2] == m for e in v})
        if not epochs:
            continue
        percent = m not in ("nll",)
        scale = 100.0 if percent else 1.0
        print(f"\n{m}{' (%)' if percent else ''}, test set, mean over seeds\n")
        print("| backbone | loss | seeds | " + " | ".join(f"epoch {e}" for e in epochs) + " | last change |")
        print("|---|---|---|" + "---|" * len(epochs) + "---|")
        for backbone, label in order:
            per_epoch = curves[(backbone, label, m)]
            means = [statistics.fmean(per_epoch[e]) * scale if per_epoch.get(e) else None for e in epochs]
            digits = 2 if percent else 3
            cells = ["" if v is None else f"{v:.{digits}f}" for v in means]
            last = [v for v in means if v is not None]
            change = f"{last[-1] - last[-2]:+.{digits}f}" if len(last) > 1 else ""
            seeds = len(per_epoch.get(epochs[-1], []))
            print(f"| {backbone} | {label} | {seeds} | " + " | ".join(cells) + f" | {change} |")


def grid_order(run_dir, found):
    """The rows in the order of dsml's results.csv (the grid's), when it exists."""
    path = os.path.join(run_dir, "results.csv")
    if not os.path.exists(path):
        return found


    with open(path) as f:
        listed = [(row["backbone"], row["loss"]) for row in csv.DictReader(f)]
    return [k for k in listed if k in found] + [k for k in found if k not in listed]


if __name__ == "__main__":
    # piped into head or less: end quietly when the reader stops, as other command-line tools do
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main(sys.argv)
