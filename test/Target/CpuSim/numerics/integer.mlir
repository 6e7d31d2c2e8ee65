// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
//
// Integer inputs from randn are 4 * N(0, 1) truncated toward zero. Results
// wrap modulo 2^bits (w8, w16, w32 in the references).
// RUN: %run_kernel %t.so binary_i32 a:in:i32:16x64:randn b:in:i32:16x64:randn \
// RUN:   add:out:i32:16x64 sub:out:i32:16x64 mul:out:i32:16x64 max:out:i32:16x64 min:out:i32:16x64 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'add = a + b; sub = a - b; mul = a * b; max = np.maximum(a, b); min = np.minimum(a, b)' \
// RUN:   | FileCheck %s --check-prefix=I32
// RUN: %run_kernel %t.so binary_i16 a:in:i16:16x64:randn r:in:i16:1x64:randn c:in:i16:16x1:randn \
// RUN:   add:out:i16:16x64 sub:out:i16:16x64 mul:out:i16:16x64 max:out:i16:16x64 min:out:i16:16x64 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'add = a + r; sub = c - a; mul = r * a; max = np.maximum(c, a); min = np.minimum(a, c)' \
// RUN:   | FileCheck %s --check-prefix=I16
// RUN: %run_kernel %t.so binary_i8 a:in:i8:16x64:randn b:in:i8:16x64:randn \
// RUN:   add:out:i8:16x64 sub:out:i8:16x64 mul:out:i8:16x64 max:out:i8:16x64 min:out:i8:16x64 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'w8 = lambda v: (v.astype(np.int64) + 128) % 256 - 128; \
// RUN:          add = w8(a + b); sub = w8(a - b); mul = w8(a * b * 3); max = np.maximum(a, b); min = np.minimum(a, b)' \
// RUN:   | FileCheck %s --check-prefix=I8
// RUN: %run_kernel %t.so unary_int x:in:i32:16x64:randn h:in:i16:16x64:randn b:in:i8:16x64:randn \
// RUN:   xa:out:i32:16x64 xn:out:i32:16x64 xr:out:i32:16x64 ha:out:i16:16x64 hn:out:i16:16x64 \
// RUN:   hr:out:i16:16x64 ba:out:i8:16x64 bn:out:i8:16x64 br:out:i8:16x64 --rtol 0 --atol 0 \
// RUN:   --ref 'xa = np.abs(x); xn = -x; xr = np.maximum(x, 0); ha = np.abs(h); hn = -h; hr = np.maximum(h, 0); \
// RUN:          ba = np.abs(b); bn = -b; br = np.maximum(b, 0)' \
// RUN:   | FileCheck %s --check-prefix=UNARY
// RUN: %run_kernel %t.so scalar_int x:in:i32:16x64:randn k:i64:1000000000 j:i64:-3 \
// RUN:   add:out:i32:16x64 sub:out:i32:16x64 mul:out:i32:16x64 max:out:i32:16x64 min:out:i32:16x64 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'w32 = lambda v: (v.astype(np.int64) + 2**31) % 2**32 - 2**31; \
// RUN:          add = x + j; sub = x - j; mul = w32(x * k); max = np.maximum(x, j); min = np.minimum(x, j)' \
// RUN:   | FileCheck %s --check-prefix=SCALAR
// RUN: %run_kernel %t.so reduce_int x:in:i32:12x40:randn b:in:i8:12x40:randint \
// RUN:   rs:out:i32:12x1 rmax:out:i32:12x1 cmin:out:i32:1x40 bs:out:i8:12x1 bmax:out:i8:1x40 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'w8 = lambda v: (v.astype(np.int64) + 128) % 256 - 128; \
// RUN:          rs = x.sum(1, keepdims=True); rmax = x.max(1, keepdims=True); cmin = x.min(0, keepdims=True); \
// RUN:          bs = w8(b.sum(1, keepdims=True)); bmax = b.max(0, keepdims=True)' \
// RUN:   | FileCheck %s --check-prefix=RED

// Integer tiles: arithmetic (no div, which is float-only), unary sign ops,
// tile-scalar ops and reductions, with two's-complement wrap-around.

