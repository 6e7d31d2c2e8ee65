// Dispatch, window and ready-order effects on the simulated time, checked
// against numbers derived by hand from the runtime's model
// (runtime/include/pto-wsp/cpu_sim/runtime.h, runtime/lib/Simulator.cpp):
// A2/A3 = 4 AICPU schedulers, each owning 6 AIC and 12 AIV; a dispatch
// occupies its scheduler for D = 100 cycles and the kernel starts when the
// dispatch ends; tasks are released together at the end of orchestration
// (start after_orchestration, submit cost 0) unless the window holds them.
//
// The kernel's cycles are pinned first (pto-wsp-opt --tile-plan-buffers
// --tile-estimate-cycles), so that a cost-model change shows up here, not as
// a puzzling timing mismatch below.
// RUN: pto-wsp-opt %s --tile-legalize-broadcast --tile-plan-buffers --tile-estimate-cycles \
// RUN:   | FileCheck %s --check-prefix=CYCLES
// CYCLES: tile.kernel @twice({{.*}}tile.cycles = 182 : i64
//
// DEFINE: %{ind} = pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros
// RUN: rm -rf %t %t.cache && mkdir -p %t
//
// (1) 32 independent `twice` tasks (C = 182 cycles). A scheduler dispatches
// one task per D and a task never waits for a core (C < 12 * D), so with n
// schedulers sharing the tasks evenly the last one starts at (32 / n) * D
// and total = (32 / n) * D + C:
//   round_robin(1) 3382, round_robin(2) 1782, round_robin(4) 982; work_steal
//   (any scheduler takes the next ready task) also spreads over 4: 982.
// Window 1 (stall; tasks start as they are submitted, start threshold(1)):
//   every task waits for the previous one: 32 * (D + C) = 9024, with 31
//   TASK_RING_FULL episodes of D + C cycles each. Window 4 with
//   round_robin(4): 8 rounds of 4 parallel tasks: 8 * (D + C) = 2256.
//   Window 64 never fills: as round_robin(4).
// RUN: %{ind} --schedule rr1 --output 1=%t/y.rr1.npy > %t/rr1.txt
// RUN: %{ind} --schedule rr2 > %t/rr2.txt
// RUN: %{ind} --schedule rr4 --output 1=%t/y.rr4.npy > %t/rr4.txt
// RUN: %{ind} --schedule steal > %t/steal.txt
// RUN: %{ind} --schedule window1 --output 1=%t/y.window1.npy > %t/window1.txt
// RUN: %{ind} --schedule window4 > %t/window4.txt
// RUN: %{ind} --schedule window64 > %t/window64.txt
// RUN: %python %S/Inputs/stats.py dispatch-window rr1=%t/rr1.txt rr2=%t/rr2.txt rr4=%t/rr4.txt \
// RUN:   steal=%t/steal.txt window1=%t/window1.txt window4=%t/window4.txt window64=%t/window64.txt \
// RUN:   --expect 'rr1.total_cycles == 32 * 100 + 182' \
// RUN:   --expect 'rr2.total_cycles == 16 * 100 + 182' \
// RUN:   --expect 'rr4.total_cycles == 8 * 100 + 182' \
// RUN:   --expect 'steal.total_cycles == 8 * 100 + 182' \
// RUN:   --expect 'window1.total_cycles == 32 * (100 + 182)' \
// RUN:   --expect 'window1.window_high_water == 1' \
// RUN:   --expect 'window1.stalls_TASK_RING_FULL == 31' \
// RUN:   --expect 'window1.stall_cycles_TASK_RING_FULL == 31 * (100 + 182)' \
// RUN:   --expect 'window4.total_cycles == 8 * (100 + 182) and window4.window_high_water == 4' \
// RUN:   --expect 'window64.total_cycles == rr4.total_cycles and window64.stalls_TASK_RING_FULL == 0' \
// RUN:   --expect 'rr4.total_cycles < rr2.total_cycles < rr1.total_cycles' \
// RUN:   --expect 'window1.total_cycles >= window4.total_cycles >= window64.total_cycles' \
// RUN:   | FileCheck %s --check-prefix=DW
// DW: PASS dispatch-window
//
// The results do not depend on any of this.
// RUN: %python %S/Inputs/check.py independent --out rr1=%t/y.rr1.npy --out rr4=%t/y.rr4.npy \
// RUN:   --out window1=%t/y.window1.npy --rtol 0 --atol 0 \
// RUN:   --ref 'rr1 = rr4 = window1 = 2 * np.arange(32 * 16 * 64, dtype=np.float32).reshape(32, 16, 64)' \
// RUN:   | FileCheck %s --check-prefix=IND
// IND: PASS independent
//
// (2) Ready order, on one scheduler (round_robin(1)): FIFO dispatches task t
// (the task of loop index t) at t * D, so it starts at (t + 1) * D; ready
// priority keyed by t serves the highest first: task t starts at
// (32 - t) * D. Same makespan (3382) either way. Read from the trace.
// RUN: %{ind} --schedule rr1 --trace %t/fifo.json > %t/fifo.txt
// RUN: %{ind} --schedule prio --trace %t/prio.json > %t/prio.txt
// RUN: %python %S/Inputs/trace.py fifo %t/fifo.json \
// RUN:   --expect 'all(start[t] == (t + 1) * 100 for t in range(32))' --expect 'total_cycles == 3382' \
// RUN:   | FileCheck %s --check-prefix=FIFO
// RUN: %python %S/Inputs/trace.py prio %t/prio.json \
// RUN:   --expect 'all(start[t] == (32 - t) * 100 for t in range(32))' --expect 'total_cycles == 3382' \
// RUN:   | FileCheck %s --check-prefix=PRIO
// FIFO: PASS fifo
// PRIO: PASS prio
//
// (3) Keyed dispatch, read from the trace: hash sends task t to scheduler
// splitmix64(t) mod 4, affinity keyed by 3t to 3t mod 4 (= 0, 3, 2, 1, ...),
// custom to the key itself, here 3 - (t mod 4). The makespan is set by the
// busiest scheduler: k tasks end at k * D + C (hash: 13 on scheduler 2;
// custom: 8 each).
// RUN: %{ind} --schedule hash --trace %t/hash.json > %t/hash.txt
// RUN: %{ind} --schedule affinity --trace %t/affinity.json > %t/affinity.txt
// RUN: %{ind} --schedule custom --trace %t/custom.json > %t/custom.txt
// RUN: %python %S/Inputs/trace.py hash %t/hash.json \
// RUN:   --expect 'all(scheduler[t] == splitmix64(t) % 4 for t in range(32))' \
// RUN:   --expect 'total_cycles == 100 * max([splitmix64(t) % 4 for t in range(32)].count(s) for s in range(4)) + 182' \
// RUN:   | FileCheck %s --check-prefix=HASH
// RUN: %python %S/Inputs/trace.py affinity %t/affinity.json \
// RUN:   --expect 'all(scheduler[t] == 3 * t % 4 for t in range(32))' | FileCheck %s --check-prefix=AFF
// RUN: %python %S/Inputs/trace.py custom %t/custom.json \
// RUN:   --expect 'all(scheduler[t] == 3 - t % 4 for t in range(32))' \
// RUN:   --expect 'total_cycles == 8 * 100 + 182' | FileCheck %s --check-prefix=CUSTOM
// HASH: PASS hash
// AFF: PASS affinity
// CUSTOM: PASS custom

