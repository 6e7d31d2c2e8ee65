// RUN: pto-wsp-translate --ascend --split-input-file --verify-diagnostics %s

// What pto-runtime's tensormap_and_ringbuffer runtime cannot express is
// rejected with a diagnostic naming the construct (never dropped).
tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'dispatch hash' is not supported by target ascend (tensormap_and_ringbuffer)}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.dispatch hash {
  ^bb0(%t: !schedule.task):
    %r = schedule.task_axis %t "r" : index
    schedule.yield %r : index
  }
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{dispatch round_robin(4) asks for more scheduler threads than pto-runtime's 3 (tensormap_and_ringbuffer)}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.dispatch round_robin(4)
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'task_window mode abort' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.task_window 16 tasks mode(abort)
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'deps explicit' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.deps explicit
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'ready work_steal' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.ready work_steal
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'pools by_unit' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.pools by_unit
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'start threshold (4)' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.start threshold(4)
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'streams 2' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.streams 2
  schedule.stream_by {
  ^bb0(%t: !schedule.task):
    %r = schedule.task_axis %t "r" : index
    schedule.yield %r : index
  }
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'trace timeline' is not supported by target ascend}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.trace timeline
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.start threshold(1)
  schedule.dispatch round_robin(3)
  schedule.task_window 64 tasks mode(stall)
  schedule.deps overlap
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{task_window 100: PTO2's task ring (PTO2_RING_TASK_WINDOW) needs a power of two of at least 4}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.task_window 100 tasks mode(stall)
}
