// A chain of data-dependent kernels in one parallel body (a toy LLaMA-like
// block per 16-row tile t of X: 128 tokens x 32 features), with every
// intermediate in a global tensor, plus two cross-iteration dependencies:
//
//   A  H[t] = X[t] @ W1                         (cube,  16x32 @ 32x64)
//   B  N[t] = relu(H[t] * rsqrt(rowmean(H[t]^2) + 1e-6))      (vector)
//   C  G[t] = N[t] @ W2                         (cube,  16x64 @ 64x32)
//   D  O[t] = X[t] + G[t]                                     (vector)
//   E  R[t+1] = 0.5 * R[t] + O[t]   (reads what iteration t-1 wrote)
//   F  S = S + O[t]                 (one 16x32 tile shared by all t: inout)
//
// The loop is a parallel_for: nothing but the inferred region dependencies
// orders A..F, E across iterations (RAW on R[t]) and F across iterations
// (RAW/WAW on S, in submission order). Results must equal the sequential
// program: the checker runs it in NumPy with float32 for the recurrences
// (R and S start at 100, so a task that ran too early is far off).
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 3 \
// RUN:   --code 'x = rng.standard_normal((8, 16, 32)).astype(np.float32); \
// RUN:           w1 = (rng.standard_normal((32, 64)) / 4).astype(np.float32); \
// RUN:           w2 = (rng.standard_normal((64, 32)) / 4).astype(np.float32); \
// RUN:           r = np.full((9, 16, 32), 100, np.float32); s = np.full((16, 32), 100, np.float32)' \
// RUN:   x=%t/x.npy w1=%t/w1.npy w2=%t/w2.npy r=%t/r0.npy s=%t/s0.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/w1.npy \
// RUN:   --input 2=%t/w2.npy --gen 3=zeros --gen 4=zeros --gen 5=zeros --gen 6=zeros \
// RUN:   --input 7=%t/r0.npy --input 8=%t/s0.npy --output 6=%t/o.npy --output 7=%t/r.npy \
// RUN:   --output 8=%t/s.npy --output 3=%t/h.npy > %t/run.txt
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// RUN: %python %S/Inputs/check.py chain --in x=%t/x.npy --in w1=%t/w1.npy --in w2=%t/w2.npy \
// RUN:   --out h=%t/h.npy --out o=%t/o.npy --out r=%t/r.npy --out s=%t/s.npy --rtol 1e-4 --atol 1e-4 \
// RUN:   --ref 'f = np.float32; h = (x.astype(np.float64) @ w1).astype(f); \
// RUN:          n = np.maximum(h / np.sqrt((h.astype(np.float64) ** 2).mean(-1, keepdims=True) + 1e-6), 0); \
// RUN:          o = (x + n @ w2).astype(f); \
// RUN:          r = np.full((9, 16, 32), 100, f); s = np.full((16, 32), 100, f); \
// RUN:          exec("for t in range(8):\n r[t + 1] = f(0.5) * r[t] + o[t]\n s = s + o[t]")' \
// RUN:   | FileCheck %s --check-prefix=NUM
//
// Edges per tile: B<-A (H), C<-B (N), D<-C (G), E<-D (O), F<-D (O): 5; across
// tiles: E(t)<-E(t-1) (R[t]) and F(t)<-F(t-1) (S) for t >= 1: 2 * 7.
// RUN: %python %S/Inputs/stats.py chain-edges run=%t/run.txt \
// RUN:   --expect 'run.tasks == 8 * 6' --expect 'run.dependency_edges == 8 * 5 + 2 * 7' \
// RUN:   | FileCheck %s --check-prefix=EDGES
//
// With one host thread the results are bitwise the same.
// RUN: pto-wsp-run %s --cache-dir %t.cache --host-threads 1 --input 0=%t/x.npy --input 1=%t/w1.npy \
// RUN:   --input 2=%t/w2.npy --gen 3=zeros --gen 4=zeros --gen 5=zeros --gen 6=zeros \
// RUN:   --input 7=%t/r0.npy --input 8=%t/s0.npy --output 7=%t/r1.npy --output 8=%t/s1.npy > %t/run1.txt
// RUN: %python %S/Inputs/check.py chain-one-thread --in r=%t/r.npy --in s=%t/s.npy \
// RUN:   --out r1=%t/r1.npy --out s1=%t/s1.npy --rtol 0 --atol 0 --ref 'r1 = r; s1 = s' \
// RUN:   | FileCheck %s --check-prefix=ONE

// STATS: workload: chain
// NUM: PASS chain
// EDGES: PASS chain-edges
// ONE: PASS chain-one-thread

