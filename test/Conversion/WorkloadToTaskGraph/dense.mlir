// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph \
// RUN:   | FileCheck %s --implicit-check-not=workload. --implicit-check-not=schedule.
// Dense static and dynamic axes, nested loops, index arithmetic in views and
// several statements in one body. Kernels stay; workloads become graphs of the
// same name and signature, with the default config when unscheduled.

// CHECK: tile.kernel @scale
tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  tile.return
}

// CHECK: tile.kernel @mm
tile.kernel @mm(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>, %c: !tile.view<16x16xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  %td = tile.matmul %ta, %tb acc %tc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  tile.store %td, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
  tile.return
}

// CHECK-LABEL: taskgraph.graph @static_and_dynamic
// CHECK-SAME: (%[[X:.*]]: memref<2x?x16x128xf32>, %[[Y:.*]]: memref<2x?x16x128xf32>, %[[S:.*]]: f32, %[[N:.*]]: index)
// CHECK-SAME: attributes {config = #taskgraph.config<>}
workload.workload @static_and_dynamic(%X: memref<2x?x16x128xf32>, %Y: memref<2x?x16x128xf32>, %s: f32, %n: index) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 2
  %tiles = workload.dense_dyn %n
  // CHECK: %[[C2:.*]] = arith.constant 2 : index
  // CHECK: scf.for %[[B:.*]] = %{{.*}} to %[[C2]] step %{{.*}} {
  workload.parallel_for %b in %batch name("b") {
    // CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[N]], %{{.*}} : index
    // CHECK-NEXT: %[[NB:.*]] = arith.select %[[NEG]], %{{.*}}, %[[N]] : index
    // CHECK: scf.for %[[T:.*]] = %{{.*}} to %[[NB]] step %{{.*}} {
    workload.parallel_for %t in %tiles name("t") {
      // CHECK-NEXT: %[[XR:.*]] = taskgraph.region %[[X]][%[[B]], %[[T]], %{{.*}}, %{{.*}}] sizes [1, 1, 16, 128] : memref<2x?x16x128xf32> -> !taskgraph.region<16x128xf32>
      %x = workload.view %X[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
          : memref<2x?x16x128xf32> -> !workload.view<16x128xf32>
      // CHECK-NEXT: %[[YR:.*]] = taskgraph.region %[[Y]]
      %y = workload.view %Y[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
          : memref<2x?x16x128xf32> -> !workload.view<16x128xf32>
      // CHECK-NEXT: taskgraph.submit @scale(%[[XR]], %[[YR]], %[[S]]) access [read, write] core(vector){{( coords\(.*\))?}} : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
      workload.task @scale(%x, %y, %s)
          : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
    }
  }
}

// CHECK-LABEL: taskgraph.graph @index_math
// CHECK-SAME: (%[[A:.*]]: memref<64x16xf16>, %[[C:.*]]: memref<64x16xf32>)
workload.workload @index_math(%A: memref<64x16xf16>, %C: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %blocks = workload.dense 4
  // CHECK: scf.for %[[I:.*]] =
  workload.parallel_for %i in %blocks name("i") {
    // Several statements in one body, with offsets computed from the loop
    // variable: they keep their order.
    // CHECK-NEXT: %[[ROW:.*]] = arith.muli %[[I]], %{{.*}} : index
    %row = arith.muli %i, %c16 : index
    // CHECK-NEXT: %[[AR:.*]] = taskgraph.region %[[A]][%[[ROW]], %{{.*}}] sizes [16, 16]
    %a = workload.view %A[%row, %c0] sizes [16, 16] : memref<64x16xf16> -> !workload.view<16x16xf16>
    // CHECK-NEXT: %[[CR:.*]] = taskgraph.region %[[C]][%[[ROW]], %{{.*}}] sizes [16, 16]
    %c = workload.view %C[%row, %c0] sizes [16, 16] : memref<64x16xf32> -> !workload.view<16x16xf32>
    // CHECK-NEXT: taskgraph.submit @mm(%[[AR]], %[[AR]], %[[CR]]) access [read, read, readwrite] core(cube){{( coords\(.*\))?}}
    workload.task @mm(%a, %a, %c) : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
    // CHECK-NEXT: taskgraph.submit @mm(%[[AR]], %[[AR]], %[[CR]]) access [read, read, readwrite] core(cube){{( coords\(.*\))?}}
    workload.task @mm(%a, %a, %c) : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
  }
}

// A workload that generates no tasks is an empty graph.
// CHECK-LABEL: taskgraph.graph @empty()
// CHECK-SAME: attributes {config = #taskgraph.config<>}
// CHECK-NEXT: taskgraph.yield
workload.workload @empty() {
  workload.yield
}
