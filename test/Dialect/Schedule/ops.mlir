// RUN: pto-wsp-opt %s | pto-wsp-opt | FileCheck %s
// Round trip of schedules, every knob and key regions.

tile.kernel @attend(%q: !tile.view<16x128xf32, inout>, %len: i64) {
  tile.return
}

workload.workload @attention(%Q: memref<2x8x16x128xf32>, %len: i64) {
  %c0 = arith.constant 0 : index
  %batch = workload.dense 2
  %heads = workload.dense 8
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %h in %heads name("h") {
      %q = workload.view %Q[%b, %h, %c0, %c0] sizes [1, 1, 16, 128]
          : memref<2x8x16x128xf32> -> !workload.view<16x128xf32>
      workload.task @attend(%q, %len) : !workload.view<16x128xf32>, i64
    }
  }
}

// A schedule that sets no knob keeps every default.
// CHECK-LABEL: schedule.schedule @defaults for @attention {
// CHECK-NEXT: }
schedule.schedule @defaults for @attention {
}

// CHECK-LABEL: schedule.schedule @every_knob for @attention {
schedule.schedule @every_knob for @attention {
  // CHECK: schedule.dispatch affinity {
  // CHECK-NEXT: ^bb0(%[[T:.*]]: !schedule.task):
  // CHECK-NEXT: %[[B:.*]] = schedule.task_axis %[[T]] "b" : index
  // CHECK-NEXT: %[[H:.*]] = schedule.task_axis %[[T]] "h" : index
  // CHECK-NEXT: %[[C8:.*]] = arith.constant 8 : index
  // CHECK-NEXT: %[[BH:.*]] = arith.muli %[[B]], %[[C8]] : index
  // CHECK-NEXT: %[[KEY:.*]] = arith.addi %[[BH]], %[[H]] : index
  // CHECK-NEXT: schedule.yield %[[KEY]] : index
  schedule.dispatch affinity {
  ^bb0(%t: !schedule.task):
    %b = schedule.task_axis %t "b" : index
    %h = schedule.task_axis %t "h" : index
    %c8 = arith.constant 8 : index
    %bh = arith.muli %b, %c8 : index
    %key = arith.addi %bh, %h : index
    schedule.yield %key : index
  }
  // CHECK: schedule.task_window 1024 tasks mode(abort)
  schedule.task_window 1024 tasks mode(abort)
  // CHECK: schedule.deps hybrid
  schedule.deps hybrid
  // CHECK: schedule.ready priority {
  // CHECK: %[[LEN:.*]] = schedule.task_param %{{.*}} 0 : i64
  // CHECK-NEXT: schedule.yield %[[LEN]] : i64
  schedule.ready priority {
  ^bb0(%t: !schedule.task):
    %len = schedule.task_param %t 0 : i64
    schedule.yield %len : i64
  }
  // CHECK: schedule.pools by_unit
  schedule.pools by_unit
  // CHECK: schedule.start threshold(64)
  schedule.start threshold(64)
  // CHECK: schedule.streams 2
  schedule.streams 2
  // CHECK: schedule.stream_by {
  // CHECK: schedule.task_axis %{{.*}} "h" : index
  schedule.stream_by {
  ^bb0(%t: !schedule.task):
    %h = schedule.task_axis %t "h" : index
    schedule.yield %h : index
  }
  // CHECK: schedule.timing batched(16)
  schedule.timing batched(16)
  // CHECK: schedule.trace both
  schedule.trace both
}

// Several schedules for one workload; knobs without operands.
// CHECK-LABEL: schedule.schedule @simple for @attention {
schedule.schedule @simple for @attention {
  // CHECK: schedule.dispatch round_robin(4)
  schedule.dispatch round_robin(4)
  // The default window mode is not printed.
  // CHECK: schedule.task_window 8192 tasks{{$}}
  schedule.task_window 8192 tasks mode(stall)
  // CHECK: schedule.ready work_steal
  schedule.ready work_steal
  // CHECK: schedule.start after_orchestration
  schedule.start after_orchestration
  // CHECK: schedule.timing immediate
  schedule.timing immediate
  // CHECK: schedule.trace timeline
  schedule.trace timeline
}

// CHECK-LABEL: schedule.schedule @other_policies for @attention {
schedule.schedule @other_policies for @attention {
  // CHECK: schedule.dispatch work_steal
  schedule.dispatch work_steal
  // CHECK: schedule.deps overlap
  schedule.deps overlap
  // CHECK: schedule.pools single
  schedule.pools single
}

// CHECK-LABEL: schedule.schedule @hashed for @attention {
schedule.schedule @hashed for @attention {
  // CHECK: schedule.dispatch hash {
  schedule.dispatch hash {
  ^bb0(%t: !schedule.task):
    %b = schedule.task_axis %t "b" : index
    schedule.yield %b : index
  }
  // CHECK: schedule.deps explicit
  schedule.deps explicit
}

// CHECK-LABEL: schedule.schedule @custom for @attention {
schedule.schedule @custom for @attention {
  // CHECK: schedule.dispatch custom {
  schedule.dispatch custom {
  ^bb0(%t: !schedule.task):
    %h = schedule.task_axis %t "h" : index
    schedule.yield %h : index
  }
  // CHECK: schedule.deps exact
  schedule.deps exact
  // CHECK: schedule.ready fifo
  schedule.ready fifo
  // CHECK: schedule.task_window 64 tasks mode(benchmark)
  schedule.task_window 64 tasks mode(benchmark)
  // CHECK: schedule.trace none
  schedule.trace none
}
