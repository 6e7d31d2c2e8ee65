#!/usr/bin/env bash
# Lowers examples/kernels/attention.mlir for cpu_sim, compiles the C++ it
# produces against the project's PTO-ISA CPU implementation, runs both
# kernels on random data and checks them against NumPy.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${PTOWSP_BUILD:-build}"
out="$build/demo"
mkdir -p "$out"

"$build"/bin/pto-wsp-translate --cpu-sim examples/kernels/attention.mlir -o "$out/attention.cpp"
echo "demo: generated $out/attention.cpp ($(wc -l < "$out/attention.cpp") lines of C++)"
clang++-22 -std=c++17 -O2 -shared -fPIC -Iruntime/include "$out/attention.cpp" -o "$out/attention.so"

run=(/usr/bin/python3 tools/pto-wsp-run-kernel/pto-wsp-run-kernel.py "$out/attention.so")
"${run[@]}" attention_tile q:in:f16:16x64:randn kt:in:f16:64x64:randn v:in:f16:64x64:randn \
  out:out:f32:16x64 scale:f64:0.125 --rtol 2e-2 --atol 2e-2 --ref '
s = (q @ kt) * scale
e = np.exp(s - s.max(axis=1, keepdims=True))
p = (e / e.sum(axis=1, keepdims=True)).astype(np.float16).astype(np.float64)
out = p @ v'
"${run[@]}" rmsnorm_tile x:in:f32:16x128:randn gamma:in:f32:1x128:rand y:out:f32:16x128 \
  eps:f64:1e-6 --rtol 1e-5 --atol 1e-5 --ref '
y = x / np.sqrt((x * x).mean(axis=1, keepdims=True) + eps) * gamma'
