// RUN: pto-wsp-opt %s -split-input-file -convert-tile-to-aie -verify-diagnostics

// AIE kernels move whole tiles: the ABI has no run-time window extents.
tile.kernel @partial(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>, %n: index) {
  // expected-error @below {{'tile.load' op with a run-time valid region is not supported by target aie}}
  %t = tile.load %x valid(%n, %n) : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}
taskgraph.graph @g(%X: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !taskgraph.region<16x64xf32>
  %t = taskgraph.submit @partial(%x, %x, %c0) access [read, write] core(vector) : !taskgraph.region<16x64xf32>, !taskgraph.region<16x64xf32>, index
}

// -----

tile.kernel @scaled(%x: !tile.view<16x64xf32, inout>, %s: f32) {
  %t = tile.load %x : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  // expected-error @below {{'arith.mulf' op (scalar arithmetic in a kernel) is not supported by target aie}}
  %d = arith.mulf %s, %s : f32
  %u = tile.muls %t, %d : !tile.tile<16x64xf32>, f32
  tile.store %u, %x : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}
taskgraph.graph @g(%X: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %s = arith.constant 2.0 : f32
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !taskgraph.region<16x64xf32>
  %t = taskgraph.submit @scaled(%x, %s) access [readwrite] core(vector) : !taskgraph.region<16x64xf32>, f32
}

// -----

tile.kernel @foreign(%x: !tile.view<16x64xf32, in>) {
  // expected-error @below {{'memref.alloc' op is not supported in tile kernels by target aie}}
  %m = memref.alloc() : memref<4xf32>
}
taskgraph.graph @g(%X: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !taskgraph.region<16x64xf32>
  %t = taskgraph.submit @foreign(%x) access [read] core(vector) : !taskgraph.region<16x64xf32>
}

// -----

tile.kernel @far(%y: !tile.view<1x32xi32, out>) {
  // expected-error @below {{'tile.iota' op start 4294967296 does not fit the int32 of target aie}}
  %i = tile.iota 4294967296 : !tile.tile<1x32xi32>
  tile.store %i, %y : !tile.tile<1x32xi32>, !tile.view<1x32xi32, out>
}
taskgraph.graph @g(%Y: memref<1x32xi32>) {
  %c0 = arith.constant 0 : index
  %y = taskgraph.region %Y[%c0, %c0] sizes [1, 32] : memref<1x32xi32> -> !taskgraph.region<1x32xi32>
  %t = taskgraph.submit @far(%y) access [write] core(vector) : !taskgraph.region<1x32xi32>
}
