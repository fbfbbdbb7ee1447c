# Sourced by the study scripts (benchmarks/vmf-study, benchmarks/vmf-refresh): runs an experiment's
# cells one `--cell` run at a time in seed-major order, every label with the first seed, then every
# label with the next, so that a study cut short still pairs every label on the seeds it finished
# (plain `reproduce` runs the grid label-major). A finished cell is skipped, so rerunning continues
# the study; with DSML_STUDY_REVERSE=1 a second worker takes the grid from the other end (a cell
# being trained elsewhere is locked and skipped), and the two meet in the middle.
#
#   run_seed_major DSML RUN_DIR DEPTH "LABELS" "SEEDS" ARGS...
# runs "$DSML" ARGS... --cell conv-DEPTH__LABEL__seedS for each cell, then `report RUN_DIR`;
# returns 1 if any cell or the report failed. A report refused because another process holds the
# run directory is not a failure: with two workers, the one that finishes first finds the other
# still training (or both finish together and one is reporting), and the other writes the report.
run_seed_major() {
  local dsml=$1 run_dir=$2 depth=$3 labels=$4 seeds=$5; shift 5
  local cells=() seed label i j t failed=0 cell
  for seed in $seeds; do
    for label in $labels; do cells+=("conv-${depth}__${label}__seed${seed}"); done
  done
  if [ "${DSML_STUDY_REVERSE:-0}" = 1 ]; then
    for ((i = ${#cells[@]} - 1, j = 0; i > j; i--, j++)); do t=${cells[i]}; cells[i]=${cells[j]}; cells[j]=$t; done
  fi
  for cell in "${cells[@]}"; do
    if [ -f "$run_dir/cells/$cell/result.json" ]; then
      echo "skip $cell (finished)"; continue
    fi
    # A failing cell (bad input, a fault) is reported and the study goes on; the report names it.
    "$dsml" "$@" --cell "$cell" || { echo "cell $cell: dsml exited $?" >&2; failed=1; }
  done
  report_unless_busy "$dsml" "$run_dir" || failed=1
  return $failed
}

# `DSML report RUN_DIR`, its output as usual; returns 0 when another dsml process holds the run
# directory (dsml's own one-line refusal, exit 2), saying that the report is left to that process.
report_unless_busy() {
  local dsml=$1 run_dir=$2 status=0 err
  err=$(mktemp)
  "$dsml" report "$run_dir" 2>"$err" || status=$?
  cat "$err" >&2
  if [ $status -ne 0 ] && grep -q "another dsml process is using this run directory" "$err"; then
    echo "report: left to the process that holds $run_dir (another worker); or run: dsml report $run_dir" >&2
    status=0
  fi
  rm -f "$err"
  return $status
}
