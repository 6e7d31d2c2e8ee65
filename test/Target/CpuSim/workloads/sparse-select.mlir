// A sparse (CSR) axis as MoE routing: token `tok` is routed to the experts
// indices[indptr[tok] .. indptr[tok+1]-1] (i32 tensors read at run time).
//   select e (the stored expert ids):     Y[tok, e] = X[tok] * W[e]
//   parallel_for p (positions 0..n-1):    Z[tok, p] = X[tok]
// Tiles of unrouted (tok, e) pairs and unused positions keep their initial
// -1; token 1 and token 5 have no experts.
//
// (A regression test: this failed before the fix described above.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 10 \
// RUN:   --code 'x = rng.standard_normal((6, 1, 128)).astype(np.float32); \
// RUN:           w = rng.standard_normal((4, 1, 128)).astype(np.float32); \
// RUN:           y = np.full((6, 4, 1, 128), -1, np.float32); z = np.full((6, 4, 1, 128), -1, np.float32); \
// RUN:           indptr = np.array([0, 2, 2, 5, 6, 8, 8], np.int32); \
// RUN:           indices = np.array([3, 0, 1, 2, 3, 2, 0, 1], np.int32)' \
// RUN:   x=%t/x.npy w=%t/w.npy y=%t/y0.npy z=%t/z0.npy indptr=%t/indptr.npy indices=%t/indices.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/w.npy --input 2=%t/y0.npy \
// RUN:   --input 3=%t/z0.npy --input 4=%t/indptr.npy --input 5=%t/indices.npy \
// RUN:   --output 2=%t/y.npy --output 3=%t/z.npy | FileCheck %s --check-prefix=STATS
// 8 routed pairs, a select task and a position task each.
// STATS: tasks: 16
// RUN: %python %S/Inputs/check.py sparse --in x=%t/x.npy --in w=%t/w.npy --in indptr=%t/indptr.npy \
// RUN:   --in indices=%t/indices.npy --out y=%t/y.npy --out z=%t/z.npy --rtol 0 --atol 0 \
// RUN:   --ref 'y = np.full((6, 4, 1, 128), -1, np.float32); z = y.copy(); \
// RUN:          exec("for tok in range(6):\n for p, e in enumerate(indices[indptr[tok]:indptr[tok + 1]]):\n  y[tok, e] = x[tok] * w[e]\n  z[tok, p] = x[tok]")' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS sparse

tile.kernel @expert(%x: !tile.view<1x128xf32, in>, %w: !tile.view<1x128xf32, in>,
                    %y: !tile.view<1x128xf32, out>) {
  %tx = tile.load %x : !tile.view<1x128xf32, in> -> !tile.tile<1x128xf32>
  %tw = tile.load %w : !tile.view<1x128xf32, in> -> !tile.tile<1x128xf32>
  %r = tile.mul %tx, %tw : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %r, %y : !tile.tile<1x128xf32>, !tile.view<1x128xf32, out>
}

tile.kernel @copy(%x: !tile.view<1x128xf32, in>, %z: !tile.view<1x128xf32, out>) {
  %tx = tile.load %x : !tile.view<1x128xf32, in> -> !tile.tile<1x128xf32>
  tile.store %tx, %z : !tile.tile<1x128xf32>, !tile.view<1x128xf32, out>
}

workload.workload @routing(%X: memref<6x1x128xf32>, %W: memref<4x1x128xf32>,
                           %Y: memref<6x4x1x128xf32>, %Z: memref<6x4x1x128xf32>,
                           %indptr: memref<7xi32>, %indices: memref<8xi32>) {
  %c0 = arith.constant 0 : index
  %tokens = workload.dense 6
  workload.parallel_for %tok in %tokens name("tok") {
    %experts = workload.sparse %indptr, %indices[%tok] : memref<7xi32>, memref<8xi32>
    %x = workload.view %X[%tok, %c0, %c0] sizes [1, 1, 128] : memref<6x1x128xf32> -> !workload.view<1x128xf32>
    workload.select %e in %experts name("e") {
      %w = workload.view %W[%e, %c0, %c0] sizes [1, 1, 128] : memref<4x1x128xf32> -> !workload.view<1x128xf32>
      %y = workload.view %Y[%tok, %e, %c0, %c0] sizes [1, 1, 1, 128]
          : memref<6x4x1x128xf32> -> !workload.view<1x128xf32>
      workload.task @expert(%x, %w, %y) : !workload.view<1x128xf32>, !workload.view<1x128xf32>, !workload.view<1x128xf32>
    }
    workload.parallel_for %p in %experts name("p") {
      %z = workload.view %Z[%tok, %p, %c0, %c0] sizes [1, 1, 1, 128]
          : memref<6x4x1x128xf32> -> !workload.view<1x128xf32>
      workload.task @copy(%x, %z) : !workload.view<1x128xf32>, !workload.view<1x128xf32>
    }
  }
}
