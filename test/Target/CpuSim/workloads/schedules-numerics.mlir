// One workload, many schedules (ARCHITECTURE.md §3.3/§4): the results equal
// the sequential program's for every schedule, and the simulated timeline is
// deterministic: two runs, and runs with --host-threads 1 and 2, print
// identical statistics.
//
// The workload mixes cube and vector tasks with dependencies inside an
// iteration (H[t]: up -> norm) and across all iterations (S, an inout tile
// every iteration accumulates into, in submission order):
//   up:   H[t] = X[t] @ W                                  (cube)
//   norm: O[t] = relu(H[t] * rsqrt(rowmean(H[t]^2) + 1e-6))  (vector)
//   acc:  S = S + O[t]                                     (vector)
//
// DEFINE: %{run} = pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --input 1=%t/w.npy \
// DEFINE:   --gen 2=zeros --gen 3=zeros --input 4=%t/s0.npy
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 4 \
// RUN:   --code 'x = rng.standard_normal((32, 16, 64)).astype(np.float32); \
// RUN:           w = (rng.standard_normal((64, 64)) / 8).astype(np.float32); \
// RUN:           s = np.full((16, 64), 100, np.float32)' x=%t/x.npy w=%t/w.npy s=%t/s0.npy
//
// Each schedule: a run with 2 host threads (outputs kept) and one with 1.
// RUN: %{run} --schedule rr1 --output 3=%t/o.rr1.npy --output 4=%t/s.rr1.npy > %t/rr1.2.txt
// RUN: %{run} --schedule rr1 --host-threads 1 > %t/rr1.1.txt
// RUN: %{run} --schedule rr4 --output 3=%t/o.rr4.npy --output 4=%t/s.rr4.npy > %t/rr4.2.txt
// RUN: %{run} --schedule rr4 --host-threads 1 > %t/rr4.1.txt
// RUN: %{run} --schedule steal --output 3=%t/o.steal.npy --output 4=%t/s.steal.npy > %t/steal.2.txt
// RUN: %{run} --schedule steal --host-threads 1 > %t/steal.1.txt
// RUN: %{run} --schedule qsteal --output 3=%t/o.qsteal.npy --output 4=%t/s.qsteal.npy > %t/qsteal.2.txt
// RUN: %{run} --schedule qsteal --host-threads 1 > %t/qsteal.1.txt
// RUN: %{run} --schedule hash --output 3=%t/o.hash.npy --output 4=%t/s.hash.npy > %t/hash.2.txt
// RUN: %{run} --schedule hash --host-threads 1 > %t/hash.1.txt
// RUN: %{run} --schedule custom --output 3=%t/o.custom.npy --output 4=%t/s.custom.npy > %t/custom.2.txt
// RUN: %{run} --schedule custom --host-threads 1 > %t/custom.1.txt
// RUN: %{run} --schedule prio --output 3=%t/o.prio.npy --output 4=%t/s.prio.npy > %t/prio.2.txt
// RUN: %{run} --schedule prio --host-threads 1 > %t/prio.1.txt
// RUN: %{run} --schedule single --output 3=%t/o.single.npy --output 4=%t/s.single.npy > %t/single.2.txt
// RUN: %{run} --schedule single --host-threads 1 > %t/single.1.txt
// RUN: %{run} --schedule by_unit --output 3=%t/o.by_unit.npy --output 4=%t/s.by_unit.npy > %t/by_unit.2.txt
// RUN: %{run} --schedule by_unit --host-threads 1 > %t/by_unit.1.txt
// RUN: %{run} --schedule window2 --output 3=%t/o.window2.npy --output 4=%t/s.window2.npy > %t/window2.2.txt
// RUN: %{run} --schedule window2 --host-threads 1 > %t/window2.1.txt
// RUN: %{run} --schedule overlap --output 3=%t/o.overlap.npy --output 4=%t/s.overlap.npy > %t/overlap.2.txt
// RUN: %{run} --schedule overlap --host-threads 1 > %t/overlap.1.txt
// RUN: %{run} --schedule threshold --output 3=%t/o.threshold.npy --output 4=%t/s.threshold.npy > %t/threshold.2.txt
// RUN: %{run} --schedule threshold --host-threads 1 > %t/threshold.1.txt
// RUN: %{run} --schedule streams --output 3=%t/o.streams.npy --output 4=%t/s.streams.npy > %t/streams.2.txt
// RUN: %{run} --schedule streams --host-threads 1 > %t/streams.1.txt
// The same schedule again: a second run with the default host threads.
// RUN: %{run} --schedule rr4 > %t/rr4.again.txt
//
// Numerics: every schedule's O and S against the NumPy reference (S summed
// in float32 in iteration order, as the sequential program does), and
// bitwise against round_robin(1).
// RUN: %python %S/Inputs/check.py schedules-reference --in x=%t/x.npy --in w=%t/w.npy \
// RUN:   --out o=%t/o.rr1.npy --out s=%t/s.rr1.npy --rtol 1e-4 --atol 1e-4 \
// RUN:   --ref 'h = x.astype(np.float64) @ w; \
// RUN:          o = np.maximum(h / np.sqrt((h ** 2).mean(-1, keepdims=True) + 1e-6), 0).astype(np.float32); \
// RUN:          s = np.full((16, 64), 100, np.float32); exec("for t in range(32): s = s + o[t]")' \
// RUN:   | FileCheck %s --check-prefix=REF
// RUN: %python %S/Inputs/check.py schedules-bitwise --in o=%t/o.rr1.npy --in s=%t/s.rr1.npy \
// RUN:   --out o_rr4=%t/o.rr4.npy --out s_rr4=%t/s.rr4.npy --out o_steal=%t/o.steal.npy --out s_steal=%t/s.steal.npy \
// RUN:   --out o_qsteal=%t/o.qsteal.npy --out s_qsteal=%t/s.qsteal.npy \
// RUN:   --out o_hash=%t/o.hash.npy --out s_hash=%t/s.hash.npy --out o_custom=%t/o.custom.npy --out s_custom=%t/s.custom.npy \
// RUN:   --out o_prio=%t/o.prio.npy --out s_prio=%t/s.prio.npy --out o_single=%t/o.single.npy --out s_single=%t/s.single.npy \
// RUN:   --out o_by_unit=%t/o.by_unit.npy --out s_by_unit=%t/s.by_unit.npy --out o_window2=%t/o.window2.npy --out s_window2=%t/s.window2.npy \
// RUN:   --out o_overlap=%t/o.overlap.npy --out s_overlap=%t/s.overlap.npy --out o_threshold=%t/o.threshold.npy --out s_threshold=%t/s.threshold.npy \
// RUN:   --out o_streams=%t/o.streams.npy --out s_streams=%t/s.streams.npy --rtol 0 --atol 0 \
// RUN:   --ref 'exec("for k in [\"rr4\", \"steal\", \"qsteal\", \"hash\", \"custom\", \"prio\", \"single\", \"by_unit\", \"window2\", \"overlap\", \"threshold\", \"streams\"]:\n globals()[\"o_\" + k] = o\n globals()[\"s_\" + k] = s")' \
// RUN:   | FileCheck %s --check-prefix=BITWISE
//
// Determinism of the simulated statistics (tasks, edges, total_cycles,
// utilization, stalls, window high-water) across runs and host threads.
// RUN: %python %S/Inputs/stats.py schedules-deterministic \
// RUN:   rr1_2=%t/rr1.2.txt rr1_1=%t/rr1.1.txt rr4_2=%t/rr4.2.txt rr4_1=%t/rr4.1.txt rr4_again=%t/rr4.again.txt \
// RUN:   steal_2=%t/steal.2.txt steal_1=%t/steal.1.txt qsteal_2=%t/qsteal.2.txt qsteal_1=%t/qsteal.1.txt hash_2=%t/hash.2.txt hash_1=%t/hash.1.txt \
// RUN:   custom_2=%t/custom.2.txt custom_1=%t/custom.1.txt prio_2=%t/prio.2.txt prio_1=%t/prio.1.txt \
// RUN:   single_2=%t/single.2.txt single_1=%t/single.1.txt by_unit_2=%t/by_unit.2.txt by_unit_1=%t/by_unit.1.txt \
// RUN:   window2_2=%t/window2.2.txt window2_1=%t/window2.1.txt overlap_2=%t/overlap.2.txt overlap_1=%t/overlap.1.txt \
// RUN:   threshold_2=%t/threshold.2.txt threshold_1=%t/threshold.1.txt streams_2=%t/streams.2.txt streams_1=%t/streams.1.txt \
// RUN:   --expect 'same(rr1_2, rr1_1)' --expect 'same(rr4_2, rr4_1)' --expect 'same(rr4_2, rr4_again)' \
// RUN:   --expect 'same(steal_2, steal_1)' --expect 'same(qsteal_2, qsteal_1)' --expect 'same(hash_2, hash_1)' --expect 'same(custom_2, custom_1)' \
// RUN:   --expect 'same(prio_2, prio_1)' --expect 'same(single_2, single_1)' --expect 'same(by_unit_2, by_unit_1)' \
// RUN:   --expect 'same(window2_2, window2_1)' --expect 'same(overlap_2, overlap_1)' \
// RUN:   --expect 'same(threshold_2, threshold_1)' --expect 'same(streams_2, streams_1)' \
// RUN:   --expect 'rr1_2.tasks == 96 and rr1_2.dependency_edges == 32 + 32 + 31' \
// RUN:   --expect 'window2_2.window_high_water == 2 and window2_2.stalls_TASK_RING_FULL > 0' \
// RUN:   --expect 'rr4_2.total_cycles < rr1_2.total_cycles' \
// RUN:   --expect 'window2_2.total_cycles > rr4_2.total_cycles' \
// RUN:   | FileCheck %s --check-prefix=DET

