// A ragged axis: batch b has lengths[b] tiles (lengths is an i64 tensor read
// at run time), so tile t of batch b is processed iff t < lengths[b]:
// Y[b, t] = 2 * X[b, t], other tiles keep Y's initial -1. Two sets of
// lengths, one compiled program.
//
// (A regression test: this failed before the fix described above.)
//
// DEFINE: %{run} = pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/y0.npy
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 9 \
// RUN:   --code 'x = rng.standard_normal((4, 4, 16, 64)).astype(np.float32); y = np.full((4, 4, 16, 64), -1, np.float32); \
// RUN:           a = np.array([2, 0, 4, 1], np.int64); b = np.array([0, 3, 1, 4], np.int64)' \
// RUN:   x=%t/x.npy y=%t/y0.npy a=%t/len_a.npy b=%t/len_b.npy
// RUN: %{run} --input 2=%t/len_a.npy --output 1=%t/ya.npy | FileCheck %s --check-prefix=A
// RUN: %{run} --input 2=%t/len_b.npy --output 1=%t/yb.npy | FileCheck %s --check-prefix=B
// A: tasks: 7
// B: tasks: 8
// RUN: %python %S/Inputs/check.py ragged --in x=%t/x.npy --in a=%t/len_a.npy --in b=%t/len_b.npy \
// RUN:   --out ya=%t/ya.npy --out yb=%t/yb.npy --rtol 0 --atol 0 \
// RUN:   --ref 'ya = np.full_like(x, -1); yb = np.full_like(x, -1); \
// RUN:          exec("for i in range(4):\n ya[i, :a[i]] = 2 * x[i, :a[i]]\n yb[i, :b[i]] = 2 * x[i, :b[i]]")' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS ragged

tile.kernel @twice(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.add %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @ragged(%X: memref<4x4x16x64xf32>, %Y: memref<4x4x16x64xf32>, %lengths: memref<4xi64>) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 4
  workload.parallel_for %b in %batch name("b") {
    %tiles = workload.ragged %lengths[%b] : memref<4xi64>
    workload.parallel_for %t in %tiles name("t") {
      %x = workload.view %X[%b, %t, %c0, %c0] sizes [1, 1, 16, 64]
          : memref<4x4x16x64xf32> -> !workload.view<16x64xf32>
      %y = workload.view %Y[%b, %t, %c0, %c0] sizes [1, 1, 16, 64]
          : memref<4x4x16x64xf32> -> !workload.view<16x64xf32>
      workload.task @twice(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    }
  }
}
