#!/usr/bin/env python3
"""Markdown table of the vMF refresh cost of a finished run directory.

Usage: python3 benchmarks/train/refresh_table.py runs/refresh-cost/<timestamp>

Per cell: total training wall time (result.json's trainSeconds: steps plus every refresh, the one
before the first step included), total refresh time (sum of metrics.jsonl's refresh_seconds), the
refresh's share of training time, the mean step-only time per epoch (train_seconds minus
refresh_seconds, epochs 2+), and the final test accuracy and Recall@1.
"""
import json
import os
import sys


def main(run):
    cells = os.path.join(run, "cells")
    print("| cell | epochs | train s | refresh s | refresh share | steps-only s/epoch (2+) | accuracy | Recall@1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for cell in sorted(os.listdir(cells)):
        with open(os.path.join(cells, cell, "result.json")) as f:
            result = json.load(f)
        with open(os.path.join(cells, cell, "metrics.jsonl")) as f:
            epochs = [json.loads(line) for line in f if line.strip()]
        refresh = sum(e.get("refresh_seconds", 0.0) for e in epochs)
        later = [e["train_seconds"] - e.get("refresh_seconds", 0.0) for e in epochs[1:]]
        train = result["trainSeconds"]
        metrics = result.get("metrics") or {}
        print(f"| {cell} | {len(epochs)} | {train:.1f} | {refresh:.2f} | {100 * refresh / train:.1f}% | "
              f"{sum(later) / max(len(later), 1):.2f} | {metrics.get('accuracy', float('nan')):.4f} | "
              f"{metrics.get('recall@1', float('nan')):.4f} |")


if __name__ == "__main__":
    main(sys.argv[1])
