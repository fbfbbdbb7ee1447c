#!/usr/bin/env bash
# The engines' speed on this machine (docs/results/engines.md, "Speed"): training images/s of dsml
# on MXNet and on PyTorch against PyTorch 1.13 itself, on conv-2 (28x28, batch 128) and ResNet-50
# at 224 (batch 16), then ResNet-50's inference images/s, all with the same threads, in one
# invocation. Run it on a quiet machine (nothing else running: say what did), from the repository
# root with the app built and Debian's python3-torch / python3-torchvision installed:
#
#   benchmarks/engines/compare.sh [THREADS]          (default: every core)
#
# STEPS_CONV / STEPS_R50 / ROUNDS shorten or lengthen it (defaults: about 15 minutes on 2 cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
threads=${1:-$(nproc)}
steps_conv=${STEPS_CONV:-100}
steps_r50=${STEPS_R50:-6}
rounds=${ROUNDS:-2}
py=/usr/bin/python3
# ./dsml's CPU defaults (see the launcher), which the java command lines below bypass
export MXNET_ENGINE_TYPE=${MXNET_ENGINE_TYPE:-NaiveEngine}
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg), $threads thread(s)"
# train NETWORK BATCH STEPS WARMUP: dsml on each engine, then PyTorch itself
train() {
  local network=$1 batch=$2 steps=$3 warmup=$4 engine
  local common=(--network "$network" --batch "$batch" --steps "$steps" --warmup "$warmup" --rounds "$rounds" --threads "$threads")
  for engine in mxnet pytorch; do
    echo "== training, $network, batch $batch, dsml on $engine"
    $py benchmarks/train/torch_compare.py "${common[@]}" --engine "$engine" --skip-torch | grep -E "median|overhead|RSS"
  done
  echo "== training, $network, batch $batch, PyTorch"
  $py benchmarks/train/torch_compare.py "${common[@]}" --skip-dsml | grep -E "median|round"
}
train conv-2 128 "$steps_conv" 20
train resnet50-224 16 "$steps_r50" 2
echo "== inference, ResNet-50 at 224"
$py benchmarks/engines/inference_compare.py --network resnet50 --batch 16 --threads "$threads" --rounds "$rounds"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
