// Overlapping windows: iteration t of a parallel_for accumulates X rows
// 8t..8t+15 into Y rows 8t..8t+15 (inout), so neighbouring iterations share
// 8 rows. With deps overlap the runtime orders t after t-1 (7 edges) and the
// result is the sequential one: every row gets X added once per window that
// covers it. With deps exact (the default), partially overlapping regions
// are an error, reported and not silently ignored.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 6 \
// RUN:   --code 'x = rng.standard_normal((72, 64)).astype(np.float32); y = rng.standard_normal((72, 64)).astype(np.float32)' \
// RUN:   x=%t/x.npy y=%t/y0.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --schedule overlap --input 0=%t/x.npy --input 1=%t/y0.npy \
// RUN:   --output 1=%t/y.npy | FileCheck %s --check-prefix=OVERLAP
// OVERLAP: tasks: 8
// OVERLAP: dependency_edges: 7
// RUN: %python %S/Inputs/check.py windows --in x=%t/x.npy --in y0=%t/y0.npy --out y=%t/y.npy \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'y = y0.copy(); exec("for t in range(8): y[8 * t:8 * t + 16] += x[8 * t:8 * t + 16]")' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS windows
//
// RUN: not pto-wsp-run %s --cache-dir %t.cache --schedule exact --input 0=%t/x.npy --input 1=%t/y0.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=EXACT
// EXACT: pto-wsp-run: error: workload 'windows' failed (PTOWSP_ERR_INVALID):
// EXACT-SAME: accumulate
// EXACT-SAME: overlap

tile.kernel @accumulate(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, inout>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %ty = tile.load %y : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  %r = tile.add %ty, %tx : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}

workload.workload @windows(%X: memref<72x64xf32>, %Y: memref<72x64xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %row = arith.muli %t, %c8 : index
    %x = workload.view %X[%row, %c0] sizes [16, 64] : memref<72x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%row, %c0] sizes [16, 64] : memref<72x64xf32> -> !workload.view<16x64xf32>
    workload.task @accumulate(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @overlap for @windows {
  schedule.deps overlap
}
schedule.schedule @exact for @windows {
  schedule.deps exact
}
