// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics -convert-workload-to-taskgraph
// Submissions copy the access sets and core type of -workload-infer-access;
// without them the lowering stops.

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  // expected-error@+1 {{has no valid 'access' annotation; run -workload-infer-access first}}
  workload.task @touch(%x) : !workload.view<1x128xf32>
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  // expected-error@+1 {{has no valid 'core' annotation; run -workload-infer-access first}}
  workload.task @touch(%x) {access = [2 : i32]} : !workload.view<1x128xf32>
}
