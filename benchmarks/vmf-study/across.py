#!/usr/bin/env python3
"""The vMF study's comparisons side by side across depths, as Markdown tables.

Usage: across.py RESULTS_CSV... [--metrics METRIC ...]   (default: accuracy recall@1 map_at_r ece nll)

Each RESULTS_CSV is the results.csv that `dsml report` writes for one depth's run directory. Per
metric, one table: a first row with the baseline's own mean, then a row per loss label, a column
per backbone, each cell the difference to that depth's baseline with its t-test p-value (bold
where p < 0.05; paired where both ran the same seeds, as in a complete study, and marked "Welch"
where dsml fell back to Welch's test). Nothing is recomputed: the numbers are dsml's, only
rearranged, so the table always agrees with each depth's results.md. Standard library only.
"""
import csv
import signal
import sys

PERCENT = {"accuracy", "recall@1", "map_at_r", "ece"}


def main(argv):
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__, file=sys.stdout if args else sys.stderr)
        sys.exit(0 if args else 2)
    metrics = ["accuracy", "recall@1", "map_at_r", "ece", "nll"]
    if "--metrics" in args:
        i = args.index("--metrics")
        args, metrics = args[:i], args[i + 1:]
        if not metrics:
            fail("--metrics needs at least one metric name")
    rows, source = [], {}
    for path in args:
        for row in read(path, metrics):
            key = (row["backbone"], row["loss"])
            if key in source:
                # e.g. conv-1/ and conv-1-15-epochs/ together: one would silently hide the other
                fail(f"{path}: {key[0]} {key[1]} is also in {source[key]}; give one results.csv per backbone")
            source[key] = path
            rows.append(row)
    backbones = unique(row["backbone"] for row in rows)
    labels = unique(row["loss"] for row in rows if row["baseline"] and row["baseline"] != row["loss"])
    baselines = unique(row["baseline"] for row in rows if row["baseline"])
    by_key = {(row["backbone"], row["loss"]): row for row in rows}
    for metric in metrics:
        scale, digits = (100.0, 2) if metric in PERCENT else (1.0, 3)
        unit = " (points)" if metric in PERCENT else ""
        print(f"\n{metric}: difference to {' / '.join(baselines)}{unit}, t-test p (paired unless marked)\n")
        print("| loss | " + " | ".join(backbones) + " |")
        print("|---|" + "---|" * len(backbones))
        for baseline in baselines:
            cells = [mean_cell(by_key.get((b, baseline)), metric, scale, digits) for b in backbones]
            print(f"| {baseline} (mean) | " + " | ".join(cells) + " |")
        for label in labels:
            cells = [diff_cell(by_key.get((b, label)), metric, scale, digits) for b in backbones]
            print(f"| {label} | " + " | ".join(cells) + " |")


def read(path, metrics):
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{path}: cannot read ({e.strerror})")
    if not rows:
        fail(f"{path}: no rows (an empty results.csv)")
    needed = {"backbone", "loss", "baseline"} | {f"{m}_mean" for m in metrics} | \
        {f"{m}_{s}" for m in metrics for s in ("diff", "p")}
    missing = sorted(needed - set(rows[0]))
    if missing:
        fail(f"{path}: not a dsml results.csv with these metrics (missing column {missing[0]})")
    return rows


def mean_cell(row, metric, scale, digits):
    mean = row and row[f"{metric}_mean"]
    return f"{float(mean) * scale:.{digits}f}" if mean else "-"


def diff_cell(row, metric, scale, digits):
    diff = row and row[f"{metric}_diff"]
    if not diff:
        return "-"
    text = f"{float(diff) * scale:+.{digits}f}"
    p = row[f"{metric}_p"]
    if not p:
        return text
    p = float(p)
    test = "Welch " if row.get(f"{metric}_test") == "welch" else ""
    text += f" ({test}p<0.001)" if p < 0.001 else f" ({test}p={p:.3f})"
    return f"**{text}**" if p < 0.05 else text


def unique(values):
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def fail(message):
    print(f"across.py: {message}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    # piped into head or less: end quietly when the reader stops, as other command-line tools do
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    main(sys.argv)
