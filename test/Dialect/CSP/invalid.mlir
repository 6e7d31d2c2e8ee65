// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics
// One case per diagnostic of the csp dialect's verifiers.

// expected-error @below {{channel payloads must be integers, index, floats or !workload.view, got 'memref<4xf32>'}}
func.func private @payload(!csp.channel<memref<4xf32>>)

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
  csp.process "q" consumes(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
  // expected-error @below {{'arith.constant' op is not allowed in a pipeline, which holds only 'csp.channel' and 'csp.process' operations}}
  %k = arith.constant 0 : index
}

// -----

csp.pipeline {
  // expected-note @below {{first declared here}}
  %c = csp.channel "c" : !csp.channel<index>
  // expected-error @below {{'csp.channel' op channel name 'c' is already used in this pipeline}}
  %d = csp.channel "c" : !csp.channel<index>
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  // expected-note @below {{first declared here}}
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
  // expected-error @below {{'csp.process' op process name 'p' is already used in this pipeline}}
  csp.process "p" consumes(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  // expected-error @below {{'csp.channel' op channel 'c' is never produced: no process lists it in 'produces'}}
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "q" consumes(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  // expected-error @below {{'csp.channel' op channel 'c' is never consumed: no process lists it in 'consumes'}}
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  // expected-error @below {{'csp.channel' op channel name must not be empty}}
  %c = csp.channel "" : !csp.channel<index>
}

// -----

csp.pipeline {
  // expected-error @below {{'csp.channel' op capacity must be non-negative (0 is a rendezvous), got -1}}
  %c = csp.channel "c" capacity -1 : !csp.channel<index>
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  // expected-error @below {{'csp.process' op process name must not be empty}}
  csp.process "" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  // expected-error @below {{'csp.process' op replicas must be at least 1, got 0}}
  csp.process "p" produces(%c : !csp.channel<index>) replicas(0) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  // expected-error @below {{'csp.process' op body must have exactly one 'index' argument (the instance number)}}
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: i32):
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "outer" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
    csp.pipeline {
      %d = csp.channel "d" : !csp.channel<index>
      // expected-error @below {{'csp.process' op may only list channels declared in its own pipeline}}
      csp.process "inner" produces(%c, %d : !csp.channel<index>, !csp.channel<index>) {
      ^bb0(%i: index):
      }
    }
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  // expected-error @below {{'csp.process' op lists channel 'c' more than once}}
  csp.process "p" consumes(%c : !csp.channel<index>) produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

func.func @send_outside(%c: !csp.channel<index>, %i: index) {
  // expected-error @below {{'csp.send' op must be nested in a 'csp.process'}}
  csp.send %c, %i : !csp.channel<index>
  return
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  %d = csp.channel "d" : !csp.channel<index>
  csp.process "p" consumes(%d : !csp.channel<index>) produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
    // expected-error @below {{'csp.send' op uses channel 'd', which process 'p' does not list in 'produces'}}
    csp.send %d, %instance : !csp.channel<index>
  }
  csp.process "q" consumes(%c : !csp.channel<index>) produces(%d : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
    // expected-error @below {{'csp.consume' op uses channel 'c', which process 'p' does not list in 'consumes'}}
    csp.consume %c -> (%i) : !csp.channel<index> {
    }
  }
  csp.process "q" consumes(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
    %x = arith.constant 1 : i32
    // expected-error @below {{'csp.send' op failed to verify that payload types match the channel's payload types}}
    "csp.send"(%c, %x) : (!csp.channel<index>, i32) -> ()
  }
  csp.process "q" consumes(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index>
  csp.process "p" produces(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
  }
  csp.process "q" consumes(%c : !csp.channel<index>) {
  ^bb0(%instance: index):
    // expected-error @below {{'csp.consume' op body arguments must match the channel's payload types '!csp.channel<index>'}}
    "csp.consume"(%c) ({
    ^bb0(%i: i64):
      "csp.yield"() : () -> ()
    }) : (!csp.channel<index>) -> ()
  }
}

// -----

csp.pipeline {
  %c = csp.channel "c" : !csp.channel<index, index>
  csp.process "p" produces(%c : !csp.channel<index, index>) {
  ^bb0(%instance: index):
  }
  csp.process "q" consumes(%c : !csp.channel<index, index>) {
  ^bb0(%instance: index):
    // expected-error @below {{expected 2 payload values for '!csp.channel<index, index>', got 1}}
    csp.consume %c -> (%i) : !csp.channel<index, index> {
    }
  }
}
