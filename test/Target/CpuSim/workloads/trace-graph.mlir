// Traces of a small run: --trace writes the simulated timeline as
// Chrome/Perfetto JSON and --graph-dot the task graph as Graphviz DOT.
// Checked with Python (Inputs/trace.py): the trace parses as JSON; every
// task is on a declared core track (one "thread" per core, cube cores
// named AIC, vector cores AIV) and never overlaps another task on its core;
// the cores used are as many as the run's busy_cores; the makespan is
// total_cycles; the DOT edges are the run's dependency edges and every edge
// is respected by the timeline (a task starts after its predecessors end).
// The trace is a pure function of the program: byte-identical for another
// run with one host thread.
//
// Workload: per tile t, up (cube) -> norm (vector), and acc (vector) into
// one shared tile.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=randn --gen 1=randn --gen 2=zeros --gen 3=zeros \
// RUN:   --gen 4=zeros --trace %t/trace.json --graph-dot %t/graph.dot > %t/run.txt
// RUN: FileCheck %s --check-prefix=STATS < %t/run.txt
// RUN: %python %S/Inputs/trace.py trace %t/trace.json --stats %t/run.txt --dot %t/graph.dot \
// RUN:   --expect 'len(tasks) == stats["tasks"] == 12' \
// RUN:   --expect 'len(used_cores) == stats["busy_cores"]' \
// RUN:   --expect 'len(core_tracks) == 72' \
// RUN:   --expect 'all(core_tracks[t["core"]].startswith("AIC" if t["kernel"] == "up" else "AIV") for t in tasks)' \
// RUN:   --expect 'total_cycles == stats["total_cycles"]' \
// RUN:   --expect 'len(edges) == len(set(edges)) == stats["dependency_edges"]' \
// RUN:   --expect 'all(start[b] >= end[a] for a, b in edges)' \
// RUN:   --expect 'sorted(nodes) == list(range(12)) and nodes[0].startswith("#0 up")' \
// RUN:   | FileCheck %s --check-prefix=TRACE
// RUN: FileCheck %s --check-prefix=DOT < %t/graph.dot
// RUN: pto-wsp-run %s --cache-dir %t.cache --host-threads 1 --gen 0=randn --gen 1=randn --gen 2=zeros \
// RUN:   --gen 3=zeros --gen 4=zeros --trace %t/trace1.json --graph-dot %t/graph1.dot > %t/run1.txt
// RUN: cmp %t/trace.json %t/trace1.json
// RUN: cmp %t/graph.dot %t/graph1.dot

// STATS: tasks: 12
// STATS: dependency_edges: 11
// STATS: trace: {{.*}}trace.json
// STATS: graph: {{.*}}graph.dot
// TRACE: PASS trace
// DOT: digraph ptowsp_tasks {
// DOT: t0 [label="#0 up {{.*}}\ncube {{[0-9]+}} cycles"
// DOT: t1 [label="#1 norm {{.*}}\nvector {{[0-9]+}} cycles"]
// DOT: t0 -> t1;
// DOT: }

tile.kernel @up(%x: !tile.view<16x64xf32, in>, %w: !tile.view<64x64xf32, in>,
                %h: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tw = tile.load %w : !tile.view<64x64xf32, in> -> !tile.tile<64x64xf32>
  %r = tile.matmul %tx, %tw : !tile.tile<16x64xf32>, !tile.tile<64x64xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %h : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @norm(%h: !tile.view<16x64xf32, in>, %o: !tile.view<16x64xf32, out>) {
  %t = tile.load %h : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %r = tile.relu %t : !tile.tile<16x64xf32>
  tile.store %r, %o : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @acc(%o: !tile.view<16x64xf32, in>, %s: !tile.view<16x64xf32, inout>) {
  %to = tile.load %o : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %ts = tile.load %s : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  %r = tile.add %ts, %to : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %s : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}

workload.workload @small(%X: memref<4x16x64xf32>, %W: memref<64x64xf32>,
                         %H: memref<4x16x64xf32>, %O: memref<4x16x64xf32>,
                         %S: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %tiles = workload.dense 4
  %w = workload.view %W[%c0, %c0] sizes [64, 64] : memref<64x64xf32> -> !workload.view<64x64xf32>
  %s = workload.view %S[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !workload.view<16x64xf32>
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<4x16x64xf32> -> !workload.view<16x64xf32>
    %h = workload.view %H[%t, %c0, %c0] sizes [1, 16, 64] : memref<4x16x64xf32> -> !workload.view<16x64xf32>
    %o = workload.view %O[%t, %c0, %c0] sizes [1, 16, 64] : memref<4x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @up(%x, %w, %h) : !workload.view<16x64xf32>, !workload.view<64x64xf32>, !workload.view<16x64xf32>
    workload.task @norm(%h, %o) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    workload.task @acc(%o, %s) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}
