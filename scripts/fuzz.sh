#!/usr/bin/env bash
# Builds the libFuzzer targets into ./build-fuzz (configured once, then
# incremental) and runs one of them for a number of seconds on the seed corpus
# plus a persistent corpus; reports executions, corpus size and crashes.
#
#   scripts/fuzz.sh <parse|cpu-sim|arch> <seconds> [libFuzzer flags...]
#
# Everything lives under build-fuzz/fuzz/: seeds/<target> (rebuilt from
# test/**/*.mlir and arch/*.json on every run), corpus/<target> (kept) and
# artifacts/<target> (crash-*, leak-*, timeout-*, oom-*). See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() {
  echo "usage: scripts/fuzz.sh <parse|cpu-sim|arch> <seconds> [libFuzzer flags...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
name=${1#ptowsp-fuzz-}
seconds=$2
shift 2
case $name in parse | cpu-sim | arch) ;; *) usage ;; esac
[[ $seconds =~ ^[0-9]+$ ]] || usage
target=ptowsp-fuzz-$name
build=$root/build-fuzz
work=$build/fuzz

# The fuzzer runtime (libclang_rt.fuzzer*.a) is in libclang-rt-22-dev.
scripts/setup.sh

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -B "$build" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DPython3_EXECUTABLE=/usr/bin/python3 \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPTOWSP_FUZZ=ON
fi
# Only the fuzzers (and the project libraries they link), not the tools,
# tests or the Python extension.
ninja -C "$build" "$target"

# Seeds: every lit input, split at `// -----` like -split-input-file does, or
# the architecture files. Named by content so reruns are stable.
seeds=$work/seeds/$name
rm -rf "$seeds"
mkdir -p "$seeds" "$work/corpus/$name" "$work/artifacts/$name"
if [ "$name" = arch ]; then
  for file in arch/*.json test/*/*/Inputs/*.json; do
    [ -f "$file" ] && cp "$file" "$seeds/$(sha1sum <"$file" | cut -c1-16).json"
  done
else
  chunks=$(mktemp -d)
  find test examples -name '*.mlir' -print0 | sort -z | while IFS= read -r -d '' file; do
    awk -v dir="$chunks" -v stem="$(echo "$file" | tr '/' '_')" '
      /^\/\/ -----/ { n++; next }
      { print > (dir "/" stem "." n ".mlir") }' n=0 "$file"
  done
  for chunk in "$chunks"/*.mlir; do
    cp "$chunk" "$seeds/$(sha1sum <"$chunk" | cut -c1-16).mlir"
  done
  rm -rf "$chunks"
fi

log=$work/$name.log
echo "fuzzing $target for ${seconds}s: $(ls "$seeds" | wc -l) seeds," \
  "$(ls "$work/corpus/$name" | wc -l) corpus inputs; log $log"
# New inputs go to the first directory (the persistent corpus); the seeds
# are read only. -rss_limit_mb bounds inputs whose loops legitimately build
# huge structures; -timeout flags an input slower than 10 s as a hang.
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%U %S' -o "$work/$name.time")
status=0
"${timer[@]}" "$build/bin/$target" "$work/corpus/$name" "$seeds" \
  -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/$name/" "$@" \
  >"$log" 2>&1 || status=$?

executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
# -fork=N prints no final stats; its status lines start with `#<executions>:`.
[ -n "$executions" ] || executions=$(grep -oE '^#[0-9]+:' "$log" | tail -1 | tr -d '#:' || true)
echo "executions: ${executions:-unknown}"
if [ ${#timer[@]} -gt 0 ] && [ -s "$work/$name.time" ]; then
  tail -1 "$work/$name.time" | awk '{ printf "cpu: %.1f min (user+system)\n", ($1 + $2) / 60 }'
fi
echo "corpus: $(ls "$work/corpus/$name" | wc -l) inputs in $work/corpus/$name"
artifacts=$(ls "$work/artifacts/$name" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
echo "artifacts: $(echo -n "$artifacts" | grep -c . || true) in $work/artifacts/$name"
[ -z "$artifacts" ] || echo "$artifacts" | sed 's/^/  /'
if [ "$status" -ne 0 ]; then
  echo "the fuzzer stopped with status $status (a finding); the report:"
  grep -E '^(==[0-9]+==|SUMMARY|.*runtime error:|artifact_prefix|Test unit written)' "$log" | head -20
fi
exit "$status"
