// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -fsyntax-only %t.cpp
// RUN: FileCheck %s < %t.cpp
// The whole cpu_sim translation unit of a workload: kernels with their
// entry points first, then the orchestration calling them, then the C ABI
// a runner uses. The generated code compiles against the runtime headers.

// CHECK: #include "pto-wsp/cpu_sim/orchestration.h"
// CHECK: void ptowsp_tile_scale(
// CHECK: extern "C" void ptowsp_kernel_scale(
// CHECK: extern "C" int64_t ptowsp_kernel_scale_cycles()
// CHECK: static void ptowsp_graph_body_rows(ptowsp_runtime* [[RT:v[0-9]+]], const ptowsp_graph_context* [[CTX:v[0-9]+]])
// CHECK: for (size_t [[B:[a-z0-9]+]] =
// CHECK: ptowsp::submit([[RT]], "scale", ptowsp_kernel_scale, ptowsp_kernel_scale_cycles(), PTOWSP_CORE_VECTOR, 0, 0, -1,
// CHECK: extern "C" int32_t ptowsp_graph_rows(ptowsp_runtime*
// CHECK: extern "C" void ptowsp_graph_rows_config(ptowsp_config*
// CHECK: ptowsp::configure({{.*}}, PTOWSP_DISPATCH_ROUND_ROBIN, 2, 64, PTOWSP_WINDOW_STALL,
tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %u = tile.muls %t, %s : !tile.tile<16x128xf32>, f32
  tile.store %u, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}

workload.workload @rows(%X: memref<8x16x128xf32>, %Y: memref<8x16x128xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %tiles = workload.dense 8
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 128] : memref<8x16x128xf32> -> !workload.view<16x128xf32>
    workload.task @scale(%x, %y, %s) : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
  }
}

schedule.schedule @two for @rows {
  schedule.dispatch round_robin(2)
  schedule.task_window 64 tasks mode(stall)
}