// I32: PASS binary_i32
tile.kernel @binary_i32(%a: !tile.view<16x64xi32, in>, %b: !tile.view<16x64xi32, in>,
                        %add: !tile.view<16x64xi32, out>, %sub: !tile.view<16x64xi32, out>,
                        %mul: !tile.view<16x64xi32, out>, %max: !tile.view<16x64xi32, out>,
                        %min: !tile.view<16x64xi32, out>) {
  %ta = tile.load %a : !tile.view<16x64xi32, in> -> !tile.tile<16x64xi32>
  %tb = tile.load %b : !tile.view<16x64xi32, in> -> !tile.tile<16x64xi32>
  %0 = tile.add %ta, %tb : !tile.tile<16x64xi32>, !tile.tile<16x64xi32> -> !tile.tile<16x64xi32>
  %1 = tile.sub %ta, %tb : !tile.tile<16x64xi32>, !tile.tile<16x64xi32> -> !tile.tile<16x64xi32>
  %2 = tile.mul %ta, %tb : !tile.tile<16x64xi32>, !tile.tile<16x64xi32> -> !tile.tile<16x64xi32>
  %3 = tile.max %ta, %tb : !tile.tile<16x64xi32>, !tile.tile<16x64xi32> -> !tile.tile<16x64xi32>
  %4 = tile.min %ta, %tb : !tile.tile<16x64xi32>, !tile.tile<16x64xi32> -> !tile.tile<16x64xi32>
  tile.store %0, %add : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %1, %sub : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %2, %mul : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %3, %max : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %4, %min : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
}

// Row and column broadcasts on both sides.
// I16: PASS binary_i16
tile.kernel @binary_i16(%a: !tile.view<16x64xi16, in>, %r: !tile.view<1x64xi16, in>,
                        %c: !tile.view<16x1xi16, in>,
                        %add: !tile.view<16x64xi16, out>, %sub: !tile.view<16x64xi16, out>,
                        %mul: !tile.view<16x64xi16, out>, %max: !tile.view<16x64xi16, out>,
                        %min: !tile.view<16x64xi16, out>) {
  %ta = tile.load %a : !tile.view<16x64xi16, in> -> !tile.tile<16x64xi16>
  %tr = tile.load %r : !tile.view<1x64xi16, in> -> !tile.tile<1x64xi16>
  %tc = tile.load %c : !tile.view<16x1xi16, in> -> !tile.tile<16x1xi16>
  %0 = tile.add %ta, %tr : !tile.tile<16x64xi16>, !tile.tile<1x64xi16> -> !tile.tile<16x64xi16>
  %1 = tile.sub %tc, %ta : !tile.tile<16x1xi16>, !tile.tile<16x64xi16> -> !tile.tile<16x64xi16>
  %2 = tile.mul %tr, %ta : !tile.tile<1x64xi16>, !tile.tile<16x64xi16> -> !tile.tile<16x64xi16>
  %3 = tile.max %tc, %ta : !tile.tile<16x1xi16>, !tile.tile<16x64xi16> -> !tile.tile<16x64xi16>
  %4 = tile.min %ta, %tc : !tile.tile<16x64xi16>, !tile.tile<16x1xi16> -> !tile.tile<16x64xi16>
  tile.store %0, %add : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %1, %sub : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %2, %mul : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %3, %max : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %4, %min : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
}

// a * b * 3 leaves the i8 range and wraps.
// I8: PASS binary_i8
tile.kernel @binary_i8(%a: !tile.view<16x64xi8, in>, %b: !tile.view<16x64xi8, in>,
                       %add: !tile.view<16x64xi8, out>, %sub: !tile.view<16x64xi8, out>,
                       %mul: !tile.view<16x64xi8, out>, %max: !tile.view<16x64xi8, out>,
                       %min: !tile.view<16x64xi8, out>) {
  %ta = tile.load %a : !tile.view<16x64xi8, in> -> !tile.tile<16x64xi8>
  %tb = tile.load %b : !tile.view<16x64xi8, in> -> !tile.tile<16x64xi8>
  %three = tile.constant 3 : i8 -> !tile.tile<16x64xi8>
  %0 = tile.add %ta, %tb : !tile.tile<16x64xi8>, !tile.tile<16x64xi8> -> !tile.tile<16x64xi8>
  %1 = tile.sub %ta, %tb : !tile.tile<16x64xi8>, !tile.tile<16x64xi8> -> !tile.tile<16x64xi8>
  %ab = tile.mul %ta, %tb : !tile.tile<16x64xi8>, !tile.tile<16x64xi8> -> !tile.tile<16x64xi8>
  %2 = tile.mul %ab, %three : !tile.tile<16x64xi8>, !tile.tile<16x64xi8> -> !tile.tile<16x64xi8>
  %3 = tile.max %ta, %tb : !tile.tile<16x64xi8>, !tile.tile<16x64xi8> -> !tile.tile<16x64xi8>
  %4 = tile.min %ta, %tb : !tile.tile<16x64xi8>, !tile.tile<16x64xi8> -> !tile.tile<16x64xi8>
  tile.store %0, %add : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
  tile.store %1, %sub : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
  tile.store %2, %mul : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
  tile.store %3, %max : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
  tile.store %4, %min : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
}

