# Sourced by the study scripts (benchmarks/vmf-study, benchmarks/vmf-refresh): runs an experiment's
# cells one `--cell` run at a time in seed-major order, every label with the first seed, then every
# label with the next, so that a study cut short still pairs every label on the seeds it finished
# (plain `reproduce` runs the grid label-major). A finished cell is skipped, so rerunning continues
# the study; with DSML_STUDY_REVERSE=1 a second worker takes the grid from the other end (a cell
# being trained elsewhere is locked and skipped), and the two meet in the middle.
#
#   run_seed_major DSML RUN_DIR DEPTH "LABELS" "SEEDS" ARGS...
# runs "$DSML" ARGS... --cell conv-DEPTH__LABEL__seedS for each cell, then `report RUN_DIR`;
# returns 1 if any cell or the report failed.
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
  "$dsml" report "$run_dir" || failed=1
  return $failed
}
