// RUN: sed -e 's/TRIPS/10/g' %s | pto-wsp-opt -workload-infer-access -convert-workload-to-taskgraph > %t.small
// RUN: sed -e 's/TRIPS/1000000/g' %s | pto-wsp-opt -workload-infer-access -convert-workload-to-taskgraph > %t.large
// RUN: sed -e 's/constant 1000000 :/constant 10 :/' -e 's/%c1000000/%c10/g' %t.large | diff %t.small -
// RUN: FileCheck %s < %t.large
// Loops are never unrolled: 10 and 10^6 iterations give the same program but
// for the trip-count constant (ARCHITECTURE.md §3.5), including a chained
// for_each (deps = explicit), whose first iteration only is peeled.

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @parallel
// CHECK: arith.constant 1000000 : index
// CHECK: scf.for
// CHECK-COUNT-1: taskgraph.submit
// CHECK-NOT: taskgraph.submit
workload.workload @parallel(%X: memref<1000000x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense TRIPS
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<1000000x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}

// CHECK-LABEL: taskgraph.graph @sequential
// CHECK: arith.constant 1000000 : index
// CHECK: taskgraph.submit
// CHECK: scf.for
// CHECK: taskgraph.submit
// CHECK-NOT: taskgraph.submit
workload.workload @sequential(%X: memref<1000000x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense TRIPS
  workload.for_each %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<1000000x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @chained for @sequential {
  schedule.deps explicit
}
