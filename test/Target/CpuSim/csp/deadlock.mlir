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
