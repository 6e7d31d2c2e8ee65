// A kernel may have any MLIR symbol name; names that are C++ keywords
// (here @double) must still give a program that compiles and runs, or a
// diagnostic at translation time, never invalid C++.
//
// (A regression test: this failed before the fix described above.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --output 0=%t/x.npy
// RUN: %python %S/Inputs/check.py keyword --out x=%t/x.npy --rtol 0 --atol 0 \
// RUN:   --ref 'x = 2 * np.arange(4 * 128, dtype=np.float32).reshape(4, 128)' | FileCheck %s
// CHECK: PASS keyword

tile.kernel @double(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  %d = tile.add %t, %t : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %d, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @rows(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 4
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @double(%x) : !workload.view<1x128xf32>
  }
}
