// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph \
// RUN:   | FileCheck %s --implicit-check-not=schedule.
// Every schedule knob maps to its #taskgraph.config field, one to one; a
// workload without a schedule gets the default config. Schedules are erased.
// Keyed knobs are in schedule-keys.mlir.

tile.kernel @bump(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @unscheduled
// CHECK-SAME: attributes {config = #taskgraph.config<>}
workload.workload @unscheduled(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x) : !workload.view<1x128xf32>
}

// A schedule that sets knobs to their default values gives the default
// config.
// CHECK-LABEL: taskgraph.graph @defaults
// CHECK-SAME: attributes {config = #taskgraph.config<>}
workload.workload @defaults(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x) : !workload.view<1x128xf32>
}
schedule.schedule @all_defaults for @defaults {
  schedule.task_window 8192 tasks mode(stall)
  schedule.deps exact
  schedule.ready fifo
  schedule.pools single
  schedule.start after_orchestration
  schedule.timing immediate
  schedule.trace none
}

// CHECK-LABEL: taskgraph.graph @round_robin
// CHECK-SAME: attributes {config = #taskgraph.config<dispatch_count = 4>}
workload.workload @round_robin(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x) : !workload.view<1x128xf32>
}
schedule.schedule @rr4 for @round_robin {
  schedule.dispatch round_robin(4)
}

// CHECK-LABEL: taskgraph.graph @every_knob
// CHECK-SAME: attributes {config = #taskgraph.config<dispatch = work_steal, window = 1024, window_mode = abort, deps = overlap, ready = work_steal, pools = by_unit, start = threshold, start_threshold = 64, timing = batched, timing_batch = 16, trace = timeline>}
workload.workload @every_knob(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x) : !workload.view<1x128xf32>
}
schedule.schedule @busy for @every_knob {
  schedule.dispatch work_steal
  schedule.task_window 1024 tasks mode(abort)
  schedule.deps overlap
  schedule.ready work_steal
  schedule.pools by_unit
  schedule.start threshold(64)
  schedule.timing batched(16)
  schedule.trace timeline
}

// CHECK-LABEL: taskgraph.graph @benchmark
// CHECK-SAME: attributes {config = #taskgraph.config<window = 64, window_mode = benchmark, deps = explicit, trace = both>}
workload.workload @benchmark(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x) : !workload.view<1x128xf32>
}
schedule.schedule @measure for @benchmark {
  schedule.task_window 64 tasks mode(benchmark)
  schedule.deps explicit
  schedule.trace both
}

// CHECK-LABEL: taskgraph.graph @graph_trace
// CHECK-SAME: attributes {config = #taskgraph.config<deps = hybrid, trace = graph>}
workload.workload @graph_trace(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x) : !workload.view<1x128xf32>
}
schedule.schedule @dot for @graph_trace {
  schedule.deps hybrid
  schedule.trace graph
}
