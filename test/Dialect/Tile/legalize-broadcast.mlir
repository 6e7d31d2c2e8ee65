// RUN: pto-wsp-opt %s -pass-pipeline='builtin.module(tile.kernel(tile-legalize-broadcast))' | FileCheck %s

// A left column operand of a commutative op is swapped to the right.
// CHECK-LABEL: tile.kernel @commutative
tile.kernel @commutative(%x: !tile.view<16x64xf32, inout>) {
  // CHECK: %[[X:.*]] = load
  %x0 = tile.load %x : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  // CHECK: %[[C:.*]] = rowmax %[[X]]
  %c = tile.rowmax %x0 : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  // CHECK: add %[[X]], %[[C]] : !tile.tile<16x64xf32>, !tile.tile<16x1xf32>
  %a = tile.add %c, %x0 : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %a, %x : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}

// A left row operand of sub is broadcast to a full tile first.
// CHECK-LABEL: tile.kernel @noncommutative
tile.kernel @noncommutative(%x: !tile.view<16x64xf32, inout>) {
  // CHECK: %[[X:.*]] = load
  %x0 = tile.load %x : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  // CHECK: %[[R:.*]] = colsum %[[X]]
  %r = tile.colsum %x0 : !tile.tile<16x64xf32> -> !tile.tile<1x64xf32>
  // CHECK: %[[B:.*]] = broadcast %[[R]] : !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  // CHECK: sub %[[B]], %[[X]] : !tile.tile<16x64xf32>, !tile.tile<16x64xf32>
  %d = tile.sub %r, %x0 : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  // A right broadcast operand is already legal.
  // CHECK: div %{{.*}}, %[[R]] : !tile.tile<16x64xf32>, !tile.tile<1x64xf32>
  %e = tile.div %d, %r : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  tile.store %e, %x : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}
