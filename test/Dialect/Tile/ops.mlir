// RUN: pto-wsp-opt %s | pto-wsp-opt | FileCheck %s
// Round trip of every tile type and operation.

// CHECK-LABEL: tile.kernel @memory
// CHECK-SAME: (%[[X:.*]]: !tile.view<16x128xf32, in>, %[[Y:.*]]: !tile.view<16x128xf32, out>, %[[R:.*]]: index, %[[C:.*]]: index)
tile.kernel @memory(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>,
                    %r: index, %c: index) {
  // CHECK: %[[T:.*]] = load %[[X]] : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  // CHECK: %[[P:.*]] = load %[[X]] valid(%[[R]], %[[C]])
  %p = tile.load %x valid(%r, %c) : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  // CHECK: %[[M:.*]] = move %[[T]] : !tile.tile<16x128xf32>
  %m = tile.move %t : !tile.tile<16x128xf32>
  // CHECK: store %[[M]], %[[Y]] : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
  tile.store %m, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
  // CHECK: store %[[P]], %[[Y]] valid(%[[R]], %[[C]])
  tile.store %p, %y valid(%r, %c) : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
  // The terminator is implicit in the printed form.
  // CHECK-NOT: return
  // CHECK: }
  tile.return
}

// CHECK-LABEL: tile.kernel @elementwise
tile.kernel @elementwise(%x: !tile.view<16x128xf32, inout>, %s: f32) {
  %a = tile.load %x : !tile.view<16x128xf32, inout> -> !tile.tile<16x128xf32>
  %col = tile.rowmax %a : !tile.tile<16x128xf32> -> !tile.tile<16x1xf32>
  %row = tile.colsum %a : !tile.tile<16x128xf32> -> !tile.tile<1x128xf32>
  // CHECK: add %{{.*}}, %{{.*}} : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  %0 = tile.add %a, %a : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  // CHECK: sub %{{.*}}, %{{.*}} : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  %1 = tile.sub %0, %col : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  // CHECK: mul %{{.*}}, %{{.*}} : !tile.tile<1x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  %2 = tile.mul %row, %1 : !tile.tile<1x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  // CHECK: div %{{.*}}, %{{.*}} : !tile.tile<16x1xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  %3 = tile.div %col, %2 : !tile.tile<16x1xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  // CHECK: max
  %4 = tile.max %3, %a : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  // CHECK: min
  %5 = tile.min %4, %a : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  // CHECK: broadcast %{{.*}} : !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  %6 = tile.broadcast %col : !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  // CHECK: adds %{{.*}}, %{{.*}} : !tile.tile<16x128xf32>, f32
  %7 = tile.adds %6, %s : !tile.tile<16x128xf32>, f32
  // CHECK: subs
  %8 = tile.subs %7, %s : !tile.tile<16x128xf32>, f32
  // CHECK: muls
  %9 = tile.muls %8, %s : !tile.tile<16x128xf32>, f32
  // CHECK: divs
  %10 = tile.divs %9, %s : !tile.tile<16x128xf32>, f32
  // CHECK: maxs
  %11 = tile.maxs %10, %s : !tile.tile<16x128xf32>, f32
  // CHECK: mins
  %12 = tile.mins %11, %s : !tile.tile<16x128xf32>, f32
  // CHECK: exp
  %13 = tile.exp %12 : !tile.tile<16x128xf32>
  // CHECK: log
  %14 = tile.log %13 : !tile.tile<16x128xf32>
  // CHECK: sqrt
  %15 = tile.sqrt %14 : !tile.tile<16x128xf32>
  // CHECK: rsqrt
  %16 = tile.rsqrt %15 : !tile.tile<16x128xf32>
  // CHECK: recip
  %17 = tile.recip %16 : !tile.tile<16x128xf32>
  // CHECK: abs
  %18 = tile.abs %17 : !tile.tile<16x128xf32>
  // CHECK: neg
  %19 = tile.neg %18 : !tile.tile<16x128xf32>
  // CHECK: relu
  %20 = tile.relu %19 : !tile.tile<16x128xf32>
  tile.store %20, %x : !tile.tile<16x128xf32>, !tile.view<16x128xf32, inout>
}

