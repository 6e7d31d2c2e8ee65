// An out-of-bounds view whose offset comes from a run-time symbol: the run
// stops with a non-zero exit and a message naming the kernel, the tensor,
// the region and the shape; it does not crash, hang or write outside the
// tensor. An in-bounds value of the same symbol runs (no recompilation).
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %{run} --symbol first=5 --output 1=%t/y.npy | FileCheck %s --check-prefix=OK
// OK: tasks: 3
// RUN: %python %S/Inputs/check.py in-bounds --out y=%t/y.npy --rtol 0 --atol 0 \
// RUN:   --ref 'x = np.arange(8 * 16 * 64, dtype=np.float32).reshape(8, 16, 64); \
// RUN:          y = np.zeros_like(x); y[5:8] = 2 * x[5:8]' | FileCheck %s --check-prefix=NUM
// NUM: PASS in-bounds
//
// first = 6: the third tile (offset 8) is past the 8 tiles.
// RUN: not %{run} --symbol first=6 2>&1 | FileCheck %s --check-prefix=PAST
// PAST: pto-wsp-run: error: workload 'shifted' failed (PTOWSP_ERR_OUT_OF_BOUNDS):
// PAST-SAME: kernel 'twice'
// PAST-SAME: offsets [8, 0, 0], sizes [1, 16, 64]
// PAST-SAME: out of bounds of its shape [8, 16, 64]
// RUN: not %{run} --symbol first=-1 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: pto-wsp-run: error: workload 'shifted' failed (PTOWSP_ERR_OUT_OF_BOUNDS):
// NEG-SAME: kernel 'twice'

tile.kernel @twice(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.add %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// Three tiles starting at tile `first`.
workload.workload @shifted(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %first = workload.symbol "first" : index
  %n = workload.dense 3
  workload.parallel_for %i in %n name("i") {
    %t = arith.addi %first, %i : index
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @twice(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}
