// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph | FileCheck %s
// for_each: an ordinary loop where dependencies are inferred from regions
// (exact, overlap); in explicit and hybrid modes every task of iteration i+1
// comes after(every task of iteration i), carried through iter_args, with
// the first iteration peeled since it has no predecessors.

tile.kernel @step(%x: !tile.view<1x128xf32, inout>, %k: index) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @inferred
// CHECK-SAME: config = #taskgraph.config<deps = overlap>
// CHECK: scf.for %[[K:.*]] =
// CHECK-NOT: iter_args
// CHECK-NEXT: %[[XR:.*]] = taskgraph.region
// CHECK-NEXT: taskgraph.submit @step(%[[XR]], %[[K]]) access [readwrite] core(vector){{( coords\(.*\))?}} :
// CHECK-NEXT: }
workload.workload @inferred(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %blocks = workload.dense 4
  workload.for_each %k in %blocks name("k") {
    %x = workload.view %X[%k, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @step(%x, %k) : !workload.view<1x128xf32>, index
  }
}
schedule.schedule @by_overlap for @inferred {
  schedule.deps overlap
}

// Two tasks per iteration: both of iteration i+1 come after both of i. The
// bounds are constant and the loop is not empty, so no guard is needed.
// CHECK-LABEL: taskgraph.graph @explicit_static
// CHECK-SAME: (%[[X:.*]]: memref<4x128xf32>, %[[Y:.*]]: memref<4x128xf32>)
// CHECK-SAME: config = #taskgraph.config<deps = explicit>
// CHECK-NOT: scf.if
// CHECK: %[[UPPER:.*]] = arith.constant 4 : index
// CHECK-NEXT: %[[X0:.*]] = taskgraph.region %[[X]][%[[LOWER:.*]], %{{.*}}]
// CHECK-NEXT: %[[Y0:.*]] = taskgraph.region %[[Y]][%[[LOWER]], %{{.*}}]
// CHECK-NEXT: %[[T0:.*]] = taskgraph.submit @step(%[[X0]], %[[LOWER]]) access [readwrite] core(vector){{( coords\(.*\))?}} :
// CHECK-NEXT: %[[U0:.*]] = taskgraph.submit @step(%[[Y0]], %[[LOWER]]) access [readwrite] core(vector){{( coords\(.*\))?}} :
// CHECK: %[[SECOND:.*]] = arith.addi %[[LOWER]], %{{.*}} : index
// CHECK: scf.for %[[K:.*]] = %[[SECOND]] to %[[UPPER]] step %{{.*}} iter_args(%[[PT:.*]] = %[[T0]], %[[PU:.*]] = %[[U0]]) -> (!taskgraph.task, !taskgraph.task) {
// CHECK-NEXT: %[[XR:.*]] = taskgraph.region %[[X]][%[[K]], %{{.*}}]
// CHECK-NEXT: %[[YR:.*]] = taskgraph.region %[[Y]][%[[K]], %{{.*}}]
// CHECK-NEXT: %[[T:.*]] = taskgraph.submit @step(%[[XR]], %[[K]]) access [readwrite] core(vector) after(%[[PT]], %[[PU]]){{( coords\(.*\))?}} :
// CHECK-NEXT: %[[U:.*]] = taskgraph.submit @step(%[[YR]], %[[K]]) access [readwrite] core(vector) after(%[[PT]], %[[PU]]){{( coords\(.*\))?}} :
// CHECK-NEXT: scf.yield %[[T]], %[[U]] : !taskgraph.task, !taskgraph.task
workload.workload @explicit_static(%X: memref<4x128xf32>, %Y: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %blocks = workload.dense 4
  workload.for_each %k in %blocks name("k") {
    %x = workload.view %X[%k, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    %y = workload.view %Y[%k, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @step(%x, %k) : !workload.view<1x128xf32>, index
    workload.task @step(%y, %k) : !workload.view<1x128xf32>, index
  }
}
schedule.schedule @chain for @explicit_static {
  schedule.deps explicit
}

// A run-time trip count: the peeled iteration runs only if the loop is not
// empty.
// CHECK-LABEL: taskgraph.graph @hybrid_dynamic
// CHECK-SAME: (%[[X:.*]]: memref<?x128xf32>, %[[N:.*]]: index)
// CHECK-SAME: config = #taskgraph.config<deps = hybrid>
// CHECK: %[[NNEG:.*]] = arith.cmpi slt, %[[N]], %{{.*}} : index
// CHECK-NEXT: %[[NB:.*]] = arith.select %[[NNEG]], %{{.*}}, %[[N]] : index
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi slt, %[[LOWER:.*]], %[[NB]] : index
// CHECK-NEXT: scf.if %[[NONEMPTY]] {
// CHECK-NEXT: %[[X0:.*]] = taskgraph.region %[[X]][%[[LOWER]], %{{.*}}]
// CHECK-NEXT: %[[T0:.*]] = taskgraph.submit @step(%[[X0]], %[[LOWER]]) access [readwrite] core(vector){{( coords\(.*\))?}} :
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %[[NB]] step %{{.*}} iter_args(%[[PT:.*]] = %[[T0]]) -> (!taskgraph.task) {
// CHECK-NEXT: %[[XR:.*]] = taskgraph.region %[[X]][%[[K]], %{{.*}}]
// CHECK-NEXT: %[[T:.*]] = taskgraph.submit @step(%[[XR]], %[[K]]) access [readwrite] core(vector) after(%[[PT]]){{( coords\(.*\))?}} :
// CHECK-NEXT: scf.yield %[[T]] : !taskgraph.task
workload.workload @hybrid_dynamic(%X: memref<?x128xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %blocks = workload.dense_dyn %n
  workload.for_each %k in %blocks name("k") {
    %x = workload.view %X[%k, %c0] sizes [1, 128] : memref<?x128xf32> -> !workload.view<1x128xf32>
    workload.task @step(%x, %k) : !workload.view<1x128xf32>, index
  }
}
schedule.schedule @chain_hybrid for @hybrid_dynamic {
  schedule.deps hybrid
}

// A for_each nested in a parallel loop chains within each outer iteration;
// over a sparse axis it iterates positions 0..count-1.
// CHECK-LABEL: taskgraph.graph @nested_sparse
// CHECK-SAME: (%[[X:.*]]: memref<8x128xf32>, %[[INDPTR:.*]]: memref<9xi32>, %[[INDICES:.*]]: memref<16xi32>)
// CHECK: scf.for %[[TOK:.*]] =
// CHECK: %[[COUNT:.*]] = arith.subi
// CHECK: %[[CNEG:.*]] = arith.cmpi slt, %[[COUNT]], %{{.*}} : index
// CHECK-NEXT: %[[CB:.*]] = arith.select %[[CNEG]], %{{.*}}, %[[COUNT]] : index
// CHECK: %[[NONEMPTY:.*]] = arith.cmpi slt, %[[LOWER:.*]], %[[CB]] : index
// CHECK-NEXT: scf.if %[[NONEMPTY]] {
// CHECK: %[[T0:.*]] = taskgraph.submit @step(%{{.*}}, %[[LOWER]])
// CHECK: scf.for %[[P:.*]] = %{{.*}} to %[[CB]] step %{{.*}} iter_args(%[[PT:.*]] = %[[T0]]) -> (!taskgraph.task) {
// CHECK: taskgraph.submit @step(%{{.*}}, %[[P]]) access [readwrite] core(vector) after(%[[PT]]){{( coords\(.*\))?}}
workload.workload @nested_sparse(%X: memref<8x128xf32>, %indptr: memref<9xi32>, %indices: memref<16xi32>) {
  %c0 = arith.constant 0 : index
  %tokens = workload.dense 8
  workload.parallel_for %tok in %tokens name("tok") {
    %experts = workload.sparse %indptr, %indices[%tok] : memref<9xi32>, memref<16xi32>
    workload.for_each %p in %experts name("p") {
      %x = workload.view %X[%tok, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
      workload.task @step(%x, %p) : !workload.view<1x128xf32>, index
    }
  }
}
schedule.schedule @chain_nested for @nested_sparse {
  schedule.deps explicit
}

// Keys are evaluated in the peeled iteration too, where the loop variable is
// the lower bound.
// CHECK-LABEL: taskgraph.graph @chained_keys
// CHECK-SAME: config = #taskgraph.config<dispatch = hash, deps = explicit>
// CHECK: %[[T0:.*]] = taskgraph.submit @step(%{{.*}}, %[[LOWER:.*]]) access [readwrite] core(vector) key(%[[LOWER]]){{( coords\(.*\))?}} :
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[PT:.*]] = %[[T0]]) -> (!taskgraph.task) {
// CHECK: taskgraph.submit @step(%{{.*}}, %[[K]]) access [readwrite] core(vector) key(%[[K]]) after(%[[PT]]){{( coords\(.*\))?}} :
workload.workload @chained_keys(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %blocks = workload.dense 4
  workload.for_each %k in %blocks name("k") {
    %x = workload.view %X[%k, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @step(%x, %k) : !workload.view<1x128xf32>, index
  }
}
schedule.schedule @chain_hashed for @chained_keys {
  schedule.dispatch hash {
  ^bb0(%task: !schedule.task):
    %k = schedule.task_axis %task "k" : index
    schedule.yield %k : index
  }
  schedule.deps explicit
}
