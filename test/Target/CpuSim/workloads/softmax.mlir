// Multi-stage (3-pass) row softmax over vocab tiles with in-out accumulators,
// the shape of the v9 softmax example scaled up so that parallelism matters:
// 4 batches x 8 row tiles (parallel) x 8 vocab tiles (sequential) of 16x64.
//
//   pass 1 (for_each v): M    = max(M, rowmax(X[v]))            M inout
//   pass 2 (for_each v): Y[v] = exp(X[v] - M); L = L + rowsum(Y[v])  L inout
//   pass 3 (parallel v): Y[v] = Y[v] / L                        Y inout
//
// Every ordering comes from the tensor regions the kernels touch (default
// exact dependency inference): pass 2 reads M after all of pass 1 wrote it,
// pass 3 reads L after pass 2 and rewrites Y in place. M starts at -inf and L
// at 0 (bound from files); the checker recomputes softmax, the row max and
// the row sum of exponentials in float64 with NumPy.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 1 \
// RUN:   --code 'x = (3 * rng.standard_normal((4, 128, 512))).astype(np.float32); \
// RUN:           m = np.full((4, 128, 1), -np.inf, np.float32); l = np.zeros((4, 128, 1), np.float32)' \
// RUN:   x=%t/x.npy m=%t/m0.npy l=%t/l0.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --gen 1=zeros \
// RUN:   --input 2=%t/m0.npy --input 3=%t/l0.npy \
// RUN:   --output 1=%t/y.npy --output 2=%t/m.npy --output 3=%t/l.npy > %t/run.txt
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// RUN: %python %S/Inputs/check.py softmax --in x=%t/x.npy \
// RUN:   --out y=%t/y.npy --out m=%t/m.npy --out l=%t/l.npy --rtol 1e-5 --atol 1e-7 \
// RUN:   --ref 'x = x.astype(np.float64); m = x.max(-1, keepdims=True); \
// RUN:          l = np.exp(x - m).sum(-1, keepdims=True); y = np.exp(x - m) / l' \
// RUN:   | FileCheck %s --check-prefix=NUM
//
// Parallelism and dependencies. Per (b, r) chain of 24 tasks the inferred
// edges are: pass 1 M chain 7; pass 2 RAW on M 8 + L chain 7; pass 3 RAW on
// L 8 + RAW on Y 8, one of which (v = 7) is the same edge = 15; 37 in all,
// 32 * 37 = 1184. Kernel cycles (pto-wsp-opt --tile-plan-buffers
// --tile-estimate-cycles): update_max 146, exp_accumulate 307, rescale 219,
// so all tasks together last 256 * 672 cycles; the 32 chains must overlap
// (makespan under a quarter of that). Dispatch bounds it from below: each of
// the 4 schedulers dispatches 192 tasks at 100 cycles each.
// RUN: pto-wsp-opt %s --tile-legalize-broadcast --tile-plan-buffers --tile-estimate-cycles \
// RUN:   | FileCheck %s --check-prefix=CYCLES
// CYCLES: tile.kernel @update_max({{.*}}tile.cycles = 146 : i64
// CYCLES: tile.kernel @exp_accumulate({{.*}}tile.cycles = 307 : i64
// CYCLES: tile.kernel @rescale({{.*}}tile.cycles = 219 : i64
// RUN: %python %S/Inputs/stats.py softmax-parallel run=%t/run.txt \
// RUN:   --expect 'run.dependency_edges == 32 * 37' \
// RUN:   --expect 'run.total_cycles * 4 < 256 * (146 + 307 + 219)' \
// RUN:   --expect 'run.total_cycles >= 192 * 100' --expect 'run.busy_cores >= 16' \
// RUN:   | FileCheck %s --check-prefix=PAR

// STATS: workload: softmax
// STATS: tasks: 768
// STATS: stalls.TASK_RING_FULL: 0 (0 cycles)
// NUM: PASS softmax
// PAR: PASS softmax-parallel

tile.kernel @update_max(%x: !tile.view<16x64xf32, in>, %m: !tile.view<16x1xf32, inout>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tm = tile.load %m : !tile.view<16x1xf32, inout> -> !tile.tile<16x1xf32>
  %r = tile.rowmax %tx : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %n = tile.max %tm, %r : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  tile.store %n, %m : !tile.tile<16x1xf32>, !tile.view<16x1xf32, inout>
}

tile.kernel @exp_accumulate(%x: !tile.view<16x64xf32, in>, %m: !tile.view<16x1xf32, in>,
                            %y: !tile.view<16x64xf32, out>, %l: !tile.view<16x1xf32, inout>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tm = tile.load %m : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %tl = tile.load %l : !tile.view<16x1xf32, inout> -> !tile.tile<16x1xf32>
  %d = tile.sub %tx, %tm : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %e = tile.exp %d : !tile.tile<16x64xf32>
  %s = tile.rowsum %e : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %nl = tile.add %tl, %s : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  tile.store %nl, %l : !tile.tile<16x1xf32>, !tile.view<16x1xf32, inout>
  tile.store %e, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @rescale(%y: !tile.view<16x64xf32, inout>, %l: !tile.view<16x1xf32, in>) {
  %ty = tile.load %y : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  %tl = tile.load %l : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %r = tile.div %ty, %tl : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}

workload.workload @softmax(%X: memref<4x128x512xf32>, %Y: memref<4x128x512xf32>,
                           %M: memref<4x128x1xf32>, %L: memref<4x128x1xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %batch = workload.dense 4
  %rows = workload.dense 8
  %vocab = workload.dense 8
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %r in %rows name("r") {
      %row = arith.muli %r, %c16 : index
      %m = workload.view %M[%b, %row, %c0] sizes [1, 16, 1]
          : memref<4x128x1xf32> -> !workload.view<16x1xf32>
      %l = workload.view %L[%b, %row, %c0] sizes [1, 16, 1]
          : memref<4x128x1xf32> -> !workload.view<16x1xf32>
      workload.for_each %v in %vocab name("v1") {
        %col = arith.muli %v, %c64 : index
        %x = workload.view %X[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        workload.task @update_max(%x, %m) : !workload.view<16x64xf32>, !workload.view<16x1xf32>
      }
      workload.for_each %v in %vocab name("v2") {
        %col = arith.muli %v, %c64 : index
        %x = workload.view %X[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        %y = workload.view %Y[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        workload.task @exp_accumulate(%x, %m, %y, %l)
            : !workload.view<16x64xf32>, !workload.view<16x1xf32>,
              !workload.view<16x64xf32>, !workload.view<16x1xf32>
      }
      workload.parallel_for %v in %vocab name("v3") {
        %col = arith.muli %v, %c64 : index
        %y = workload.view %Y[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        workload.task @rescale(%y, %l) : !workload.view<16x64xf32>, !workload.view<16x1xf32>
      }
    }
  }
}
