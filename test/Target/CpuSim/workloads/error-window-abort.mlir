// Task window in abort mode, too small for the workload: the submission that
// finds the window full fails (PTOWSP_ERR_WINDOW_ABORT) and the run stops
// with a non-zero exit and a message, instead of stalling or hanging. With
// the default start policy (after_orchestration) no task finishes during
// generation, so with a window of 3 it is always the 4th submission
// (task 3). A window as large as the workload runs normally.
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --cache-dir %t.cache --gen 0=arange --gen 1=zeros
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: not %{run} --schedule abort3 2>&1 | FileCheck %s --check-prefix=ABORT
// ABORT: pto-wsp-run: error: workload 'eight' failed (PTOWSP_ERR_WINDOW_ABORT):
// ABORT-SAME: kernel 'twice' (task 3
// RUN: %{run} --schedule abort8 --output 1=%t/y.npy | FileCheck %s --check-prefix=FITS
// FITS: tasks: 8
// FITS: window_high_water: 8
// RUN: %python %S/Inputs/check.py abort8 --out y=%t/y.npy --rtol 0 --atol 0 \
// RUN:   --ref 'y = 2 * np.arange(8 * 16 * 64, dtype=np.float32).reshape(8, 16, 64)' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS abort8

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

schedule.schedule @abort3 for @eight {
  schedule.task_window 3 tasks mode(abort)
}
schedule.schedule @abort8 for @eight {
  schedule.task_window 8 tasks mode(abort)
}
