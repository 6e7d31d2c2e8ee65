// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so full a:in:f32:16x64:randn b:in:f32:16x64:pos \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = a + b; sub = a - b; mul = a * b; div = a / b; max = np.maximum(a, b); min = np.minimum(a, b)' \
// RUN:   | FileCheck %s --check-prefix=FULL
// RUN: %run_kernel %t.so col_right x:in:f32:16x64:randn c:in:f32:16x1:pos \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = x + c; sub = x - c; mul = x * c; div = x / c; max = np.maximum(x, c); min = np.minimum(x, c)' \
// RUN:   | FileCheck %s --check-prefix=COLR
// RUN: %run_kernel %t.so col_left x:in:f32:16x64:pos c:in:f32:16x1:randn \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = c + x; sub = c - x; mul = c * x; div = c / x; max = np.maximum(c, x); min = np.minimum(c, x)' \
// RUN:   | FileCheck %s --check-prefix=COLL
// RUN: %run_kernel %t.so row_right x:in:f32:16x64:randn r:in:f32:1x64:pos \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = x + r; sub = x - r; mul = x * r; div = x / r; max = np.maximum(x, r); min = np.minimum(x, r)' \
// RUN:   | FileCheck %s --check-prefix=ROWR
// RUN: %run_kernel %t.so row_left x:in:f32:16x64:pos r:in:f32:1x64:randn \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = r + x; sub = r - x; mul = r * x; div = r / x; max = np.maximum(r, x); min = np.minimum(r, x)' \
// RUN:   | FileCheck %s --check-prefix=ROWL
// RUN: %run_kernel %t.so broadcast c:in:f32:16x1:randn r:in:f32:1x64:randn \
// RUN:   bc:out:f32:16x64 br:out:f32:16x64 \
// RUN:   --ref 'bc = np.broadcast_to(c, (16, 64)); br = np.broadcast_to(r, (16, 64))' \
// RUN:   | FileCheck %s --check-prefix=BCAST
// RUN: %run_kernel %t.so softmax_rows x:in:f32:8x96:randn y:out:f32:8x96 \
// RUN:   --rtol 1e-5 --atol 1e-6 \
// RUN:   --ref 'e = np.exp(x - x.max(axis=1, keepdims=True)); y = e / e.sum(axis=1, keepdims=True)' \
// RUN:   | FileCheck %s --check-prefix=SOFTMAX
//
// 16-bit tiles compute in f32 and round each result once; b16 rounds to
// bf16 (nearest even) from the float32 bits.
// RUN: %run_kernel %t.so bf16_ops x:in:bf16:16x64:randn r:in:bf16:1x64:pos c:in:bf16:16x1:pos \
// RUN:   add:out:bf16:16x64 div:out:bf16:16x64 max:out:bf16:16x64 --rtol 0 --atol 0 \
// RUN:   --ref 'u = lambda v: v.astype(np.float32).view(np.uint32).astype(np.uint64); \
// RUN:          b16 = lambda v: (((u(v) + 0x7FFF + ((u(v) >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32).astype(np.float64); \
// RUN:          add = b16((x + r).astype(np.float32)); div = b16((c / x).astype(np.float32)); max = np.maximum(r, x)' \
// RUN:   | FileCheck %s --check-prefix=BF16

// Elementwise binary operations of two f32 tiles: full shapes, a column
// (Rx1) or a row (1xC) operand on either side (the left-hand forms go
// through -tile-legalize-broadcast), and tile.broadcast.

