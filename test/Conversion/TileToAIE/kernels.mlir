// RUN: pto-wsp-opt %s -convert-tile-to-aie | FileCheck %s

// Every view is (pointer, element offset, row stride); scalars keep their
// type, index becoming int64_t. Broadcast operands may be on either side.
// CHECK-LABEL: emitc.file "kernels/norm.cc" attributes {aie.kernel = "norm", aie.stack_bytes = {{[0-9]+}} : i64}
// CHECK: include "ptowsp_aie_kernel.h"
// CHECK: func @norm(%[[X:.*]]: !emitc.ptr<f32>, %[[XO:.*]]: i32, %[[XL:.*]]: i32, %[[M:.*]]: !emitc.ptr<f32>, %[[MO:.*]]: i32, %[[ML:.*]]: i32, %[[S:.*]]: f32, %[[N:.*]]: i64) attributes {specifiers = ["extern \22C\22"]}
tile.kernel @norm(%x: !tile.view<16x64xf32, in>, %m: !tile.view<16x1xf32, inout>, %s: f32, %n: index) {
  // CHECK: %[[T:.*]] = "emitc.variable"() <{value = #emitc.opaque<"">}> : () -> !emitc.array<1024x!emitc.opaque<"alignas(64) float">>
  // CHECK: call_opaque "ptowsp::aie::load"(%[[T]], %[[X]], %[[XO]], %[[XL]]) {template_args = [16, 64]}
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  // CHECK: %[[C:.*]] = "emitc.variable"(){{.*}}!emitc.array<16x!emitc.opaque<"alignas(64) float">>
  // CHECK: call_opaque "ptowsp::aie::load"(%[[C]], %[[M]], %[[MO]], %[[ML]]) {template_args = [16, 1]}
  %c = tile.load %m : !tile.view<16x1xf32, inout> -> !tile.tile<16x1xf32>
  // CHECK: %[[D:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::add"(%[[D]], %[[T]], %[[C]]) {template_args = [16, 64, #emitc.opaque<"ptowsp::aie::Operand::Full">, #emitc.opaque<"ptowsp::aie::Operand::Column">]}
  %d = tile.add %t, %c : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  // CHECK: %[[E:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::sub"(%[[E]], %[[C]], %[[D]]) {template_args = [16, 64, #emitc.opaque<"ptowsp::aie::Operand::Column">, #emitc.opaque<"ptowsp::aie::Operand::Full">]}
  %e = tile.sub %c, %d : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  // CHECK: %[[F:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::mul"(%[[F]], %[[E]], %[[E]]) {template_args = [16, 64]}
  %f = tile.mul %e, %e : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  // CHECK: %[[G:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::muls"(%[[G]], %[[F]], %[[S]]) {template_args = [16, 64]}
  %g = tile.muls %f, %s : !tile.tile<16x64xf32>, f32
  // CHECK: %[[R:.*]] = "emitc.variable"{{.*}}!emitc.array<16x
  // CHECK: call_opaque "ptowsp::aie::rowmean"(%[[R]], %[[G]]) {template_args = [16, 64]}
  %r = tile.rowmean %g : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  // CHECK: %[[Q:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::rsqrt"(%[[Q]], %[[R]]) {template_args = [16, 1]}
  %q = tile.rsqrt %r : !tile.tile<16x1xf32>
  // CHECK: %[[I:.*]] = "emitc.variable"{{.*}}"alignas(64) int32_t"
  // CHECK: call_opaque "ptowsp::aie::cast"(%[[I]], %[[G]]) {template_args = [16, 64, #emitc.opaque<"ptowsp::aie::Round::Floor">]}
  %i = tile.cast %g round floor : !tile.tile<16x64xf32> -> !tile.tile<16x64xi32>
  // CHECK: call_opaque "ptowsp::aie::adds"(%{{.*}}, %[[I]], %[[N]]) {template_args = [16, 64]}
  %j = tile.adds %i, %n : !tile.tile<16x64xi32>, index
  // CHECK: %[[K:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::fill"(%[[K]]) {args = [0 : index, 2.500000e+00 : f32], template_args = [16, 1]}
  %k = tile.constant 2.5 : f32 -> !tile.tile<16x1xf32>
  // CHECK: %[[MASK:.*]] = "emitc.variable"{{.*}}"alignas(64) uint8_t"
  // CHECK: call_opaque "ptowsp::aie::cmp"(%[[MASK]], %[[Q]], %[[K]]) {template_args = [16, 1, #emitc.opaque<"ptowsp::aie::Cmp::GT">]}
  %mask = tile.cmp gt, %q, %k : !tile.tile<16x1xf32> -> !tile.tile<16x1xi1>
  // CHECK: %[[W:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::select"(%[[W]], %[[MASK]], %[[Q]], %[[K]]) {template_args = [16, 1]}
  %w = tile.select %mask, %q, %k : !tile.tile<16x1xi1>, !tile.tile<16x1xf32>
  // CHECK: call_opaque "ptowsp::aie::store"(%[[M]], %[[MO]], %[[ML]], %[[W]]) {template_args = [16, 1]}
  tile.store %w, %m : !tile.tile<16x1xf32>, !tile.view<16x1xf32, inout>
  // CHECK-NEXT: return
}

