// A kernel that uses an arith.constant scalar (here f32 0.5 for tile.muls)
// must run inside a workload as it does on its own (pto-wsp-translate
// --cpu-sim of the kernel alone works, see numerics/cast.mlir).
//
// (A regression test: this failed before the fix described above.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros --output 1=%t/y.npy
// RUN: %python %S/Inputs/check.py arith-constant --out y=%t/y.npy \
// RUN:   --ref 'y = np.arange(8 * 16 * 32, dtype=np.float32).reshape(8, 16, 32) * 0.5' \
// RUN:   | FileCheck %s
// CHECK: PASS arith-constant

tile.kernel @halve(%x: !tile.view<16x32xf32, in>, %y: !tile.view<16x32xf32, out>) {
  %t = tile.load %x : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %half = arith.constant 0.5 : f32
  %d = tile.muls %t, %half : !tile.tile<16x32xf32>, f32
  tile.store %d, %y : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
}

workload.workload @halve_all(%X: memref<8x16x32xf32>, %Y: memref<8x16x32xf32>) {
  %c0 = arith.constant 0 : index
  %tiles = workload.dense 8
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 32] : memref<8x16x32xf32> -> !workload.view<16x32xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 32] : memref<8x16x32xf32> -> !workload.view<16x32xf32>
    workload.task @halve(%x, %y) : !workload.view<16x32xf32>, !workload.view<16x32xf32>
  }
}
