#!/usr/bin/env bash
# Embedding throughput, JPEG files to embeddings (docs/results/performance.md, "Embedding
# throughput: dsml embed against torchvision"): `dsml embed` of a ResNet-50 at 224 run against
# torchvision's DataLoader + the same network in eval mode under torch.no_grad(), on the same
# synthetic 500x375 JPEGs, the same threads, in one invocation; prints a paste-ready table and how
# far the two embeddings are apart (PIL's and dsml's decode/resize differ slightly). Run it on a
# quiet machine (say what else ran), from the repository root with the app built
# (./mvnw -B -q -o package -DskipTests -pl benchmarks-app -am) and Debian's python3-torch,
# python3-torchvision and python3-pil installed:
#
#   benchmarks/embed/compare.sh [THREADS]        (default: every core)
#
# IMAGES (default 200), ROUNDS (3), WORKERS (DataLoader workers, default THREADS) and BATCH (32)
# size it: at the defaults about 5 minutes on 2 idle cores (estimated from the inference rate in
# docs/results/engines.md); IMAGES=96 took 17 minutes on the busy machine. WORK=DIR keeps the files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
threads=${1:-$(nproc)}
args=(--images "${IMAGES:-200}" --rounds "${ROUNDS:-3}" --threads "$threads" --batch "${BATCH:-32}")
[ -n "${WORKERS:-}" ] && args+=(--workers "$WORKERS")
[ -n "${WORK:-}" ] && args+=(--work "$WORK")
echo "== $(date -u +%FT%TZ), benchmarks/embed/compare.sh $threads (IMAGES=${IMAGES:-200} ROUNDS=${ROUNDS:-3}" \
  "WORKERS=${WORKERS:-$threads} BATCH=${BATCH:-32})"
/usr/bin/python3 benchmarks/embed/embed_compare.py "${args[@]}"