// 16-bit operands: _Float16 / __bf16 pointers; matmul is M, K, N with the
// accumulator before the operands; routing ops take both results first.
// CHECK-LABEL: emitc.file "kernels/mix.cc"
// CHECK: func @mix(%[[A:.*]]: !emitc.ptr<f16>, %{{.*}}: i32, %{{.*}}: i32, %[[B:.*]]: !emitc.ptr<bf16>, %{{.*}}: i32, %{{.*}}: i32, %[[C:.*]]: !emitc.ptr<f32>, %{{.*}}: i32, %{{.*}}: i32, %[[IDX:.*]]: !emitc.ptr<i32>, %{{.*}}: i32, %{{.*}}: i32, %[[H:.*]]: f16)
tile.kernel @mix(%a: !tile.view<16x32xf16, in>, %b: !tile.view<32x16xbf16, in>, %c: !tile.view<16x16xf32, inout>, %idx: !tile.view<16x4xi32, out>, %h: f16) {
  // CHECK: %[[TA:.*]] = "emitc.variable"{{.*}}!emitc.array<512x!emitc.opaque<"alignas(64) _Float16">>
  %ta = tile.load %a : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  // CHECK: %[[TB:.*]] = "emitc.variable"{{.*}}!emitc.array<512x!emitc.opaque<"alignas(64) __bf16">>
  %tb = tile.load %b : !tile.view<32x16xbf16, in> -> !tile.tile<32x16xbf16>
  // CHECK: %[[TC:.*]] = "emitc.variable"{{.*}}!emitc.array<256x!emitc.opaque<"alignas(64) float">>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  // CHECK: %[[HA:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::adds"(%[[HA]], %[[TA]], %[[H]]) {template_args = [16, 32]}
  %ha = tile.adds %ta, %h : !tile.tile<16x32xf16>, f16
  // CHECK: %[[BT:.*]] = "emitc.variable"{{.*}}"alignas(64) __bf16"
  // CHECK: call_opaque "ptowsp::aie::transpose"(%[[BT]], %[[TB]]) {template_args = [32, 16]}
  %bt = tile.transpose %tb : !tile.tile<32x16xbf16> -> !tile.tile<16x32xbf16>
  // CHECK: %[[BH:.*]] = "emitc.variable"{{.*}}"alignas(64) _Float16"
  // CHECK: call_opaque "ptowsp::aie::cast"(%[[BH]], %[[BT]]) {template_args = [16, 32]}
  %bh = tile.cast %bt : !tile.tile<16x32xbf16> -> !tile.tile<16x32xf16>
  // CHECK: %[[BB:.*]] = "emitc.variable"
  // CHECK: call_opaque "ptowsp::aie::transpose"(%[[BB]], %[[BH]]) {template_args = [16, 32]}
  %bb = tile.transpose %bh : !tile.tile<16x32xf16> -> !tile.tile<32x16xf16>
  // CHECK: %[[P:.*]] = "emitc.variable"{{.*}}"alignas(64) float"
  // CHECK: call_opaque "ptowsp::aie::matmul_acc"(%[[P]], %[[TC]], %[[HA]], %[[BB]]) {template_args = [16, 32, 16]}
  %p = tile.matmul %ha, %bb acc %tc : !tile.tile<16x32xf16>, !tile.tile<32x16xf16> -> !tile.tile<16x16xf32>
  // CHECK: call_opaque "ptowsp::aie::matmul"(%{{.*}}, %[[HA]], %[[BB]]) {template_args = [16, 32, 16]}
  %p2 = tile.matmul %ha, %bb : !tile.tile<16x32xf16>, !tile.tile<32x16xf16> -> !tile.tile<16x16xf32>
  // CHECK: %[[V:.*]] = "emitc.variable"
  // CHECK: %[[VI:.*]] = "emitc.variable"{{.*}}!emitc.array<64x!emitc.opaque<"alignas(64) int32_t">>
  // CHECK: call_opaque "ptowsp::aie::topk"(%[[V]], %[[VI]], %{{.*}}) {template_args = [16, 16, 4]}
  %v, %vi = tile.topk %p : !tile.tile<16x16xf32> -> !tile.tile<16x4xf32>, !tile.tile<16x4xi32>
  // CHECK: call_opaque "ptowsp::aie::iota"(%{{.*}}) {args = [0 : index, 3 : i32], template_args = [16, 4]}
  %io = tile.iota 3 : !tile.tile<16x4xi32>
  // CHECK: call_opaque "ptowsp::aie::max"(%{{.*}}, %[[VI]], %{{.*}}) {template_args = [16, 4]}
  %o = tile.max %vi, %io : !tile.tile<16x4xi32>, !tile.tile<16x4xi32> -> !tile.tile<16x4xi32>
  // CHECK: call_opaque "ptowsp::aie::store"(%[[IDX]]
  tile.store %o, %idx : !tile.tile<16x4xi32>, !tile.view<16x4xi32, out>
  tile.store %p2, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
}

