// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so mm_f32 a:in:f32:16x32:randn b:in:f32:32x48:randn c:out:f32:16x48 \
// RUN:   --rtol 1e-5 --atol 1e-5 --ref 'c = a @ b' | FileCheck %s --check-prefix=F32
// RUN: %run_kernel %t.so mm_f32_odd a:in:f32:7x24:randn b:in:f32:24x13:randn c:out:f32:7x13 \
// RUN:   --rtol 1e-5 --atol 1e-5 --ref 'c = a @ b' | FileCheck %s --check-prefix=ODD
//
// 16-bit inputs are exact in the reference (the runner rounds them); products
// are exact in f32, so only f32 accumulation error remains.
// RUN: %run_kernel %t.so mm_f16 a:in:f16:16x32:randn b:in:f16:32x48:randn c:out:f32:16x48 \
// RUN:   --rtol 1e-4 --atol 1e-4 --ref 'c = a @ b' | FileCheck %s --check-prefix=F16
// RUN: %run_kernel %t.so mm_bf16 a:in:bf16:16x32:randn b:in:bf16:32x48:randn c:out:f32:16x48 \
// RUN:   --rtol 1e-4 --atol 1e-4 --ref 'c = a @ b' | FileCheck %s --check-prefix=BF16
// RUN: %run_kernel %t.so mm_acc a:in:f16:16x32:randn b:in:f16:32x48:randn c:inout:f32:16x48:randn \
// RUN:   --rtol 1e-4 --atol 1e-4 --ref 'c = c + a @ b' | FileCheck %s --check-prefix=ACC
// RUN: %run_kernel %t.so mm_ksplit a0:in:bf16:16x32:randn b0:in:bf16:32x48:randn \
// RUN:   a1:in:bf16:16x32:randn b1:in:bf16:32x48:randn c:out:f32:16x48 \
// RUN:   --rtol 1e-4 --atol 1e-4 --ref 'c = a0 @ b0 + a1 @ b1' | FileCheck %s --check-prefix=KSPLIT
// RUN: %run_kernel %t.so mm_acc_vector a:in:f32:16x32:randn b:in:f32:32x48:randn bias:in:f32:1x48:randn \
// RUN:   c:out:f32:16x48 --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'c = 2 * (a @ b + bias)' | FileCheck %s --check-prefix=ACCVEC
//
// Attention: the probabilities are cast to f16 before the second matmul; the
// reference rounds them the same way.
// RUN: %run_kernel %t.so attention q:in:f16:16x64:randn kt:in:f16:64x32:randn v:in:f16:32x48:randn \
// RUN:   o:out:f32:16x48 scale:f64:0.125 --rtol 2e-3 --atol 2e-3 \
// RUN:   --ref 's = (q @ kt) * scale; e = np.exp(s - s.max(1, keepdims=True)); \
// RUN:          p = (e / e.sum(1, keepdims=True)).astype(np.float16).astype(np.float64); o = p @ v' \
// RUN:   | FileCheck %s --check-prefix=ATTN

// Matmul (f32 accumulation) on f32, f16 and bf16 operands, non-square, with
// and without accumulator, and chained through vector operations.

// F32: PASS mm_f32
tile.kernel @mm_f32(%a: !tile.view<16x32xf32, in>, %b: !tile.view<32x48xf32, in>,
                    %c: !tile.view<16x48xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tb = tile.load %b : !tile.view<32x48xf32, in> -> !tile.tile<32x48xf32>
  %tc = tile.matmul %ta, %tb : !tile.tile<16x32xf32>, !tile.tile<32x48xf32> -> !tile.tile<16x48xf32>
  tile.store %tc, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}

// M = 7 and N = 13 are not multiples of the runtime's 4x8 register block.
// ODD: PASS mm_f32_odd
tile.kernel @mm_f32_odd(%a: !tile.view<7x24xf32, in>, %b: !tile.view<24x13xf32, in>,
                        %c: !tile.view<7x13xf32, out>) {
  %ta = tile.load %a : !tile.view<7x24xf32, in> -> !tile.tile<7x24xf32>
  %tb = tile.load %b : !tile.view<24x13xf32, in> -> !tile.tile<24x13xf32>
  %tc = tile.matmul %ta, %tb : !tile.tile<7x24xf32>, !tile.tile<24x13xf32> -> !tile.tile<7x13xf32>
  tile.store %tc, %c : !tile.tile<7x13xf32>, !tile.view<7x13xf32, out>
}

// F16: PASS mm_f16
tile.kernel @mm_f16(%a: !tile.view<16x32xf16, in>, %b: !tile.view<32x48xf16, in>,
                    %c: !tile.view<16x48xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  %tb = tile.load %b : !tile.view<32x48xf16, in> -> !tile.tile<32x48xf16>
  %tc = tile.matmul %ta, %tb : !tile.tile<16x32xf16>, !tile.tile<32x48xf16> -> !tile.tile<16x48xf32>
  tile.store %tc, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}