// FULL: PASS full
tile.kernel @full(%a: !tile.view<16x64xf32, in>, %b: !tile.view<16x64xf32, in>,
                  %add: !tile.view<16x64xf32, out>, %sub: !tile.view<16x64xf32, out>,
                  %mul: !tile.view<16x64xf32, out>, %div: !tile.view<16x64xf32, out>,
                  %max: !tile.view<16x64xf32, out>, %min: !tile.view<16x64xf32, out>) {
  %ta = tile.load %a : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tb = tile.load %b : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %0 = tile.add %ta, %tb : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %1 = tile.sub %ta, %tb : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %2 = tile.mul %ta, %tb : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %3 = tile.div %ta, %tb : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %4 = tile.max %ta, %tb : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %5 = tile.min %ta, %tb : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %0, %add : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %sub : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %mul : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %div : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %max : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %5, %min : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// COLR: PASS col_right
tile.kernel @col_right(%x: !tile.view<16x64xf32, in>, %c: !tile.view<16x1xf32, in>,
                       %add: !tile.view<16x64xf32, out>, %sub: !tile.view<16x64xf32, out>,
                       %mul: !tile.view<16x64xf32, out>, %div: !tile.view<16x64xf32, out>,
                       %max: !tile.view<16x64xf32, out>, %min: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tc = tile.load %c : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %0 = tile.add %tx, %tc : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %1 = tile.sub %tx, %tc : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %2 = tile.mul %tx, %tc : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %3 = tile.div %tx, %tc : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %4 = tile.max %tx, %tc : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %5 = tile.min %tx, %tc : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  tile.store %0, %add : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %sub : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %mul : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %div : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %max : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %5, %min : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// COLL: PASS col_left
tile.kernel @col_left(%x: !tile.view<16x64xf32, in>, %c: !tile.view<16x1xf32, in>,
                      %add: !tile.view<16x64xf32, out>, %sub: !tile.view<16x64xf32, out>,
                      %mul: !tile.view<16x64xf32, out>, %div: !tile.view<16x64xf32, out>,
                      %max: !tile.view<16x64xf32, out>, %min: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tc = tile.load %c : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %0 = tile.add %tc, %tx : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %1 = tile.sub %tc, %tx : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %2 = tile.mul %tc, %tx : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %3 = tile.div %tc, %tx : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %4 = tile.max %tc, %tx : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %5 = tile.min %tc, %tx : !tile.tile<16x1xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %0, %add : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %sub : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %mul : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %div : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %max : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %5, %min : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// ROWR: PASS row_right
tile.kernel @row_right(%x: !tile.view<16x64xf32, in>, %r: !tile.view<1x64xf32, in>,
                       %add: !tile.view<16x64xf32, out>, %sub: !tile.view<16x64xf32, out>,
                       %mul: !tile.view<16x64xf32, out>, %div: !tile.view<16x64xf32, out>,
                       %max: !tile.view<16x64xf32, out>, %min: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tr = tile.load %r : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  %0 = tile.add %tx, %tr : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  %1 = tile.sub %tx, %tr : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  %2 = tile.mul %tx, %tr : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  %3 = tile.div %tx, %tr : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  %4 = tile.max %tx, %tr : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  %5 = tile.min %tx, %tr : !tile.tile<16x64xf32>, !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  tile.store %0, %add : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %sub : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %mul : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %div : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %max : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %5, %min : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// ROWL: PASS row_left
tile.kernel @row_left(%x: !tile.view<16x64xf32, in>, %r: !tile.view<1x64xf32, in>,
                      %add: !tile.view<16x64xf32, out>, %sub: !tile.view<16x64xf32, out>,
                      %mul: !tile.view<16x64xf32, out>, %div: !tile.view<16x64xf32, out>,
                      %max: !tile.view<16x64xf32, out>, %min: !tile.view<16x64xf32, out>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tr = tile.load %r : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  %0 = tile.add %tr, %tx : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %1 = tile.sub %tr, %tx : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %2 = tile.mul %tr, %tx : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %3 = tile.div %tr, %tx : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %4 = tile.max %tr, %tx : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  %5 = tile.min %tr, %tx : !tile.tile<1x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  tile.store %0, %add : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %sub : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %mul : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %div : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %max : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %5, %min : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// BCAST: PASS broadcast
tile.kernel @broadcast(%c: !tile.view<16x1xf32, in>, %r: !tile.view<1x64xf32, in>,
                       %bc: !tile.view<16x64xf32, out>, %br: !tile.view<16x64xf32, out>) {
  %tc = tile.load %c : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %tr = tile.load %r : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  %0 = tile.broadcast %tc : !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %1 = tile.broadcast %tr : !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
  tile.store %0, %bc : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %br : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// A row softmax: column broadcasts produced by reductions, on the right.
// SOFTMAX: PASS softmax_rows
tile.kernel @softmax_rows(%x: !tile.view<8x96xf32, in>, %y: !tile.view<8x96xf32, out>) {
  %t = tile.load %x : !tile.view<8x96xf32, in> -> !tile.tile<8x96xf32>
  %m = tile.rowmax %t : !tile.tile<8x96xf32> -> !tile.tile<8x1xf32>
  %s = tile.sub %t, %m : !tile.tile<8x96xf32>, !tile.tile<8x1xf32> -> !tile.tile<8x96xf32>
  %e = tile.exp %s : !tile.tile<8x96xf32>
  %l = tile.rowsum %e : !tile.tile<8x96xf32> -> !tile.tile<8x1xf32>
  %p = tile.div %e, %l : !tile.tile<8x96xf32>, !tile.tile<8x1xf32> -> !tile.tile<8x96xf32>
  tile.store %p, %y : !tile.tile<8x96xf32>, !tile.view<8x96xf32, out>
}

// BF16: PASS bf16_ops
tile.kernel @bf16_ops(%x: !tile.view<16x64xbf16, in>, %r: !tile.view<1x64xbf16, in>,
                      %c: !tile.view<16x1xbf16, in>, %add: !tile.view<16x64xbf16, out>,
                      %div: !tile.view<16x64xbf16, out>, %max: !tile.view<16x64xbf16, out>) {
  %tx = tile.load %x : !tile.view<16x64xbf16, in> -> !tile.tile<16x64xbf16>
  %tr = tile.load %r : !tile.view<1x64xbf16, in> -> !tile.tile<1x64xbf16>
  %tc = tile.load %c : !tile.view<16x1xbf16, in> -> !tile.tile<16x1xbf16>
  %0 = tile.add %tx, %tr : !tile.tile<16x64xbf16>, !tile.tile<1x64xbf16> -> !tile.tile<16x64xbf16>
  %1 = tile.div %tc, %tx : !tile.tile<16x1xbf16>, !tile.tile<16x64xbf16> -> !tile.tile<16x64xbf16>
  %2 = tile.max %tr, %tx : !tile.tile<1x64xbf16>, !tile.tile<16x64xbf16> -> !tile.tile<16x64xbf16>
  tile.store %0, %add : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
  tile.store %1, %div : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
  tile.store %2, %max : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
}
