// RUN: pto-wsp-opt %s -csp-verify-deadlock-free -workload-infer-access -convert-workload-to-taskgraph \
// RUN:   | FileCheck %s --implicit-check-not=csp. --implicit-check-not=workload.
// A load -> compute -> store pipeline through a rendezvous channel
// (capacity 0), a buffered one (capacity 2) and one of the default capacity
// (1): channels keep their capacity, each producer instance closes what it
// produces when its body ends, consumes become receive loops, and the
// pipeline joins its processes.

tile.kernel @load(%x: !tile.view<16x128xf32, in>, %t: !tile.view<16x128xf32, out>) {
  tile.return
}

tile.kernel @compute(%t: !tile.view<16x128xf32, in>, %u: !tile.view<16x128xf32, out>) {
  tile.return
}

tile.kernel @store(%u: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @load_compute_store
// CHECK-SAME: (%[[X:.*]]: memref<8x16x128xf32>, %[[T:.*]]: memref<8x16x128xf32>, %[[U:.*]]: memref<8x16x128xf32>, %[[Y:.*]]: memref<8x16x128xf32>)
workload.workload @load_compute_store(%X: memref<8x16x128xf32>, %T: memref<8x16x128xf32>,
                                      %U: memref<8x16x128xf32>, %Y: memref<8x16x128xf32>) {
  %c0 = arith.constant 0 : index
  // CHECK: taskgraph.pipeline {
  csp.pipeline {
    // CHECK-NEXT: %[[LOADED:.*]] = taskgraph.channel "loaded" capacity 0 : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    %loaded = csp.channel "loaded" capacity 0 : !csp.channel<index, !workload.view<16x128xf32>>
    // CHECK-NEXT: %[[COMPUTED:.*]] = taskgraph.channel "computed" capacity 2 : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    %computed = csp.channel "computed" capacity 2 : !csp.channel<index, !workload.view<16x128xf32>>
    // CHECK-NEXT: %[[STORED:.*]] = taskgraph.channel "stored" : !taskgraph.channel<index>
    %stored = csp.channel "stored" : !csp.channel<index>

    // CHECK-NEXT: taskgraph.process "load" {
    // CHECK-NEXT: ^bb0(%{{.*}}: index):
    // CHECK:        scf.for %[[R:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
    // CHECK-NEXT:     %[[XR:.*]] = taskgraph.region %[[X]][%[[R]], %{{.*}}, %{{.*}}] sizes [1, 16, 128]
    // CHECK-NEXT:     %[[TR:.*]] = taskgraph.region %[[T]][%[[R]], %{{.*}}, %{{.*}}] sizes [1, 16, 128]
    // CHECK-NEXT:     taskgraph.submit @load(%[[XR]], %[[TR]]) access [read, write] core(vector) coords(%[[R]])
    // CHECK-NEXT:     taskgraph.send %[[LOADED]], %[[R]], %[[TR]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK-NEXT:   }
    // CHECK-NEXT:   taskgraph.close %[[LOADED]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK-NEXT: }
    csp.process "load" produces(%loaded : !csp.channel<index, !workload.view<16x128xf32>>) {
    ^bb0(%instance: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        %t = workload.view %T[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @load(%x, %t) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %loaded, %r, %t : !csp.channel<index, !workload.view<16x128xf32>>
      }
    }

    // The token's payload feeds the loop body; the last close comes after
    // the loop, once 'loaded' is closed and drained.
    // CHECK-NEXT: taskgraph.process "compute" {
    // CHECK-NEXT: ^bb0(%{{.*}}: index):
    // CHECK-NEXT:   %{{.*}}:2 = scf.while : () -> (index, !taskgraph.region<16x128xf32>) {
    // CHECK-NEXT:     %[[OK:.*]], %[[TOKEN:.*]]:2 = taskgraph.recv %[[LOADED]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK-NEXT:     scf.condition(%[[OK]]) %[[TOKEN]]#0, %[[TOKEN]]#1 : index, !taskgraph.region<16x128xf32>
    // CHECK-NEXT:   } do {
    // CHECK-NEXT:   ^bb0(%[[ROW:.*]]: index, %[[TILE:.*]]: !taskgraph.region<16x128xf32>):
    // CHECK-NEXT:     %[[UR:.*]] = taskgraph.region %[[U]][%[[ROW]], %{{.*}}, %{{.*}}] sizes [1, 16, 128]
    // CHECK-NEXT:     taskgraph.submit @compute(%[[TILE]], %[[UR]]) access [read, write] core(vector) :
    // CHECK-NEXT:     taskgraph.send %[[COMPUTED]], %[[ROW]], %[[UR]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK-NEXT:     scf.yield
    // CHECK-NEXT:   }
    // CHECK-NEXT:   taskgraph.close %[[COMPUTED]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK-NEXT: }
    csp.process "compute" consumes(%loaded : !csp.channel<index, !workload.view<16x128xf32>>)
        produces(%computed : !csp.channel<index, !workload.view<16x128xf32>>) {
    ^bb0(%instance: index):
      csp.consume %loaded -> (%r, %t) : !csp.channel<index, !workload.view<16x128xf32>> {
        %u = workload.view %U[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @compute(%t, %u) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %computed, %r, %u : !csp.channel<index, !workload.view<16x128xf32>>
      }
    }

    // CHECK-NEXT: taskgraph.process "store" {
    // CHECK:        scf.while
    // CHECK:          taskgraph.recv %[[COMPUTED]]
    // CHECK:        } do {
    // CHECK-NEXT:   ^bb0(%[[ROW:.*]]: index, %[[TILE:.*]]: !taskgraph.region<16x128xf32>):
    // CHECK-NEXT:     %[[YR:.*]] = taskgraph.region %[[Y]][%[[ROW]], %{{.*}}, %{{.*}}] sizes [1, 16, 128]
    // CHECK-NEXT:     taskgraph.submit @store(%[[TILE]], %[[YR]]) access [read, write]
    // CHECK-NEXT:     taskgraph.send %[[STORED]], %[[ROW]] : !taskgraph.channel<index>
    // CHECK:        taskgraph.close %[[STORED]] : !taskgraph.channel<index>
    // CHECK-NEXT: }
    csp.process "store" consumes(%computed : !csp.channel<index, !workload.view<16x128xf32>>)
        produces(%stored : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.consume %computed -> (%r, %u) : !csp.channel<index, !workload.view<16x128xf32>> {
        %y = workload.view %Y[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        workload.task @store(%u, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
        csp.send %stored, %r : !csp.channel<index>
      }
    }

    // A process that produces nothing closes nothing.
    // CHECK-NEXT: taskgraph.process "report" {
    // CHECK:        taskgraph.recv %[[STORED]] : !taskgraph.channel<index>
    // CHECK:          scf.yield
    // CHECK-NEXT:   }
    // CHECK-NEXT: }
    // CHECK-NEXT: }
    csp.process "report" consumes(%stored : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.consume %stored -> (%r) : !csp.channel<index> {
      }
    }
  }
  // The code after the pipeline follows its join.
  // CHECK-NEXT: %[[YFIRST:.*]] = taskgraph.region %[[Y]]
  // CHECK-NEXT: %[[XFIRST:.*]] = taskgraph.region %[[X]]
  // CHECK-NEXT: taskgraph.submit @compute(%[[YFIRST]], %[[XFIRST]])
  %y0 = workload.view %Y[%c0, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
  %x0 = workload.view %X[%c0, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
  workload.task @compute(%y0, %x0) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
}
