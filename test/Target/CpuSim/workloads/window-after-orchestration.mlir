// A task window smaller than the workload in stall mode, with the default
// start policy (after_orchestration). docs of schedule.start: "In both cases
// execution also starts when the task window is full, since generation could
// not make progress otherwise." So 8 tasks through a window of 2 must run
// (with back-pressure: TASK_RING_FULL stalls, high-water 2).
//
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros --output 1=%t/y.npy > %t/run.txt
// RUN: %python %S/Inputs/stats.py window run=%t/run.txt \
// RUN:   --expect 'run.window_high_water == 2 and run.stalls_TASK_RING_FULL > 0' | FileCheck %s
// CHECK: PASS window
// RUN: %python %S/Inputs/check.py window-values --out y=%t/y.npy --rtol 0 --atol 0 \
// RUN:   --ref 'y = 2 * np.arange(8 * 16 * 64, dtype=np.float32).reshape(8, 16, 64)' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS window-values

tile.kernel @twice(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.add %t, %t : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @eight(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  workload.parallel_for %t in %n name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @twice(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
  }
}

schedule.schedule @small_window for @eight {
  schedule.task_window 2 tasks mode(stall)
}