tile.kernel @up(%x: !tile.view<16x32xf32, in>, %w: !tile.view<32x64xf32, in>,
                %h: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tw = tile.load %w : !tile.view<32x64xf32, in> -> !tile.tile<32x64xf32>
  %r = tile.matmul %tx, %tw : !tile.tile<16x32xf32>, !tile.tile<32x64xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %h : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @norm_relu(%h: !tile.view<16x64xf32, in>, %n: !tile.view<16x64xf32, out>) {
  %t = tile.load %h : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %sq = tile.mul %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %ms = tile.rowmean %sq : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %eps = tile.constant 1.0e-6 : f32 -> !tile.tile<16x1xf32>
  %v = tile.add %ms, %eps : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  %inv = tile.rsqrt %v : !tile.tile<16x1xf32>
  %y = tile.mul %t, %inv : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %r = tile.relu %y : !tile.tile<16x64xf32>
  tile.store %r, %n : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @down(%n: !tile.view<16x64xf32, in>, %w: !tile.view<64x32xf32, in>,
                  %g: !tile.view<16x32xf32, out>) {
  %tn = tile.load %n : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tw = tile.load %w : !tile.view<64x32xf32, in> -> !tile.tile<64x32xf32>
  %r = tile.matmul %tn, %tw : !tile.tile<16x64xf32>, !tile.tile<64x32xf32> -> !tile.tile<16x32xf32>
  tile.store %r, %g : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
}

tile.kernel @residual(%x: !tile.view<16x32xf32, in>, %g: !tile.view<16x32xf32, in>,
                      %o: !tile.view<16x32xf32, out>) {
  %tx = tile.load %x : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tg = tile.load %g : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %r = tile.add %tx, %tg : !tile.tile<16x32xf32>, !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>
  tile.store %r, %o : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
}

tile.kernel @recur(%prev: !tile.view<16x32xf32, in>, %o: !tile.view<16x32xf32, in>,
                   %next: !tile.view<16x32xf32, out>) {
  %tp = tile.load %prev : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %to = tile.load %o : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  // (A tile constant, not an arith.constant scalar: see
  // kernel-arith-constant.mlir.)
  %half = tile.constant 0.5 : f32 -> !tile.tile<16x32xf32>
  %d = tile.mul %tp, %half : !tile.tile<16x32xf32>, !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>
  %r = tile.add %d, %to : !tile.tile<16x32xf32>, !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>
  tile.store %r, %next : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
}

tile.kernel @accumulate(%o: !tile.view<16x32xf32, in>, %s: !tile.view<16x32xf32, inout>) {
  %to = tile.load %o : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %ts = tile.load %s : !tile.view<16x32xf32, inout> -> !tile.tile<16x32xf32>
  %r = tile.add %ts, %to : !tile.tile<16x32xf32>, !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>
  tile.store %r, %s : !tile.tile<16x32xf32>, !tile.view<16x32xf32, inout>
}

workload.workload @chain(%X: memref<8x16x32xf32>, %W1: memref<32x64xf32>, %W2: memref<64x32xf32>,
                         %H: memref<8x16x64xf32>, %N: memref<8x16x64xf32>, %G: memref<8x16x32xf32>,
                         %O: memref<8x16x32xf32>, %R: memref<9x16x32xf32>, %S: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tiles = workload.dense 8
  %w1 = workload.view %W1[%c0, %c0] sizes [32, 64] : memref<32x64xf32> -> !workload.view<32x64xf32>
  %w2 = workload.view %W2[%c0, %c0] sizes [64, 32] : memref<64x32xf32> -> !workload.view<64x32xf32>
  %s = workload.view %S[%c0, %c0] sizes [16, 32] : memref<16x32xf32> -> !workload.view<16x32xf32>
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 32] : memref<8x16x32xf32> -> !workload.view<16x32xf32>
    %h = workload.view %H[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %n = workload.view %N[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %g = workload.view %G[%t, %c0, %c0] sizes [1, 16, 32] : memref<8x16x32xf32> -> !workload.view<16x32xf32>
    %o = workload.view %O[%t, %c0, %c0] sizes [1, 16, 32] : memref<8x16x32xf32> -> !workload.view<16x32xf32>
    %t1 = arith.addi %t, %c1 : index
    %rp = workload.view %R[%t, %c0, %c0] sizes [1, 16, 32] : memref<9x16x32xf32> -> !workload.view<16x32xf32>
    %rn = workload.view %R[%t1, %c0, %c0] sizes [1, 16, 32] : memref<9x16x32xf32> -> !workload.view<16x32xf32>
    workload.task @up(%x, %w1, %h) : !workload.view<16x32xf32>, !workload.view<32x64xf32>, !workload.view<16x64xf32>
    workload.task @norm_relu(%h, %n) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    workload.task @down(%n, %w2, %g) : !workload.view<16x64xf32>, !workload.view<64x32xf32>, !workload.view<16x32xf32>
    workload.task @residual(%x, %g, %o) : !workload.view<16x32xf32>, !workload.view<16x32xf32>, !workload.view<16x32xf32>
    workload.task @recur(%rp, %o, %rn) : !workload.view<16x32xf32>, !workload.view<16x32xf32>, !workload.view<16x32xf32>
    workload.task @accumulate(%o, %s) : !workload.view<16x32xf32>, !workload.view<16x32xf32>
  }
}
