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

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// Schedule knobs: cores run their statically placed share in program order,
// so of the knobs only dispatch round_robin(n) (the number of cores) applies.
// expected-error @+1 {{'taskgraph.graph' op schedule knob 'dispatch work_steal' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @steal(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @steal {
  schedule.dispatch work_steal
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op a task window is not supported by target aie: object FIFO depths bound the data in flight}}
workload.workload @window(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @window {
  schedule.task_window 4 tasks mode(stall)
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'task_window mode abort' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @window_abort(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @window_abort {
  schedule.task_window 4 tasks mode(abort)
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'ready work_steal' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @ready(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @ready {
  schedule.dispatch round_robin(4)
  schedule.ready work_steal
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'pools by_unit' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @pools(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @pools {
  schedule.dispatch round_robin(1)
  schedule.pools by_unit
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'start threshold' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @start(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @start {
  schedule.start threshold(1)
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'streams 2' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @streams(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @streams {
  schedule.streams 2
  schedule.stream_by {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    %c2 = arith.constant 2 : index
    %k = arith.remsi %t, %c2 : index
    schedule.yield %k : index
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'timing batched' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @timing(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @timing {
  schedule.timing batched(4)
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'trace both' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @trace(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @trace {
  schedule.trace both
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op schedule knob 'deps explicit' is not supported by target aie (cores run statically placed work in program order)}}
workload.workload @deps(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @deps {
  schedule.deps explicit
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// round_robin(n) asks for n cores: each must get the same share of the
// placed loops (reported at the loop nest), and the device must have them
// (npu1_4col: 4 columns x 4 rows of compute tiles).
// expected-error @+4 {{'scf.for' op (target aie): dispatch round_robin(3): the 8 work items of the placed loops cannot be split evenly over 3 cores}}
workload.workload @uneven(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @uneven {
  schedule.dispatch round_robin(3)
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op dispatch round_robin(32) asks for more cores than npu1_4col's 16}}
workload.workload @too_many(%X: memref<32x16x64xf32>, %Y: memref<32x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 32
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @s for @too_many {
  schedule.dispatch round_robin(32)
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// AIE kernels take 8/16/32-bit elements.
// expected-error @+1 {{'taskgraph.graph' op (target aie): tensor argument #2 has element type 'i64'; AIE kernels take f32, f16, bf16, i32, i16 or i8}}
workload.workload @wide(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>, %L: memref<8xi64>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

// -----

// A core's FIFO buffers and stack must fit its 64 KiB of data memory: two
// 128x128 f32 tiles (64 KiB each) cannot, even single-buffered.
tile.kernel @big(%x: !tile.view<128x128xf32, in>, %y: !tile.view<128x128xf32, out>) {
  %t = tile.load %x : !tile.view<128x128xf32, in> -> !tile.tile<128x128xf32>
  tile.store %t, %y : !tile.tile<128x128xf32>, !tile.view<128x128xf32, out>
}

// expected-error @+1 {{'taskgraph.graph' op (target aie): core(0,2) needs 132096 bytes of data memory, npu1_4col's compute tiles have 65536: @arg1_st_c0 1x65536 @arg0_in_c0 1x65536 + stack 1024}}
workload.workload @big_tiles(%X: memref<4x128x128xf32>, %Y: memref<4x128x128xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 4
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 128, 128] : memref<4x128x128xf32> -> !workload.view<128x128xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 128, 128] : memref<4x128x128xf32> -> !workload.view<128x128xf32>
    workload.task @big(%x, %y) : !workload.view<128x128xf32>, !workload.view<128x128xf32>
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// Y[t] does not move along k, so k stays inside the work item; Z[t, k] then
// is a resident 16x128 buffer, Y a 16x64 one: @copy would need two signatures.
workload.workload @two_shapes(%X: memref<4x16x128xf32>, %Y: memref<4x16x64xf32>, %Z: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %n = workload.dense 4
  %kt = workload.dense 2
  workload.parallel_for %t in %n name("t") {
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<4x16x64xf32> -> !workload.view<16x64xf32>
    workload.for_each %k in %kt name("k") {
      %col = arith.muli %k, %c64 : index
      %x = workload.view %X[%t, %c0, %col] sizes [1, 16, 64] : memref<4x16x128xf32> -> !workload.view<16x64xf32>
      %z = workload.view %Z[%t, %c0, %col] sizes [1, 16, 64] : memref<4x16x128xf32> -> !workload.view<16x64xf32>
      workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
      // expected-error @+1 {{'taskgraph.submit' op (target aie): kernel @copy is called with buffers of different shapes (a FIFO tile here, a larger resident buffer elsewhere); the AIE target declares one signature per kernel}}
      workload.task @copy(%x, %z) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    }
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A resident buffer is a 2-D box of the last two dimensions: Z[k, t] moves
// along dimension 0 within one work item (k stays inside it for Y[t]).
workload.workload @span(%X: memref<4x16x64xf32>, %Y: memref<4x16x64xf32>, %Z: memref<2x4x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 4
  %kt = workload.dense 2
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<4x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<4x16x64xf32> -> !workload.view<16x64xf32>
    workload.for_each %k in %kt name("k") {
      %z = workload.view %Z[%k, %t, %c0, %c0] sizes [1, 1, 16, 64] : memref<2x4x16x64xf32> -> !workload.view<16x64xf32>
      workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
      // expected-error @+1 {{'taskgraph.submit' op (target aie): the regions of arg2 one work item writes span dimension 0; a resident buffer covers the last two only}}
      workload.task @copy(%x, %z) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    }
  }
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A design has nothing to run.
// expected-error @+1 {{'taskgraph.graph' op (target aie): the graph submits no tasks}}
workload.workload @idle(%X: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
}

// -----

tile.kernel @copy(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  tile.store %t, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// One design per module (one aie.device, one runtime sequence).
workload.workload @first(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

// expected-error @+1 {{'taskgraph.graph' op (target aie): one workload per design; choose one with its own module}}
workload.workload @second(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @copy(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}
