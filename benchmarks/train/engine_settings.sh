#!/usr/bin/env bash
# Runs `dsml bench train` once per engine setting (environment variables that MXNet and its
# OpenMP runtime read at start) and prints one line each: dsml and raw-DJL images/s, and dsml's
# overhead (median of per-round pairs) against the trainer.step() loop and the direct-step loop.
# Usage, from the repository root, with the app built:
#   benchmarks/train/engine_settings.sh [STEPS] [WARMUP] [ROUNDS]
# Settings to try can be replaced by listing them one per line in $SETTINGS ("name|VAR=v VAR2=w").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
steps="${1:-100}"
warmup="${2:-20}"
rounds="${3:-1}"
threads="$(nproc)"
default_settings="default (ThreadedEnginePerDevice, MKL-DNN on)|OMP_NUM_THREADS=$threads
NaiveEngine|OMP_NUM_THREADS=$threads MXNET_ENGINE_TYPE=NaiveEngine
ThreadedEngine (shared pool)|OMP_NUM_THREADS=$threads MXNET_ENGINE_TYPE=ThreadedEngine
MKL-DNN off|OMP_NUM_THREADS=$threads MXNET_MKLDNN_ENABLED=0
OMP_WAIT_POLICY=PASSIVE|OMP_NUM_THREADS=$threads OMP_WAIT_POLICY=PASSIVE
OMP_WAIT_POLICY=ACTIVE|OMP_NUM_THREADS=$threads OMP_WAIT_POLICY=ACTIVE
OMP_NUM_THREADS=1|OMP_NUM_THREADS=1
NaiveEngine + OMP_NUM_THREADS=1|OMP_NUM_THREADS=1 MXNET_ENGINE_TYPE=NaiveEngine
OMP_PROC_BIND=true|OMP_NUM_THREADS=$threads OMP_PROC_BIND=true
dsml without DirectUpdate (KVStore step)|OMP_NUM_THREADS=$threads JAVA_TOOL_OPTIONS=-Ddsml.directUpdate=false"
settings="${SETTINGS:-$default_settings}"

echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
printf '%-40s %10s %10s %9s %9s\n' "setting" "dsml img/s" "raw img/s" "vs raw" "vs direct"
while IFS='|' read -r name vars; do
  [ -z "$name" ] && continue
  json="$(env $vars java ${DSML_JAVA_OPTS:--Xmx8g -Xmn64m} -Dai.djl.offline=true \
      -cp "$root/benchmarks-app/target/dsml.jar:$root/benchmarks-app/target/lib/*" io.dsml.app.Dsml \
      bench train --steps "$steps" --warmup "$warmup" --rounds "$rounds" --json 2>/dev/null | tail -1)"
  python3 -c '
import json, sys
r = json.loads(sys.argv[2])
print("%-40s %10.1f %10.1f %8.1f%% %8.1f%%" % (sys.argv[1], r["dsml_images_per_second"],
      r["raw_djl_images_per_second"], 100 * r["overhead"], 100 * r["overhead_direct"]))' "$name" "$json"
done <<< "$settings"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
