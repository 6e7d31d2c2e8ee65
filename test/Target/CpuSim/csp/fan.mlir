// Fan-out to 4 replicated workers and fan-in: the loader sends each tile
// index once; the 4 instances of "squarer" share the tokens (each token goes
// to one instance) and all produce "done", which closes after the last of
// them ends (close is counted over the 4 producers); the storer drains it.
// Every tile is squared and stored exactly once.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros \
// RUN:   --output 0=%t/x.npy --output 3=%t/y.npy > %t/run.txt
// RUN: %python %S/../workloads/Inputs/check.py fan --in x=%t/x.npy --out y=%t/y.npy --ref 'y = x.astype(np.float64) ** 2' \
// RUN:   --rtol 1e-6 --atol 1e-6 | FileCheck %s --check-prefix=NUM
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// NUM: PASS fan
// Which replica takes which token varies between host runs; the simulated
// statistics (per process, per channel, total cycles) do not.
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros --host-threads 1 > %t/h1.txt
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros --host-threads 2 > %t/h2.txt
// RUN: %python %S/../workloads/Inputs/stats.py fan run=%t/run.txt h1=%t/h1.txt h2=%t/h2.txt \
// RUN:   --expect 'same(run, h1) and same(h1, h2)' | FileCheck %s --check-prefix=SAME
// SAME: PASS fan
// STATS: tasks: 48
// STATS: process loader[0]: tasks=16 sent=16
// STATS: channel work: capacity=2 tokens=16
// STATS: channel done: capacity=4 tokens=16

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


workload.workload @fan(%X: memref<16x16x128xf32>, %T: memref<16x16x128xf32>,
                       %U: memref<16x16x128xf32>, %Y: memref<16x16x128xf32>) {
  %c0 = arith.constant 0 : index
  csp.pipeline {
    %work = csp.channel "work" capacity 2 : !csp.channel<index>
    %done = csp.channel "done" capacity 4 : !csp.channel<index>
    csp.process "loader" produces(%work : !csp.channel<index>) {
    ^bb0(%i: index):
      %rows = workload.dense 16
      workload.for_each %r in %rows name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128] : memref<16x16x128xf32> -> !workload.view<16x128xf32>
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<16x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @load(%x, %t) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %work, %r : !csp.channel<index>
      }
    }
    csp.process "squarer" consumes(%work : !csp.channel<index>) produces(%done : !csp.channel<index>) replicas(4) {
    ^bb0(%i: index):
      csp.consume %work -> (%r) : !csp.channel<index> {
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<16x16x128xf32> -> !workload.view<16x128xf32>
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<16x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @square(%t, %u) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %done, %r : !csp.channel<index>
      }
    }
    csp.process "storer" consumes(%done : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %done -> (%r) : !csp.channel<index> {
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<16x16x128xf32> -> !workload.view<16x128xf32>
        %y = workload.view %Y[%r, %c0, %c0] sizes [1, 16, 128] : memref<16x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @store(%u, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
      }
    }
  }
}
