// RUN: pto-wsp-translate --cpu-sim %s | FileCheck %s
// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp && %host_cxx -fsyntax-only %t.cpp

// The whole cpu_sim pipeline from tile IR to a C++ translation unit.

// CHECK: #include "pto-wsp/cpu_sim/pto_isa.h"
// CHECK: #include "pto-wsp/cpu_sim/kernel_abi.h"
// CHECK: void ptowsp_tile_scale_rows(pto::GlobalView<float> [[X:v[0-9]+]], pto::GlobalView<float> [[Y:v[0-9]+]], float [[S:v[0-9]+]])
// CHECK: pto::Tile<float, 16, 128> [[T:v[0-9]+]] = pto::alloc_tile<pto::Tile<float, 16, 128>>(pto::Space::UB, 0);
// CHECK: pto::TLOAD([[T]], [[X]]);
// CHECK: pto::TMULS([[U:v[0-9]+]], [[T]], [[S]]);
// CHECK: pto::TSTORE([[Y]], [[U]]);
// CHECK-LABEL: extern "C" void ptowsp_kernel_scale_rows(const ptowsp_arg* {{v[0-9]+}})
// CHECK: ptowsp_tile_scale_rows(
// CHECK-LABEL: extern "C" int64_t ptowsp_kernel_scale_rows_cycles()
tile.kernel @scale_rows(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %u = tile.muls %t, %s : !tile.tile<16x128xf32>, f32
  tile.store %u, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}
