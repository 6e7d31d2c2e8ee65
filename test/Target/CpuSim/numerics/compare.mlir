// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
//
// randint inputs (0..9) make equal elements common, so eq/ne/le/ge are
// exercised on ties. Each output is select(cmp(a, b), a, -b).
// RUN: %run_kernel %t.so cmp_all a:in:f32:16x32:randint b:in:f32:16x32:randint \
// RUN:   eq:out:f32:16x32 ne:out:f32:16x32 lt:out:f32:16x32 le:out:f32:16x32 \
// RUN:   gt:out:f32:16x32 ge:out:f32:16x32 --rtol 0 --atol 0 \
// RUN:   --ref 'sel = lambda m: np.where(m, a, -b); \
// RUN:          eq = sel(a == b); ne = sel(a != b); lt = sel(a < b); le = sel(a <= b); gt = sel(a > b); ge = sel(a >= b)' \
// RUN:   | FileCheck %s --check-prefix=CMP
// RUN: %run_kernel %t.so cmps_all a:in:f32:16x32:randint s:f64:4 \
// RUN:   eq:out:f32:16x32 ne:out:f32:16x32 lt:out:f32:16x32 le:out:f32:16x32 \
// RUN:   gt:out:f32:16x32 ge:out:f32:16x32 --rtol 0 --atol 0 \
// RUN:   --ref 'sel = lambda m: np.where(m, a, 100.0); \
// RUN:          eq = sel(a == s); ne = sel(a != s); lt = sel(a < s); le = sel(a <= s); gt = sel(a > s); ge = sel(a >= s)' \
// RUN:   | FileCheck %s --check-prefix=CMPS
// RUN: %run_kernel %t.so mask_store a:in:f16:16x32:randn b:in:f16:16x32:randn m:out:u8:16x32 \
// RUN:   --rtol 0 --atol 0 --ref 'm = (a > b).astype(np.float64)' \
// RUN:   | FileCheck %s --check-prefix=MASK
// RUN: %run_kernel %t.so clamp_select x:in:i32:16x32:randn y:out:i32:16x32 lo:i64:-3 \
// RUN:   --rtol 0 --atol 0 --ref 'y = np.where(x < lo, lo, x)' \
// RUN:   | FileCheck %s --check-prefix=ISEL
// RUN: %run_kernel %t.so transpose x:in:f32:16x32:randn h:in:f16:24x40:randn \
// RUN:   xt:out:f32:32x16 ht:out:f16:40x24 --rtol 0 --atol 0 \
// RUN:   --ref 'xt = x.T; ht = h.T' | FileCheck %s --check-prefix=TRANS
// RUN: %run_kernel %t.so iota i0:out:i32:4x32 i5:out:i32:4x48 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i0 = np.tile(np.arange(32), (4, 1)); i5 = np.tile(np.arange(5, 53), (4, 1))' \
// RUN:   | FileCheck %s --check-prefix=IOTA
// RUN: %run_kernel %t.so causal_mask x:in:f32:32x32:randn y:out:f32:32x32 \
// RUN:   --rtol 0 --atol 0 --ref 'y = np.where(np.tril(np.ones((32, 32))) > 0, x, -1e4)' \
// RUN:   | FileCheck %s --check-prefix=CAUSAL

// tile.cmp (every predicate), tile.cmps, tile.select, tile.transpose and
// tile.iota.

// CMP: PASS cmp_all
tile.kernel @cmp_all(%a: !tile.view<16x32xf32, in>, %b: !tile.view<16x32xf32, in>,
                     %eq: !tile.view<16x32xf32, out>, %ne: !tile.view<16x32xf32, out>,
                     %lt: !tile.view<16x32xf32, out>, %le: !tile.view<16x32xf32, out>,
                     %gt: !tile.view<16x32xf32, out>, %ge: !tile.view<16x32xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tb = tile.load %b : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %nb = tile.neg %tb : !tile.tile<16x32xf32>
  %m0 = tile.cmp eq, %ta, %tb : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %m1 = tile.cmp ne, %ta, %tb : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %m2 = tile.cmp lt, %ta, %tb : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %m3 = tile.cmp le, %ta, %tb : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %m4 = tile.cmp gt, %ta, %tb : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %m5 = tile.cmp ge, %ta, %tb : !tile.tile<16x32xf32> -> !tile.tile<16x32xi1>
  %0 = tile.select %m0, %ta, %nb : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %1 = tile.select %m1, %ta, %nb : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %2 = tile.select %m2, %ta, %nb : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %3 = tile.select %m3, %ta, %nb : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %4 = tile.select %m4, %ta, %nb : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %5 = tile.select %m5, %ta, %nb : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  tile.store %0, %eq : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %1, %ne : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %2, %lt : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %3, %le : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %4, %gt : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %5, %ge : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
}

