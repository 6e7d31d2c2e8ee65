// Tasks carry their loop indices (ptowsp_task.coords: "loop indices, for
// traces and messages"), and loop variables are named so that "traces will
// show it" (docs/dialects/workload.md). Task (b, t) of this 2 x 3 nest must
// show coords [b, t] in the timeline trace, the DOT labels and error
// messages.
//
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=zeros --trace %t/trace.json --graph-dot %t/graph.dot
// RUN: %python %S/Inputs/trace.py coords %t/trace.json --dot %t/graph.dot \
// RUN:   --expect 'sorted(t["coords"] for t in tasks) == [[b, t] for b in range(2) for t in range(3)]' \
// RUN:   | FileCheck %s
// CHECK: PASS coords
// RUN: FileCheck %s --check-prefix=DOT < %t/graph.dot
// DOT: t5 [label="#5 touch {{.*}}1{{.*}}2

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @nest(%X: memref<2x3x128xf32>) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 2
  %tiles = workload.dense 3
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %t in %tiles name("t") {
      %x = workload.view %X[%b, %t, %c0] sizes [1, 1, 128] : memref<2x3x128xf32> -> !workload.view<1x128xf32>
      workload.task @touch(%x) : !workload.view<1x128xf32>
    }
  }
}
