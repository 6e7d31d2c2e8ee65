// TMATMUL's inner dimension is the part valid in both operands. Here the rhs
// has 20 valid rows of 32 and went through a vector op, so its rows 20..31 in
// L0B hold whatever the previous tile at that offset left (TMOV copies only
// the valid region); they must not contribute.
// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so stale_k a:in:f32:16x32:randn b:in:f32:32x48:randn \
// RUN:   b2:in:f32:20x48/32x48:randn c1:out:f32:16x48 c2:out:f32:16x48 \
// RUN:   --rtol 1e-5 --atol 1e-5 --ref 'c1 = a @ b; c2 = a[:, :20] @ (2 * b2)' \
// RUN:   | FileCheck %s

// CHECK: PASS stale_k
tile.kernel @stale_k(%a: !tile.view<16x32xf32, in>, %b: !tile.view<32x48xf32, in>,
                     %b2: !tile.view<32x48xf32, in>, %c1: !tile.view<16x48xf32, out>,
                     %c2: !tile.view<16x48xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tb = tile.load %b : !tile.view<32x48xf32, in> -> !tile.tile<32x48xf32>
  %p = tile.matmul %ta, %tb : !tile.tile<16x32xf32>, !tile.tile<32x48xf32> -> !tile.tile<16x48xf32>
  tile.store %p, %c1 : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
  %tb2 = tile.load %b2 : !tile.view<32x48xf32, in> -> !tile.tile<32x48xf32>
  %two = arith.constant 2.0 : f32
  %s = tile.muls %tb2, %two : !tile.tile<32x48xf32>, f32
  %q = tile.matmul %ta, %s : !tile.tile<16x32xf32>, !tile.tile<32x48xf32> -> !tile.tile<16x48xf32>
  tile.store %q, %c2 : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}
