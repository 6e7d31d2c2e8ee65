// Arguments the run cannot bind are reported with a non-zero exit and a
// message naming the argument, before anything runs: an unbound tensor, an
// unbound scalar, an unbound run-time symbol, and data of the wrong dtype or
// shape.
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --cache-dir %t.cache
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --code 'x = np.zeros((4, 128), np.float64); y = np.zeros((5, 128), np.float32)' \
// RUN:   x=%t/f64.npy y=%t/rows5.npy
//
// Everything bound: runs.
// RUN: %{run} --gen 0=ones --arg 1=3 --symbol s=2 | FileCheck %s --check-prefix=OK
// OK: tasks: 4
//
// RUN: not %{run} --arg 1=3 --symbol s=2 2>&1 | FileCheck %s --check-prefix=TENSOR
// TENSOR: pto-wsp-run: error: tensor argument 0 (memref<4x128xf32>) is not bound: use --input or --gen
// RUN: not %{run} --gen 0=ones --symbol s=2 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: pto-wsp-run: error: scalar argument 1 is not bound: use --arg 1=VALUE
// RUN: not %{run} --gen 0=ones --arg 1=3 2>&1 | FileCheck %s --check-prefix=SYMBOL
// SYMBOL: pto-wsp-run: error: workload 'bump' failed
// SYMBOL-SAME: run-time symbol 's' is not bound
// RUN: not %{run} --input 0=%t/f64.npy --arg 1=3 --symbol s=2 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: pto-wsp-run: error: argument 0 expects dtype f4, the file holds f8
// RUN: not %{run} --input 0=%t/rows5.npy --arg 1=3 --symbol s=2 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: pto-wsp-run: error: argument 0 dimension 0 must be 4, the data has 5

tile.kernel @add_scalar(%x: !tile.view<1x128xf32, inout>, %a: i64, %b: i64) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @bump(%X: memref<4x128xf32>, %a: i64) {
  %c0 = arith.constant 0 : index
  %s = workload.symbol "s" : i64
  %rows = workload.dense 4
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @add_scalar(%x, %a, %s) : !workload.view<1x128xf32>, i64, i64
  }
}
