// RUN: pto-wsp-translate --ascend=host_build_graph --split-input-file --verify-diagnostics %s

// host_build_graph builds the whole graph before any task runs: no task
// window, no early start; it has all 4 AICPU threads for scheduling.
tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{a task window is not supported by target ascend (host_build_graph builds the whole graph before it runs)}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.task_window 64 tasks mode(stall)
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{schedule knob 'start threshold (1)' is not supported by target ascend (host_build_graph)}}
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
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}
// expected-error @+1 {{dispatch round_robin(5) asks for more scheduler threads than pto-runtime's 4 (host_build_graph)}}
workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @s for @rows {
  schedule.dispatch round_robin(5)
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
  schedule.dispatch round_robin(4)
  schedule.start after_orchestration
}
