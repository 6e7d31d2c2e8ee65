// A dense_dyn axis whose size is a scalar argument (--arg 2=N), over
// tensors with a dynamic leading dimension (bound from 8-tile files): tile t
// of Y becomes 2 * X[t] for t < N; tiles >= N keep Y's initial -1. Changing
// N does not recompile (the second and later runs hit the cache), and N
// past the tensor is a reported out-of-bounds error, not a crash or a silent
// partial run. (A negative N: dense-dyn-negative.mlir.)
//
// DEFINE: %{run} = pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/y0.npy
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 7 \
// RUN:   --code 'x = rng.standard_normal((8, 16, 64)).astype(np.float32); y = np.full((8, 16, 64), -1, np.float32)' \
// RUN:   x=%t/x.npy y=%t/y0.npy
// RUN: %{run} --arg 2=3 --output 1=%t/y3.npy | FileCheck %s --check-prefix=N3
// RUN: %{run} --arg 2=8 --output 1=%t/y8.npy | FileCheck %s --check-prefix=N8
// RUN: %{run} --arg 2=0 --output 1=%t/y0out.npy | FileCheck %s --check-prefix=N0
// N3: compile: compiled
// N3: tasks: 3
// N8: compile: cached
// N8: tasks: 8
// N0: compile: cached
// N0: tasks: 0
// N0: total_cycles: 0
// RUN: %python %S/Inputs/check.py dense-dyn --in x=%t/x.npy \
// RUN:   --out y3=%t/y3.npy --out y8=%t/y8.npy --out y0out=%t/y0out.npy --rtol 0 --atol 0 \
// RUN:   --ref 'y3 = np.full_like(x, -1); y3[:3] = 2 * x[:3]; y8 = 2 * x; y0out = np.full_like(x, -1)' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS dense-dyn
//
// RUN: not %{run} --arg 2=9 2>&1 | FileCheck %s --check-prefix=OOB
// OOB: pto-wsp-run: error: workload 'dyn' failed (PTOWSP_ERR_OUT_OF_BOUNDS):
// OOB-SAME: twice

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
