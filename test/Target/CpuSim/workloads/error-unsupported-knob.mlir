// Schedule knobs cpu_sim cannot honour are rejected with a diagnostic naming
// the knob (never accepted and ignored, ARCHITECTURE.md §3.3), at compile
// time where possible, else when the runtime is created; nothing runs.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: not pto-wsp-run %s --cache-dir %t.cache --schedule batched --gen 0=ones 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BATCHED
// BATCHED: error: 'taskgraph.graph' op timing 'batched' is not supported by target cpu_sim
// BATCHED-NOT: tasks:
// RUN: not pto-wsp-run %s --cache-dir %t.cache --schedule benchmark --gen 0=ones 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BENCH
// BENCH: error: 'taskgraph.graph' op window mode 'benchmark' is not supported by target cpu_sim
// RUN: not pto-wsp-run %s --cache-dir %t.cache --schedule rr8 --gen 0=ones 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RR8
// RR8: pto-wsp-run: error: invalid runtime configuration: {{.*}}dispatch_targets is 8; it must be in [0, machine.schedulers = 4]
// RUN: not pto-wsp-run %s --cache-dir %t.cache --schedule steal_steal --gen 0=ones 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STEAL
// STEAL: pto-wsp-run: error: invalid runtime configuration: {{.*}}ready work_steal needs a dispatch policy that assigns schedulers

tile.kernel @touch(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @rows(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 8
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    workload.task @touch(%x) : !workload.view<1x128xf32>
  }
}

schedule.schedule @batched for @rows {
  schedule.timing batched(4)
}
schedule.schedule @benchmark for @rows {
  schedule.task_window 4 tasks mode(benchmark)
}
// More schedulers than the A2/A3 model has.
schedule.schedule @rr8 for @rows {
  schedule.dispatch round_robin(8)
}
schedule.schedule @steal_steal for @rows {
  schedule.dispatch work_steal
  schedule.ready work_steal
}