// REF: PASS schedules-reference
// BITWISE: PASS schedules-bitwise
// DET: PASS schedules-deterministic

tile.kernel @up(%x: !tile.view<16x64xf32, in>, %w: !tile.view<64x64xf32, in>,
                %h: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tw = tile.load %w : !tile.view<64x64xf32, in> -> !tile.tile<64x64xf32>
  %r = tile.matmul %tx, %tw : !tile.tile<16x64xf32>, !tile.tile<64x64xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %h : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @norm(%h: !tile.view<16x64xf32, in>, %o: !tile.view<16x64xf32, out>) {
  %t = tile.load %h : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %sq = tile.mul %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %ms = tile.rowmean %sq : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %eps = tile.constant 1.0e-6 : f32 -> !tile.tile<16x1xf32>
  %v = tile.add %ms, %eps : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  %inv = tile.rsqrt %v : !tile.tile<16x1xf32>
  %y = tile.mul %t, %inv : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %r = tile.relu %y : !tile.tile<16x64xf32>
  tile.store %r, %o : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @acc(%o: !tile.view<16x64xf32, in>, %s: !tile.view<16x64xf32, inout>) {
  %to = tile.load %o : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %ts = tile.load %s : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  %r = tile.add %ts, %to : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %s : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}

workload.workload @mixed(%X: memref<32x16x64xf32>, %W: memref<64x64xf32>,
                         %H: memref<32x16x64xf32>, %O: memref<32x16x64xf32>,
                         %S: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %tiles = workload.dense 32
  %w = workload.view %W[%c0, %c0] sizes [64, 64] : memref<64x64xf32> -> !workload.view<64x64xf32>
  %s = workload.view %S[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !workload.view<16x64xf32>
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    %h = workload.view %H[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    %o = workload.view %O[%t, %c0, %c0] sizes [1, 16, 64] : memref<32x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @up(%x, %w, %h) : !workload.view<16x64xf32>, !workload.view<64x64xf32>, !workload.view<16x64xf32>
    workload.task @norm(%h, %o) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
    workload.task @acc(%o, %s) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @rr1 for @mixed {
  schedule.dispatch round_robin(1)
}
schedule.schedule @rr4 for @mixed {
  schedule.dispatch round_robin(4)
}
schedule.schedule @steal for @mixed {
  schedule.dispatch work_steal
}
// Per-scheduler ready queues with stealing (needs a dispatch policy that
// assigns schedulers: dispatch work_steal + ready work_steal is rejected).
schedule.schedule @qsteal for @mixed {
  schedule.dispatch round_robin(4)
  schedule.ready work_steal
}
schedule.schedule @hash for @mixed {
  schedule.dispatch hash {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    schedule.yield %t : index
  }
}
schedule.schedule @custom for @mixed {
  schedule.dispatch custom {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    %c4 = arith.constant 4 : index
    %k = arith.remsi %t, %c4 : index
    schedule.yield %k : index
  }
}
// Later tiles first: the opposite of submission order.
schedule.schedule @prio for @mixed {
  schedule.ready priority {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    schedule.yield %t : index
  }
}
schedule.schedule @single for @mixed {
  schedule.dispatch round_robin(1)
  schedule.pools single
}
schedule.schedule @by_unit for @mixed {
  schedule.dispatch round_robin(1)
  schedule.pools by_unit
}
// A window smaller than the task count needs tasks to start while the
// orchestrator still submits: with the default start policy
// (after_orchestration) the run reports a deadlock instead (see
// window-after-orchestration.mlir).
schedule.schedule @window2 for @mixed {
  schedule.task_window 2 tasks mode(stall)
  schedule.start threshold(1)
}
schedule.schedule @overlap for @mixed {
  schedule.deps overlap
}
schedule.schedule @threshold for @mixed {
  schedule.start threshold(8)
}
schedule.schedule @streams for @mixed {
  schedule.streams 2
  schedule.stream_by {
  ^bb0(%task: !schedule.task):
    %t = schedule.task_axis %task "t" : index
    %c2 = arith.constant 2 : index
    %k = arith.remsi %t, %c2 : index
    schedule.yield %k : index
  }
}
