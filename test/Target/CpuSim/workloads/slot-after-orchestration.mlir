// slot-if.mlir without a schedule: the default start policy is
// after_orchestration, and the workload reads a slot (F[0]) that a task of
// the same workload writes. The schedule dialect says "in both cases
// execution also starts when the task window is full, since generation
// could not make progress otherwise"; a slot read is the same situation, so
// the run should start the pending tasks (as ptowsp_wait_all does) and give
// slot-if.mlir's results.
//
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 11 \
// RUN:   --code 'x = rng.integers(-3, 4, (8, 1, 64)).astype(np.float32); x[1::2] = -np.abs(x[1::2]); x[2, 0, 5] = 3; \
// RUN:           f = np.full((8, 1), -99, np.int32); g = np.array([1, 0, 0, 7, 0, 1, 1, 0], np.int64); \
// RUN:           y = np.full((8, 1, 64), -1, np.float32)' \
// RUN:   x=%t/x.npy f=%t/f0.npy g=%t/g.npy y=%t/y0.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/f0.npy --input 2=%t/g.npy \
// RUN:   --input 3=%t/y0.npy --input 4=%t/y0.npy --output 1=%t/f.npy --output 3=%t/y.npy --output 4=%t/z.npy \
// RUN:   > %t/run.txt
// 8 flag tasks, 8 if/else tasks, 4 tasks where G != 0.
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// STATS: tasks: 20
// RUN: %python %S/Inputs/stats.py slot-wait run=%t/run.txt --expect 'run.stalls_SLOT_WAIT > 0' \
// RUN:   | FileCheck %s --check-prefix=WAIT
// WAIT: PASS slot-wait
// RUN: %python %S/Inputs/check.py slot-if --in x=%t/x.npy --in g=%t/g.npy \
// RUN:   --out f=%t/f.npy --out y=%t/y.npy --out z=%t/z.npy --rtol 0 --atol 0 \
// RUN:   --ref 'f = x.max(-1).astype(np.int32); pos = f[:, 0] > 0; \
// RUN:          y = np.where(pos[:, None, None], 2 * x, -x); \
// RUN:          z = np.where((g != 0)[:, None, None], 2 * x, -1).astype(np.float32)' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS slot-if

tile.kernel @flag(%x: !tile.view<1x64xf32, in>, %f: !tile.view<1x1xi32, out>) {
  %t = tile.load %x : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  %m = tile.rowmax %t : !tile.tile<1x64xf32> -> !tile.tile<1x1xf32>
  %i = tile.cast %m : !tile.tile<1x1xf32> -> !tile.tile<1x1xi32>
  tile.store %i, %f : !tile.tile<1x1xi32>, !tile.view<1x1xi32, out>
}

tile.kernel @twice(%x: !tile.view<1x64xf32, in>, %y: !tile.view<1x64xf32, out>) {
  %t = tile.load %x : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  %u = tile.add %t, %t : !tile.tile<1x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<1x64xf32>
  tile.store %u, %y : !tile.tile<1x64xf32>, !tile.view<1x64xf32, out>
}

tile.kernel @negate(%x: !tile.view<1x64xf32, in>, %y: !tile.view<1x64xf32, out>) {
  %t = tile.load %x : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  %u = tile.neg %t : !tile.tile<1x64xf32>
  tile.store %u, %y : !tile.tile<1x64xf32>, !tile.view<1x64xf32, out>
}

workload.workload @branches(%X: memref<8x1x64xf32>, %F: memref<8x1xi32>, %G: memref<8xi64>,
                            %Y: memref<8x1x64xf32>, %Z: memref<8x1x64xf32>) {
  %c0 = arith.constant 0 : index
  %zero32 = arith.constant 0 : i32
  %zero64 = arith.constant 0 : i64
  %tiles = workload.dense 8
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 1, 64] : memref<8x1x64xf32> -> !workload.view<1x64xf32>
    %f = workload.view %F[%t, %c0] sizes [1, 1] : memref<8x1xi32> -> !workload.view<1x1xi32>
    workload.task @flag(%x, %f) : !workload.view<1x64xf32>, !workload.view<1x1xi32>
  }
  workload.parallel_for %t in %tiles name("u") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 1, 64] : memref<8x1x64xf32> -> !workload.view<1x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 1, 64] : memref<8x1x64xf32> -> !workload.view<1x64xf32>
    %flag = workload.slot_load %F[%t, %c0] : memref<8x1xi32> -> i32
    %positive = arith.cmpi sgt, %flag, %zero32 : i32
    workload.if %positive {
      workload.task @twice(%x, %y) : !workload.view<1x64xf32>, !workload.view<1x64xf32>
    } else {
      workload.task @negate(%x, %y) : !workload.view<1x64xf32>, !workload.view<1x64xf32>
    }
  }
  workload.parallel_for %t in %tiles name("v") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 1, 64] : memref<8x1x64xf32> -> !workload.view<1x64xf32>
    %z = workload.view %Z[%t, %c0, %c0] sizes [1, 1, 64] : memref<8x1x64xf32> -> !workload.view<1x64xf32>
    %g = workload.slot_load %G[%t] : memref<8xi64> -> i64
    %on = arith.cmpi ne, %g, %zero64 : i64
    workload.if %on {
      workload.task @twice(%x, %z) : !workload.view<1x64xf32>, !workload.view<1x64xf32>
    }
  }
}
