#!/usr/bin/env bash
# Runs the Ascend trees of the examples the capability matrix lists
# (docs/targets/ascend.md) on pto-runtime's own a2a3sim simulator, with both
# runtimes, through ../shared/tools/ptort_sim.sh: each tree's outputs must
# match cpu_sim's (ptort_sim.sh compares) and NumPy (the example checks).
#
# Needs the pto-runtime and pto-isa snapshots (PTORT_GIT / PTOISA_GIT, or
# ptort_sim.sh's default locations) and the runner script (PTORT_SIM); exits
# 77 (reported by ctest as skipped) when any of them is absent.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
runner=${PTORT_SIM:-$root/../shared/tools/ptort_sim.sh}
mirror=$root/../.mirror
ptort_git=${PTORT_GIT:-$mirror/uv-xiao+pto-runtime/repo}
ptoisa_git=${PTOISA_GIT:-$mirror/hw-native-sys+pto-isa/repo}
for need in "$runner" "$ptort_git" "$ptoisa_git"; do
  if [[ ! -e $need ]]; then
    echo "SKIP: $need not found (set PTORT_SIM, PTORT_GIT and PTOISA_GIT to run trees on a2a3sim)"
    exit 77
  fi
done
export PTORT_SIM=$runner PTORT_GIT=$ptort_git PTOISA_GIT=$ptoisa_git
bash "$runner" setup
out=${PTO_WSP_EXAMPLE_OUT:-$(mktemp -d)}
export PTO_WSP_EXAMPLE_OUT=$out
passed=0 failed=0
for example in rmsnorm softmax bgemm attention llama moe; do
  for runtime in tensormap_and_ringbuffer host_build_graph; do
    if /usr/bin/python3 "$root/examples/python/$example.py" --target=ascend --runtime="$runtime" \
        > "$out/$example-$runtime.log" 2>&1 && grep -q "a2a3sim matches" "$out/$example-$runtime.log"; then
      echo "PASS $example $runtime"; passed=$((passed + 1))
    else
      echo "FAIL $example $runtime (log: $out/$example-$runtime.log)"; tail -20 "$out/$example-$runtime.log"
      failed=$((failed + 1))
    fi
  done
done
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
