//===- Passes.td - csp dialect passes -----------------------*- tablegen -*-===//

#ifndef PTOWSP_CSP_PASSES
#define PTOWSP_CSP_PASSES

include "mlir/Pass/PassBase.td"

def CSPVerifyDeadlockFree : Pass<"csp-verify-deadlock-free", "::ptowsp::workload::WorkloadOp"> {
  let summary = "reject pipelines that provably deadlock";
  let description = [{
    Rejects every `csp.pipeline` of the workload that deadlocks whenever it
    runs, naming the processes that wait forever and the channels they wait
    on. The check is conservative: a pipeline is rejected only when one of
    the two rules below proves that it cannot end; every other pipeline is
    accepted, and the runtime detects and reports the deadlocks that depend
    on run-time values.

    Both rules only use channel operations that a process *certainly*
    executes: those directly in its body or nested in loops over static
    `workload.dense` axes of size at least 1. Operations under a
    `workload.if`, in a loop whose trip count is known only at run time
    (`dense_dyn`, ragged and sparse axes) or in the body of a `csp.consume`
    may not run, so they prove nothing. Loops over an axis of size 0 never
    run. Channel operations of processes of a nested pipeline belong to
    those processes.

    **Rule 1 — blocked first operations.** The *first channel operation* of
    a process is the `csp.send` or `csp.consume` that each of its instances
    certainly executes before any other (a process whose first one depends
    on a branch or a run-time trip count has none). A set S of processes
    deadlocks at start-up if, for every process of S, its first channel
    operation is
    * a send on a rendezvous channel (capacity 0) `c`, and every process
      with a `csp.consume` of `c` is in S and does not start by consuming
      `c` (possibly no process consumes `c` at all); or
    * a consume of a channel `c` (of any capacity), and every producer of
      `c` (a process listing `c` in `produces`) is in S and does not start
      by sending on `c`.

    No instance of a process of S ever gets past its first channel
    operation: the first one to do so would need a partner (a receiver for
    the rendezvous; a token or the close of the channel, i.e. the end of
    every producer, for the consume) that is still blocked. The pass
    computes the largest such set. It covers rendezvous cycles where every
    process sends first, cycles where every process first waits for the
    previous one (whatever the capacities), the processes waiting for them,
    and rendezvous sends that no process ever receives. (A process that
    consumes a channel it produces itself is already rejected by the
    verifier: a process lists each channel once.)

    **Rule 2 — consumes that outlive their producers' end.** A
    `csp.consume` of `c` returns only when `c` is closed, i.e. after every
    instance of every producer of `c` has ended. So a process that
    certainly consumes `c` ends strictly after all producers of `c`. A
    cycle in this "ends after" relation (`a` consumes from `b` while `b`
    consumes from `a`, whatever the capacities and the order of sends and
    consumes) means that none of its processes ever ends, and the pipeline,
    which ends when all its processes have ended, never does. Since
    `csp.consume` is the only way to receive, a cycle of channels can end
    only if some process of it consumes conditionally.

    ```mlir
    // error: 'csp.pipeline' op deadlocks: processes 'ping' and 'pong' block
    // forever on their first channel operation
    csp.pipeline {
      %a = csp.channel "a" capacity 0 : !csp.channel<index>
      %b = csp.channel "b" capacity 0 : !csp.channel<index>
      csp.process "ping" consumes(%b : !csp.channel<index>)
          produces(%a : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.send %a, %instance : !csp.channel<index>   // waits for 'pong'
        csp.consume %b -> (%i) : !csp.channel<index> {
        }
      }
      csp.process "pong" consumes(%a : !csp.channel<index>)
          produces(%b : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.send %b, %instance : !csp.channel<index>   // waits for 'ping'
        csp.consume %a -> (%i) : !csp.channel<index> {
        }
      }
    }
    ```
  }];
}

#endif // PTOWSP_CSP_PASSES
