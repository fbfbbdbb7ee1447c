#!/usr/bin/env python3
"""Tables of the refresh-period study (docs/results/vmf-refresh-period.md) from its run directories.

    python3 benchmarks/vmf-refresh/tables.py RUN_DIR [RUN_DIR ...]
    python3 benchmarks/vmf-refresh/tables.py --final RUN_DIR [RUN_DIR ...]
    python3 benchmarks/vmf-refresh/tables.py --mean RUN_DIR [RUN_DIR ...]

For every cell of each run: one row per epoch from metrics.jsonl (accuracy, NLL, ECE, MAP@R when
measured, the class mean resultant length R of the epoch's last refresh and the angle that refresh
turned the class means by), then, when the cell has probes.jsonl (evaluation.probes_per_epoch), one
row per probe within the epochs. Unfinished cells are shown with the epochs they have.

--final: one row per finished cell (its last epoch), then each arm's mean difference from the
per-epoch refresh (label refresh-epoch) over the seeds both have finished, so that a study still
running can be read without waiting for `dsml report`'s paired tests, which want every seed.

--mean: each arm's curve, every epoch's values averaged over the arm's finished seeds (with their
number), so that a pattern such as the per-epoch refresh's two-cycle can be read across seeds.

--final and --mean read the cells of all the runs given as one study (an arm trained in a run
directory of its own, such as refresh-2-epochs, joins the arms it is compared with).
"""
import json
import os
import signal
import sys

COLUMNS = [("accuracy", "acc", 100, 2), ("nll", "NLL", 1, 4), ("ece", "ECE %", 100, 2),
           ("map_at_r", "MAP@R", 100, 2), ("class_mean_resultant_length", "R", 1, 3),
           ("mean_direction_change_deg", "angle", 1, 1)]


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def cells(record, columns, sign=""):
    """The record's values of these COLUMNS entries, scaled and rounded; "" where one is missing."""
    return [("%" + sign + "." + str(c[3]) + "f") % (record[c[0]] * c[2]) if c[0] in record else ""
            for c in columns]


def table(records, first, first_name):
    present = [c for c in COLUMNS if any(c[0] in r for r in records)]
    print("| " + first_name + " | " + " | ".join(c[1] for c in present) + " |")
    print("|---" * (len(present) + 1) + "|")
    for r in records:
        print("| " + first(r) + " | " + " | ".join(cells(r, present)) + " |")
    print()


def run_dirs(args, script, usage):
    """The run directories named on the command line. With none, or with -h/--help, the usage
    (exit status 2, or 0 when asked for); a path that is not a run directory (it has no cells/)
    is named in one line, exit status 2."""
    if not args or args[0] in ("-h", "--help"):
        print(usage.strip(), file=sys.stdout if args else sys.stderr)
        sys.exit(0 if args else 2)
    for run in args:
        if not os.path.isdir(os.path.join(run, "cells")):
            print(f"{script}: {run}: not a dsml run directory (no cells/ in it)", file=sys.stderr)
            sys.exit(2)
    return args


def finished_cell_dirs(runs):
    """{(label, seed): the cell's directory} of the finished cells (those with a result.json) of
    these runs together, ids like conv-2__LABEL__seedS; an arm trained in a run of its own joins
    the others. geometry.py reads the same cells."""
    out = {}
    for run in runs:
        cells_dir = os.path.join(run, "cells")
        for cell in sorted(os.listdir(cells_dir)):
            path = os.path.join(cells_dir, cell)
            if os.path.exists(os.path.join(path, "result.json")):
                _, label, seed = cell.split("__")
                out[(label, int(seed[len("seed"):]))] = path
    return out


def finished_cells(runs):
    """{(label, seed): the epoch records} of the finished cells of these runs."""
    return {key: [r for r in rows(os.path.join(path, "metrics.jsonl")) if "accuracy" in r]
            for key, path in finished_cell_dirs(runs).items()}


def final_epochs(runs):
    """{(label, seed): last epoch's record} of the finished cells."""
    return {key: epochs[-1] for key, epochs in finished_cells(runs).items()}


def mean_curves(runs):
    by_cell = finished_cells(runs)
    for label in sorted({label for label, _ in by_cell}):
        seeds = sorted(s for l, s in by_cell if l == label)
        curves = [by_cell[(label, s)] for s in seeds]
        print(f"### {label}, mean of seeds {','.join(map(str, seeds))}\n")
        means = []
        for epoch in range(min(len(c) for c in curves)):
            records = [c[epoch] for c in curves]
            mean = {k: sum(r[k] for r in records) / len(records)
                    for k, *_ in COLUMNS if all(k in r for r in records)}
            mean["epoch"] = records[0]["epoch"]
            means.append(mean)
        table(means, lambda r: str(r["epoch"]), "epoch")


def final(runs, baseline="refresh-epoch"):
    last = final_epochs(runs)
    print("| arm | seed | " + " | ".join(c[1] for c in COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    for (label, seed), r in sorted(last.items()):
        print(f"| {label} | {seed} | " + " | ".join(cells(r, COLUMNS)) + " |")
    print()
    paired = [c for c in COLUMNS if c[0] != "mean_direction_change_deg"]
    print(f"| arm - {baseline} | seeds | " + " | ".join(c[1] for c in paired) + " |")
    print("|---" * (len(paired) + 2) + "|")
    for label in sorted({label for label, _ in last} - {baseline}):
        seeds = sorted(s for l, s in last if l == label and (baseline, s) in last)
        if not seeds:
            continue
        mean_diff = {c[0]: sum(last[(label, s)][c[0]] - last[(baseline, s)][c[0]] for s in seeds) / len(seeds)
                     for c in paired}
        print(f"| {label} | {','.join(map(str, seeds))} | " + " | ".join(cells(mean_diff, paired, "+")) + " |")
    print()


def main():
    mode = sys.argv[1] if sys.argv[1:2] in (["--final"], ["--mean"]) else None
    runs = run_dirs(sys.argv[2:] if mode else sys.argv[1:], "tables.py", __doc__)
    if mode == "--final":
        final(runs)
        return
    if mode == "--mean":
        mean_curves(runs)
        return
    for run in runs:
        cells_dir = os.path.join(run, "cells")
        for cell in sorted(os.listdir(cells_dir)):
            metrics = os.path.join(cells_dir, cell, "metrics.jsonl")
            if not os.path.exists(metrics):
                continue
            done = os.path.exists(os.path.join(cells_dir, cell, "result.json"))
            print(f"### {cell}{'' if done else ' (unfinished)'}\n")
            table(rows(metrics), lambda r: str(r["epoch"]), "epoch")
            probes = os.path.join(cells_dir, cell, "probes.jsonl")
            if os.path.exists(probes):
                print(f"Probes within the epochs of {cell}:\n")
                table(rows(probes), lambda r: "%d + %.3f" % (r["epoch"] - 1, r["epoch_fraction"]), "epoch")


if __name__ == "__main__":
    # piped into head or less: end quietly when the reader stops, as other command-line tools do
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main()
