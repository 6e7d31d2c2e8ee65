// RUN: pto-wsp-opt %s -split-input-file -csp-verify-deadlock-free -verify-diagnostics | FileCheck %s
// Pipelines that provably deadlock are rejected, naming the processes and
// the channels they wait on; pipelines that can end, or whose deadlock
// depends on run-time values, are accepted.

// Acyclic: load -> compute -> store through a rendezvous and a buffered
// channel, with a replicated middle stage.
// CHECK-LABEL: workload.workload @acyclic
workload.workload @acyclic() {
  csp.pipeline {
    %loaded = csp.channel "loaded" capacity 0 : !csp.channel<index>
    %computed = csp.channel "computed" capacity 2 : !csp.channel<index>
    csp.process "load" produces(%loaded : !csp.channel<index>) {
    ^bb0(%instance: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        csp.send %loaded, %r : !csp.channel<index>
      }
    }
    csp.process "compute" consumes(%loaded : !csp.channel<index>)
        produces(%computed : !csp.channel<index>) replicas(2) {
    ^bb0(%instance: index):
      csp.consume %loaded -> (%r) : !csp.channel<index> {
        csp.send %computed, %r : !csp.channel<index>
      }
    }
    csp.process "store" consumes(%computed : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.consume %computed -> (%r) : !csp.channel<index> {
      }
    }
  }
}

// -----

// A cycle whose feedback channel is consumed only under a run-time condition
// ends when the condition is false ('credits' then buffers the 8 tokens
// nobody takes): not provably a deadlock.
// CHECK-LABEL: workload.workload @conditional_feedback
workload.workload @conditional_feedback(%drain: i1) {
  csp.pipeline {
    %tiles = csp.channel "tiles" capacity 2 : !csp.channel<index>
    %credits = csp.channel "credits" capacity 8 : !csp.channel<index>
    csp.process "loader" consumes(%credits : !csp.channel<index>)
        produces(%tiles : !csp.channel<index>) {
    ^bb0(%instance: index):
      %rows = workload.dense 8
      workload.for_each %r in %rows name("r") {
        csp.send %tiles, %r : !csp.channel<index>
      }
      workload.if %drain {
        csp.consume %credits -> (%r) : !csp.channel<index> {
        }
      }
    }
    csp.process "worker" consumes(%tiles : !csp.channel<index>)
        produces(%credits : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.consume %tiles -> (%r) : !csp.channel<index> {
        csp.send %credits, %r : !csp.channel<index>
      }
    }
  }
}

// -----

// A rendezvous cycle whose first operations depend on run-time trip counts is
// left to the runtime.
// CHECK-LABEL: workload.workload @run_time_trip_count
workload.workload @run_time_trip_count(%n: index, %flag: i1) {
  csp.pipeline {
    %a = csp.channel "a" capacity 0 : !csp.channel<index>
    %b = csp.channel "b" capacity 0 : !csp.channel<index>
    csp.process "ping" consumes(%b : !csp.channel<index>)
        produces(%a : !csp.channel<index>) {
    ^bb0(%instance: index):
      %steps = workload.dense_dyn %n
      workload.for_each %s in %steps name("s") {
        csp.send %a, %s : !csp.channel<index>
      }
      workload.if %flag {
        csp.consume %b -> (%i) : !csp.channel<index> {
        }
      }
    }
    csp.process "pong" consumes(%a : !csp.channel<index>)
        produces(%b : !csp.channel<index>) {
    ^bb0(%instance: index):
      %steps = workload.dense_dyn %n
      workload.for_each %s in %steps name("s") {
        csp.send %b, %s : !csp.channel<index>
      }
      csp.consume %a -> (%i) : !csp.channel<index> {
      }
    }
  }
}

// -----

// Rule 1: a rendezvous cycle where every process sends first. 'observer'
// first waits for a channel only 'ping' produces, so it is stuck too; the
// first send of 'ping' is in a loop that certainly runs.
workload.workload @rendezvous_cycle() {
  // expected-error @below {{'csp.pipeline' op deadlocks: processes 'ping', 'pong' and 'observer' block forever on their first channel operation}}
  csp.pipeline {
    %a = csp.channel "a" capacity 0 : !csp.channel<index>
    %b = csp.channel "b" capacity 0 : !csp.channel<index>
    %log = csp.channel "log" : !csp.channel<index>
    csp.process "ping" consumes(%b : !csp.channel<index>)
        produces(%a, %log : !csp.channel<index>, !csp.channel<index>) {
    ^bb0(%instance: index):
      %steps = workload.dense 4
      workload.for_each %s in %steps name("s") {
        // expected-note @below {{process 'ping' waits here to send on rendezvous channel 'a' until 'pong' receives from it}}
        csp.send %a, %s : !csp.channel<index>
        csp.send %log, %s : !csp.channel<index>
      }
      csp.consume %b -> (%i) : !csp.channel<index> {
      }
    }
    csp.process "pong" consumes(%a : !csp.channel<index>)
        produces(%b : !csp.channel<index>) replicas(2) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'pong' waits here to send on rendezvous channel 'b' until 'ping' receives from it}}
      csp.send %b, %instance : !csp.channel<index>
      csp.consume %a -> (%i) : !csp.channel<index> {
      }
    }
    csp.process "observer" consumes(%log : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'observer' waits here to receive from channel 'log' until 'ping' sends on it or ends}}
      csp.consume %log -> (%i) : !csp.channel<index> {
      }
    }
  }
}

