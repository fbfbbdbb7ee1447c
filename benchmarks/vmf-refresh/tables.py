#!/usr/bin/env python3
"""Tables of the refresh-period study (docs/results/vmf-refresh-period.md) from its run directories.

    python3 benchmarks/vmf-refresh/tables.py RUN_DIR [RUN_DIR ...]

For every cell of each run: one row per epoch from metrics.jsonl (accuracy, NLL, ECE, MAP@R when
measured, the class mean resultant length R of the epoch's last refresh and the angle that refresh
turned the class means by), then, when the cell has probes.jsonl (evaluation.probes_per_epoch), one
row per probe within the epochs. Unfinished cells are shown with the epochs they have.
"""
import json
import os
import sys

COLUMNS = [("accuracy", "acc", 100, 2), ("nll", "NLL", 1, 4), ("ece", "ECE %", 100, 2),
           ("map_at_r", "MAP@R", 100, 2), ("class_mean_resultant_length", "R", 1, 3),
           ("mean_direction_change_deg", "angle", 1, 1)]


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def table(records, first, first_name):
    present = [c for c in COLUMNS if any(c[0] in r for r in records)]
    print("| " + first_name + " | " + " | ".join(c[1] for c in present) + " |")
    print("|---" * (len(present) + 1) + "|")
    for r in records:
        cells = [("%." + str(c[3]) + "f") % (r[c[0]] * c[2]) if c[0] in r else "" for c in present]
        print("| " + first(r) + " | " + " | ".join(cells) + " |")
    print()


def main():
    for run in sys.argv[1:]:
        cells = os.path.join(run, "cells")
        for cell in sorted(os.listdir(cells)):
            metrics = os.path.join(cells, cell, "metrics.jsonl")
            if not os.path.exists(metrics):
                continue
            done = os.path.exists(os.path.join(cells, cell, "result.json"))
            print(f"### {cell}{'' if done else ' (unfinished)'}\n")
            table(rows(metrics), lambda r: str(r["epoch"]), "epoch")
            probes = os.path.join(cells, cell, "probes.jsonl")
            if os.path.exists(probes):
                print(f"Probes within the epochs of {cell}:\n")
                table(rows(probes), lambda r: "%d + %.3f" % (r["epoch"] - 1, r["epoch_fraction"]), "epoch")


if __name__ == "__main__":
    main()
