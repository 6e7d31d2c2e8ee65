// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph=schedule=wide \
// RUN:   | FileCheck %s --check-prefix=WIDE --implicit-check-not=schedule.
// RUN: pto-wsp-opt %s -workload-infer-access "-convert-workload-to-taskgraph=schedule=@narrow" \
// RUN:   | FileCheck %s --check-prefix=NARROW --implicit-check-not=schedule.
// `schedule=<name>` chooses among a workload's schedules (with or without
// '@'); workloads with a single schedule keep it; all schedules are erased.

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// WIDE-LABEL: taskgraph.graph @w
// WIDE-SAME: config = #taskgraph.config<window = 4096>
// NARROW-LABEL: taskgraph.graph @w
// NARROW-SAME: config = #taskgraph.config<window = 16>
workload.workload @w(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @touch(%x) : !workload.view<1x128xf32>
}
schedule.schedule @wide for @w {
  schedule.task_window 4096 tasks
}
schedule.schedule @narrow for @w {
  schedule.task_window 16 tasks
}

// WIDE-LABEL: taskgraph.graph @other
// WIDE-SAME: config = #taskgraph.config<trace = timeline>
// NARROW-LABEL: taskgraph.graph @other
// NARROW-SAME: config = #taskgraph.config<trace = timeline>
workload.workload @other(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @touch(%x) : !workload.view<1x128xf32>
}
schedule.schedule @traced for @other {
  schedule.trace timeline
}
