#!/usr/bin/env bash
# Load figure for the HTTP service: requests per second and latency percentiles for a 5 s clip, on loopback.
# Bounded: one server on 127.0.0.1, CONNECTIONS keep-alive clients for DURATION seconds, then everything stops.
#   scripts/load-test.sh [DURATION_S=20] [CONNECTIONS=2]
# Needs wrk and sox (apt-get install wrk sox).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=${1:-20}
CONNECTIONS=${2:-2}
PORT=${PORT:-18765}
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

sox "$ROOT/../shared/data/speech/jfk.wav" "$WORK/clip5s.wav" trim 0 5
cat > "$WORK/post.lua" <<LUA
local f = io.open("$WORK/clip5s.wav", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "audio/wav"
LUA

"$ROOT/barometer" --version >/dev/null # builds first if needed, so the wait below is only start-up
"$ROOT/barometer" serve --port "$PORT" --max-concurrent "$CONNECTIONS" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
# Warm-up (JIT), then the measured run; wrk reports any non-2xx answers on its own line.
wrk -t1 -c1 -d5s --timeout 60s -s "$WORK/post.lua" "http://127.0.0.1:$PORT/analyze-stress" >/dev/null
# wrk leaves the warm-up's last request in flight; let the server finish it before measuring.
until curl -s "http://127.0.0.1:$PORT/health" | grep -q '"analyses_in_progress":0'; do sleep 0.5; done
wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT/analyze-stress"
