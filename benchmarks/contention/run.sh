#!/usr/bin/env bash
# Training speed under contention (docs/results/performance.md, "A machine that is not idle"):
# dsml (through ./dsml, with the launcher's thread defaults) and PyTorch 1.13 on the same network
# and batch, each on the idle machine, then with one core kept busy by a process this script
# starts and stops, then beside a heavier load (HEAVY busy processes, default 4: a load average
# of about 5-6 on 2 cores, as the issue's 4-11), then inside a CPU quota of one core (a cgroup this script creates: the case
# of a Kubernetes CPU limit or a Slurm job, where nproc still counts every core), in one
# invocation. Prints images/s and the ratio to each one's idle speed.
#
#   benchmarks/contention/run.sh [NETWORK] [STEPS]     NETWORK: conv-2 (default) or resnet18-cifar
#
# Needs root for the quota (cgroup v1 cpu controller or cgroup v2); without it the quota rows are
# skipped and say so. LIMIT (seconds, default 180) stops a measurement that collapses and reports
# the rate as a bound. CONDITIONS (default "idle busy heavy quota") picks conditions. DSML_SETTINGS lists extra dsml settings to compare, one per line
# "name|VAR=v ..." (default: the launcher's defaults, and one engine thread per core whatever the load). Run it on a
# machine with nothing else running, and say what did.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
network=${1:-conv-2}
steps=${2:-60}
py=/usr/bin/python3
settings="${DSML_SETTINGS:-launcher defaults|
OMP_NUM_THREADS=$(nproc) (every core, whatever the load)|OMP_NUM_THREADS=$(nproc)}"
./dsml --version > /dev/null # build first, outside the timings

busy_pids=()
quota_dir=""
stop_busy() { # the load processes this script started, if any
  if [ ${#busy_pids[@]} -gt 0 ]; then
    kill "${busy_pids[@]}" 2> /dev/null || true; wait "${busy_pids[@]}" 2> /dev/null || true
  fi
  busy_pids=()
}
cleanup() {
  stop_busy
  if [ -n "$quota_dir" ] && [ -d "$quota_dir" ]; then
    # move anything left back to the root group before removing ours
    while read -r p; do echo "$p" > "$(dirname "$quota_dir")/cgroup.procs" 2> /dev/null || true; done < "$quota_dir/cgroup.procs"
    rmdir "$quota_dir" 2> /dev/null || true
  fi
}
trap cleanup EXIT

# A cgroup limited to one CPU (100 ms per 100 ms); prints its directory, or nothing without rights.
make_quota() {
  local dir
  if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
    dir=/sys/fs/cgroup/dsml-contention-$$
    mkdir "$dir" 2> /dev/null && echo "100000 100000" > "$dir/cpu.max" 2> /dev/null && echo "$dir" && return
  elif [ -d /sys/fs/cgroup/cpu ]; then
    dir=/sys/fs/cgroup/cpu/dsml-contention-$$
    mkdir "$dir" 2> /dev/null && echo 100000 > "$dir/cpu.cfs_period_us" && echo 100000 > "$dir/cpu.cfs_quota_us" \
      2> /dev/null && echo "$dir" && return
  fi
  rmdir "$dir" 2> /dev/null || true
}

# run CONDITION COMMAND...: the command, in the quota's cgroup when CONDITION is quota
run() {
  local condition=$1; shift
  if [ "$condition" = quota ]; then
    sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$quota_dir" "$@"
  else
    "$@"
  fi
}

# A measurement that runs past LIMIT seconds (default 180) is stopped and reported as a bound:
# "<R", R being the images/s at which its warm-up and timed steps would have taken LIMIT.
limit=${LIMIT:-180}
bound() { $py -c "print('<%.1f' % ((${steps} + 10) * 128 / $limit))"; }
dsml_rate() { # dsml_rate CONDITION VARS: images/s of dsml's full training step
  local condition=$1 vars=$2 out
  if out=$(run "$condition" timeout "$limit" env $vars ./dsml bench train --backbone "${backbone[@]}" \
      --steps "$steps" --warmup 10 --rounds 1 --warmup-rounds 0 --dsml-only --json 2> /dev/null); then
    echo "$out" | tail -1 | $py -c 'import json,sys; print("%.1f" % json.load(sys.stdin)["dsml_images_per_second"])'
  else
    bound
  fi
}
torch_rate() { # torch_rate CONDITION: images/s of the same training in PyTorch, its default threads
  local out
  if out=$(run "$1" timeout "$limit" $py benchmarks/train/torch_compare.py --network "$network" --steps "$steps" \
      --warmup 10 --rounds 1 --threads "$(nproc)" --skip-dsml); then
    echo "$out" | sed -n 's/^median images\/s: pytorch \([0-9.]*\).*/\1/p'
  else
    bound
  fi
}
case "$network" in
  conv-2) backbone=(conv-2) ;;
  # Online means: the timed steps are the same arithmetic plus a per-batch resultant (0.2% of a step,
  # performance.md section 4), and the untimed full-training-set refresh passes before and after
  # them, which made each ResNet-18 measurement four minutes longer than its steps on the idle
  # machine and ran it past any LIMIT under load, are gone.
  resnet18-cifar) backbone=(resnet18 --set backbones[0].params.stem=cifar --set losses[0].params.means=online) ;;
  *) echo "unknown network $network (conv-2, resnet18-cifar)" >&2; exit 2 ;;
esac

echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg); $network, batch 128, $steps timed steps after 10"
heavy=${HEAVY:-4}
# CONDITIONS picks some (the ratios need idle among them)
read -r -a conditions <<< "${CONDITIONS:-idle busy heavy quota}"
quota_dir=$(make_quota || true)
declare -A rate
names=()
while IFS='|' read -r name vars; do
  [ -n "$name" ] && names+=("dsml, $name|$vars")
done <<< "$settings"
names+=("PyTorch $($py -c 'import torch; print(torch.__version__)')|torch")
for condition in "${conditions[@]}"; do
  if [ "$condition" = busy ]; then
    $py -c 'while True: pass' & busy_pids=($!)
  elif [ "$condition" = heavy ]; then
    busy_pids=()
    for _ in $(seq "$heavy"); do $py -c 'while True: pass' & busy_pids+=($!); done
  fi
  if [ "$condition" = quota ] && [ -z "$quota_dir" ]; then
    echo "quota: no writable cgroup (needs root), rows left empty" >&2
    stop_busy
    continue
  fi
  for entry in "${names[@]}"; do
    name=${entry%%|*}; vars=${entry#*|}
    if [ "$vars" = torch ]; then r=$(torch_rate "$condition"); else r=$(dsml_rate "$condition" "$vars"); fi
    rate["$name|$condition"]=$r
    echo "  $condition: $name ${r:-failed} images/s" >&2
  done
  stop_busy
done

echo
echo "| run | idle img/s | one core busy img/s (x idle) | $heavy busy processes img/s (x idle) | quota of 1 core img/s (x idle) |"
echo "|---|---:|---:|---:|---:|"
for entry in "${names[@]}"; do
  name=${entry%%|*}
  idle=${rate["$name|idle"]:-}
  row="| $name | ${idle:--}"
  for condition in busy heavy quota; do
    r=${rate["$name|$condition"]:-}
    if [ -n "$r" ] && [ -n "$idle" ]; then
      row="$row | $r ($($py -c "r = '$r'; print(('<' if r[0] == '<' else '') + '%.2f' % (float(r.lstrip('<')) / $idle))"))"
    else
      row="$row | -"
    fi
  done
  echo "$row |"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