// -----

// Rule 1: every process of the cycle first waits for the previous one,
// whatever the capacities. The loop before 'first's consume never runs.
workload.workload @receive_cycle() {
  // expected-error @below {{'csp.pipeline' op deadlocks: processes 'first', 'second' and 'third' block forever on their first channel operation}}
  csp.pipeline {
    %x = csp.channel "x" capacity 4 : !csp.channel<index>
    %y = csp.channel "y" capacity 4 : !csp.channel<index>
    %z = csp.channel "z" capacity 4 : !csp.channel<index>
    csp.process "first" consumes(%z : !csp.channel<index>)
        produces(%x : !csp.channel<index>) {
    ^bb0(%instance: index):
      %none = workload.dense 0
      workload.parallel_for %i in %none name("i") {
        csp.send %x, %i : !csp.channel<index>
      }
      // expected-note @below {{process 'first' waits here to receive from channel 'z' until 'third' sends on it or ends}}
      csp.consume %z -> (%i) : !csp.channel<index> {
        csp.send %x, %i : !csp.channel<index>
      }
    }
    csp.process "second" consumes(%x : !csp.channel<index>)
        produces(%y : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'second' waits here to receive from channel 'x' until 'first' sends on it or ends}}
      csp.consume %x -> (%i) : !csp.channel<index> {
        csp.send %y, %i : !csp.channel<index>
      }
    }
    csp.process "third" consumes(%y : !csp.channel<index>)
        produces(%z : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'third' waits here to receive from channel 'y' until 'second' sends on it or ends}}
      csp.consume %y -> (%i) : !csp.channel<index> {
        csp.send %z, %i : !csp.channel<index>
      }
    }
  }
}

// -----

// Rule 1 with several partners: 'p' needs one of 'q1', 'q2' to receive, they
// need 'p' to receive, and 'watch' needs one of them to send or both to end.
workload.workload @several_partners() {
  // expected-error @below {{'csp.pipeline' op deadlocks: processes 'p', 'q1', 'q2' and 'watch' block forever on their first channel operation}}
  csp.pipeline {
    %x = csp.channel "x" capacity 0 : !csp.channel<index>
    %y = csp.channel "y" capacity 0 : !csp.channel<index>
    %z = csp.channel "z" : !csp.channel<index>
    csp.process "p" consumes(%y : !csp.channel<index>) produces(%x : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'p' waits here to send on rendezvous channel 'x' until one of 'q1' and 'q2' receives from it}}
      csp.send %x, %instance : !csp.channel<index>
      csp.consume %y -> (%i) : !csp.channel<index> {
      }
    }
    csp.process "q1" consumes(%x : !csp.channel<index>)
        produces(%y, %z : !csp.channel<index>, !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'q1' waits here to send on rendezvous channel 'y' until 'p' receives from it}}
      csp.send %y, %instance : !csp.channel<index>
      csp.consume %x -> (%i) : !csp.channel<index> {
        csp.send %z, %i : !csp.channel<index>
      }
    }
    csp.process "q2" consumes(%x : !csp.channel<index>)
        produces(%y, %z : !csp.channel<index>, !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'q2' waits here to send on rendezvous channel 'y' until 'p' receives from it}}
      csp.send %y, %instance : !csp.channel<index>
      csp.consume %x -> (%i) : !csp.channel<index> {
        csp.send %z, %i : !csp.channel<index>
      }
    }
    csp.process "watch" consumes(%z : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'watch' waits here to receive from channel 'z' until one of 'q1' and 'q2' sends on it or they all end}}
      csp.consume %z -> (%i) : !csp.channel<index> {
      }
    }
  }
}

// -----

// Rule 1: a rendezvous send that no process ever receives ('sink' lists the
// channel but never consumes it).
workload.workload @never_received() {
  // expected-error @below {{'csp.pipeline' op deadlocks: process 'source' blocks forever on its first channel operation}}
  csp.pipeline {
    %c = csp.channel "c" capacity 0 : !csp.channel<index>
    csp.process "source" produces(%c : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'source' waits here to send on rendezvous channel 'c', which no process ever consumes}}
      csp.send %c, %instance : !csp.channel<index>
    }
    csp.process "sink" consumes(%c : !csp.channel<index>) {
    ^bb0(%instance: index):
    }
  }
}

// -----

