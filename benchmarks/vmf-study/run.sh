#!/usr/bin/env bash
# The vMF study (docs/results/fashion-mnist-vmf-study.md, step 2) for one depth, cell by cell in
# seed-major order: every loss with seed 1, then every loss with seed 2, ... so that a run cut
# short still compares every loss on the seeds it finished (plain `reproduce` runs the grid
# loss-major, and the last losses would have no seed at all). Each cell is one `--cell` run into the
# shared run directory; a finished cell is skipped, so rerunning this script continues the study.
#
#   benchmarks/vmf-study/run.sh DEPTH KAPPA RUN_DIR [SEEDS...]
#   e.g. benchmarks/vmf-study/run.sh 1 16 runs/vmf-study-conv1 1 2 3 4 5
#
# A second worker on the same run directory (another core or machine) takes the grid from the other
# end with DSML_STUDY_REVERSE=1: a cell the other worker is training is locked and skipped, and a
# finished one is skipped, so the two meet in the middle without training any cell twice.
#
# DSML (default ./dsml) is the launcher; any further options go in DSML_STUDY_SET as extra
# --set arguments, e.g. DSML_STUDY_SET="--set training.epochs=30" (the same for every cell: the run
# directory's config is write-once and a different one is refused). DSML_STUDY_LOSSES runs a subset
# of the cell labels, e.g. DSML_STUDY_LOSSES="vmf-global softmax-unnormalised" for a longer-training
# check of the two that decide the verdict; the report lists the other labels' cells as missing.
set -euo pipefail
depth=${1:?depth (1-4)}; kappa=${2:?kappa}; run_dir=${3:?run directory}; shift 3
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
dsml=${DSML:-./dsml}
labels=(vmf-global vmf-online softmax-unnormalised softmax-normalised normalized-softmax vmf-scott)
if [ -n "${DSML_STUDY_LOSSES:-}" ]; then
  # shellcheck disable=SC2206
  wanted=(${DSML_STUDY_LOSSES})
  for label in "${wanted[@]}"; do
    [[ " ${labels[*]} " == *" $label "* ]] || { echo "DSML_STUDY_LOSSES: unknown label '$label' (known: ${labels[*]})" >&2; exit 2; }
  done
  labels=("${wanted[@]}")
fi
seed_list=$(IFS=,; echo "${seeds[*]}")
common=(reproduce fashion-mnist-vmf-study --run-dir "$run_dir"
  --set "backbones[0].name=conv-$depth"
  --set "losses[0].params.kappa=$kappa" --set "losses[1].params.kappa=$kappa"
  --set "seeds=[$seed_list]")
# shellcheck disable=SC2206
extra=(${DSML_STUDY_SET:-})
# shellcheck source=../lib/seed-major.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/seed-major.sh"
run_seed_major "$dsml" "$run_dir" "$depth" "${labels[*]}" "${seeds[*]}" "${common[@]}" "${extra[@]}"
