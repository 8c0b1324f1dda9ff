#!/usr/bin/env bash
# Runs the end-to-end suite N times in a row (default 10) against one packaged .vsix and prints, per
# run, pass/fail, wall time and the peak memory the machine used above its level before the run
# (MemTotal − MemAvailable, sampled every 0.5 s): the robustness figure the issue asks for.
# Usage: bash e2e/repeat.sh [N]     (logs in test-artifacts/e2e-repeat/run-<i>.log)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
logs="test-artifacts/e2e-repeat"
mkdir -p "$logs"

bash e2e/setup.sh
bash tools/package.sh

used_mb() { awk '/^MemTotal:/{t=$2} /^MemAvailable:/{a=$2} END{print int((t-a)/1024)}' /proc/meminfo; }

passed=0
for i in $(seq 1 "$runs"); do
  base="$(used_mb)"
  peak_file="$(mktemp)"
  echo "$base" > "$peak_file"
  ( while :; do now="$(used_mb)"; [ "$now" -gt "$(cat "$peak_file")" ] && echo "$now" > "$peak_file"; sleep 0.5; done ) &
  sampler=$!
  start=$(date +%s)
  if npm --prefix e2e test > "$logs/run-$i.log" 2>&1; then result=pass; passed=$((passed + 1)); else result=FAIL; fi
  end=$(date +%s)
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  peak="$(cat "$peak_file")"; rm -f "$peak_file"
  tests="$(grep -Eo '[0-9]+ passing' "$logs/run-$i.log" | head -1 || true)"
  failing="$(grep -Eo '[0-9]+ failing' "$logs/run-$i.log" | head -1 || true)"
  printf 'run %2d: %s  %4d s  peak +%d MB  (%s%s)  load %s\n' "$i" "$result" $((end - start)) $((peak - base)) \
    "${tests:-no tests}" "${failing:+, $failing}" "$(cut -d' ' -f1 /proc/loadavg)"
done
echo "e2e repeat: $passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
