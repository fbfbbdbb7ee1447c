#!/usr/bin/env bash
# dsml on NVIDIA GPUs, in one go (about 10 minutes). Not run in CI. GPUs go through the PyTorch
# engine on a CUDA libtorch 2.7.1 (README, "Training on a GPU"): set PYTORCH_LIBRARY_PATH to its
# lib/ folder first, or DSML_OFFLINE=false to let DJL download one. What it does:
#   1. lists the GPUs and runs `dsml --engine pytorch doctor`, which must see them;
#   2. parity: a few quickstart steps on gpu(0) and on the CPU give the same losses (to 1e-3);
#   3. runs the data-parallel tests on [gpu(0), gpu(1)] (two devices == one device; kill and
#      resume; a checkpoint moved between device counts);
#   4. trains the quickstart on every GPU;
#   5. measures training images/s and peak GPU memory for 1, 2, 4, ... GPUs (conv-2 on the
#      quickstart data; ResNet-50 at 224x224 with the cub200 recipe's optimizer on generated
#      JPEGs) and the scaling efficiency, and prints a table to paste into docs/results/;
#   6. prints what it could not do.
# Usage: PYTORCH_LIBRARY_PATH=/path/to/torch/lib benchmarks/gpu/run.sh   (OUT=dir optional)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DSML_ENGINE=pytorch
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
  [ -f "$out/parity.md" ] && cat "$out/parity.md"
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

section "1. GPUs, CUDA and dsml doctor"
if ! command -v nvidia-smi > /dev/null 2>&1; then
  miss "find nvidia-smi: no NVIDIA driver here, nothing to measure"
  finish
fi
nvidia-smi --query-gpu=index,name,memory.total,compute_cap,driver_version --format=csv | tee "$out/gpus.csv"
gpus=$(nvidia-smi -L | grep -c '^GPU ')
echo "GPUs: $gpus"
if [ -z "${PYTORCH_LIBRARY_PATH:-}" ] && [ "${DSML_OFFLINE:-true}" != false ]; then
  miss "find a CUDA libtorch: set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 cu128 lib/ folder (README, Training on a GPU) or DSML_OFFLINE=false"
  finish
fi
./dsml doctor 2>&1 | tee "$out/doctor.txt"
if ! grep -qE '^  pytorch  2\.7\.1, cuda, [1-9][0-9]* GPU' "$out/doctor.txt"; then
  miss "start PyTorch on the GPUs (see $out/doctor.txt: its last lines say why)"
  finish
fi
devices() { # devices 3 -> [gpu(0), gpu(1), gpu(2)]
  local list="" i
  for ((i = 0; i < $1; i++)); do list="$list${list:+, }gpu($i)"; done
  echo "[$list]"
}

section "2. parity: a few steps on gpu(0) and on the CPU"
quickstart_yaml="$root/benchmarks-app/src/main/resources/experiments/quickstart.yaml"
for device in "gpu(0)" "cpu()"; do
  name=$(echo "$device" | tr -d '()')
  ./dsml train --config "$quickstart_yaml" --quiet --runs-dir "$out/parity-$name" --set "training.devices=[$device]" \
    --set training.epochs=2 --set training.max_steps_per_epoch=5 --set "losses=[{name: softmax}]" \
    > "$out/parity-$name.log" 2>&1 || miss "train 5 steps on $device (see $out/parity-$name.log)"
done
python3 - "$out" > "$out/parity.md" << 'PY' || miss "match the GPU's losses to the CPU's (see $out/parity.md)"
import glob, json, os, sys
out = sys.argv[1]
def losses(name):
    files = glob.glob(os.path.join(out, f"parity-{name}", "*", "*", "cells", "*", "metrics.jsonl"))
    return [json.loads(l)["loss"] for l in open(files[0]) if l.strip()] if files else []
gpu, cpu = losses("gpu0"), losses("cpu")
print("| epoch | loss on gpu(0) | loss on the CPU | relative difference |")
print("|---|---|---|---|")
ok = len(gpu) == len(cpu) > 0
for e, (g, c) in enumerate(zip(gpu, cpu), 1):
    rel = abs(g - c) / max(abs(c), 1e-12)
    ok &= rel < 1e-3
    print(f"| {e} | {g:.6f} | {c:.6f} | {rel:.1e} |")
