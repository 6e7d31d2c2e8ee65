// A pipeline nested in a parallel loop: each of 3 batches runs its own
// loader -> storer pipeline with fresh channels, and the loop body continues
// (here: the next iteration) only after that pipeline's processes ended.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros \
// RUN:   --output 0=%t/x.npy --output 3=%t/y.npy > %t/run.txt
// RUN: %python %S/../workloads/Inputs/check.py nested --in x=%t/x.npy --out y=%t/y.npy --ref 'y = x.astype(np.float64)' \
// RUN:   --rtol 0 --atol 0 | FileCheck %s --check-prefix=NUM
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// NUM: PASS nested
// STATS: tasks: 24
// STATS-COUNT-3: process loader[0]: tasks=4 sent=4

tile.kernel @load(%x: !tile.view<16x128xf32, in>, %t: !tile.view<16x128xf32, out>) {
  %a = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  tile.store %a, %t : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}

tile.kernel @square(%t: !tile.view<16x128xf32, in>, %u: !tile.view<16x128xf32, out>) {
  %a = tile.load %t : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %b = tile.mul %a, %a : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  tile.store %b, %u : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}

tile.kernel @store(%u: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>) {
  %a = tile.load %u : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  tile.store %a, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}


workload.workload @nested(%X: memref<3x4x16x128xf32>, %T: memref<3x4x16x128xf32>,
                          %U: memref<3x4x16x128xf32>, %Y: memref<3x4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  %batches = workload.dense 3
  workload.parallel_for %b in %batches name("b") {
    csp.pipeline {
      %tiles = csp.channel "tiles" capacity 1 : !csp.channel<index>
      csp.process "loader" produces(%tiles : !csp.channel<index>) {
      ^bb0(%i: index):
        %rows = workload.dense 4
        workload.for_each %r in %rows name("r") {
          %x = workload.view %X[%b, %r, %c0, %c0] sizes [1, 1, 16, 128] : memref<3x4x16x128xf32> -> !workload.view<16x128xf32>
          %t = workload.view %T[%b, %r, %c0, %c0] sizes [1, 1, 16, 128] : memref<3x4x16x128xf32> -> !workload.view<16x128xf32>
          workload.task @load(%x, %t) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
          csp.send %tiles, %r : !csp.channel<index>
        }
      }
      csp.process "storer" consumes(%tiles : !csp.channel<index>) {
      ^bb0(%i: index):
        csp.consume %tiles -> (%r) : !csp.channel<index> {
          %t = workload.view %T[%b, %r, %c0, %c0] sizes [1, 1, 16, 128] : memref<3x4x16x128xf32> -> !workload.view<16x128xf32>
          %y = workload.view %Y[%b, %r, %c0, %c0] sizes [1, 1, 16, 128] : memref<3x4x16x128xf32> -> !workload.view<16x128xf32>
          workload.task @store(%t, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        }
      }
    }
  }
}
