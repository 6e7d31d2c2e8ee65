// RUN: pto-wsp-opt %s -convert-taskgraph-to-emitc | FileCheck %s
// RUN: pto-wsp-opt %s -convert-taskgraph-to-emitc | FileCheck %s --check-prefix=NO-ARITH
// Integer arith on index in a graph body: ops without a C++ operator are
// expanded first, signed division and remainder divide as ptrdiff_t (index
// is size_t), bitwise ops apply to size_t.

tile.kernel @use(%x: !tile.view<16x128xf32, inout>, %a: index, %b: index, %c: index,
                 %d: index, %e: index, %f: index, %g: index) {
  %t = tile.load %x : !tile.view<16x128xf32, inout> -> !tile.tile<16x128xf32>
  tile.store %t, %x : !tile.tile<16x128xf32>, !tile.view<16x128xf32, inout>
}

// NO-ARITH-NOT: arith.
// CHECK-LABEL: emitc.func @ptowsp_graph_body_g
// CHECK: %[[N:.*]] = cast %{{.*}} : i64 to !emitc.size_t
// divsi: both operands and the quotient are signed.
// CHECK: %[[NS:.*]] = cast %[[N]] : !emitc.size_t to !emitc.ptrdiff_t
// CHECK: %[[TS:.*]] = cast %[[TWO:.*]] : !emitc.size_t to !emitc.ptrdiff_t
// CHECK: %[[Q:.*]] = div %[[NS]], %[[TS]] : (!emitc.ptrdiff_t, !emitc.ptrdiff_t) -> !emitc.ptrdiff_t
// CHECK: cast %[[Q]] : !emitc.ptrdiff_t to !emitc.size_t
// CHECK: rem %{{.*}}, %{{.*}} : (!emitc.ptrdiff_t, !emitc.ptrdiff_t) -> !emitc.ptrdiff_t
// floordivsi and maxsi, expanded into signed comparisons and selections.
// CHECK: div %{{.*}}, %{{.*}} : (!emitc.ptrdiff_t, !emitc.ptrdiff_t) -> !emitc.ptrdiff_t
// CHECK: cmp lt, %{{.*}}, %{{.*}} : (!emitc.ptrdiff_t, !emitc.ptrdiff_t) -> i1
// CHECK: conditional
// CHECK: cmp gt, %{{.*}}, %{{.*}} : (!emitc.ptrdiff_t, !emitc.ptrdiff_t) -> i1
// CHECK: conditional
// CHECK: bitwise_and %[[N]], %[[TWO]] : (!emitc.size_t, !emitc.size_t) -> !emitc.size_t
// CHECK: bitwise_or %[[N]], %[[TWO]] : (!emitc.size_t, !emitc.size_t) -> !emitc.size_t
// CHECK: bitwise_xor %[[N]], %[[TWO]] : (!emitc.size_t, !emitc.size_t) -> !emitc.size_t
// CHECK: call_opaque "ptowsp::submit"
taskgraph.graph @g(%X: memref<16x128xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %div = arith.divsi %n, %c2 : index
  %rem = arith.remsi %n, %c2 : index
  %floor = arith.floordivsi %n, %c2 : index
  %max = arith.maxsi %n, %c2 : index
  %and = arith.andi %n, %c2 : index
  %or = arith.ori %n, %c2 : index
  %xor = arith.xori %n, %c2 : index
  %r = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  %t = taskgraph.submit @use(%r, %div, %rem, %floor, %max, %and, %or, %xor) access [readwrite] core(vector)
      : !taskgraph.region<16x128xf32>, index, index, index, index, index, index, index
}
