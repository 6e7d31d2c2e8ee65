// A load -> square -> store CSP pipeline (ARCHITECTURE.md §3.4) of 8 tiles
// through channels of depth 0 (rendezvous), 1 and 2, run on cpu_sim: the
// results equal Y = X * X for every depth, the simulated time does not depend
// on the host threads, and a channel latency set at run time (no recompile)
// lengthens the makespan.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --workload depth0 --cache-dir %t.cache --seed 0 --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros \
// RUN:   --output 0=%t/x0.npy --output 3=%t/y0.npy --host-threads 1 > %t/d0.txt
// RUN: %python %S/../workloads/Inputs/check.py depth0 --in x=%t/x0.npy --out y=%t/y0.npy --ref 'y = x.astype(np.float64) ** 2' \
// RUN:   --rtol 1e-6 --atol 1e-6 | FileCheck %s --check-prefix=NUM0
// NUM0: PASS depth0
// RUN: pto-wsp-run %s --workload depth1 --cache-dir %t.cache --seed 1 --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros \
// RUN:   --output 0=%t/x1.npy --output 3=%t/y1.npy --host-threads 1 > %t/d1.txt
// RUN: %python %S/../workloads/Inputs/check.py depth1 --in x=%t/x1.npy --out y=%t/y1.npy --ref 'y = x.astype(np.float64) ** 2' \
// RUN:   --rtol 1e-6 --atol 1e-6 | FileCheck %s --check-prefix=NUM1
// NUM1: PASS depth1
// RUN: pto-wsp-run %s --workload depth2 --cache-dir %t.cache --seed 2 --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros \
// RUN:   --output 0=%t/x2.npy --output 3=%t/y2.npy --host-threads 1 > %t/d2.txt
// RUN: %python %S/../workloads/Inputs/check.py depth2 --in x=%t/x2.npy --out y=%t/y2.npy --ref 'y = x.astype(np.float64) ** 2' \
// RUN:   --rtol 1e-6 --atol 1e-6 | FileCheck %s --check-prefix=NUM2
// NUM2: PASS depth2
// Determinism across host threads, and latency from the command line:
// RUN: pto-wsp-run %s --workload depth2 --cache-dir %t.cache --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros --host-threads 2 > %t/d2b.txt
// RUN: pto-wsp-run %s --workload depth2 --cache-dir %t.cache --gen 0=randn --gen 1=zeros --gen 2=zeros --gen 3=zeros --channel-latency 500 > %t/lat.txt
// RUN: FileCheck %s --check-prefix=CACHED < %t/lat.txt
// RUN: %python %S/../workloads/Inputs/stats.py csp d2=%t/d2.txt d2b=%t/d2b.txt lat=%t/lat.txt d0=%t/d0.txt \
// RUN:   --expect 'same(d2, d2b)' --expect 'lat.total_cycles > d2.total_cycles' --expect 'd0.tasks == 24' | FileCheck %s --check-prefix=STATS
// CACHED: compile: cached
// STATS: PASS csp
// The per-process and per-channel statistics are printed.
// RUN: FileCheck %s --check-prefix=PROC < %t/lat.txt
// PROC: process loader[0]: tasks=8 sent=8 received=0
// PROC: process computer[0]: tasks=8 sent=8 received=8
// PROC: process storer[0]: tasks=8 sent=0 received=8
// PROC: channel l2c: capacity=2 tokens=8
// PROC: channel c2s: capacity=2 tokens=8

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

workload.workload @depth0(%X: memref<8x16x128xf32>, %T: memref<8x16x128xf32>,
                         %U: memref<8x16x128xf32>, %Y: memref<8x16x128xf32>) {
  %c0 = arith.constant 0 : index
  csp.pipeline {
    %l2c = csp.channel "l2c" capacity 0 : !csp.channel<index>
    %c2s = csp.channel "c2s" capacity 0 : !csp.channel<index>
    csp.process "loader" produces(%l2c : !csp.channel<index>) {
    ^bb0(%i: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @load(%x, %t) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %l2c, %r : !csp.channel<index>
      }
    }
    csp.process "computer" consumes(%l2c : !csp.channel<index>) produces(%c2s : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %l2c -> (%r) : !csp.channel<index> {
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @square(%t, %u) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %c2s, %r : !csp.channel<index>
      }
    }
    csp.process "storer" consumes(%c2s : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %c2s -> (%r) : !csp.channel<index> {
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %y = workload.view %Y[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @store(%u, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
      }
    }
  }
}

workload.workload @depth1(%X: memref<8x16x128xf32>, %T: memref<8x16x128xf32>,
                         %U: memref<8x16x128xf32>, %Y: memref<8x16x128xf32>) {
  %c0 = arith.constant 0 : index
  csp.pipeline {
    %l2c = csp.channel "l2c" capacity 1 : !csp.channel<index>
    %c2s = csp.channel "c2s" capacity 1 : !csp.channel<index>
    csp.process "loader" produces(%l2c : !csp.channel<index>) {
    ^bb0(%i: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @load(%x, %t) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %l2c, %r : !csp.channel<index>
      }
    }
    csp.process "computer" consumes(%l2c : !csp.channel<index>) produces(%c2s : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %l2c -> (%r) : !csp.channel<index> {
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @square(%t, %u) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %c2s, %r : !csp.channel<index>
      }
    }
    csp.process "storer" consumes(%c2s : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %c2s -> (%r) : !csp.channel<index> {
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %y = workload.view %Y[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @store(%u, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
      }
    }
  }
}

workload.workload @depth2(%X: memref<8x16x128xf32>, %T: memref<8x16x128xf32>,
                         %U: memref<8x16x128xf32>, %Y: memref<8x16x128xf32>) {
  %c0 = arith.constant 0 : index
  csp.pipeline {
    %l2c = csp.channel "l2c" capacity 2 : !csp.channel<index>
    %c2s = csp.channel "c2s" capacity 2 : !csp.channel<index>
    csp.process "loader" produces(%l2c : !csp.channel<index>) {
    ^bb0(%i: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @load(%x, %t) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %l2c, %r : !csp.channel<index>
      }
    }
    csp.process "computer" consumes(%l2c : !csp.channel<index>) produces(%c2s : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %l2c -> (%r) : !csp.channel<index> {
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @square(%t, %u) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %c2s, %r : !csp.channel<index>
      }
    }
    csp.process "storer" consumes(%c2s : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %c2s -> (%r) : !csp.channel<index> {
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %y = workload.view %Y[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @store(%u, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
      }
    }
  }
}
