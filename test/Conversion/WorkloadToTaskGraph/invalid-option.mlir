// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics -workload-infer-access -convert-workload-to-taskgraph=schedule=nope
// A `schedule=` option that names no schedule, or none of a workload's
// several schedules, is an error.

// expected-error@+1 {{'schedule=nope' names no schedule.schedule in the module}}
module {
  tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
    tile.return
  }
  workload.workload @w(%X: memref<4x128xf32>) {
    %c0 = arith.constant 0 : index
    %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
  schedule.schedule @a for @w {
    schedule.deps overlap
  }
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// expected-error@+1 {{has 2 schedules and 'schedule=nope' names none of them}}
workload.workload @w(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @touch(%x) : !workload.view<1x128xf32>
}
// expected-note@+1 {{schedule @a}}
schedule.schedule @a for @w {
  schedule.deps overlap
}
// expected-note@+1 {{schedule @b}}
schedule.schedule @b for @w {
  schedule.deps exact
}

workload.workload @v(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @touch(%x) : !workload.view<1x128xf32>
}
schedule.schedule @nope for @v {
  schedule.deps overlap
}
