// A pipeline the static check must accept (its feedback consume is under a
// run-time condition) but that deadlocks when the condition holds: the
// loader waits for "credits" to close, which needs the worker to end, which
// needs "tiles" to close, which needs the loader to end. The runtime reports
// it, naming the processes and the channels they wait on, instead of hanging;
// with the condition false the same program runs to completion.
//
// RUN: rm -rf %t.cache
// RUN: pto-wsp-run %s --cache-dir %t.cache --arg 0=0 | FileCheck %s --check-prefix=OK
// RUN: not pto-wsp-run %s --cache-dir %t.cache --arg 0=1 2>&1 | FileCheck %s --check-prefix=DEADLOCK
// OK: channel tiles: capacity=2 tokens=4
// OK: channel credits: capacity=8 tokens=4
//
// Simulated time per process (CSPT), derived by hand for a channel latency
// L = 100 with no submit cost: the loader's sends 0 and 1 fit the 2 slots of
// "tiles" at cycle 0; send 2 waits until token 0 is received (0 + L = 100),
// send 3 until token 1 is (also 100), so the loader ends at L = 100. The
// worker receives tokens 0 and 1 at L, tokens 2 and 3 (sent at L) at 2L, and
// the close after them at 2L: it ends at 200, having waited 200 cycles.
// RUN: pto-wsp-run %s --cache-dir %t.cache --arg 0=0 --channel-latency 100 | FileCheck %s --check-prefix=CSPT
// CSPT: process loader[0]: tasks=0 sent=4 received=0 end_cycle=100 channel_wait_cycles=100
// CSPT: process worker[0]: tasks=0 sent=4 received=4 end_cycle=200 channel_wait_cycles=200
// CSPT: channel tiles: capacity=2 tokens=4 high_water=2
// DEADLOCK: workload 'feedback' failed (PTOWSP_ERR_DEADLOCK)
// DEADLOCK-DAG: 'loader[0]' blocks in receive on empty channel 'credits'
// DEADLOCK-DAG: 'worker[0]' blocks in receive on empty channel 'tiles'

workload.workload @feedback(%drain: i1) {
  csp.pipeline {
    %tiles = csp.channel "tiles" capacity 2 : !csp.channel<index>
    %credits = csp.channel "credits" capacity 8 : !csp.channel<index>
    csp.process "loader" consumes(%credits : !csp.channel<index>)
        produces(%tiles : !csp.channel<index>) {
    ^bb0(%i: index):
      %rows = workload.dense 4
      workload.for_each %r in %rows name("r") {
        csp.send %tiles, %r : !csp.channel<index>
      }
      workload.if %drain {
        csp.consume %credits -> (%c) : !csp.channel<index> {
        }
      }
    }
    csp.process "worker" consumes(%tiles : !csp.channel<index>)
        produces(%credits : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %tiles -> (%r) : !csp.channel<index> {
        csp.send %credits, %r : !csp.channel<index>
      }
    }
  }
}