// Rule 2: buffered sends complete, but each process then consumes until the
// other has ended.
workload.workload @buffered_cycle() {
  // expected-error @below {{'csp.pipeline' op deadlocks: processes 'ping' and 'pong' never end: each consumes a channel that closes only after the next one has ended}}
  csp.pipeline {
    %a = csp.channel "a" capacity 1 : !csp.channel<index>
    %b = csp.channel "b" capacity 1 : !csp.channel<index>
    csp.process "ping" consumes(%b : !csp.channel<index>)
        produces(%a : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %a, %instance : !csp.channel<index>
      // expected-note @below {{process 'ping' consumes channel 'b' here until it closes, after 'pong' has ended}}
      csp.consume %b -> (%i) : !csp.channel<index> {
      }
    }
    csp.process "pong" consumes(%a : !csp.channel<index>)
        produces(%b : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %b, %instance : !csp.channel<index>
      // expected-note @below {{process 'pong' consumes channel 'a' here until it closes, after 'ping' has ended}}
      csp.consume %a -> (%i) : !csp.channel<index> {
      }
    }
  }
}

// -----

// Rule 2: a rendezvous cycle where one side receives first passes rule 1,
// but 'ping' consumes 'b' until 'pong' ends, and 'pong' consumes 'a' until
// 'ping' ends.
workload.workload @rendezvous_feedback() {
  // expected-error @below {{'csp.pipeline' op deadlocks: processes 'ping' and 'pong' never end}}
  csp.pipeline {
    %a = csp.channel "a" capacity 0 : !csp.channel<index>
    %b = csp.channel "b" capacity 0 : !csp.channel<index>
    csp.process "ping" consumes(%b : !csp.channel<index>)
        produces(%a : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %a, %instance : !csp.channel<index>
      // expected-note @below {{process 'ping' consumes channel 'b' here until it closes, after 'pong' has ended}}
      csp.consume %b -> (%i) : !csp.channel<index> {
      }
    }
    csp.process "pong" consumes(%a : !csp.channel<index>)
        produces(%b : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'pong' consumes channel 'a' here until it closes, after 'ping' has ended}}
      csp.consume %a -> (%i) : !csp.channel<index> {
        csp.send %b, %i : !csp.channel<index>
      }
    }
  }
}

// -----

// Rule 2 through a consume in a loop that certainly runs, on a channel with
// two producers: 'c' closes only after both 'seed' and 'relay' have ended.
workload.workload @consume_cycle() {
  // expected-error @below {{'csp.pipeline' op deadlocks: processes 'echo' and 'relay' never end: each consumes a channel that closes only after the next one has ended}}
  csp.pipeline {
    %c = csp.channel "c" capacity 2 : !csp.channel<index>
    %d = csp.channel "d" capacity 2 : !csp.channel<index>
    csp.process "seed" produces(%c : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %c, %instance : !csp.channel<index>
    }
    csp.process "echo" consumes(%c : !csp.channel<index>)
        produces(%d : !csp.channel<index>) {
    ^bb0(%instance: index):
      %rounds = workload.dense 2
      workload.parallel_for %r in %rounds name("r") {
        // expected-note @below {{process 'echo' consumes channel 'c' here until it closes, after 'seed' and 'relay' have ended}}
        csp.consume %c -> (%i) : !csp.channel<index> {
          csp.send %d, %i : !csp.channel<index>
        }
      }
    }
    csp.process "relay" consumes(%d : !csp.channel<index>)
        produces(%c : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-note @below {{process 'relay' consumes channel 'd' here until it closes, after 'echo' has ended}}
      csp.consume %d -> (%i) : !csp.channel<index> {
        csp.send %c, %i : !csp.channel<index>
      }
    }
  }
}

// -----

// A nested pipeline is checked on its own; its processes' channel operations
// are not the enclosing process's.
workload.workload @nested() {
  csp.pipeline {
    %c = csp.channel "c" capacity 0 : !csp.channel<index>
    csp.process "outer_producer" produces(%c : !csp.channel<index>) {
    ^bb0(%instance: index):
      csp.send %c, %instance : !csp.channel<index>
    }
    csp.process "outer_consumer" consumes(%c : !csp.channel<index>) {
    ^bb0(%instance: index):
      // expected-error @below {{'csp.pipeline' op deadlocks: process 'inner' blocks forever on its first channel operation}}
      csp.pipeline {
        %d = csp.channel "d" capacity 0 : !csp.channel<index>
        csp.process "inner" produces(%d : !csp.channel<index>) {
        ^bb0(%inner: index):
          // expected-note @below {{process 'inner' waits here to send on rendezvous channel 'd', which no process ever consumes}}
          csp.send %d, %inner : !csp.channel<index>
        }
        csp.process "inner_sink" consumes(%d : !csp.channel<index>) {
        ^bb0(%inner: index):
        }
      }
      csp.consume %c -> (%i) : !csp.channel<index> {
      }
    }
  }
}
