#!/usr/bin/env bash
# The sanitizer build: configures (once) and builds PTO-WSP into ./build-asan
# with -DPTOWSP_SANITIZE=address,undefined (every project library, tool, unit
# test and the Python extension instrumented, and the C++ that cpu_sim
# generates compiled with the same sanitizers), then runs the whole test
# suite there through ctest. Prints how long each stage took.
#
#   scripts/sanitize.sh [address|undefined|address,undefined]
#
# See docs/reliability.md for what it covers and what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=${1:-address,undefined}
build=build-asan
[ "$sanitizers" = address,undefined ] || build=build-sanitize-${sanitizers//,/-}

scripts/setup.sh

start=$(date +%s)
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -B "$build" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DPython3_EXECUTABLE=/usr/bin/python3 \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPTOWSP_SANITIZE="$sanitizers"
fi
ninja -C "$build"
built=$(date +%s)
status=0
ctest --test-dir "$build" --output-on-failure || status=$?
done=$(date +%s)
echo "sanitize ($sanitizers): build $((built - start)) s, tests $((done - built)) s"
exit "$status"
