// Dependency inference modes on a for_each accumulation (batched GEMM,
// batch 2, M = N = 64, K = 128, 16x16 tiles: 32 output tiles, each a chain
// of 8 `matmul acc` tasks over K):
//   exact    regions conflict when identical (the C tile);
//   overlap  regions conflict when they intersect;
//   explicit no region inference: only the `after` edges the lowering puts
//            between consecutive for_each iterations;
//   hybrid   overlap inference plus those `after` edges.
// All four order each chain the same way, so they give bitwise-identical C,
// the same 32 * 7 distinct edges (hybrid's duplicates count once) and the
// same simulated timeline; host threads (1 vs 2) change nothing.
//
// DEFINE: %{run} = pto-wsp-run %s --cache-dir %t.cache --input 0=%t/a.npy --input 1=%t/b.npy --gen 2=zeros
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 5 \
// RUN:   --code 'a = rng.standard_normal((2, 64, 128)).astype(np.float16); \
// RUN:           b = rng.standard_normal((2, 128, 64)).astype(np.float16)' a=%t/a.npy b=%t/b.npy
// RUN: %{run} --schedule exact --output 2=%t/c.exact.npy > %t/exact.txt
// RUN: %{run} --schedule overlap --output 2=%t/c.overlap.npy > %t/overlap.txt
// RUN: %{run} --schedule explicit --output 2=%t/c.explicit.npy > %t/explicit.txt
// RUN: %{run} --schedule explicit --host-threads 1 --output 2=%t/c.explicit1.npy > %t/explicit1.txt
// RUN: %{run} --schedule hybrid --output 2=%t/c.hybrid.npy > %t/hybrid.txt
// RUN: %{run} --schedule hybrid --host-threads 1 > %t/hybrid1.txt
// RUN: %python %S/Inputs/check.py deps-reference --in a=%t/a.npy --in b=%t/b.npy \
// RUN:   --out c=%t/c.exact.npy --rtol 1e-5 --atol 1e-4 \
// RUN:   --ref 'c = a.astype(np.float64) @ b.astype(np.float64)' | FileCheck %s --check-prefix=REF
// RUN: %python %S/Inputs/check.py deps-bitwise --in c=%t/c.exact.npy --out overlap=%t/c.overlap.npy \
// RUN:   --out explicit=%t/c.explicit.npy --out explicit1=%t/c.explicit1.npy --out hybrid=%t/c.hybrid.npy \
// RUN:   --rtol 0 --atol 0 --ref 'overlap = explicit = explicit1 = hybrid = c' \
// RUN:   | FileCheck %s --check-prefix=BITWISE
// RUN: %python %S/Inputs/stats.py deps exact=%t/exact.txt overlap=%t/overlap.txt \
// RUN:   explicit=%t/explicit.txt explicit1=%t/explicit1.txt hybrid=%t/hybrid.txt hybrid1=%t/hybrid1.txt \
// RUN:   --expect 'exact.tasks == 256 and exact.dependency_edges == 32 * 7' \
// RUN:   --expect 'same(exact, overlap) and same(exact, explicit) and same(exact, hybrid)' \
// RUN:   --expect 'same(explicit, explicit1) and same(hybrid, hybrid1)' \
// RUN:   | FileCheck %s --check-prefix=STATS

// REF: PASS deps-reference
// BITWISE: PASS deps-bitwise
// STATS: PASS deps

tile.kernel @gemm_acc(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>,
                      %c: !tile.view<16x16xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  %r = tile.matmul %ta, %tb acc %tc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  tile.store %r, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
}

workload.workload @bgemm16(%A: memref<2x64x128xf16>, %B: memref<2x128x64xf16>,
                           %C: memref<2x64x64xf32>) {
  %c16 = arith.constant 16 : index
  %batch = workload.dense 2
  %mt = workload.dense 4
  %nt = workload.dense 4
  %kt = workload.dense 8
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %m in %mt name("m") {
      workload.parallel_for %n in %nt name("n") {
        %row = arith.muli %m, %c16 : index
        %col = arith.muli %n, %c16 : index
        %c = workload.view %C[%b, %row, %col] sizes [1, 16, 16]
            : memref<2x64x64xf32> -> !workload.view<16x16xf32>
        workload.for_each %k in %kt name("k") {
          %kk = arith.muli %k, %c16 : index
          %a = workload.view %A[%b, %row, %kk] sizes [1, 16, 16]
              : memref<2x64x128xf16> -> !workload.view<16x16xf16>
          %bt = workload.view %B[%b, %kk, %col] sizes [1, 16, 16]
              : memref<2x128x64xf16> -> !workload.view<16x16xf16>
          workload.task @gemm_acc(%a, %bt, %c)
              : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
        }
      }
    }
  }
}

schedule.schedule @exact for @bgemm16 {
  schedule.deps exact
}
schedule.schedule @overlap for @bgemm16 {
  schedule.deps overlap
}
schedule.schedule @explicit for @bgemm16 {
  schedule.deps explicit
}
schedule.schedule @hybrid for @bgemm16 {
  schedule.deps hybrid
}
