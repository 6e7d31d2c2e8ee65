// RUN: pto-wsp-translate --cpu-sim --schedule=wide %s | FileCheck %s --check-prefix=WIDE
// RUN: pto-wsp-translate --cpu-sim --schedule=narrow %s | FileCheck %s --check-prefix=NARROW
// RUN: not pto-wsp-translate --cpu-sim %s 2>&1 | FileCheck %s --check-prefix=NONE
// One workload, two schedules: --schedule picks one, and none is an error.

// WIDE: ptowsp::configure({{.*}}, PTOWSP_DISPATCH_ROUND_ROBIN, 4, 1024,
// NARROW: ptowsp::configure({{.*}}, PTOWSP_DISPATCH_ROUND_ROBIN, 1, 8,
// NONE: has 2 schedules
tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @w(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}

schedule.schedule @wide for @w {
  schedule.dispatch round_robin(4)
  schedule.task_window 1024 tasks mode(stall)
}

schedule.schedule @narrow for @w {
  schedule.dispatch round_robin(1)
  schedule.task_window 8 tasks mode(stall)
}
