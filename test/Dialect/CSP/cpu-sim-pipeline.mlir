// RUN: not pto-wsp-opt %s --pto-wsp-cpu-sim 2>&1 | FileCheck %s
// The cpu_sim pipeline rejects a provably deadlocking pipeline before
// lowering it.

// CHECK: error: 'csp.pipeline' op deadlocks: processes 'ping' and 'pong' block forever on their first channel operation
// CHECK-NOT: error
workload.workload @ping_pong() {
  csp.pipeline {
    %a = csp.channel "a" capacity 0 : !csp.channel<index>
    %b = csp.channel "b" capacity 0 : !csp.channel<index>
    csp.process "ping" consumes(%b : !csp.channel<index>)
        produces(%a : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %a, %instance : !csp.channel<index>
      csp.consume %b -> (%i) : !csp.channel<index> {
      }
    }
    csp.process "pong" consumes(%a : !csp.channel<index>)
        produces(%b : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %b, %instance : !csp.channel<index>
      csp.consume %a -> (%i) : !csp.channel<index> {
      }
    }
  }
}
