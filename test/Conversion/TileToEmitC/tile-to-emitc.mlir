// RUN: pto-wsp-opt %s -split-input-file -tile-plan-buffers -tile-estimate-cycles -convert-tile-to-emitc -verify-diagnostics | FileCheck %s

// CHECK: emitc.include "pto-wsp/cpu_sim/pto_isa.h"
// CHECK: emitc.include "pto-wsp/cpu_sim/kernel_abi.h"
// CHECK-LABEL: emitc.func @ptowsp_tile_softmax_row
// CHECK-SAME: (%[[X:.*]]: !emitc.opaque<"pto::GlobalView<float>">, %[[Y:.*]]: !emitc.opaque<"pto::GlobalView<float>">)
tile.kernel @softmax_row(%x: !tile.view<8x64xf32, in>, %y: !tile.view<8x64xf32, out>) {
  // CHECK: %[[T:.*]] = call_opaque "pto::alloc_tile"() {args = [#emitc.opaque<"pto::Space::UB">, 0], template_args = [!emitc.opaque<"pto::Tile<float, 8, 64>">]}
  // CHECK: call_opaque "pto::TLOAD"(%[[T]], %[[X]])
  %t = tile.load %x : !tile.view<8x64xf32, in> -> !tile.tile<8x64xf32>
  // CHECK: %[[M:.*]] = call_opaque "pto::alloc_tile"(){{.*}}template_args = [!emitc.opaque<"pto::Tile<float, 8, 1>">]
  // CHECK: call_opaque "pto::TROWMAX"(%[[M]], %[[T]])
  %m = tile.rowmax %t : !tile.tile<8x64xf32> -> !tile.tile<8x1xf32>
  // CHECK: %[[D:.*]] = call_opaque "pto::alloc_tile"
  // CHECK: call_opaque "pto::TROWEXPANDSUB"(%[[D]], %[[T]], %[[M]])
  %d = tile.sub %t, %m : !tile.tile<8x64xf32>, !tile.tile<8x1xf32> -> !tile.tile<8x64xf32>
  // CHECK: %[[E:.*]] = call_opaque "pto::alloc_tile"
  // CHECK: call_opaque "pto::TEXP"(%[[E]], %[[D]])
  %e = tile.exp %d : !tile.tile<8x64xf32>
  // rowmean is TROWSUM then TDIVS by the valid column count.
  // CHECK: %[[S:.*]] = call_opaque "pto::alloc_tile"
  // CHECK: call_opaque "pto::TROWSUM"(%[[S]], %[[E]])
  // CHECK: %[[N:.*]] = call_opaque "pto::valid_cols"(%[[E]]) : {{.*}} -> i32
  // CHECK: %[[F:.*]] = cast %[[N]] : i32 to f32
  // CHECK: call_opaque "pto::TDIVS"(%[[S]], %[[S]], %[[F]])
  %s = tile.rowmean %e : !tile.tile<8x64xf32> -> !tile.tile<8x1xf32>
  // CHECK: call_opaque "pto::TROWEXPANDDIV"
  %p = tile.div %e, %s : !tile.tile<8x64xf32>, !tile.tile<8x1xf32> -> !tile.tile<8x64xf32>
  // CHECK: call_opaque "pto::TSTORE"(%[[Y]], %{{.*}})
  tile.store %p, %y : !tile.tile<8x64xf32>, !tile.view<8x64xf32, out>
  // CHECK: return
}
// The cpu_sim ABI: unpack the arguments, call the kernel; report the cycles.
// CHECK-LABEL: emitc.func @ptowsp_kernel_softmax_row
// CHECK-SAME: (%[[ARGS:.*]]: !emitc.ptr<!emitc.opaque<"const ptowsp_arg">>) attributes {specifiers = ["extern \22C\22"]}
// CHECK: %[[V0:.*]] = call_opaque "pto::arg_view"(%[[ARGS]]) {args = [0 : index, 0], template_args = [!emitc.opaque<"float">]}
// CHECK: %[[V1:.*]] = call_opaque "pto::arg_view"(%[[ARGS]]) {args = [0 : index, 1]
// CHECK: call_opaque "ptowsp_tile_softmax_row"(%[[V0]], %[[V1]])
// CHECK-LABEL: emitc.func @ptowsp_kernel_softmax_row_cycles() -> i64
// CHECK: %[[C:.*]] = "emitc.constant"() <{value = [[CYCLES:[0-9]+]] : i64}>
// CHECK: return %[[C]]

// -----

// Enum arguments follow the tile operands; the matmul accumulator comes
// before the operands, as in TMATMUL_ACC(dst, acc, a, b).
// CHECK-LABEL: emitc.func @ptowsp_tile_enums
tile.kernel @enums(%a: !tile.view<16x16xf16, in>, %c: !tile.view<16x16xf32, inout>, %s: f32, %n: index) {
  // CHECK: call_opaque "pto::TLOAD"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!emitc.opaque<"pto::Tile<pto::half, 16, 16>">, !emitc.opaque<"pto::GlobalView<pto::half>">, !emitc.size_t, !emitc.size_t)
  %ta = tile.load %a valid(%n, %n) : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  // CHECK: %[[ACC:.*]] = call_opaque "pto::alloc_tile"() {args = [#emitc.opaque<"pto::Space::L0C">
  // CHECK: call_opaque "pto::TMOV"(%[[ACC]]
  // CHECK: %[[D:.*]] = call_opaque "pto::alloc_tile"() {args = [#emitc.opaque<"pto::Space::L0C">
  // CHECK: call_opaque "pto::TMATMUL_ACC"(%[[D]], %[[ACC]], %{{.*}}, %{{.*}})
  %d = tile.matmul %ta, %ta acc %tc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  // CHECK: call_opaque "pto::TCVT"(%{{.*}}, %{{.*}}) {args = [0 : index, 1 : index, #emitc.opaque<"pto::RoundMode::FLOOR">]}
  %i = tile.cast %d round floor : !tile.tile<16x16xf32> -> !tile.tile<16x16xi32>
  // CHECK: call_opaque "pto::TCMPS"(%{{.*}}, %{{.*}}, %{{.*}}) {args = [0 : index, 1 : index, 2 : index, #emitc.opaque<"pto::CmpMode::GT">]} : (!emitc.opaque<"pto::Tile<uint8_t, 16, 16>">
  %m = tile.cmps gt, %d, %s : !tile.tile<16x16xf32>, f32 -> !tile.tile<16x16xi1>
  // CHECK: call_opaque "pto::TEXPANDS"(%{{.*}}) {args = [0 : index, 2.500000e+00 : f32]}
  %k = tile.constant 2.5 : f32 -> !tile.tile<16x16xf32>
  // CHECK: call_opaque "pto::TSEL"
  %r = tile.select %m, %d, %k : !tile.tile<16x16xi1>, !tile.tile<16x16xf32>
  // CHECK: call_opaque "pto::TSTORE"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
  tile.store %r, %c valid(%n, %n) : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
}

// -----

tile.kernel @foreign(%x: !tile.view<8x8xf32, in>) {
  // expected-error @below {{'memref.alloc' op is not supported in tile kernels by target cpu_sim}}
  %m = memref.alloc() : memref<4xf32>
}