// UNARY: PASS unary_int
tile.kernel @unary_int(%x: !tile.view<16x64xi32, in>, %h: !tile.view<16x64xi16, in>,
                       %b: !tile.view<16x64xi8, in>,
                       %xa: !tile.view<16x64xi32, out>, %xn: !tile.view<16x64xi32, out>,
                       %xr: !tile.view<16x64xi32, out>, %ha: !tile.view<16x64xi16, out>,
                       %hn: !tile.view<16x64xi16, out>, %hr: !tile.view<16x64xi16, out>,
                       %ba: !tile.view<16x64xi8, out>, %bn: !tile.view<16x64xi8, out>,
                       %br: !tile.view<16x64xi8, out>) {
  %tx = tile.load %x : !tile.view<16x64xi32, in> -> !tile.tile<16x64xi32>
  %th = tile.load %h : !tile.view<16x64xi16, in> -> !tile.tile<16x64xi16>
  %tb = tile.load %b : !tile.view<16x64xi8, in> -> !tile.tile<16x64xi8>
  %0 = tile.abs %tx : !tile.tile<16x64xi32>
  %1 = tile.neg %tx : !tile.tile<16x64xi32>
  %2 = tile.relu %tx : !tile.tile<16x64xi32>
  %3 = tile.abs %th : !tile.tile<16x64xi16>
  %4 = tile.neg %th : !tile.tile<16x64xi16>
  %5 = tile.relu %th : !tile.tile<16x64xi16>
  %6 = tile.abs %tb : !tile.tile<16x64xi8>
  %7 = tile.neg %tb : !tile.tile<16x64xi8>
  %8 = tile.relu %tb : !tile.tile<16x64xi8>
  tile.store %0, %xa : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %1, %xn : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %2, %xr : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %3, %ha : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %4, %hn : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %5, %hr : !tile.tile<16x64xi16>, !tile.view<16x64xi16, out>
  tile.store %6, %ba : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
  tile.store %7, %bn : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
  tile.store %8, %br : !tile.tile<16x64xi8>, !tile.view<16x64xi8, out>
}

// x * 10^9 overflows i32 and wraps.
// SCALAR: PASS scalar_int
tile.kernel @scalar_int(%x: !tile.view<16x64xi32, in>, %k: i32, %j: i32,
                        %add: !tile.view<16x64xi32, out>, %sub: !tile.view<16x64xi32, out>,
                        %mul: !tile.view<16x64xi32, out>, %max: !tile.view<16x64xi32, out>,
                        %min: !tile.view<16x64xi32, out>) {
  %t = tile.load %x : !tile.view<16x64xi32, in> -> !tile.tile<16x64xi32>
  %0 = tile.adds %t, %j : !tile.tile<16x64xi32>, i32
  %1 = tile.subs %t, %j : !tile.tile<16x64xi32>, i32
  %2 = tile.muls %t, %k : !tile.tile<16x64xi32>, i32
  %3 = tile.maxs %t, %j : !tile.tile<16x64xi32>, i32
  %4 = tile.mins %t, %j : !tile.tile<16x64xi32>, i32
  tile.store %0, %add : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %1, %sub : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %2, %mul : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %3, %max : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %4, %min : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
}

// Sums of 40 i8 values in 0..9 exceed 127 and wrap on the i8 result.
// RED: PASS reduce_int
tile.kernel @reduce_int(%x: !tile.view<12x40xi32, in>, %b: !tile.view<12x40xi8, in>,
                        %rs: !tile.view<12x1xi32, out>, %rmax: !tile.view<12x1xi32, out>,
                        %cmin: !tile.view<1x40xi32, out>, %bs: !tile.view<12x1xi8, out>,
                        %bmax: !tile.view<1x40xi8, out>) {
  %tx = tile.load %x : !tile.view<12x40xi32, in> -> !tile.tile<12x40xi32>
  %tb = tile.load %b : !tile.view<12x40xi8, in> -> !tile.tile<12x40xi8>
  %0 = tile.rowsum %tx : !tile.tile<12x40xi32> -> !tile.tile<12x1xi32>
  %1 = tile.rowmax %tx : !tile.tile<12x40xi32> -> !tile.tile<12x1xi32>
  %2 = tile.colmin %tx : !tile.tile<12x40xi32> -> !tile.tile<1x40xi32>
  %3 = tile.rowsum %tb : !tile.tile<12x40xi8> -> !tile.tile<12x1xi8>
  %4 = tile.colmax %tb : !tile.tile<12x40xi8> -> !tile.tile<1x40xi8>
  tile.store %0, %rs : !tile.tile<12x1xi32>, !tile.view<12x1xi32, out>
  tile.store %1, %rmax : !tile.tile<12x1xi32>, !tile.view<12x1xi32, out>
  tile.store %2, %cmin : !tile.tile<1x40xi32>, !tile.view<1x40xi32, out>
  tile.store %3, %bs : !tile.tile<12x1xi8>, !tile.view<12x1xi8, out>
  tile.store %4, %bmax : !tile.tile<1x40xi8>, !tile.view<1x40xi8, out>
}
