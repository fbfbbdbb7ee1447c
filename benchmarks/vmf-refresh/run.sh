#!/usr/bin/env bash
# The refresh-period ablation (docs/results/vmf-refresh-period.md) for one depth, cell by cell in
# seed-major order (benchmarks/lib/seed-major.sh: resumable, and DSML_STUDY_REVERSE=1 for a second
# worker from the other end).
#
#   benchmarks/vmf-refresh/run.sh DEPTH KAPPA RUN_DIR [SEEDS...]
#   e.g. OMP_NUM_THREADS=1 benchmarks/vmf-refresh/run.sh 2 16 runs/vmf-refresh-conv2 1 2 3 4 5
#
# DSML (default ./dsml) is the launcher; DSML_STUDY_LABELS runs a subset of the cell labels, e.g.
# DSML_STUDY_LABELS=refresh-2-epochs.
set -euo pipefail
depth=${1:?depth (1-4)}; kappa=${2:?kappa}; run_dir=${3:?run directory}; shift 3
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5)
dsml=${DSML:-./dsml}
# the experiment's losses, in its order (the kappa below is set on each of them)
all_labels=(refresh-epoch refresh-half refresh-quarter online refresh-2-epochs)
labels=("${all_labels[@]}")
# shellcheck disable=SC2206
[ -z "${DSML_STUDY_LABELS:-}" ] || labels=(${DSML_STUDY_LABELS})
seed_list=$(IFS=,; echo "${seeds[*]}")
common=(reproduce fashion-mnist-vmf-refresh --run-dir "$run_dir" --set "backbones[0].name=conv-$depth"
  --set "seeds=[$seed_list]")
for i in "${!all_labels[@]}"; do common+=(--set "losses[$i].params.kappa=$kappa"); done
# shellcheck source=../lib/seed-major.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/seed-major.sh"
run_seed_major "$dsml" "$run_dir" "$depth" "${labels[*]}" "${seeds[*]}" "${common[@]}"
