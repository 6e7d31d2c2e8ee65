// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph | FileCheck %s
// Ragged and sparse axes: lengths and CSR rows are read with
// taskgraph.load_scalar where the loop starts; select iterates the stored
// indices, parallel_for and for_each over a sparse axis iterate positions.

tile.kernel @bump(%x: !tile.view<1x128xf32, inout>, %e: index) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @ragged
// CHECK-SAME: (%[[X:.*]]: memref<4x64x128xf32>, %[[LENGTHS:.*]]: memref<4xi64>)
workload.workload @ragged(%X: memref<4x64x128xf32>, %lengths: memref<4xi64>) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 4
  // CHECK: scf.for %[[B:.*]] =
  workload.parallel_for %b in %batch name("b") {
    %tokens = workload.ragged %lengths[%b] : memref<4xi64>
    // CHECK-NEXT: %[[LEN:.*]] = taskgraph.load_scalar %[[LENGTHS]][%[[B]]] : memref<4xi64> -> i64
    // CHECK-NEXT: %[[UPPER:.*]] = arith.index_cast %[[LEN]] : i64 to index
    // A negative length is an empty axis.
    // CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[UPPER]], %{{.*}} : index
    // CHECK-NEXT: %[[BOUND:.*]] = arith.select %[[NEG]], %{{.*}}, %[[UPPER]] : index
    // CHECK: scf.for %[[T:.*]] = %{{.*}} to %[[BOUND]] step %{{.*}} {
    workload.parallel_for %t in %tokens name("t") {
      // CHECK-NEXT: %[[XR:.*]] = taskgraph.region %[[X]][%[[B]], %[[T]], %{{.*}}] sizes [1, 1, 128]
      %x = workload.view %X[%b, %t, %c0] sizes [1, 1, 128]
          : memref<4x64x128xf32> -> !workload.view<1x128xf32>
      // CHECK-NEXT: taskgraph.submit @bump(%[[XR]], %[[T]]) access [readwrite] core(vector){{( coords\(.*\))?}}
      workload.task @bump(%x, %t) : !workload.view<1x128xf32>, index
    }
  }
}

// CHECK-LABEL: taskgraph.graph @routing
// CHECK-SAME: (%[[X:.*]]: memref<8x128xf32>, %[[INDPTR:.*]]: memref<9xi32>, %[[INDICES:.*]]: memref<16xi32>)
workload.workload @routing(%X: memref<8x128xf32>, %indptr: memref<9xi32>, %indices: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %tokens = workload.dense 8
  // CHECK: scf.for %[[TOK:.*]] =
  workload.parallel_for %tok in %tokens name("tok") {
    %experts = workload.sparse %indptr, %indices[%tok] : memref<9xi32>, memref<16xi32>
    // The loop runs over the row's positions indptr[tok] .. indptr[tok+1]-1.
    // CHECK: %[[NEXT:.*]] = arith.addi %[[TOK]], %{{.*}} : index
    // CHECK-NEXT: %[[BEGIN32:.*]] = taskgraph.load_scalar %[[INDPTR]][%[[TOK]]] : memref<9xi32> -> i32
    // CHECK-NEXT: %[[BEGIN:.*]] = arith.index_cast %[[BEGIN32]] : i32 to index
    // CHECK-NEXT: %[[END32:.*]] = taskgraph.load_scalar %[[INDPTR]][%[[NEXT]]] : memref<9xi32> -> i32
    // CHECK-NEXT: %[[END:.*]] = arith.index_cast %[[END32]] : i32 to index
    // CHECK: scf.for %[[J:.*]] = %[[BEGIN]] to %[[END]] step %{{.*}} {
    // The loop variable is the stored index (the expert), not the position.
    // CHECK-NEXT: %[[E32:.*]] = taskgraph.load_scalar %[[INDICES]][%[[J]]] : memref<16xi32> -> i32
    // CHECK-NEXT: %[[E:.*]] = arith.index_cast %[[E32]] : i32 to index
    workload.select %e in %experts name("e") {
      // CHECK-NEXT: %[[XR:.*]] = taskgraph.region %[[X]][%[[TOK]], %{{.*}}]
      %x = workload.view %X[%tok, %c0] sizes [1, 128]
          : memref<8x128xf32> -> !workload.view<1x128xf32>
      // CHECK-NEXT: taskgraph.submit @bump(%[[XR]], %[[E]])
      workload.task @bump(%x, %e) : !workload.view<1x128xf32>, index
    }
    // CHECK: %[[BEGIN32:.*]] = taskgraph.load_scalar %[[INDPTR]][%[[TOK]]]
    // CHECK: %[[BEGIN:.*]] = arith.index_cast %[[BEGIN32]]
    // CHECK: %[[END32:.*]] = taskgraph.load_scalar %[[INDPTR]][%{{.*}}]
    // CHECK: %[[END:.*]] = arith.index_cast %[[END32]]
    // CHECK-NEXT: %[[COUNT:.*]] = arith.subi %[[END]], %[[BEGIN]] : index
    // CHECK: %[[CNEG:.*]] = arith.cmpi slt, %[[COUNT]], %{{.*}} : index
    // CHECK-NEXT: %[[CBOUND:.*]] = arith.select %[[CNEG]], %{{.*}}, %[[COUNT]] : index
    // CHECK: scf.for %[[P:.*]] = %{{.*}} to %[[CBOUND]] step %{{.*}} {
    workload.parallel_for %p in %experts name("p") {
      %x = workload.view %X[%tok, %c0] sizes [1, 128]
          : memref<8x128xf32> -> !workload.view<1x128xf32>
      // CHECK: taskgraph.submit @bump(%{{.*}}, %[[P]])
      workload.task @bump(%x, %p) : !workload.view<1x128xf32>, index
    }
  }
}
