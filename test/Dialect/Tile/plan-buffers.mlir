// RUN: pto-wsp-opt %s -split-input-file -tile-plan-buffers=arch=%S/Inputs/round-numbers.json -verify-diagnostics | FileCheck %s

// Tiles whose live ranges do not overlap share UB space; offsets are
// 64-byte aligned, and rows take whole 32-byte blocks (the 16x1 f32 sum
// occupies 16 x 32 bytes).
// CHECK-LABEL: tile.kernel @reuse
tile.kernel @reuse(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  // CHECK: load {{.*}}tile.buffers = [#tile.buffer<ub, 0>]
  %a = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  // CHECK: rowsum {{.*}}tile.buffers = [#tile.buffer<ub, 4096>]
  %s = tile.rowsum %a : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  // CHECK: sub {{.*}}tile.buffers = [#tile.buffer<ub, 4608>]
  %b = tile.sub %a, %s : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  // %a and %s are dead here: %c reuses offset 0.
  // CHECK: exp {{.*}}tile.buffers = [#tile.buffer<ub, 0>]
  %c = tile.exp %b : !tile.tile<16x64xf32>
  tile.store %c, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// -----

// Loads feeding only the cube go to L0A/L0B, the product to L0C; a vector op
// on the product needs a move to UB, and a UB tile used as a matmul operand
// needs a move to L0A.
// CHECK-LABEL: tile.kernel @cube
tile.kernel @cube(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>, %y: !tile.view<16x16xf32, out>) {
  // CHECK: %[[A:.*]] = load {{.*}}tile.buffers = [#tile.buffer<l0a, 0>]
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  // CHECK: %[[B:.*]] = load {{.*}}tile.buffers = [#tile.buffer<l0b, 0>]
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  // CHECK: %[[C:.*]] = matmul %[[A]], %[[B]] {tile.buffers = [#tile.buffer<l0c, 0>]}
  %c = tile.matmul %ta, %tb : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  // CHECK: %[[M:.*]] = move %[[C]] {tile.buffers = [#tile.buffer<ub, 0>]}
  // CHECK: exp %[[M]]
  %e = tile.exp %c : !tile.tile<16x16xf32>
  // The result of exp lives in UB; as a matmul operand it moves to L0A.
  // CHECK: %[[H:.*]] = cast
  %h = tile.cast %e : !tile.tile<16x16xf32> -> !tile.tile<16x16xf16>
  // CHECK: %[[L:.*]] = move %[[H]] {tile.buffers = [#tile.buffer<l0a, 0>]}
  // CHECK: matmul %[[L]], %[[B]] acc %[[C]]
  %d = tile.matmul %h, %tb acc %c : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  // The accumulator is stored straight from L0C.
  // CHECK-NOT: move
  // CHECK: store
  tile.store %d, %y : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
}

// -----

// Three live 8 KiB tiles do not fit the test architecture's 16 KiB UB.
tile.kernel @too_big(%x: !tile.view<32x64xf32, in>, %y: !tile.view<32x64xf32, out>) {
  %a = tile.load %x : !tile.view<32x64xf32, in> -> !tile.tile<32x64xf32>
  %b = tile.exp %a : !tile.tile<32x64xf32>
  // expected-error @below {{'tile.add' op does not fit: kernel @too_big needs 24576 bytes of ub here, the architecture 'round-numbers' has 16384}}
  %c = tile.add %a, %b : !tile.tile<32x64xf32>, !tile.tile<32x64xf32> -> !tile.tile<32x64xf32>
  tile.store %c, %y : !tile.tile<32x64xf32>, !tile.view<32x64xf32, out>
}
