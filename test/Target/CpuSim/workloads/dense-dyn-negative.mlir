// "A negative size gives an empty axis" (workload.dense_dyn's description;
// scf.for compares index bounds signed): N = -2 must run no task.
//
// (A regression test: this failed before the fix described above.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --code 'x = np.ones((8, 16, 64), np.float32)' x=%t/x.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/x.npy --arg 2=-2 \
// RUN:   --output 1=%t/y.npy | FileCheck %s
// CHECK: tasks: 0
// RUN: %python %S/Inputs/check.py negative --out y=%t/y.npy --rtol 0 --atol 0 \
// RUN:   --ref 'y = np.ones((8, 16, 64), np.float32)' | FileCheck %s --check-prefix=NUM
// NUM: PASS negative

tile.kernel @twice(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.add %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @dyn(%X: memref<?x16x64xf32>, %Y: memref<?x16x64xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %tiles = workload.dense_dyn %n
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<?x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<?x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @twice(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}
