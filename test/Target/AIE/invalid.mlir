// RUN: pto-wsp-translate --target=aie --split-input-file --verify-diagnostics %s

// What a static, placed AIE design cannot express is a compile-time error
// naming the construct: one case per rejection of the planner
// (lib/Target/AIE/DesignBuilder.cpp).

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A scalar graph argument would be a run-time parameter of the design.
// expected-error @+1 {{'taskgraph.graph' op (target aie): scalar argument #2 is not supported: an AIE design is fixed when it is compiled (bind the value as a constant)}}
workload.workload @scalar(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op (target aie): tensor argument #0 has a dynamic shape}}
workload.workload @dynamic_shape(%X: memref<?x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<?x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A trip count from a run-time symbol (a dynamic axis).
workload.workload @dynamic_trip_count(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %count = workload.symbol "tiles" : index
  %n = workload.dense_dyn %count
  // expected-error @+1 {{'scf.for' op (target aie): a loop whose trip count is only known at run time (a dynamic axis or a run-time symbol) cannot be placed: an AIE design is static}}
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A region offset from a run-time symbol: no static DMA access pattern.
workload.workload @symbol_index(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %first = workload.symbol "first" : index
  %n = workload.dense 4
  workload.parallel_for %i in %n name("i") {
    %t = arith.addi %first, %i : index
    // expected-error @+1 {{'taskgraph.region' op (target aie): an index given by a run-time symbol cannot be placed: an AIE design is static}}
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A slot load (like the lengths of ragged and the index arrays of sparse
// axes) reads a tensor element while generating tasks.
tile.kernel @fill(%y: !tile.view<16x64xi32, out>, %v: i32) {
  %t = tile.fill %v : i32 -> !tile.tile<16x64xi32>
  tile.store %t, %y : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
}

workload.workload @slot(%F: memref<8xi32>, %Y: memref<8x16x64xi32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    // expected-error @+1 {{'taskgraph.load_scalar' op (target aie): reading a tensor element while generating tasks (ragged/sparse axes, select) is not supported}}
    %v = workload.slot_load %F[%t] : memref<8xi32> -> i32
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xi32> -> !workload.view<16x64xi32>
    workload.task @fill(%y, %v) : !workload.view<16x64xi32>, i32
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// Even a condition on a loop index becomes an scf.if the planner cannot place.
workload.workload @conditional(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %big = arith.cmpi sgt, %t, %c3 : index
    // expected-error @+1 {{'scf.if' op (target aie): a conditional on run-time values cannot be placed: an AIE design is static}}
    workload.if %big {
      workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    }
  }
}
