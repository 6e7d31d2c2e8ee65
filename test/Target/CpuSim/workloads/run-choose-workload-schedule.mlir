// pto-wsp-run --workload W --schedule S on a module with several workloads,
// each with several schedules: only W is run, so only W's schedules should
// matter.
//
// (A regression test: this failed before the fix described above.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --workload first --schedule a --gen 0=ones --output 0=%t/x.npy
// RUN: %python %S/Inputs/check.py choose --out x=%t/x.npy --ref 'x = np.full((4, 128), 2, np.float32)' \
// RUN:   | FileCheck %s
// CHECK: PASS choose

tile.kernel @double_row(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  %d = tile.add %t, %t : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %d, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @first(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 4
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @double_row(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @a for @first {
  schedule.dispatch round_robin(1)
}
schedule.schedule @b for @first {
  schedule.dispatch round_robin(2)
}

workload.workload @second(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @double_row(%x) : !workload.view<1x128xf32>
}
schedule.schedule @c for @second {
  schedule.dispatch round_robin(1)
}
schedule.schedule @d for @second {
  schedule.dispatch round_robin(2)
}