// BF16: PASS mm_bf16
tile.kernel @mm_bf16(%a: !tile.view<16x32xbf16, in>, %b: !tile.view<32x48xbf16, in>,
                     %c: !tile.view<16x48xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xbf16, in> -> !tile.tile<16x32xbf16>
  %tb = tile.load %b : !tile.view<32x48xbf16, in> -> !tile.tile<32x48xbf16>
  %tc = tile.matmul %ta, %tb : !tile.tile<16x32xbf16>, !tile.tile<32x48xbf16> -> !tile.tile<16x48xf32>
  tile.store %tc, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}

// The accumulator is read from and written back to an inout view.
// ACC: PASS mm_acc
tile.kernel @mm_acc(%a: !tile.view<16x32xf16, in>, %b: !tile.view<32x48xf16, in>,
                    %c: !tile.view<16x48xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  %tb = tile.load %b : !tile.view<32x48xf16, in> -> !tile.tile<32x48xf16>
  %acc = tile.load %c : !tile.view<16x48xf32, inout> -> !tile.tile<16x48xf32>
  %tc = tile.matmul %ta, %tb acc %acc : !tile.tile<16x32xf16>, !tile.tile<32x48xf16> -> !tile.tile<16x48xf32>
  tile.store %tc, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, inout>
}

// K split in two halves accumulated in L0C.
// KSPLIT: PASS mm_ksplit
tile.kernel @mm_ksplit(%a0: !tile.view<16x32xbf16, in>, %b0: !tile.view<32x48xbf16, in>,
                       %a1: !tile.view<16x32xbf16, in>, %b1: !tile.view<32x48xbf16, in>,
                       %c: !tile.view<16x48xf32, out>) {
  %ta0 = tile.load %a0 : !tile.view<16x32xbf16, in> -> !tile.tile<16x32xbf16>
  %tb0 = tile.load %b0 : !tile.view<32x48xbf16, in> -> !tile.tile<32x48xbf16>
  %ta1 = tile.load %a1 : !tile.view<16x32xbf16, in> -> !tile.tile<16x32xbf16>
  %tb1 = tile.load %b1 : !tile.view<32x48xbf16, in> -> !tile.tile<32x48xbf16>
  %p = tile.matmul %ta0, %tb0 : !tile.tile<16x32xbf16>, !tile.tile<32x48xbf16> -> !tile.tile<16x48xf32>
  %q = tile.matmul %ta1, %tb1 acc %p : !tile.tile<16x32xbf16>, !tile.tile<32x48xbf16> -> !tile.tile<16x48xf32>
  tile.store %q, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}

// The accumulator is a vector result (moved UB -> L0C) and the matmul result
// feeds a vector op (moved L0C -> UB).
// ACCVEC: PASS mm_acc_vector
tile.kernel @mm_acc_vector(%a: !tile.view<16x32xf32, in>, %b: !tile.view<32x48xf32, in>,
                           %bias: !tile.view<1x48xf32, in>, %c: !tile.view<16x48xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tb = tile.load %b : !tile.view<32x48xf32, in> -> !tile.tile<32x48xf32>
  %tbias = tile.load %bias : !tile.view<1x48xf32, in> -> !tile.tile<1x48xf32>
  %acc = tile.broadcast %tbias : !tile.tile<1x48xf32> -> !tile.tile<16x48xf32>
  %tc = tile.matmul %ta, %tb acc %acc : !tile.tile<16x32xf32>, !tile.tile<32x48xf32> -> !tile.tile<16x48xf32>
  %two = tile.constant 2.0 : f32 -> !tile.tile<16x48xf32>
  %td = tile.mul %tc, %two : !tile.tile<16x48xf32>, !tile.tile<16x48xf32> -> !tile.tile<16x48xf32>
  tile.store %td, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}

// ATTN: PASS attention
tile.kernel @attention(%q: !tile.view<16x64xf16, in>, %kt: !tile.view<64x32xf16, in>,
                       %v: !tile.view<32x48xf16, in>, %o: !tile.view<16x48xf32, out>,
                       %scale: f32) {
  %tq = tile.load %q : !tile.view<16x64xf16, in> -> !tile.tile<16x64xf16>
  %tk = tile.load %kt : !tile.view<64x32xf16, in> -> !tile.tile<64x32xf16>
  %tv = tile.load %v : !tile.view<32x48xf16, in> -> !tile.tile<32x48xf16>
  %s = tile.matmul %tq, %tk : !tile.tile<16x64xf16>, !tile.tile<64x32xf16> -> !tile.tile<16x32xf32>
  %ss = tile.muls %s, %scale : !tile.tile<16x32xf32>, f32
  %m = tile.rowmax %ss : !tile.tile<16x32xf32> -> !tile.tile<16x1xf32>
  %sh = tile.sub %ss, %m : !tile.tile<16x32xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x32xf32>
  %e = tile.exp %sh : !tile.tile<16x32xf32>
  %l = tile.rowsum %e : !tile.tile<16x32xf32> -> !tile.tile<16x1xf32>
  %p = tile.div %e, %l : !tile.tile<16x32xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x32xf32>
  %ph = tile.cast %p : !tile.tile<16x32xf32> -> !tile.tile<16x32xf16>
  %out = tile.matmul %ph, %tv : !tile.tile<16x32xf16>, !tile.tile<32x48xf16> -> !tile.tile<16x48xf32>
  tile.store %out, %o : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}