print()
sys.exit(0 if ok else 1)
PY

section "3. data-parallel tests on GPUs"
if [ "$gpus" -lt 2 ]; then
  miss "run the multi-device tests on GPUs: only $gpus GPU (they ran on [cpu(0), cpu(1)] in CI)"
else
  # deterministic kernels, so the exact-resume test can be exact
  if ./mvnw -B -q -Ppytorch -pl benchmarks-app -am test \
      -Dtest='DataParallelEquivalenceTest,DataParallelResumeTest,ResumeAfterKillTest#aResumedTwoDevice*' \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -Dsurefire.argLine="-Xmx8g -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch -Ddsml.test.devices=gpu(0),gpu(1)" \
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

section "5. images/s and peak GPU memory per device count"
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
  local name=$1 n=$2 per=$3 epochs=$4 steps=$5 sampler status
  shift 5
  # peak memory used on any GPU while it trains, sampled every 0.5 s
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 500 > "$out/memory-$name-$n.txt" 2>/dev/null &
  sampler=$!
  ./dsml train --quiet --runs-dir "$out/scaling/$name-$n" \
    --set "training.devices=$(devices "$n")" --set "training.batch_size=$((per * n))" \
    --set "training.epochs=$epochs" --set "training.max_steps_per_epoch=$steps" \
    --set evaluation.every_epochs=1000 --set "losses=[{name: softmax}]" "$@" \
    > "$out/scaling-$name-$n.log" 2>&1
  status=$?
  kill "$sampler" 2>/dev/null
  wait "$sampler" 2>/dev/null
  return $status
}
quickstart_yaml="$root/benchmarks-app/src/main/resources/experiments/quickstart.yaml"
resnet_yaml="$out/resnet50.yaml"
cat > "$resnet_yaml" <<YAML
name: resnet50-slice
dataset: {name: image-folder, split: classification, data_dir: "$images", params: {image_size: 224, resize: 256}}
backbones: [{name: resnet50}]
embedding: {dim: 128}
losses: [{name: softmax}]
training: {epochs: 3, batch_size: 32, optimizer: adamw, learning_rate: 0.0001, weight_decay: 0.0001, lr_multipliers: {loss: 100}}
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
print("| model | GPUs | global batch | images/s | images/s per GPU | scaling efficiency | peak GPU memory (MiB) |")
print("|---|---|---|---|---|---|---|")
for model in ("conv2", "resnet50"):
    base = None
    for n in counts:
        logs = glob.glob(os.path.join(root, f"{model}-{n}", "*", "*", "cells", "*", "metrics.jsonl"))
        if not logs:
            print(f"| {model} | {n} | | not measured | | | |")
            continue
        lines = [json.loads(l) for l in open(logs[0]) if l.strip()]
        timed = lines[1:]  # epoch 1 is the warm-up
        if not timed:
            print(f"| {model} | {n} | | too few epochs | | | |")
            continue
        steps = lines[-1]["steps"] - lines[0]["steps"]
        seconds = sum(l["train_seconds"] for l in timed)
        batch = per_device[model] * n
        ips = steps * batch / seconds
        base = ips if n == 1 else base
        eff = f"{ips / (n * base):.0%}" if base else "no 1-GPU baseline"
        memory = os.path.join(os.path.dirname(root), f"memory-{model}-{n}.txt")
        used = [int(v) for v in open(memory).read().split() if v.isdigit()] if os.path.exists(memory) else []
        peak = max(used) if used else "not sampled"
        print(f"| {model} | {n} | {batch} | {ips:.0f} | {ips / n:.0f} | {eff} | {peak} |")
print()
print("PyTorch 2.7.1 on CUDA. Per-device batch fixed (conv-2: 128 on 28x28 Fashion-MNIST; ResNet-50: 32 at 224x224")
print("with the cub200 recipe's AdamW and 100x loss rate, generated")
print("JPEGs decoded on the CPU by dsml's pipeline), epochs 2-3 timed. Efficiency = images/s / (GPUs x")
print("1-GPU images/s). The loss runs on the first GPU; the data pipeline on the CPU may limit it too.")
PY
else
  miss "compute images/s: python3 not found (metrics.jsonl files under $out/scaling)"
fi
finish
