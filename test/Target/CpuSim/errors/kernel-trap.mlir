// A kernel that traps at run time: with an architecture file whose UB is
// larger than the one cpu_sim simulates, the buffer planner places a 256 KiB
// tile the simulator cannot hold. The kernel's check fails the task: the run
// ends with PTOWSP_ERR_KERNEL naming the kernel, task and coords and what
// failed (it used to abort the whole process with a core dump).
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/bad_arch.py %arch_dir/a2a3.json %t/big-ub.json buffers_bytes.ub=1048576
// RUN: not timeout 120 pto-wsp-run %s --cache-dir %t.cache --gen 0=ones --gen 1=zeros \
// RUN:   --arch %t/big-ub.json 2>&1 | FileCheck %s
// CHECK: pto-wsp-run: error: workload 'big' failed (PTOWSP_ERR_KERNEL): kernel 'twice' (task {{[01]}}, coords ({{[01]}})) failed:
// CHECK-SAME: alloc_tile: tile of 256x256 elements (262144 bytes) at byte offset 0 does not fit in UB (196608 bytes)
// CHECK-NOT: fatal

tile.kernel @twice(%x: !tile.view<256x256xf32, in>, %y: !tile.view<256x256xf32, out>) {
  %t = tile.load %x : !tile.view<256x256xf32, in> -> !tile.tile<256x256xf32>
  %u = tile.add %t, %t : !tile.tile<256x256xf32>, !tile.tile<256x256xf32> -> !tile.tile<256x256xf32>
  tile.store %u, %y : !tile.tile<256x256xf32>, !tile.view<256x256xf32, out>
}

workload.workload @big(%X: memref<2x256x256xf32>, %Y: memref<2x256x256xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 2
  workload.parallel_for %i in %n name("i") {
    %x = workload.view %X[%i, %c0, %c0] sizes [1, 256, 256] : memref<2x256x256xf32> -> !workload.view<256x256xf32>
    %y = workload.view %Y[%i, %c0, %c0] sizes [1, 256, 256] : memref<2x256x256xf32> -> !workload.view<256x256xf32>
    workload.task @twice(%x, %y) : !workload.view<256x256xf32>, !workload.view<256x256xf32>
  }
}
