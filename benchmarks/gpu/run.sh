#!/usr/bin/env bash
# dsml on NVIDIA GPUs, in one go (about 10 minutes once Maven has the GPU native jar; the first
# download of that jar, ~0.5-1 GB, comes on top). Not run in CI. What it does:
#   1. checks the GPUs and the CUDA libraries the engine needs;
#   2. builds dsml with the engine's GPU native jar (-Pmxnet-gpu, or -Ppytorch-gpu with ENGINE=pytorch);
#   3. runs the data-parallel tests on real GPUs (two devices == one device; kill and resume; a
#      checkpoint moved between device counts);
#   4. trains the quickstart on every GPU;
#   5. measures training images/s for 1, 2, 4, ... GPUs (conv-2 on the quickstart data, and a
#      ResNet-50 224x224 epoch slice on generated JPEGs) and the scaling efficiency;
#   6. prints what it could not do.
# Usage: benchmarks/gpu/run.sh            (ENGINE=pytorch, OUT=dir, SKIP_BUILD=1 are optional)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
engine="${ENGINE:-mxnet}"
out="${OUT:-$root/runs/gpu-bench/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
start=$(date +%s)
budget=${BUDGET_SECONDS:-570}
declare -a missed=()
miss() { missed+=("$1"); echo "!! could not: $1"; }
elapsed() { echo $(( $(date +%s) - start )); }
section() { echo; echo "== $1 ($(elapsed) s)"; }
finish() {
  section "summary"
  [ -f "$out/scaling.md" ] && cat "$out/scaling.md"
  if [ ${#missed[@]} -eq 0 ]; then
    echo "everything ran; logs and runs in $out"
  else
    echo "NOT DONE (${#missed[@]}):"
    for m in "${missed[@]}"; do echo "  - $m"; done
    echo "logs and runs in $out"
  fi
  exit $(( ${#missed[@]} > 0 ? 1 : 0 ))
}

section "1. GPUs and CUDA"
if ! command -v nvidia-smi > /dev/null 2>&1; then
  miss "find nvidia-smi: no NVIDIA driver here, nothing to measure"
  finish
fi
nvidia-smi --query-gpu=index,name,memory.total,compute_cap,driver_version --format=csv | tee "$out/gpus.csv"
gpus=$(nvidia-smi -L | grep -c '^GPU ')
echo "GPUs: $gpus"
if [ "$engine" = mxnet ]; then
  profile=mxnet-gpu
  # MXNet 1.9.1's cu112 library links against these; DJL's jar does not bundle them.
  for lib in libcudart.so.11.0 libcublas.so.11 libcudnn.so.8 libnccl.so.2; do
    if ! ldconfig -p | grep -q "$lib"; then
      miss "find $lib for MXNet's CUDA 11.2 build (install CUDA 11.x, cuDNN 8, NCCL, or use an nvidia/cuda:11.2.2-cudnn8 image; or rerun with ENGINE=pytorch)"
    fi
  done
  cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d ' ')
  if [ -n "$cap" ] && [ "${cap%%.*}" -ge 9 ]; then
    echo "note: compute capability $cap; MXNet 1.9.1's cu112 build targets SM 5.0-8.0, its kernels may not run here (then: ENGINE=pytorch)"
  fi
  export MXNET_ENGINE_TYPE="${MXNET_ENGINE_TYPE:-ThreadedEnginePerDevice}"
elif [ "$engine" = pytorch ]; then
  profile=pytorch-gpu
else
  miss "use ENGINE=$engine: only mxnet and pytorch have GPU builds"
  finish
fi

section "2. build (-P$profile)"
if [ -z "${SKIP_BUILD:-}" ]; then
  if ! ./mvnw -B -q -P"$profile" install -DskipTests > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"
    miss "build with -P$profile (see $out/build.log; the GPU native jar comes from Maven Central)"
    finish
  fi
  # ./dsml rebuilds with the default (CPU) profile when a source is newer than its jar
  touch benchmarks-app/target/dsml.jar
fi
devices() { # devices 3 -> [gpu(0), gpu(1), gpu(2)]
  local list="" i
  for ((i = 0; i < $1; i++)); do list="$list${list:+, }gpu($i)"; done
  echo "[$list]"
}
if ! ./dsml train --config "$root/benchmarks-app/src/main/resources/experiments/quickstart.yaml" --quiet --runs-dir "$out/probe" --set "training.devices=[gpu(0)]" \
    --set training.epochs=1 --set training.max_steps_per_epoch=2 --set "losses=[{name: softmax}]" \
    > "$out/probe.log" 2>&1; then
  tail -20 "$out/probe.log"
  miss "train on gpu(0) with the $engine engine (see $out/probe.log); nothing else can run"
  finish
fi
echo "gpu(0) trains"

section "3. data-parallel tests on GPUs"
if [ "$gpus" -lt 2 ]; then
  miss "run the multi-device tests on GPUs: only $gpus GPU (they ran on [cpu(0), cpu(1)] in CI)"
else
  # deterministic kernels, so the exact-resume test can be exact
  if MXNET_ENFORCE_DETERMINISM=1 MXNET_CUDNN_AUTOTUNE_DEFAULT=0 ./mvnw -B -q -P"$profile" -pl benchmarks-app -am test \
      -Dtest='DataParallelEquivalenceTest,DataParallelResumeTest,ResumeAfterKillTest#aResumedTwoDevice*' \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -Dsurefire.argLine="-Xmx8g -Dai.djl.offline=true -Ddsml.test.devices=gpu(0),gpu(1)" \
      > "$out/tests.log" 2>&1; then
    echo "passed on [gpu(0), gpu(1)]"
  else
    grep -E "Tests run|FAIL|expected|but was" "$out/tests.log" | head -30
    miss "pass the data-parallel tests on [gpu(0), gpu(1)] (see $out/tests.log)"
  fi
fi

section "4. quickstart on $(devices "$gpus")"
if ./dsml reproduce quickstart --quiet --runs-dir "$out/quickstart" --set "training.devices=$(devices "$gpus")" \
    > "$out/quickstart.log" 2>&1; then
  cat "$out/quickstart.log"
else
  tail -20 "$out/quickstart.log"
  miss "train the quickstart on $gpus GPU(s) (see $out/quickstart.log)"
fi

section "5. images/s per device count"
counts=""
for n in 1 2 4 8 16; do [ "$n" -le "$gpus" ] && counts="$counts $n"; done
case " $counts " in *" $gpus "*) ;; *) counts="$counts $gpus" ;; esac
images="$out/images"
if ! java "$root/benchmarks/gpu/MakeImages.java" "$images" 20 96 4 > "$out/images.log" 2>&1; then
  miss "generate the ResNet-50 images (see $out/images.log)"
fi
# Per-device batch fixed (weak scaling): the global batch grows with the device count.
# Epoch 1 (warm-up, kernel selection) is not timed; epochs 2.. are.
run_slice() { # name n per_device_batch epochs steps settings...
  local name=$1 n=$2 per=$3 epochs=$4 steps=$5
  shift 5
  ./dsml train --quiet --runs-dir "$out/scaling/$name-$n" \
    --set "training.devices=$(devices "$n")" --set "training.batch_size=$((per * n))" \
    --set "training.epochs=$epochs" --set "training.max_steps_per_epoch=$steps" \
    --set evaluation.every_epochs=1000 --set "losses=[{name: softmax}]" "$@" \
    > "$out/scaling-$name-$n.log" 2>&1
}
quickstart_yaml="$root/benchmarks-app/src/main/resources/experiments/quickstart.yaml"
resnet_yaml="$out/resnet50.yaml"
cat > "$resnet_yaml" <<YAML
name: resnet50-slice
dataset: {name: image-folder, split: classification, data_dir: "$images", params: {image_size: 224, resize: 256}}
backbones: [{name: resnet50}]
embedding: {dim: 128}
losses: [{name: softmax}]
training: {epochs: 3, batch_size: 32, optimizer: sgd, learning_rate: 0.01}
evaluation: {metrics: [recall], recall_at: [1]}
seeds: [1]
YAML
for n in $counts; do
  if [ "$(elapsed)" -gt "$budget" ]; then
    miss "measure $n GPU(s): the 10-minute budget was spent (BUDGET_SECONDS=$budget)"
    continue
  fi
  run_slice conv2 "$n" 128 3 40 --config "$quickstart_yaml" || miss "time conv-2 on $n GPU(s) (see $out/scaling-conv2-$n.log)"
  if [ -d "$images" ]; then
    run_slice resnet50 "$n" 32 3 $((1920 / (32 * n))) --config "$resnet_yaml" \
      || miss "time ResNet-50 on $n GPU(s) (see $out/scaling-resnet50-$n.log)"
  fi
done
if command -v python3 > /dev/null 2>&1; then
  python3 - "$out/scaling" "$counts" > "$out/scaling.md" << 'PY'
import glob, json, os, sys
root, counts = sys.argv[1], [int(c) for c in sys.argv[2].split()]
per_device = {"conv2": 128, "resnet50": 32}
print("| model | GPUs | global batch | images/s | images/s per GPU | scaling efficiency |")
print("|---|---|---|---|---|---|")
for model in ("conv2", "resnet50"):
    base = None
    for n in counts:
        logs = glob.glob(os.path.join(root, f"{model}-{n}", "*", "*", "cells", "*", "metrics.jsonl"))
        if not logs:
            print(f"| {model} | {n} | | not measured | | |")
            continue
        lines = [json.loads(l) for l in open(logs[0]) if l.strip()]
        timed = lines[1:]  # epoch 1 is the warm-up
        if not timed:
            print(f"| {model} | {n} | | too few epochs | | |")
            continue
        steps = lines[-1]["steps"] - lines[0]["steps"]
        seconds = sum(l["train_seconds"] for l in timed)
        batch = per_device[model] * n
        ips = steps * batch / seconds
        base = ips if n == 1 else base
        eff = f"{ips / (n * base):.0%}" if base else "no 1-GPU baseline"
        print(f"| {model} | {n} | {batch} | {ips:.0f} | {ips / n:.0f} | {eff} |")
print()
print("Per-device batch fixed (conv-2: 128 on 28x28 Fashion-MNIST; ResNet-50: 32 at 224x224, generated")
print("JPEGs decoded on the CPU by dsml's pipeline), epochs 2-3 timed. Efficiency = images/s / (GPUs x")
print("1-GPU images/s). The loss runs on the first GPU; the data pipeline on the CPU may limit it too.")
PY
else
  miss "compute images/s: python3 not found (metrics.jsonl files under $out/scaling)"
fi
finish
