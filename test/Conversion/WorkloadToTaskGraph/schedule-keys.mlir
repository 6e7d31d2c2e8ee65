// RUN: pto-wsp-opt %s -workload-infer-access -convert-workload-to-taskgraph | FileCheck %s
// Key regions (dispatch hash/affinity/custom, ready priority, stream_by) are
// inlined at every submission: task_axis "b" reads the lowered variable of
// the loop named "b", task_param i the task's i-th scalar argument, and the
// yielded key becomes the submit's key/priority/stream operand as an index.

tile.kernel @bump(%x: !tile.view<1x128xf32, inout>, %len: i64) {
  tile.return
}

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @hashed
// CHECK-SAME: config = #taskgraph.config<dispatch = hash>
// CHECK: scf.for %[[B:.*]] =
// CHECK: scf.for %[[T:.*]] =
// CHECK: taskgraph.submit @touch(%{{.*}}) access [readwrite] core(vector) key(%[[B]]){{( coords\(.*\))?}} :
// Each submission evaluates the key again.
// CHECK: taskgraph.submit @touch(%{{.*}}) access [readwrite] core(vector) key(%[[B]]){{( coords\(.*\))?}} :
workload.workload @hashed(%X: memref<4x8x128xf32>) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 4
  %tokens = workload.dense 8
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %t in %tokens name("t") {
      %x = workload.view %X[%b, %t, %c0] sizes [1, 1, 128] : memref<4x8x128xf32> -> !workload.view<1x128xf32>
      workload.task @touch(%x) : !workload.view<1x128xf32>
      workload.task @touch(%x) : !workload.view<1x128xf32>
    }
  }
}
schedule.schedule @by_batch for @hashed {
  schedule.dispatch hash {
  ^bb0(%task: !schedule.task):
    %b = schedule.task_axis %task "b" : index
    schedule.yield %b : index
  }
}

// CHECK-LABEL: taskgraph.graph @affine
// CHECK-SAME: (%[[X:.*]]: memref<4x128xf32>, %[[LEN:.*]]: i64)
// CHECK-SAME: config = #taskgraph.config<dispatch = affinity>
// CHECK: %[[KEY:.*]] = arith.index_cast %[[LEN]] : i64 to index
// CHECK-NEXT: taskgraph.submit @bump(%{{.*}}, %[[LEN]]) access [readwrite] core(vector) key(%[[KEY]]){{( coords\(.*\))?}} :
workload.workload @affine(%X: memref<4x128xf32>, %len: i64) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 4
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @bump(%x, %len) : !workload.view<1x128xf32>, i64
  }
}
schedule.schedule @by_length for @affine {
  schedule.dispatch affinity {
  ^bb0(%task: !schedule.task):
    %len = schedule.task_param %task 0 : i64
    schedule.yield %len : i64
  }
}

// A custom key computed from two loop variables, a priority from the stored
// index of a select loop, and streams; inside both branches of an if.
// CHECK-LABEL: taskgraph.graph @keyed
// CHECK-SAME: (%[[X:.*]]: memref<8x128xf32>, %[[INDPTR:.*]]: memref<9xi32>, %[[INDICES:.*]]: memref<16xi32>, %[[FLAG:.*]]: i1)
// CHECK-SAME: config = #taskgraph.config<dispatch = custom, ready = priority, streams = 2>
// CHECK: scf.for %[[TOK:.*]] =
// CHECK: scf.for %[[J:.*]] =
// CHECK: %[[E32:.*]] = taskgraph.load_scalar %[[INDICES]][%[[J]]]
// CHECK-NEXT: %[[E:.*]] = arith.index_cast %[[E32]] : i32 to index
// CHECK: scf.if %[[FLAG]] {
// CHECK-NEXT: %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT: %[[SCALED:.*]] = arith.muli %[[TOK]], %[[C4]] : index
// CHECK-NEXT: %[[CUSTOM:.*]] = arith.addi %[[SCALED]], %[[E]] : index
// CHECK: %[[STREAM:.*]] = arith.remui %[[TOK]], %{{.*}} : index
// CHECK-NEXT: taskgraph.submit @touch(%{{.*}}) access [readwrite] core(vector) key(%[[CUSTOM]]) priority(%[[E]]) stream(%[[STREAM]]){{( coords\(.*\))?}} :
// CHECK-NEXT: } else {
// CHECK: taskgraph.submit @touch(%{{.*}}) access [readwrite] core(vector) key(%{{.*}}) priority(%[[E]]) stream(%{{.*}}){{( coords\(.*\))?}} :
workload.workload @keyed(%X: memref<8x128xf32>, %indptr: memref<9xi32>, %indices: memref<16xi32>, %flag: i1) {
  %c0 = arith.constant 0 : index
  %tokens = workload.dense 8
  workload.parallel_for %tok in %tokens name("tok") {
    %experts = workload.sparse %indptr, %indices[%tok] : memref<9xi32>, memref<16xi32>
    workload.select %e in %experts name("e") {
      %x = workload.view %X[%tok, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
      workload.if %flag {
        workload.task @touch(%x) : !workload.view<1x128xf32>
      } else {
        workload.task @touch(%x) : !workload.view<1x128xf32>
      }
    }
  }
}
schedule.schedule @keys for @keyed {
  schedule.dispatch custom {
  ^bb0(%task: !schedule.task):
    %tok = schedule.task_axis %task "tok" : index
    %e = schedule.task_axis %task "e" : index
    %c4 = arith.constant 4 : index
    %scaled = arith.muli %tok, %c4 : index
    %key = arith.addi %scaled, %e : index
    schedule.yield %key : index
  }
  schedule.ready priority {
  ^bb0(%task: !schedule.task):
    %e = schedule.task_axis %task "e" : index
    schedule.yield %e : index
  }
  schedule.streams 2
  schedule.stream_by {
  ^bb0(%task: !schedule.task):
    %tok = schedule.task_axis %task "tok" : index
    %c2 = arith.constant 2 : index
    %stream = arith.remui %tok, %c2 : index
    schedule.yield %stream : index
  }
}

// An i1 key is 0 or 1 (zero-extended), not 0 or -1.
// CHECK-LABEL: taskgraph.graph @boolean_priority
// CHECK-SAME: (%{{.*}}: memref<4x128xf32>, %[[LEN:.*]]: i64)
// CHECK: %[[LONG:.*]] = arith.cmpi sgt, %[[LEN]], %{{.*}} : i64
// CHECK-NEXT: %[[PRIORITY:.*]] = arith.index_castui %[[LONG]] : i1 to index
// CHECK-NEXT: taskgraph.submit @bump(%{{.*}}, %[[LEN]]) access [readwrite] core(vector) priority(%[[PRIORITY]]){{( coords\(.*\))?}} :
workload.workload @boolean_priority(%X: memref<4x128xf32>, %len: i64) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @bump(%x, %len) : !workload.view<1x128xf32>, i64
}
schedule.schedule @long_first for @boolean_priority {
  schedule.ready priority {
  ^bb0(%task: !schedule.task):
    %len = schedule.task_param %task 0 : i64
    %c100 = arith.constant 100 : i64
    %long = arith.cmpi sgt, %len, %c100 : i64
    schedule.yield %long : i1
  }
}
