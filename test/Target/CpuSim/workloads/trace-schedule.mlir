// Traces requested by the schedule (schedule.trace both) instead of the
// command line: the run writes ptowsp_trace.json and ptowsp_graph.dot in the
// working directory, both valid. The DOT graph is meant for small runs: above
// graph_max_tasks (2000) tasks it is refused with a message and a non-zero
// exit, not written half-way or silently dropped.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: cd %t && pto-wsp-run %s --cache-dir %t.cache --workload few --gen 0=zeros | FileCheck %s --check-prefix=FEW
// FEW: tasks: 8
// FEW: trace: ptowsp_trace.json
// FEW: graph: ptowsp_graph.dot
// RUN: %python %S/Inputs/trace.py schedule-trace %t/ptowsp_trace.json --dot %t/ptowsp_graph.dot \
// RUN:   --expect 'len(tasks) == 8 and len(nodes) == 8 and edges == []' | FileCheck %s --check-prefix=TRACE
// TRACE: PASS schedule-trace
//
// RUN: not pto-wsp-run %s --cache-dir %t.cache --workload many --gen 0=zeros \
// RUN:   --graph-dot %t/many.dot 2>&1 | FileCheck %s --check-prefix=MANY
// MANY: pto-wsp-run: error: workload 'many' failed
// MANY-SAME: 2001 tasks exceed graph_max_tasks (2000)

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @few(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
schedule.schedule @traced for @few {
  schedule.trace both
}

workload.workload @many(%X: memref<2001x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 2001
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<2001x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}
