// RUN: pto-wsp-opt %s | pto-wsp-opt | FileCheck %s
// Round trip of channels, processes, send and consume inside workloads.

tile.kernel @work(%x: !tile.view<16x128xf32, inout>, %i: index) {
  tile.return
}

// CHECK-LABEL: workload.workload @pipeline
workload.workload @pipeline(%X: memref<8x16x128xf32>) {
  %c0 = arith.constant 0 : index
  // CHECK: csp.pipeline {
  csp.pipeline {
    // CHECK: %[[TILES:.*]] = csp.channel "tiles" capacity 2 : !csp.channel<index, !workload.view<16x128xf32>>
    %tiles = csp.channel "tiles" capacity 2 : !csp.channel<index, !workload.view<16x128xf32>>
    // The default capacity (1) is not printed; 0 is a rendezvous.
    // CHECK: %[[DONE:.*]] = csp.channel "done" : !csp.channel<index>
    %done = csp.channel "done" capacity 1 : !csp.channel<index>
    // CHECK: %[[SYNC:.*]] = csp.channel "sync" capacity 0 : !csp.channel<>
    %sync = csp.channel "sync" capacity 0 : !csp.channel<>
    // CHECK: csp.process "loader" produces(%[[TILES]], %[[SYNC]] : !csp.channel<index, !workload.view<16x128xf32>>, !csp.channel<>) {
    // CHECK-NEXT: ^bb0(%[[INSTANCE:.*]]: index):
    csp.process "loader" produces(%tiles, %sync : !csp.channel<index, !workload.view<16x128xf32>>, !csp.channel<>) {
    ^bb0(%instance: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        %x = workload.view %X[%r, %c0, %c0] sizes [1, 16, 128]
            : memref<8x16x128xf32> -> !workload.view<16x128xf32>
        // CHECK: csp.send %[[TILES]], %{{.*}}, %{{.*}} : !csp.channel<index, !workload.view<16x128xf32>>
        csp.send %tiles, %r, %x : !csp.channel<index, !workload.view<16x128xf32>>
      }
      // CHECK: csp.send %[[SYNC]] : !csp.channel<>
      csp.send %sync : !csp.channel<>
    }
    // CHECK: csp.process "worker" consumes(%[[TILES]] : !csp.channel<index, !workload.view<16x128xf32>>) produces(%[[DONE]] : !csp.channel<index>) replicas(4) {
    csp.process "worker" consumes(%tiles : !csp.channel<index, !workload.view<16x128xf32>>)
        produces(%done : !csp.channel<index>) replicas(4) {
    ^bb0(%instance: index):
      // CHECK: csp.consume %[[TILES]] -> (%[[R:.*]], %[[V:.*]]) : !csp.channel<index, !workload.view<16x128xf32>> {
      csp.consume %tiles -> (%r, %v) : !csp.channel<index, !workload.view<16x128xf32>> {
        // CHECK-NEXT: workload.task @work(%[[V]], %[[R]])
        workload.task @work(%v, %r) : !workload.view<16x128xf32>, index
        // CHECK-NEXT: csp.send %[[DONE]], %[[R]] : !csp.channel<index>
        csp.send %done, %r : !csp.channel<index>
      }
    }
    // The default replica count (1) is not printed.
    // CHECK: csp.process "collector" consumes(%[[DONE]], %[[SYNC]] : !csp.channel<index>, !csp.channel<>) {
    csp.process "collector" consumes(%done, %sync : !csp.channel<index>, !csp.channel<>) replicas(1) {
    ^bb0(%instance: index):
      csp.consume %done -> (%r) : !csp.channel<index> {
      }
      // CHECK: csp.consume %[[SYNC]] : !csp.channel<> {
      csp.consume %sync : !csp.channel<> {
      }
    }
  }
}

// Pipelines are statements: they can run once per iteration of a loop.
// CHECK-LABEL: workload.workload @per_batch
workload.workload @per_batch(%n: index) {
  %batch = workload.dense_dyn %n
  // CHECK: workload.parallel_for
  // CHECK-NEXT: csp.pipeline {
  workload.parallel_for %b in %batch name("b") {
    csp.pipeline {
      %c = csp.channel "c" : !csp.channel<index>
      csp.process "producer" produces(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.send %c, %b : !csp.channel<index>
      }
      csp.process "consumer" consumes(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.consume %c -> (%i) : !csp.channel<index> {
        }
      }
    }
  }
}
