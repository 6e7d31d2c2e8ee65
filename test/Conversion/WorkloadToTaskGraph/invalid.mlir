// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics -workload-infer-access -convert-workload-to-taskgraph
// Constructs the lowering rejects with a diagnostic instead of dropping them.

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// expected-error@+1 {{has 2 schedules and no schedule was chosen: pass 'schedule=<name>' to -convert-workload-to-taskgraph}}
workload.workload @w(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  workload.task @touch(%x) : !workload.view<1x128xf32>
}
// expected-note@+1 {{schedule @a}}
schedule.schedule @a for @w {
  schedule.deps overlap
}
// expected-note@+1 {{schedule @b}}
schedule.schedule @b for @w {
  schedule.deps exact
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// A for_each can chain only the fixed set of tasks directly in its body.
workload.workload @w(%X: memref<4x8x128xf32>) {
  %c0 = arith.constant 0 : index
  %steps = workload.dense 4
  %rows = workload.dense 8
  // expected-note@+1 {{for_each here}}
  workload.for_each %k in %steps name("k") {
    workload.parallel_for %r in %rows name("r") {
      %x = workload.view %X[%k, %r, %c0] sizes [1, 1, 128] : memref<4x8x128xf32> -> !workload.view<1x128xf32>
      // expected-error@+1 {{cannot be ordered after the previous iteration of the enclosing 'workload.for_each' with deps = explicit: only tasks directly in a for_each body are chained with 'after', not tasks in nested loops, branches or processes}}
      workload.task @touch(%x) : !workload.view<1x128xf32>
    }
  }
}
schedule.schedule @chained for @w {
  schedule.deps explicit
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>, %flag: i1) {
  %c0 = arith.constant 0 : index
  %steps = workload.dense 4
  // expected-note@+1 {{for_each here}}
  workload.for_each %k in %steps name("k") {
    %x = workload.view %X[%k, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.if %flag {
      // expected-error@+1 {{cannot be ordered after the previous iteration of the enclosing 'workload.for_each' with deps = hybrid}}
      workload.task @touch(%x) : !workload.view<1x128xf32>
    }
  }
}
schedule.schedule @chained for @w {
  schedule.deps hybrid
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// Control flow from other dialects is not lowered: workloads use their own.
workload.workload @w(%X: memref<4x128xf32>, %flag: i1) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  // expected-error@+1 {{has no lowering to taskgraph (only region-free operations on scalars are copied into a graph)}}
  scf.if %flag {
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>, %counts: memref<4xindex>) {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{reads a tensor directly; tensor elements are read with 'workload.slot_load', which waits for the tasks writing them}}
  %n = memref.load %counts[%c0] : memref<4xindex>
  %rows = workload.dense_dyn %n
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}

// -----

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  tile.return
}

// Tasks in the processes of a pipeline in a chained for_each cannot be
// chained either.
workload.workload @w(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %steps = workload.dense 4
  // expected-note@+1 {{for_each here}}
  workload.for_each %k in %steps name("k") {
    csp.pipeline {
      %c = csp.channel "c" : !csp.channel<index>
      csp.process "producer" produces(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.send %c, %instance : !csp.channel<index>
      }
      csp.process "consumer" consumes(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.consume %c -> (%i) : !csp.channel<index> {
          %x = workload.view %X[%i, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
          // expected-error@+1 {{cannot be ordered after the previous iteration of the enclosing 'workload.for_each' with deps = explicit}}
          workload.task @touch(%x) : !workload.view<1x128xf32>
        }
      }
    }
  }
}
schedule.schedule @chained for @w {
  schedule.deps explicit
}
