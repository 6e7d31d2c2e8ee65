// Batched GEMM with a sequential K loop and an accumulator tile:
//   C[b] += A[b] @ B[b],  A: 2x64x128 f16, B: 2x128x64 f16, C: 2x64x64 f32
// tiled 32x32: parallel_for over batch x M tiles x N tiles (8 output tiles),
// for_each over the 4 K tiles, each task `tile.matmul %a, %b acc %c` on the
// f32 C tile (inout), so each output tile is a chain of 4 cube tasks ordered
// only by the inferred RAW/WAW dependencies on its C region.
//
// f16 inputs are exact in float64; products are exact in f32, so only the
// f32 accumulation order differs from NumPy's.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 2 \
// RUN:   --code 'a = rng.standard_normal((2, 64, 128)).astype(np.float16); \
// RUN:           b = rng.standard_normal((2, 128, 64)).astype(np.float16); \
// RUN:           c = rng.standard_normal((2, 64, 64)).astype(np.float32)' \
// RUN:   a=%t/a.npy b=%t/b.npy c=%t/c0.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --input 0=%t/a.npy --input 1=%t/b.npy \
// RUN:   --input 2=%t/c0.npy --output 2=%t/c.npy > %t/run.txt
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// RUN: %python %S/Inputs/check.py bgemm --in a=%t/a.npy --in b=%t/b.npy --in c0=%t/c0.npy \
// RUN:   --out c=%t/c.npy --rtol 1e-5 --atol 1e-4 \
// RUN:   --ref 'c = c0.astype(np.float64) + a.astype(np.float64) @ b.astype(np.float64)' \
// RUN:   | FileCheck %s --check-prefix=NUM
//
// 8 chains of 4 tasks: 8 * 3 edges. Hand-derived makespan: gemm_acc lasts
// 305 cycles (pto-wsp-opt --tile-plan-buffers --tile-estimate-cycles); task
// i goes to scheduler i mod 4 (round robin), so step k of every chain is on
// scheduler k. Scheduler 0 dispatches the 8 chain heads 100 cycles apart;
// chain j's step k then starts as soon as step k-1 ends, 100 + 305 cycles
// after the previous start (the schedulers keep pace, 100 <= 405, and 6
// AIC per scheduler are never all busy), so the last chain ends at
// 7 * 100 + 4 * (100 + 305) = 2320.
// RUN: pto-wsp-opt %s --tile-legalize-broadcast --tile-plan-buffers --tile-estimate-cycles \
// RUN:   | FileCheck %s --check-prefix=CYCLES
// CYCLES: tile.kernel @gemm_acc({{.*}}tile.cycles = 305 : i64
// RUN: %python %S/Inputs/stats.py bgemm-chains run=%t/run.txt \
// RUN:   --expect 'run.dependency_edges == 8 * 3' \
// RUN:   --expect 'run.total_cycles == 7 * 100 + 4 * (100 + 305)' \
// RUN:   | FileCheck %s --check-prefix=PAR

// STATS: workload: bgemm
// STATS: tasks: 32
// NUM: PASS bgemm
// PAR: PASS bgemm-chains

tile.kernel @gemm_acc(%a: !tile.view<32x32xf16, in>, %b: !tile.view<32x32xf16, in>,
                      %c: !tile.view<32x32xf32, inout>) {
  %ta = tile.load %a : !tile.view<32x32xf16, in> -> !tile.tile<32x32xf16>
  %tb = tile.load %b : !tile.view<32x32xf16, in> -> !tile.tile<32x32xf16>
  %tc = tile.load %c : !tile.view<32x32xf32, inout> -> !tile.tile<32x32xf32>
  %r = tile.matmul %ta, %tb acc %tc : !tile.tile<32x32xf16>, !tile.tile<32x32xf16> -> !tile.tile<32x32xf32>
  tile.store %r, %c : !tile.tile<32x32xf32>, !tile.view<32x32xf32, inout>
}

workload.workload @bgemm(%A: memref<2x64x128xf16>, %B: memref<2x128x64xf16>,
                         %C: memref<2x64x64xf32>) {
  %c32 = arith.constant 32 : index
  %batch = workload.dense 2
  %mt = workload.dense 2
  %nt = workload.dense 2
  %kt = workload.dense 4
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %m in %mt name("m") {
      workload.parallel_for %n in %nt name("n") {
        %row = arith.muli %m, %c32 : index
        %col = arith.muli %n, %c32 : index
        %c = workload.view %C[%b, %row, %col] sizes [1, 32, 32]
            : memref<2x64x64xf32> -> !workload.view<32x32xf32>
        workload.for_each %k in %kt name("k") {
          %kk = arith.muli %k, %c32 : index
          %a = workload.view %A[%b, %row, %kk] sizes [1, 32, 32]
              : memref<2x64x128xf16> -> !workload.view<32x32xf16>
          %bt = workload.view %B[%b, %kk, %col] sizes [1, 32, 32]
              : memref<2x128x64xf16> -> !workload.view<32x32xf16>
          workload.task @gemm_acc(%a, %bt, %c)
              : !workload.view<32x32xf16>, !workload.view<32x32xf16>, !workload.view<32x32xf32>
        }
      }
    }
  }
}