// Nothing submits @unused: it is dropped, and gets no file. The submitted
// kernels stay for the graph that names them.
// CHECK-NOT: emitc.file "kernels/unused.cc"
// CHECK-NOT: tile.kernel @unused
tile.kernel @unused(%x: !tile.view<16x64xf32, in>) {
}

taskgraph.graph @g(%X: memref<16x64xf32>, %M: memref<16x1xf32>, %A: memref<16x32xf16>, %B: memref<32x16xbf16>, %C: memref<16x16xf32>, %I: memref<16x4xi32>) {
  %c0 = arith.constant 0 : index
  %s = arith.constant 1.0 : f32
  %h = arith.constant 0.5 : f16
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !taskgraph.region<16x64xf32>
  %m = taskgraph.region %M[%c0, %c0] sizes [16, 1] : memref<16x1xf32> -> !taskgraph.region<16x1xf32>
  %t0 = taskgraph.submit @norm(%x, %m, %s, %c0) access [read, readwrite] core(vector) : !taskgraph.region<16x64xf32>, !taskgraph.region<16x1xf32>, f32, index
  %a = taskgraph.region %A[%c0, %c0] sizes [16, 32] : memref<16x32xf16> -> !taskgraph.region<16x32xf16>
  %b = taskgraph.region %B[%c0, %c0] sizes [32, 16] : memref<32x16xbf16> -> !taskgraph.region<32x16xbf16>
  %c = taskgraph.region %C[%c0, %c0] sizes [16, 16] : memref<16x16xf32> -> !taskgraph.region<16x16xf32>
  %i = taskgraph.region %I[%c0, %c0] sizes [16, 4] : memref<16x4xi32> -> !taskgraph.region<16x4xi32>
  %t1 = taskgraph.submit @mix(%a, %b, %c, %i, %h) access [read, read, readwrite, write] core(cube) : !taskgraph.region<16x32xf16>, !taskgraph.region<32x16xbf16>, !taskgraph.region<16x16xf32>, !taskgraph.region<16x4xi32>, f16
}