tile.kernel @twice(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.add %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @independent(%X: memref<32x16x64xf32>, %Y: memref<32x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 32
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @twice(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @rr1 for @independent {
  schedule.dispatch round_robin(1)
}
schedule.schedule @rr2 for @independent {
  schedule.dispatch round_robin(2)
}
schedule.schedule @rr4 for @independent {
  schedule.dispatch round_robin(4)
}
schedule.schedule @steal for @independent {
  schedule.dispatch work_steal
}
schedule.schedule @window1 for @independent {
  schedule.task_window 1 tasks mode(stall)
  schedule.start threshold(1)
}
schedule.schedule @window4 for @independent {
  schedule.dispatch round_robin(4)
  schedule.task_window 4 tasks mode(stall)
  schedule.start threshold(1)
}
schedule.schedule @window64 for @independent {
  schedule.task_window 64 tasks mode(stall)
  schedule.start threshold(1)
}
schedule.schedule @prio for @independent {
  schedule.dispatch round_robin(1)
  schedule.ready priority {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    schedule.yield %t : index
  }
}
schedule.schedule @hash for @independent {
  schedule.dispatch hash {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    schedule.yield %t : index
  }
}
schedule.schedule @affinity for @independent {
  schedule.dispatch affinity {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    %c3 = arith.constant 3 : index
    %k = arith.muli %t, %c3 : index
    schedule.yield %k : index
  }
}
schedule.schedule @custom for @independent {
  schedule.dispatch custom {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %m = arith.remsi %t, %c4 : index
    %k = arith.subi %c3, %m : index
    schedule.yield %k : index
  }
}
