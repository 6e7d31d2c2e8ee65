// RUN: pto-wsp-opt %s | pto-wsp-opt | FileCheck %s
// Round trip of every workload type and operation.

tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  tile.return
}

tile.kernel @bump(%x: !tile.view<1x128xf32, inout>, %e: index) {
  tile.return
}

// CHECK-LABEL: workload.workload @dense
// CHECK-SAME: (%[[X:.*]]: memref<2x4x16x128xf32>, %[[Y:.*]]: memref<2x4x16x128xf32>, %[[S:.*]]: f32)
workload.workload @dense(%X: memref<2x4x16x128xf32>, %Y: memref<2x4x16x128xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  // CHECK: %[[BATCH:.*]] = workload.dense 2
  %batch = workload.dense 2
  %tiles = workload.dense 4
  // CHECK: workload.parallel_for %[[B:.*]] in %[[BATCH]] name("b") {
  workload.parallel_for %b in %batch name("b") {
    // CHECK: workload.for_each %[[T:.*]] in %{{.*}} name("t") {
    workload.for_each %t in %tiles name("t") {
      // CHECK: %[[XV:.*]] = workload.view %[[X]][%[[B]], %[[T]], %{{.*}}, %{{.*}}] sizes [1, 1, 16, 128] : memref<2x4x16x128xf32> -> !workload.view<16x128xf32>
      %x = workload.view %X[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
          : memref<2x4x16x128xf32> -> !workload.view<16x128xf32>
      %y = workload.view %Y[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
          : memref<2x4x16x128xf32> -> !workload.view<16x128xf32>
      // CHECK: workload.task @scale(%[[XV]], %{{.*}}, %[[S]]) : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
      workload.task @scale(%x, %y, %s)
          : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
    }
  }
}

// CHECK-LABEL: workload.workload @dynamic
// CHECK-SAME: (%[[X:.*]]: memref<?x128xf32>, %[[N:.*]]: index, %[[LENGTHS:.*]]: memref<4xi64>)
workload.workload @dynamic(%X: memref<?x128xf32>, %n: index, %lengths: memref<4xi64>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  // CHECK: %[[ROWS:.*]] = workload.dense_dyn %[[N]]
  %rows = workload.dense_dyn %n
  workload.parallel_for %b in %rows name("b") {
    // CHECK: workload.ragged %[[LENGTHS]][%{{.*}}] : memref<4xi64>
    %tokens = workload.ragged %lengths[%b] : memref<4xi64>
    workload.parallel_for %t in %tokens name("t") {
      // Offsets are index arithmetic of loop variables.
      %row = arith.muli %t, %c16 : index
      // CHECK: workload.view %[[X]][%{{.*}}, %{{.*}}] sizes [1, 128] : memref<?x128xf32> -> !workload.view<1x128xf32>
      %x = workload.view %X[%row, %c0] sizes [1, 128]
          : memref<?x128xf32> -> !workload.view<1x128xf32>
      workload.task @bump(%x, %t) : !workload.view<1x128xf32>, index
    }
  }
}

// CHECK-LABEL: workload.workload @routing
workload.workload @routing(%X: memref<8x128xf32>, %indptr: memref<9xi32>, %indices: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %tokens = workload.dense 8
  workload.parallel_for %tok in %tokens name("tok") {
    // CHECK: %[[EXPERTS:.*]] = workload.sparse %{{.*}}, %{{.*}}[%{{.*}}] : memref<9xi32>, memref<16xi32>
    %experts = workload.sparse %indptr, %indices[%tok] : memref<9xi32>, memref<16xi32>
    // CHECK: workload.select %[[E:.*]] in %[[EXPERTS]] name("e") {
    workload.select %e in %experts name("e") {
      %x = workload.view %X[%tok, %c0] sizes [1, 128]
          : memref<8x128xf32> -> !workload.view<1x128xf32>
      // CHECK: workload.task @bump(%{{.*}}, %[[E]])
      workload.task @bump(%x, %e) : !workload.view<1x128xf32>, index
    }
  }
}

// CHECK-LABEL: workload.workload @data_dependent
workload.workload @data_dependent(%X: memref<4x128xf32>, %counts: memref<4xi64>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 4
  // CHECK: %[[THRESHOLD:.*]] = workload.symbol "threshold" : i64
  %threshold = workload.symbol "threshold" : i64
  workload.for_each %r in %rows name("r") {
    // CHECK: %[[COUNT:.*]] = workload.slot_load %{{.*}}[%{{.*}}] : memref<4xi64> -> i64
    %count = workload.slot_load %counts[%r] : memref<4xi64> -> i64
    %big = arith.cmpi sgt, %count, %threshold : i64
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    // CHECK: workload.if %{{.*}} {
    // CHECK-NEXT: workload.task @bump
    // CHECK-NEXT: } else {
    // CHECK-NEXT: workload.task @bump
    workload.if %big {
      workload.task @bump(%x, %r) : !workload.view<1x128xf32>, index
    } else {
      workload.task @bump(%x, %c0) : !workload.view<1x128xf32>, index
    }
    // CHECK: workload.if %{{.*}} {
    // CHECK-NOT: else
    workload.if %big {
      workload.task @bump(%x, %r) : !workload.view<1x128xf32>, index
    }
  }
}

// A workload that generates no tasks keeps its terminator in the syntax.
// CHECK-LABEL: workload.workload @empty()
// CHECK-NEXT: workload.yield
workload.workload @empty() {
  workload.yield
}
