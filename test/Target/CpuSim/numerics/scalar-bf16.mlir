// A bf16 scalar kernel argument travels as the runtime's pto::bfloat16
// (not the compiler's __bf16, whose conversions a kernel library cannot link).
// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so fill_bf16 b:f64:0.1 y:out:bf16:8x32 --rtol 0 --atol 0 \
// RUN:   --ref 'y = np.full((8, 32), 0.10009765625)' | FileCheck %s

// 0.1 rounds to the bf16 value 0.10009765625.

// CHECK: PASS fill_bf16
tile.kernel @fill_bf16(%b: bf16, %y: !tile.view<8x32xbf16, out>) {
  %t = tile.fill %b : bf16 -> !tile.tile<8x32xbf16>
  tile.store %t, %y : !tile.tile<8x32xbf16>, !tile.view<8x32xbf16, out>
}
