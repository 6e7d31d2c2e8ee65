// A schedule key region computes "with arith only" (docs/dialects/
// schedule.md); arith.remui on the index loop variable is the natural way to
// spread tiles over schedulers or streams (it is what
// test/Conversion/WorkloadToTaskGraph/schedule-keys.mlir uses for stream_by).
// The run must give the same result as without a schedule.
//
// (A regression test: this failed before the fix described above.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --output 0=%t/x.npy
// RUN: %python %S/Inputs/check.py remui-key --out x=%t/x.npy \
// RUN:   --ref 'x = np.arange(8 * 128, dtype=np.float32).reshape(8, 128) * 2' | FileCheck %s
// CHECK: PASS remui-key

tile.kernel @double_row(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  %d = tile.add %t, %t : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %d, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @double_row(%x) : !workload.view<1x128xf32>
  }
}

schedule.schedule @by_row for @rows {
  schedule.dispatch custom {
  ^bb0(%task: !schedule.task):
    %r = schedule.task_axis %task "r" : index
    %c4 = arith.constant 4 : index
    %k = arith.remui %r, %c4 : index
    schedule.yield %k : index
  }
}
