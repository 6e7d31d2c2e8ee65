// RUN: pto-wsp-opt %s -csp-verify-deadlock-free -workload-infer-access -convert-workload-to-taskgraph \
// RUN:   | FileCheck %s --implicit-check-not=csp. --implicit-check-not=workload.
// Pipelines nested in loops and branches run once per iteration: each run
// creates its channels and joins its processes inside the loop body. Tasks
// in processes carry the coordinates of all enclosing loops, outside and
// inside the process, and schedule keys read those loops' variables.

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @per_batch
// CHECK-SAME: (%[[X:.*]]: memref<4x8x128xf32>, %[[FLAG:.*]]: i1)
// CHECK-SAME: config = #taskgraph.config<dispatch = hash>
workload.workload @per_batch(%X: memref<4x8x128xf32>, %flag: i1) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 4
  // CHECK: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
  // CHECK-NEXT: taskgraph.pipeline {
  // CHECK-NEXT:   %[[ROWS:.*]] = taskgraph.channel "rows" capacity 2 : !taskgraph.channel<index>
  workload.parallel_for %b in %batch name("b") {
    csp.pipeline {
      %rows = csp.channel "rows" capacity 2 : !csp.channel<index>
      // CHECK-NEXT: taskgraph.process "loader" {
      // CHECK:        scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
      // CHECK-NEXT:     %[[XR:.*]] = taskgraph.region %[[X]][%[[B]], %[[T]], %{{.*}}]
      // CHECK-NEXT:     taskgraph.submit @touch(%[[XR]]) access [readwrite] core(vector) key(%[[B]]) coords(%[[B]], %[[T]])
      // CHECK-NEXT:     taskgraph.send %[[ROWS]], %[[T]] : !taskgraph.channel<index>
      // CHECK-NEXT:   }
      // CHECK-NEXT:   taskgraph.close %[[ROWS]]
      // CHECK-NEXT: }
      csp.process "loader" produces(%rows : !csp.channel<index>) {
      ^bb0(%instance: index):
        %tokens = workload.dense 8
        workload.parallel_for %t in %tokens name("t") {
          %x = workload.view %X[%b, %t, %c0] sizes [1, 1, 128] : memref<4x8x128xf32> -> !workload.view<1x128xf32>
          workload.task @touch(%x) : !workload.view<1x128xf32>
          csp.send %rows, %t : !csp.channel<index>
        }
      }
      // The consume loop is no workload loop: only 'b' is a coordinate.
      // CHECK-NEXT: taskgraph.process "worker" instances(2) {
      // CHECK:        } do {
      // CHECK-NEXT:   ^bb0(%[[ROW:.*]]: index):
      // CHECK-NEXT:     %[[XR:.*]] = taskgraph.region %[[X]][%[[B]], %[[ROW]], %{{.*}}]
      // CHECK-NEXT:     taskgraph.submit @touch(%[[XR]]) access [readwrite] core(vector) key(%[[B]]) coords(%[[B]])
      // CHECK-NEXT:     scf.if %[[FLAG]] {
      // CHECK-NEXT:       taskgraph.submit @touch(%[[XR]]) access [readwrite] core(vector) key(%[[B]]) coords(%[[B]])
      // CHECK-NEXT:     }
      // CHECK-NEXT:     scf.yield
      // CHECK-NEXT:   }
      // CHECK-NEXT: }
      csp.process "worker" consumes(%rows : !csp.channel<index>) replicas(2) {
      ^bb0(%instance: index):
        csp.consume %rows -> (%t) : !csp.channel<index> {
          %x = workload.view %X[%b, %t, %c0] sizes [1, 1, 128] : memref<4x8x128xf32> -> !workload.view<1x128xf32>
          workload.task @touch(%x) : !workload.view<1x128xf32>
          workload.if %flag {
            workload.task @touch(%x) : !workload.view<1x128xf32>
          }
        }
      }
    }
    // CHECK-NEXT: }
    // The task after the pipeline is submitted after its join.
    // CHECK-NEXT: %[[LAST:.*]] = taskgraph.region %[[X]][%[[B]], %{{.*}}, %{{.*}}]
    // CHECK-NEXT: taskgraph.submit @touch(%[[LAST]]) access [readwrite] core(vector) key(%[[B]]) coords(%[[B]])
    // CHECK-NEXT: }
    %last = workload.view %X[%b, %c0, %c0] sizes [1, 1, 128] : memref<4x8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%last) : !workload.view<1x128xf32>
  }
}
schedule.schedule @by_batch for @per_batch {
  schedule.dispatch hash {
  ^bb0(%task: !schedule.task):
    %b = schedule.task_axis %task "b" : index
    schedule.yield %b : index
  }
}

// A pipeline under a branch runs when the branch does; one in a process body
// is joined by that process.
// CHECK-LABEL: taskgraph.graph @nested
// CHECK-SAME: (%[[FLAG:.*]]: i1)
workload.workload @nested(%flag: i1) {
  // CHECK: scf.if %[[FLAG]] {
  // CHECK-NEXT: taskgraph.pipeline {
  // CHECK-NEXT:   %[[C:.*]] = taskgraph.channel "c" : !taskgraph.channel<index>
  // CHECK-NEXT:   taskgraph.process "outer" {
  // CHECK-NEXT:   ^bb0(%[[OUTER:.*]]: index):
  // CHECK-NEXT:     taskgraph.pipeline {
  // CHECK-NEXT:       %[[D:.*]] = taskgraph.channel "d" : !taskgraph.channel<index>
  // CHECK-NEXT:       taskgraph.process "inner_producer" {
  // CHECK-NEXT:       ^bb0(%{{.*}}: index):
  // CHECK-NEXT:         taskgraph.send %[[D]], %[[OUTER]]
  // CHECK-NEXT:         taskgraph.close %[[D]]
  // CHECK-NEXT:       }
  // CHECK-NEXT:       taskgraph.process "inner_consumer" {
  // CHECK:              taskgraph.recv %[[D]]
  // CHECK:              scf.yield
  // CHECK-NEXT:       }
  // CHECK-NEXT:     }
  // CHECK-NEXT:   }
  // CHECK-NEXT:   taskgraph.send %[[C]], %[[OUTER]]
  // CHECK-NEXT:   taskgraph.close %[[C]]
  // CHECK-NEXT: }
  workload.if %flag {
    csp.pipeline {
      %c = csp.channel "c" : !csp.channel<index>
      csp.process "outer" produces(%c : !csp.channel<index>) {
      ^bb0(%outer: index):
        csp.pipeline {
          %d = csp.channel "d" : !csp.channel<index>
          csp.process "inner_producer" produces(%d : !csp.channel<index>) {
          ^bb0(%inner: index):
            csp.send %d, %outer : !csp.channel<index>
          }
          csp.process "inner_consumer" consumes(%d : !csp.channel<index>) {
          ^bb0(%inner: index):
            csp.consume %d -> (%i) : !csp.channel<index> {
            }
          }
        }
        csp.send %c, %outer : !csp.channel<index>
      }
      csp.process "sink" consumes(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.consume %c -> (%i) : !csp.channel<index> {
        }
      }
    }
  }
}
