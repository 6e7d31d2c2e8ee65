// The checkers used by these tests must be able to fail: a wrong reference,
// a wrong shape, an unassigned output, a tolerance just too tight, a false
// statistics relation, an unparsable trace and a timeline that contradicts
// its own graph are all reported with FAIL and a non-zero exit.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros --output 1=%t/y.npy \
// RUN:   --trace %t/trace.json --graph-dot %t/graph.dot > %t/run.txt
// RUN: %python %S/Inputs/check.py right --out y=%t/y.npy --rtol 0 --atol 0 \
// RUN:   --ref 'y = 2 * np.arange(4 * 128, dtype=np.float32).reshape(4, 128)' | FileCheck %s --check-prefix=RIGHT
// RIGHT: PASS right max_abs_err=0
// RUN: not %python %S/Inputs/check.py wrong --out y=%t/y.npy \
// RUN:   --ref 'y = 3 * np.arange(4 * 128, dtype=np.float32).reshape(4, 128)' | FileCheck %s --check-prefix=WRONG
// WRONG: FAIL wrong: 'y'[0, 1] = 2.0, expected 3.0 (max abs err 511, 511 of 512 mismatch)
// RUN: not %python %S/Inputs/check.py shape --out y=%t/y.npy --ref 'y = np.zeros((128, 4))' \
// RUN:   | FileCheck %s --check-prefix=SHAPE
// SHAPE: FAIL shape: 'y' has shape (4, 128), expected (128, 4)
// RUN: not %python %S/Inputs/check.py unassigned --out y=%t/y.npy --ref 'z = 1' 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNASSIGNED
// UNASSIGNED: check.py: the reference does not assign 'y'
// RUN: not %python %S/Inputs/check.py tight --out y=%t/y.npy --rtol 0 --atol 1e-3 \
// RUN:   --ref 'y = 2 * np.arange(4 * 128).reshape(4, 128) + 2e-3' | FileCheck %s --check-prefix=TIGHT
// TIGHT: FAIL tight: 'y'[0, 0]
// RUN: not %python %S/Inputs/stats.py relation run=%t/run.txt --expect 'run.tasks == 4' \
// RUN:   --expect 'run.total_cycles < 0' | FileCheck %s --check-prefix=REL
// REL: FAIL relation: run.total_cycles < 0
// REL-NEXT: run{{.*}}'tasks': 4
// REL-NOT: PASS
// RUN: echo '{"traceEvents": [' > %t/broken.json
// RUN: not %python %S/Inputs/trace.py broken %t/broken.json | FileCheck %s --check-prefix=JSON
// JSON: FAIL broken: {{.*}}broken.json is not valid JSON
// The timeline respects the graph's edges, so the reverse claim fails.
// RUN: %python %S/Inputs/trace.py order %t/trace.json --dot %t/graph.dot \
// RUN:   --expect 'len(edges) == 3 and all(start[b] >= end[a] for a, b in edges)' | FileCheck %s --check-prefix=ORDER
// ORDER: PASS order
// RUN: not %python %S/Inputs/trace.py reversed %t/trace.json --dot %t/graph.dot \
// RUN:   --expect 'all(start[a] >= end[b] for a, b in edges)' | FileCheck %s --check-prefix=REVERSED
// REVERSED: FAIL reversed

// Four tasks, Y[r] = 2 * X[r], where the task of row r >= 1 also reads
// Y[r - 1]: a chain with 3 edges.
tile.kernel @twice(%x: !tile.view<1x128xf32, in>, %y: !tile.view<1x128xf32, out>) {
  %t = tile.load %x : !tile.view<1x128xf32, in> -> !tile.tile<1x128xf32>
  %u = tile.add %t, %t : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %u, %y : !tile.tile<1x128xf32>, !tile.view<1x128xf32, out>
}

tile.kernel @twice_after(%x: !tile.view<1x128xf32, in>, %prev: !tile.view<1x128xf32, in>,
                         %y: !tile.view<1x128xf32, out>) {
  %t = tile.load %x : !tile.view<1x128xf32, in> -> !tile.tile<1x128xf32>
  %u = tile.add %t, %t : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %u, %y : !tile.tile<1x128xf32>, !tile.view<1x128xf32, out>
}

workload.workload @rows(%X: memref<4x128xf32>, %Y: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x0 = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  %y0 = workload.view %Y[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @twice(%x0, %y0) : !workload.view<1x128xf32>, !workload.view<1x128xf32>
  %rest = workload.dense 3
  workload.for_each %i in %rest name("i") {
    %r = arith.addi %i, %c1 : index
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    %p = workload.view %Y[%i, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    %y = workload.view %Y[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @twice_after(%x, %p, %y) : !workload.view<1x128xf32>, !workload.view<1x128xf32>, !workload.view<1x128xf32>
  }
}
