#!/usr/bin/env bash
# Every figure of docs/benchmarks.md, one JSON file each, into OUT (default /tmp/barometer-bench).
# Needs: the checkpoint and its ONNX export (see docs/benchmarks.md), a built benchmarks.jar and CLI jar.
#   benchmarks/run-all.sh MODEL_DIR [OUT] [F16_MODEL_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL=${1:?usage: run-all.sh MODEL_DIR [OUT]}
OUT=${2:-/tmp/barometer-bench}
F16=${3:-}
mkdir -p "$OUT"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
VS=("$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$ROOT/benchmarks/target/benchmarks.jar" org.voicebarometer.benchmarks.EngineVsOnnx --model "$MODEL")
BENCH=("$JAVA" --add-modules jdk.incubator.vector -jar "$ROOT/cli/target/barometer.jar" bench --model "$MODEL" --json)
quiet() { grep -v '^WARNING: Using incubator modules'; }

uptime | tee "$OUT/uptime-start.txt"
gcc -O2 -mavx512f -o "$OUT/fma_peak" "$ROOT/benchmarks/fma_peak.c"
"$OUT/fma_peak" > "$OUT/fma-peak-1core.txt"
( "$OUT/fma_peak" & "$OUT/fma_peak"; wait ) > "$OUT/fma-peak-2cores.txt"
# 1 and 2 threads interleaved round by round in one JVM (the machine's speed drifts over minutes, so
# counts measured one after the other can disagree by more than the scaling itself).
"${VS[@]}" --seconds 10 --threads 1,2 --runs 7 --warmup 3 2>&1 | quiet > "$OUT/vs-10s-1t2t.json"
"${VS[@]}" --seconds 60 --threads 1,2 --runs 3 --warmup 1 2>&1 | quiet > "$OUT/vs-60s-1t2t.json"
# One 30 s window, the unit the one-hour run is made of (ONNX Runtime cannot take an hour in one pass:
# its attention holds a t × t score matrix).
"${VS[@]}" --seconds 30 --threads 2 --runs 3 --warmup 1 2>&1 | quiet > "$OUT/vs-30s-2t.json"
for side in engine onnx; do   # peak RSS of each side alone
  "${VS[@]}" --seconds 60 --threads 2 --runs 1 --warmup 1 --only $side 2>&1 | quiet > "$OUT/rss-60s-$side.json"
done
for bits in 256 0; do         # vector width switch (0 = scalar reference kernels): 10 s, 2 threads
  if [ $bits = 0 ]; then runs=1; warm=0; else runs=5; warm=2; fi
  "$JAVA" --add-modules jdk.incubator.vector -Dbarometer.vector.bits=$bits -jar "$ROOT/cli/target/barometer.jar" \
    bench --model "$MODEL" --json --seconds 10 --threads 2 --runs $runs --warmup $warm 2>&1 | quiet > "$OUT/engine-10s-2t-${bits}bit.json"
done
"${BENCH[@]}" --seconds 3600 --window 30 --threads 2 --runs 1 --warmup 0 2>&1 | quiet > "$OUT/engine-1h-2t-30s-windows.json"
"${BENCH[@]}" --seconds 300 --threads 2 --runs 1 --warmup 0 2>&1 | quiet > "$OUT/engine-300s-2t-one-window.json"
# Model load as a user gets it, through the launcher (its AOT cache and heap options): first load in a fresh
# JVM and later loads in the same JVM, five JVMs each (F32, then F16 converted once at load), alternating
# without the packed-weights cache and with a fresh one in $OUT (its first JVM packs and writes it, the
# others map it: "load_from_cache" in each line).
for m in "$MODEL" $F16; do
  rm -rf "$OUT/panel-cache"
  for i in 1 2 3 4 5; do
    for cache in off "$OUT/panel-cache"; do
      echo -n "cache=$cache "
      BAROMETER_CACHE="$cache" "$ROOT/barometer" bench --model "$m" --load-only --runs 6 --threads 2 --json 2>&1 | quiet | tr -d '\n '; echo
    done
  done > "$OUT/load-$(basename "$m").txt"
done
rm -rf "$OUT/panel-cache"
uptime | tee "$OUT/uptime-end.txt"
