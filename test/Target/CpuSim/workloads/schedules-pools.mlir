// Pools (single vs by_unit) against numbers derived by hand from the
// runtime's model (runtime/include/pto-wsp/cpu_sim/runtime.h,
// runtime/lib/Simulator.cpp): each of the 4 A2/A3 AICPU schedulers owns 6
// AIC and 12 AIV; a dispatch occupies its scheduler for D = 100 cycles and
// the kernel starts when it ends; everything is released at the end of
// orchestration. With pools single a scheduler serves its one ready queue
// strictly in order (head-of-line blocking); with by_unit it keeps one queue
// per unit and takes the oldest head whose unit has a free core.
//
// RUN: pto-wsp-opt %s --tile-legalize-broadcast --tile-plan-buffers --tile-estimate-cycles \
// RUN:   | FileCheck %s --check-prefix=CYCLES
// CYCLES: tile.kernel @mm({{.*}}tile.cycles = 710 : i64
// CYCLES: tile.kernel @vexp({{.*}}tile.cycles = 3286 : i64
//
// On one scheduler (round_robin(1)): 8 cube tasks `mm` (X = 710) submitted
// before 8 vector tasks `vexp` (Y = 3286), all independent. Cube tasks 0..5
// are dispatched at 0..500 and take all 6 AIC; cube task 0 ends at
// D + X = 810.
//  single: the queue head (cube task 6) blocks the vector tasks behind it
//    from 600 until 810 (one HEAD_OF_LINE episode of 210 cycles); cube 6 is
//    dispatched at 810, cube 7 at 910 (cube 1 ends then), the vector tasks
//    at 1010..1710; the last ends at 1710 + D + Y: total = X + Y + 1100 =
//    5096.
//  by_unit: vector tasks fill the gap (600, 700, 800), the cube tasks go
//    when cores are free and they are the oldest ready head (900, 1000), the
//    other vector tasks follow; the scheduler never idles, so the last
//    dispatch is at 15 * D: total = 16 * D + Y = 4886.
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --code 'ones = np.ones((64, 64), np.float16)' ones=%t/ones.npy
// RUN: pto-wsp-run %s --cache-dir %t.cache --schedule single \
// RUN:   --input 0=%t/ones.npy --input 1=%t/ones.npy --gen 2=zeros --gen 3=zeros --gen 4=zeros \
// RUN:   --output 2=%t/c.single.npy > %t/single.txt
// RUN: pto-wsp-run %s --cache-dir %t.cache --schedule by_unit \
// RUN:   --input 0=%t/ones.npy --input 1=%t/ones.npy --gen 2=zeros --gen 3=zeros --gen 4=zeros \
// RUN:   --output 2=%t/c.by_unit.npy > %t/by_unit.txt
// RUN: %python %S/Inputs/stats.py pools single=%t/single.txt by_unit=%t/by_unit.txt \
// RUN:   --expect 'single.total_cycles == 710 + 3286 + 1100' \
// RUN:   --expect 'single.stalls_HEAD_OF_LINE == 1 and single.stall_cycles_HEAD_OF_LINE == 810 - 600' \
// RUN:   --expect 'by_unit.total_cycles == 16 * 100 + 3286 and by_unit.stalls_HEAD_OF_LINE == 0' \
// RUN:   | FileCheck %s --check-prefix=POOLS
// POOLS: PASS pools
//
// Both compute the same values.
// RUN: %python %S/Inputs/check.py pools-values --out single=%t/c.single.npy --out by_unit=%t/c.by_unit.npy \
// RUN:   --rtol 0 --atol 0 --ref 'single = by_unit = np.full((8, 64, 64), 64, np.float32)' \
// RUN:   | FileCheck %s --check-prefix=VALUES
// VALUES: PASS pools-values

tile.kernel @mm(%a: !tile.view<64x64xf16, in>, %b: !tile.view<64x64xf16, in>,
                %c: !tile.view<64x64xf32, out>) {
  %ta = tile.load %a : !tile.view<64x64xf16, in> -> !tile.tile<64x64xf16>
  %tb = tile.load %b : !tile.view<64x64xf16, in> -> !tile.tile<64x64xf16>
  %tc = tile.matmul %ta, %tb : !tile.tile<64x64xf16>, !tile.tile<64x64xf16> -> !tile.tile<64x64xf32>
  tile.store %tc, %c : !tile.tile<64x64xf32>, !tile.view<64x64xf32, out>
}

tile.kernel @vexp(%x: !tile.view<64x256xf32, in>, %y: !tile.view<64x256xf32, out>) {
  %t = tile.load %x : !tile.view<64x256xf32, in> -> !tile.tile<64x256xf32>
  %u = tile.exp %t : !tile.tile<64x256xf32>
  %v = tile.exp %u : !tile.tile<64x256xf32>
  tile.store %v, %y : !tile.tile<64x256xf32>, !tile.view<64x256xf32, out>
}

// 8 cube tasks, then 8 vector tasks; all independent.
workload.workload @units(%A: memref<64x64xf16>, %B: memref<64x64xf16>, %C: memref<8x64x64xf32>,
                         %X: memref<8x64x256xf32>, %Y: memref<8x64x256xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 8
  %a = workload.view %A[%c0, %c0] sizes [64, 64] : memref<64x64xf16> -> !workload.view<64x64xf16>
  %b = workload.view %B[%c0, %c0] sizes [64, 64] : memref<64x64xf16> -> !workload.view<64x64xf16>
  workload.parallel_for %i in %n name("i") {
    %c = workload.view %C[%i, %c0, %c0] sizes [1, 64, 64] : memref<8x64x64xf32> -> !workload.view<64x64xf32>
    workload.task @mm(%a, %b, %c) : !workload.view<64x64xf16>, !workload.view<64x64xf16>, !workload.view<64x64xf32>
  }
  workload.parallel_for %j in %n name("j") {
    %x = workload.view %X[%j, %c0, %c0] sizes [1, 64, 256] : memref<8x64x256xf32> -> !workload.view<64x256xf32>
    %y = workload.view %Y[%j, %c0, %c0] sizes [1, 64, 256] : memref<8x64x256xf32> -> !workload.view<64x256xf32>
    workload.task @vexp(%x, %y) : !workload.view<64x256xf32>, !workload.view<64x256xf32>
  }
}

schedule.schedule @single for @units {
  schedule.dispatch round_robin(1)
  schedule.pools single
}
schedule.schedule @by_unit for @units {
  schedule.dispatch round_robin(1)
  schedule.pools by_unit
}