// CMPS: PASS cmps_all
tile.kernel @cmps_all(%a: !tile.view<16x32xf32, in>, %s: f32,
                      %eq: !tile.view<16x32xf32, out>, %ne: !tile.view<16x32xf32, out>,
                      %lt: !tile.view<16x32xf32, out>, %le: !tile.view<16x32xf32, out>,
                      %gt: !tile.view<16x32xf32, out>, %ge: !tile.view<16x32xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %other = tile.constant 100.0 : f32 -> !tile.tile<16x32xf32>
  %m0 = tile.cmps eq, %ta, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %m1 = tile.cmps ne, %ta, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %m2 = tile.cmps lt, %ta, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %m3 = tile.cmps le, %ta, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %m4 = tile.cmps gt, %ta, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %m5 = tile.cmps ge, %ta, %s : !tile.tile<16x32xf32>, f32 -> !tile.tile<16x32xi1>
  %0 = tile.select %m0, %ta, %other : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %1 = tile.select %m1, %ta, %other : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %2 = tile.select %m2, %ta, %other : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %3 = tile.select %m3, %ta, %other : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %4 = tile.select %m4, %ta, %other : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  %5 = tile.select %m5, %ta, %other : !tile.tile<16x32xi1>, !tile.tile<16x32xf32>
  tile.store %0, %eq : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %1, %ne : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %2, %lt : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %3, %le : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %4, %gt : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
  tile.store %5, %ge : !tile.tile<16x32xf32>, !tile.view<16x32xf32, out>
}

// An f16 compare turned into a ui8 0/1 tile.
// MASK: PASS mask_store
tile.kernel @mask_store(%a: !tile.view<16x32xf16, in>, %b: !tile.view<16x32xf16, in>,
                        %m: !tile.view<16x32xui8, out>) {
  %ta = tile.load %a : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  %tb = tile.load %b : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  %mask = tile.cmp gt, %ta, %tb : !tile.tile<16x32xf16> -> !tile.tile<16x32xi1>
  %one = tile.constant 1 : ui8 -> !tile.tile<16x32xui8>
  %zero = tile.constant 0 : ui8 -> !tile.tile<16x32xui8>
  %r = tile.select %mask, %one, %zero : !tile.tile<16x32xi1>, !tile.tile<16x32xui8>
  tile.store %r, %m : !tile.tile<16x32xui8>, !tile.view<16x32xui8, out>
}

// Integer compare against a scalar and select.
// ISEL: PASS clamp_select
tile.kernel @clamp_select(%x: !tile.view<16x32xi32, in>, %y: !tile.view<16x32xi32, out>, %lo: i32) {
  %t = tile.load %x : !tile.view<16x32xi32, in> -> !tile.tile<16x32xi32>
  %l = tile.fill %lo : i32 -> !tile.tile<16x32xi32>
  %m = tile.cmps lt, %t, %lo : !tile.tile<16x32xi32>, i32 -> !tile.tile<16x32xi1>
  %r = tile.select %m, %l, %t : !tile.tile<16x32xi1>, !tile.tile<16x32xi32>
  tile.store %r, %y : !tile.tile<16x32xi32>, !tile.view<16x32xi32, out>
}

// 24x40 is not a multiple of the runtime's 16x16 transpose blocks.
// TRANS: PASS transpose
tile.kernel @transpose(%x: !tile.view<16x32xf32, in>, %h: !tile.view<24x40xf16, in>,
                       %xt: !tile.view<32x16xf32, out>, %ht: !tile.view<40x24xf16, out>) {
  %tx = tile.load %x : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %th = tile.load %h : !tile.view<24x40xf16, in> -> !tile.tile<24x40xf16>
  %0 = tile.transpose %tx : !tile.tile<16x32xf32> -> !tile.tile<32x16xf32>
  %1 = tile.transpose %th : !tile.tile<24x40xf16> -> !tile.tile<40x24xf16>
  tile.store %0, %xt : !tile.tile<32x16xf32>, !tile.view<32x16xf32, out>
  tile.store %1, %ht : !tile.tile<40x24xf16>, !tile.view<40x24xf16, out>
}

// IOTA: PASS iota
tile.kernel @iota(%i0: !tile.view<4x32xi32, out>, %i5: !tile.view<4x48xi32, out>) {
  %0 = tile.iota 0 : !tile.tile<4x32xi32>
  %1 = tile.iota 5 : !tile.tile<4x48xi32>
  tile.store %0, %i0 : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
  tile.store %1, %i5 : !tile.tile<4x48xi32>, !tile.view<4x48xi32, out>
}

// A causal mask built from iota: keep x[r][c] where c <= r. The row index
// is the column index of the transposed iota.
// CAUSAL: PASS causal_mask
tile.kernel @causal_mask(%x: !tile.view<32x32xf32, in>, %y: !tile.view<32x32xf32, out>) {
  %t = tile.load %x : !tile.view<32x32xf32, in> -> !tile.tile<32x32xf32>
  %col = tile.iota 0 : !tile.tile<32x32xi32>
  %row = tile.transpose %col : !tile.tile<32x32xi32> -> !tile.tile<32x32xi32>
  %keep = tile.cmp le, %col, %row : !tile.tile<32x32xi32> -> !tile.tile<32x32xi1>
  %neg = tile.constant -1.0e4 : f32 -> !tile.tile<32x32xf32>
  %r = tile.select %keep, %t, %neg : !tile.tile<32x32xi1>, !tile.tile<32x32xf32>
  tile.store %r, %y : !tile.tile<32x32xf32>, !tile.view<32x32xf32, out>
}
