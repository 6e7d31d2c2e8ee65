// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics
// One case per diagnostic of the schedule dialect's verifiers.

func.func private @not_a_workload()

// expected-error @below {{'schedule.schedule' op 'not_a_workload' does not name a workload.workload}}
schedule.schedule @s for @not_a_workload {
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'arith.constant' op is not a schedule knob; a schedule holds only knob operations}}
  %c = arith.constant 0 : index
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-note @below {{first set here}}
  schedule.deps exact
  // expected-error @below {{'schedule.deps' op sets a knob this schedule already sets}}
  schedule.deps overlap
}

// -----

workload.workload @w() {
  workload.yield
}

// expected-error @below {{'schedule.schedule' op 'schedule.streams' and 'schedule.stream_by' must be set together}}
schedule.schedule @s for @w {
  schedule.streams 2
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.dispatch' op 'round_robin' requires a scheduler count: round_robin(n)}}
  schedule.dispatch round_robin
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.dispatch' op 'work_steal' takes no scheduler count}}
  schedule.dispatch work_steal(2)
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.dispatch' op scheduler count must be positive, got 0}}
  schedule.dispatch round_robin(0)
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.dispatch' op 'hash' requires a key region}}
  schedule.dispatch hash
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.dispatch' op 'work_steal' takes no key region}}
  schedule.dispatch work_steal {
  ^bb0(%t: !schedule.task):
    %c = arith.constant 0 : index
    schedule.yield %c : index
  }
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.dispatch' op key region must have exactly one '!schedule.task' argument}}
  schedule.dispatch hash {
  ^bb0(%i: index):
    schedule.yield %i : index
  }
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.ready' op key region must end with 'schedule.yield'}}
  schedule.ready priority {
  ^bb0(%t: !schedule.task):
    workload.yield
  }
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  schedule.stream_by {
  ^bb0(%t: !schedule.task):
    // expected-error @below {{'workload.dense' op is not allowed in a key region; keys are computed with 'arith' operations, 'schedule.task_axis' and 'schedule.task_param'}}
    %a = workload.dense 4
    %c = arith.constant 0 : index
    schedule.yield %c : index
  }
  schedule.streams 2
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.ready' op 'priority' requires a key region}}
  schedule.ready priority
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.task_window' op window size must be positive, got -1}}
  schedule.task_window -1 tasks
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.start' op 'threshold' requires a task count: threshold(n)}}
  schedule.start threshold
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.streams' op stream count must be positive, got 0}}
  schedule.streams 0
  schedule.stream_by {
  ^bb0(%t: !schedule.task):
    %c = arith.constant 0 : index
    schedule.yield %c : index
  }
}

// -----

workload.workload @w() {
  workload.yield
}

schedule.schedule @s for @w {
  // expected-error @below {{'schedule.timing' op 'immediate' takes no batch size}}
  schedule.timing immediate(4)
}

// -----

tile.kernel @k(%x: !tile.view<1x128xf32, in>, %n: i64) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>, %n: i64) {
  %c0 = arith.constant 0 : index
  %rows = workload.dense 4
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @k(%x, %n) : !workload.view<1x128xf32>, i64
  }
  %x0 = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  // expected-note @below {{this task is not nested in a loop named 'r'}}
  workload.task @k(%x0, %n) : !workload.view<1x128xf32>, i64
}

schedule.schedule @s for @w {
  schedule.dispatch affinity {
  ^bb0(%t: !schedule.task):
    // expected-error @below {{'schedule.task_axis' op loop variable 'r' does not enclose every task of @w}}
    %r = schedule.task_axis %t "r" : index
    schedule.yield %r : index
  }
}

// -----

tile.kernel @k(%x: !tile.view<1x128xf32, in>, %n: i64) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>, %n: i64) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  // expected-note @below {{this task has 1 scalar arguments}}
  workload.task @k(%x, %n) : !workload.view<1x128xf32>, i64
}

schedule.schedule @s for @w {
  schedule.ready priority {
  ^bb0(%t: !schedule.task):
    // expected-error @below {{'schedule.task_param' op scalar parameter #1 is not defined for every task of @w}}
    %p = schedule.task_param %t 1 : i64
    schedule.yield %p : i64
  }
}

// -----

tile.kernel @k(%x: !tile.view<1x128xf32, in>, %n: i64) {
  tile.return
}

workload.workload @w(%X: memref<4x128xf32>, %n: i64) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  // expected-note @below {{task here}}
  workload.task @k(%x, %n) : !workload.view<1x128xf32>, i64
}

schedule.schedule @s for @w {
  schedule.ready priority {
  ^bb0(%t: !schedule.task):
    // expected-error @below {{'schedule.task_param' op scalar parameter #0 is read as 'i32' but has type 'i64' in a task}}
    %p = schedule.task_param %t 0 : i32
    schedule.yield %p : i32
  }
}
