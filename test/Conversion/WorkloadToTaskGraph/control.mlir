// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph | FileCheck %s
// Data-dependent control: run-time symbols, slot loads and if/else.

tile.kernel @bump(%x: !tile.view<1x128xf32, inout>, %e: index) {
  tile.return
}

tile.kernel @scale(%x: !tile.view<1x128xf32, in>, %y: !tile.view<1x128xf32, out>, %s: i64) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @data_dependent
// CHECK-SAME: (%[[X:.*]]: memref<4x128xf32>, %[[COUNTS:.*]]: memref<4xi64>)
workload.workload @data_dependent(%X: memref<4x128xf32>, %counts: memref<4xi64>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 4
  // CHECK: %[[THRESHOLD:.*]] = taskgraph.symbol "threshold" : i64
  %threshold = workload.symbol "threshold" : i64
  // CHECK: scf.for %[[R:.*]] =
  workload.parallel_for %r in %rows name("r") {
    // CHECK-NEXT: %[[COUNT:.*]] = taskgraph.load_scalar %[[COUNTS]][%[[R]]] : memref<4xi64> -> i64
    %count = workload.slot_load %counts[%r] : memref<4xi64> -> i64
    // CHECK-NEXT: %[[BIG:.*]] = arith.cmpi sgt, %[[COUNT]], %[[THRESHOLD]] : i64
    %big = arith.cmpi sgt, %count, %threshold : i64
    // CHECK-NEXT: %[[XR:.*]] = taskgraph.region %[[X]][%[[R]], %{{.*}}]
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    // CHECK-NEXT: scf.if %[[BIG]] {
    // CHECK-NEXT:   taskgraph.submit @bump(%[[XR]], %[[R]])
    // CHECK-NEXT: } else {
    // CHECK-NEXT:   taskgraph.submit @bump(%[[XR]], %{{.*}})
    // CHECK-NEXT: }
    workload.if %big {
      workload.task @bump(%x, %r) : !workload.view<1x128xf32>, index
    } else {
      workload.task @bump(%x, %c0) : !workload.view<1x128xf32>, index
    }
    // CHECK-NEXT: scf.if %[[BIG]] {
    // CHECK-NEXT:   taskgraph.submit @bump(%[[XR]], %[[R]])
    // CHECK-NEXT: }
    // CHECK-NEXT: }
    workload.if %big {
      workload.task @bump(%x, %r) : !workload.view<1x128xf32>, index
    }
  }
}

// A slot load as a dynamic bound and as a task scalar.
// CHECK-LABEL: taskgraph.graph @slot_bound
// CHECK-SAME: (%[[X:.*]]: memref<?x128xf32>, %[[Y:.*]]: memref<?x128xf32>, %[[SIZES:.*]]: memref<2xindex>, %[[SCALES:.*]]: memref<2xi64>)
workload.workload @slot_bound(%X: memref<?x128xf32>, %Y: memref<?x128xf32>, %sizes: memref<2xindex>, %scales: memref<2xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // CHECK: %[[N:.*]] = taskgraph.load_scalar %[[SIZES]][%{{.*}}] : memref<2xindex> -> index
  %n = workload.slot_load %sizes[%c1] : memref<2xindex> -> index
  // CHECK-NEXT: %[[SCALE:.*]] = taskgraph.load_scalar %[[SCALES]][%{{.*}}] : memref<2xi64> -> i64
  %scale = workload.slot_load %scales[%c0] : memref<2xi64> -> i64
  %rows = workload.dense_dyn %n
  // CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[N]], %{{.*}} : index
  // CHECK-NEXT: %[[NB:.*]] = arith.select %[[NEG]], %{{.*}}, %[[N]] : index
  // CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[NB]] step
  workload.parallel_for %i in %rows name("i") {
    %x = workload.view %X[%i, %c0] sizes [1, 128] : memref<?x128xf32> -> !workload.view<1x128xf32>
    %y = workload.view %Y[%i, %c0] sizes [1, 128] : memref<?x128xf32> -> !workload.view<1x128xf32>
    // CHECK: taskgraph.submit @scale(%{{.*}}, %{{.*}}, %[[SCALE]]) access [read, write]
    workload.task @scale(%x, %y, %scale) : !workload.view<1x128xf32>, !workload.view<1x128xf32>, i64
  }
}
