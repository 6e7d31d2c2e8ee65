// RUN: pto-wsp-opt %s -csp-verify-deadlock-free -workload-infer-access -convert-workload-to-taskgraph \
// RUN:   | FileCheck %s --implicit-check-not=csp. --implicit-check-not=workload.
// Fan-in and fan-out: a channel closes after as many closes as it has
// producer instances, i.e. the sum of the replicas of its producers; replicas
// become process instances and each instance closes once.

tile.kernel @work(%x: !tile.view<16x128xf32, inout>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @fan_in_fan_out
// CHECK-SAME: (%[[X:.*]]: memref<8x16x128xf32>)
workload.workload @fan_in_fan_out(%X: memref<8x16x128xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // CHECK: taskgraph.pipeline {
  csp.pipeline {
    // Two producers of one instance each.
    // CHECK-NEXT: %[[TILES:.*]] = taskgraph.channel "tiles" capacity 4 producers 2 : !taskgraph.channel<!taskgraph.region<16x128xf32>>
    %tiles = csp.channel "tiles" capacity 4 : !csp.channel<!workload.view<16x128xf32>>
    // One producer with four replicas.
    // CHECK-NEXT: %[[DONE:.*]] = taskgraph.channel "done" producers 4 : !taskgraph.channel<index>
    %done = csp.channel "done" : !csp.channel<index>
    // A replicated producer and another process: 3 + 1 instances.
    // CHECK-NEXT: %[[LOG:.*]] = taskgraph.channel "log" capacity 8 producers 4 : !taskgraph.channel<>
    %log = csp.channel "log" capacity 8 : !csp.channel<>

    // CHECK-NEXT: taskgraph.process "low" {
    // CHECK:        taskgraph.send %[[TILES]], %{{.*}} : !taskgraph.channel<!taskgraph.region<16x128xf32>>
    // CHECK:        taskgraph.close %[[TILES]]
    // CHECK-NEXT:   taskgraph.close %[[LOG]]
    // CHECK-NEXT: }
    csp.process "low" produces(%tiles, %log : !csp.channel<!workload.view<16x128xf32>>, !csp.channel<>) {
    ^bb0(%instance: index):
      %half = workload.dense 4
      workload.parallel_for %r in %half name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        csp.send %tiles, %x : !csp.channel<!workload.view<16x128xf32>>
      }
      csp.send %log : !csp.channel<>
    }
    // CHECK-NEXT: taskgraph.process "high" {
    // CHECK:        arith.addi %{{.*}}, %{{.*}} : index
    // CHECK:        taskgraph.send %[[TILES]]
    // CHECK:        taskgraph.close %[[TILES]]
    // CHECK-NEXT: }
    csp.process "high" produces(%tiles : !csp.channel<!workload.view<16x128xf32>>) {
    ^bb0(%instance: index):
      %half = workload.dense 4
      workload.parallel_for %r in %half name("r") {
        %row = arith.addi %r, %c4 : index
        %x = workload.view %X[%row, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        csp.send %tiles, %x : !csp.channel<!workload.view<16x128xf32>>
      }
    }
    // Replicas share the channel: each token goes to one instance.
    // CHECK-NEXT: taskgraph.process "worker" instances(4) {
    // CHECK-NEXT: ^bb0(%[[INSTANCE:.*]]: index):
    // CHECK-NEXT:   scf.while : () -> !taskgraph.region<16x128xf32> {
    // CHECK-NEXT:     %[[OK:.*]], %[[TOKEN:.*]] = taskgraph.recv %[[TILES]]
    // CHECK-NEXT:     scf.condition(%[[OK]]) %[[TOKEN]] : !taskgraph.region<16x128xf32>
    // CHECK-NEXT:   } do {
    // CHECK-NEXT:   ^bb0(%[[TILE:.*]]: !taskgraph.region<16x128xf32>):
    // CHECK-NEXT:     taskgraph.submit @work(%[[TILE]]) access [readwrite]
    // CHECK-NEXT:     taskgraph.send %[[DONE]], %[[INSTANCE]] : !taskgraph.channel<index>
    // CHECK-NEXT:     scf.yield
    // CHECK-NEXT:   }
    // CHECK-NEXT:   taskgraph.close %[[DONE]] : !taskgraph.channel<index>
    // CHECK-NEXT: }
    csp.process "worker" consumes(%tiles : !csp.channel<!workload.view<16x128xf32>>)
        produces(%done : !csp.channel<index>) replicas(4) {
    ^bb0(%instance: index):
      csp.consume %tiles -> (%x) : !csp.channel<!workload.view<16x128xf32>> {
        workload.task @work(%x) : !workload.view<16x128xf32>
        csp.send %done, %instance : !csp.channel<index>
      }
    }
    // CHECK-NEXT: taskgraph.process "auditor" instances(3) {
    // CHECK-NEXT: ^bb0(%{{.*}}: index):
    // CHECK-NEXT:   taskgraph.send %[[LOG]] : !taskgraph.channel<>
    // CHECK-NEXT:   taskgraph.close %[[LOG]] : !taskgraph.channel<>
    // CHECK-NEXT: }
    csp.process "auditor" produces(%log : !csp.channel<>) replicas(3) {
    ^bb0(%instance: index):
      csp.send %log : !csp.channel<>
    }
    // A payload-free channel gives a receive loop without values.
    // CHECK-NEXT: taskgraph.process "collector" {
    // CHECK:        scf.while : () -> index {
    // CHECK:          taskgraph.recv %[[DONE]]
    // CHECK:        scf.while : () -> () {
    // CHECK-NEXT:     %[[OK:.*]] = taskgraph.recv %[[LOG]] : !taskgraph.channel<>
    // CHECK-NEXT:     scf.condition(%[[OK]])
    // CHECK-NEXT:   } do {
    // CHECK-NEXT:     scf.yield
    // CHECK-NEXT:   }
    // CHECK-NEXT: }
    // CHECK-NEXT: }
    csp.process "collector" consumes(%done, %log : !csp.channel<index>, !csp.channel<>) {
    ^bb0(%instance: index):
      csp.consume %done -> (%i) : !csp.channel<index> {
      }
      csp.consume %log : !csp.channel<> {
      }
    }
  }
}
