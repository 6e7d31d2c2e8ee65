// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so transcendental x:in:f32:16x64:pos \
// RUN:   exp:out:f32:16x64 log:out:f32:16x64 sqrt:out:f32:16x64 rsqrt:out:f32:16x64 recip:out:f32:16x64 \
// RUN:   --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'exp = np.exp(x); log = np.log(x); sqrt = np.sqrt(x); rsqrt = 1 / np.sqrt(x); recip = 1 / x' \
// RUN:   | FileCheck %s --check-prefix=TRANS
// RUN: %run_kernel %t.so exp_signed x:in:f32:16x64:randn y:out:f32:16x64 \
// RUN:   --rtol 1e-5 --atol 1e-5 --ref 'y = np.exp(x)' \
// RUN:   | FileCheck %s --check-prefix=EXP
// RUN: %run_kernel %t.so sign x:in:f32:16x64:randn \
// RUN:   abs:out:f32:16x64 neg:out:f32:16x64 relu:out:f32:16x64 \
// RUN:   --ref 'abs = np.abs(x); neg = -x; relu = np.maximum(x, 0)' \
// RUN:   | FileCheck %s --check-prefix=SIGN
//
// f16: computed in f32 and rounded to f16 once per op.
// RUN: %run_kernel %t.so unary_f16 x:in:f16:16x64:pos \
// RUN:   exp:out:f16:16x64 log:out:f16:16x64 sqrt:out:f16:16x64 rsqrt:out:f16:16x64 recip:out:f16:16x64 \
// RUN:   --rtol 1e-3 --atol 1e-3 \
// RUN:   --ref 'h = lambda v: v.astype(np.float16).astype(np.float64); \
// RUN:          exp = h(np.exp(x)); log = h(np.log(x)); sqrt = h(np.sqrt(x)); rsqrt = h(1 / np.sqrt(x)); recip = h(1 / x)' \
// RUN:   | FileCheck %s --check-prefix=F16
// RUN: %run_kernel %t.so sign_bf16 x:in:bf16:16x64:randn \
// RUN:   abs:out:bf16:16x64 neg:out:bf16:16x64 relu:out:bf16:16x64 --rtol 0 --atol 0 \
// RUN:   --ref 'abs = np.abs(x); neg = -x; relu = np.maximum(x, 0)' \
// RUN:   | FileCheck %s --check-prefix=BF16

// Unary elementwise operations.

// TRANS: PASS transcendental
tile.kernel @transcendental(%x: !tile.view<16x64xf32, in>,
                            %exp: !tile.view<16x64xf32, out>, %log: !tile.view<16x64xf32, out>,
                            %sqrt: !tile.view<16x64xf32, out>, %rsqrt: !tile.view<16x64xf32, out>,
                            %recip: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %0 = tile.exp %t : !tile.tile<16x64xf32>
  %1 = tile.log %t : !tile.tile<16x64xf32>
  %2 = tile.sqrt %t : !tile.tile<16x64xf32>
  %3 = tile.rsqrt %t : !tile.tile<16x64xf32>
  %4 = tile.recip %t : !tile.tile<16x64xf32>
  tile.store %0, %exp : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %log : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %sqrt : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %rsqrt : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %recip : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// EXP: PASS exp_signed
tile.kernel @exp_signed(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %e = tile.exp %t : !tile.tile<16x64xf32>
  tile.store %e, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// SIGN: PASS sign
tile.kernel @sign(%x: !tile.view<16x64xf32, in>, %abs: !tile.view<16x64xf32, out>,
                  %neg: !tile.view<16x64xf32, out>, %relu: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %0 = tile.abs %t : !tile.tile<16x64xf32>
  %1 = tile.neg %t : !tile.tile<16x64xf32>
  %2 = tile.relu %t : !tile.tile<16x64xf32>
  tile.store %0, %abs : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %neg : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %relu : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// F16: PASS unary_f16
tile.kernel @unary_f16(%x: !tile.view<16x64xf16, in>,
                       %exp: !tile.view<16x64xf16, out>, %log: !tile.view<16x64xf16, out>,
                       %sqrt: !tile.view<16x64xf16, out>, %rsqrt: !tile.view<16x64xf16, out>,
                       %recip: !tile.view<16x64xf16, out>) {
  %t = tile.load %x : !tile.view<16x64xf16, in> -> !tile.tile<16x64xf16>
  %0 = tile.exp %t : !tile.tile<16x64xf16>
  %1 = tile.log %t : !tile.tile<16x64xf16>
  %2 = tile.sqrt %t : !tile.tile<16x64xf16>
  %3 = tile.rsqrt %t : !tile.tile<16x64xf16>
  %4 = tile.recip %t : !tile.tile<16x64xf16>
  tile.store %0, %exp : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %1, %log : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %2, %sqrt : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %3, %rsqrt : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %4, %recip : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
}

// Sign operations are exact in any float type.
// BF16: PASS sign_bf16
tile.kernel @sign_bf16(%x: !tile.view<16x64xbf16, in>, %abs: !tile.view<16x64xbf16, out>,
                       %neg: !tile.view<16x64xbf16, out>, %relu: !tile.view<16x64xbf16, out>) {
  %t = tile.load %x : !tile.view<16x64xbf16, in> -> !tile.tile<16x64xbf16>
  %0 = tile.abs %t : !tile.tile<16x64xbf16>
  %1 = tile.neg %t : !tile.tile<16x64xbf16>
  %2 = tile.relu %t : !tile.tile<16x64xbf16>
  tile.store %0, %abs : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
  tile.store %1, %neg : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
  tile.store %2, %relu : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
}