// CHECK-LABEL: tile.kernel @reductions
tile.kernel @reductions(%x: !tile.view<8x64xf16, in>) {
  %a = tile.load %x : !tile.view<8x64xf16, in> -> !tile.tile<8x64xf16>
  // CHECK: rowsum %{{.*}} : !tile.tile<8x64xf16> -> !tile.tile<8x1xf16>
  %0 = tile.rowsum %a : !tile.tile<8x64xf16> -> !tile.tile<8x1xf16>
  // CHECK: rowmax
  %1 = tile.rowmax %a : !tile.tile<8x64xf16> -> !tile.tile<8x1xf16>
  // CHECK: rowmin
  %2 = tile.rowmin %a : !tile.tile<8x64xf16> -> !tile.tile<8x1xf16>
  // CHECK: rowmean
  %3 = tile.rowmean %a : !tile.tile<8x64xf16> -> !tile.tile<8x1xf16>
  // CHECK: colsum %{{.*}} : !tile.tile<8x64xf16> -> !tile.tile<1x64xf16>
  %4 = tile.colsum %a : !tile.tile<8x64xf16> -> !tile.tile<1x64xf16>
  // CHECK: colmax
  %5 = tile.colmax %a : !tile.tile<8x64xf16> -> !tile.tile<1x64xf16>
  // CHECK: colmin
  %6 = tile.colmin %a : !tile.tile<8x64xf16> -> !tile.tile<1x64xf16>
}

// CHECK-LABEL: tile.kernel @matmul
tile.kernel @matmul(%a: !tile.view<16x32xbf16, in>, %b: !tile.view<32x16xbf16, in>) {
  %lhs = tile.load %a : !tile.view<16x32xbf16, in> -> !tile.tile<16x32xbf16>
  %rhs = tile.load %b : !tile.view<32x16xbf16, in> -> !tile.tile<32x16xbf16>
  // CHECK: %[[C:.*]] = matmul %{{.*}}, %{{.*}} : !tile.tile<16x32xbf16>, !tile.tile<32x16xbf16> -> !tile.tile<16x16xf32>
  %c = tile.matmul %lhs, %rhs : !tile.tile<16x32xbf16>, !tile.tile<32x16xbf16> -> !tile.tile<16x16xf32>
  // CHECK: matmul %{{.*}}, %{{.*}} acc %[[C]]
  %d = tile.matmul %lhs, %rhs acc %c : !tile.tile<16x32xbf16>, !tile.tile<32x16xbf16> -> !tile.tile<16x16xf32>
}

// CHECK-LABEL: tile.kernel @misc
tile.kernel @misc(%x: !tile.view<16x32xf32, in>, %s: f32, %i: i32) {
  %a = tile.load %x : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  // CHECK: cast %{{.*}} : !tile.tile<16x32xf32> -> !tile.tile<16x32xf16>
  %0 = tile.cast %a : !tile.tile<16x32xf32> -> !tile.tile<16x32xf16>
  // CHECK: cast %{{.*}} round floor : !tile.tile<16x32xf32> -> !tile.tile<16x32xi32>
  %1 = tile.cast %a round floor : !tile.tile<16x32xf32> -> !tile.tile<16x32xi32>
  // CHECK: fill %{{.*}} : f32 -> !tile.tile<16x32xf32>
  %2 = tile.fill %s : f32 -> !tile.tile<16x32xf32>
  // CHECK: fill %{{.*}} : i32 -> !tile.tile<16x32xi32>
  %3 = tile.fill %i : i32 -> !tile.tile<16x32xi32>
  // CHECK: constant 1.500000e+00 : f32 -> !tile.tile<16x32xf32>
  %4 = tile.constant 1.5 : f32 -> !tile.tile<16x32xf32>
  // CHECK: %[[M:.*]] = cmp lt, %{{.*}}, %{{.*}} : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %5 = tile.cmp lt, %a, %4 : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  // CHECK: cmps ge, %{{.*}}, %{{.*}} : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %6 = tile.cmps ge, %a, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  // CHECK: select %[[M]], %{{.*}}, %{{.*}} : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %7 = tile.select %5, %a, %2 : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  // CHECK: transpose %{{.*}} : !tile.tile<16x32xf32> -> !tile.tile<32x16xf32>
  %8 = tile.transpose %7 : !tile.tile<16x32xf32> -> !tile.tile<32x16xf32>
  // CHECK: iota 0 : !tile.tile<1x32xi32>
  %9 = tile.iota 0 : !tile.tile<1x32xi32>
  // CHECK: sort32 %{{.*}} : !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>, !tile.tile<16x32xi32>
  %v, %idx = tile.sort32 %a : !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>, !tile.tile<16x32xi32>
  // CHECK: topk %{{.*}} : !tile.tile<16x32xf32> -> !tile.tile<16x8xf32>, !tile.tile<16x8xi32>
  %tv, %ti = tile.topk %a : !tile.tile<16x32xf32> -> !tile.tile<16x8xf32>, !tile.tile<16x8xi32>
}
