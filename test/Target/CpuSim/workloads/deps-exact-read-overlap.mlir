// Exact dependency mode with partially overlapping *reads* only (a halo:
// iteration t reads X rows 8t..8t+15, so neighbours share 8 rows; every
// iteration writes its own Y[t]). Two reads never order anything, so there
// is nothing exact mode cannot express and the run should succeed (exact is
// the default mode of a workload without a schedule).
//
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros --output 1=%t/y.npy
// RUN: %python %S/Inputs/check.py halo --out y=%t/y.npy --rtol 0 --atol 0 \
// RUN:   --ref 'x = np.arange(72 * 64, dtype=np.float32).reshape(72, 64); \
// RUN:          y = np.stack([2 * x[8 * t:8 * t + 16] for t in range(8)])' | FileCheck %s
// CHECK: PASS halo

tile.kernel @twice(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.add %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @halo(%X: memref<72x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %row = arith.muli %t, %c8 : index
    %x = workload.view %X[%row, %c0] sizes [16, 64] : memref<72x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @twice(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}
