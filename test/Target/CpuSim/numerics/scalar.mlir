// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so scalar_f32 x:in:f32:16x64:randn s:f64:0.3 \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = x + s; sub = x - s; mul = x * s; div = x / s; max = np.maximum(x, s); min = np.minimum(x, s)' \
// RUN:   | FileCheck %s --check-prefix=F32
// RUN: %run_kernel %t.so scalar_f32 x:in:f32:16x64:randn s:f64:-2.5 \
// RUN:   add:out:f32:16x64 sub:out:f32:16x64 mul:out:f32:16x64 div:out:f32:16x64 \
// RUN:   max:out:f32:16x64 min:out:f32:16x64 \
// RUN:   --ref 'add = x + s; sub = x - s; mul = x * s; div = x / s; max = np.maximum(x, s); min = np.minimum(x, s)' \
// RUN:   | FileCheck %s --check-prefix=F32
//
// On f16 tiles the scalar is rounded to f16 first and each result to f16 last;
// the tolerance is below one f16 ulp (~1e-3), so the rounding is checked.
// RUN: %run_kernel %t.so scalar_f16 x:in:f16:16x64:randn s:f64:0.3 \
// RUN:   add:out:f16:16x64 sub:out:f16:16x64 mul:out:f16:16x64 div:out:f16:16x64 \
// RUN:   max:out:f16:16x64 min:out:f16:16x64 --rtol 1e-4 --atol 1e-6 \
// RUN:   --ref 'h = lambda v: np.asarray(v).astype(np.float16).astype(np.float64); s = h(s); \
// RUN:          add = h(x + s); sub = h(x - s); mul = h(x * s); div = h(x / s); max = np.maximum(x, s); min = np.minimum(x, s)' \
// RUN:   | FileCheck %s --check-prefix=F16
//
// Scalar arguments of other types: f16, i8, i16 and index.
// RUN: %run_kernel %t.so scalar_types h:f64:0.1 b:i64:-5 w:i64:300 n:i64:-7 \
// RUN:   yh:out:f16:8x32 yb:out:i8:8x32 yw:out:i16:8x32 yn:out:i32:8x32 --rtol 0 --atol 0 \
// RUN:   --ref 'yh = np.full((8, 32), np.float16(0.1)); yb = np.full((8, 32), -5); yw = np.full((8, 32), 300); \
// RUN:          yn = np.tile(np.arange(32) - 7, (8, 1))' \
// RUN:   | FileCheck %s --check-prefix=TYPES

// Tile-scalar operations adds/subs/muls/divs/maxs/mins; the scalar is a
// run-time kernel argument.

// F32: PASS scalar_f32
tile.kernel @scalar_f32(%x: !tile.view<16x64xf32, in>, %s: f32,
                        %add: !tile.view<16x64xf32, out>, %sub: !tile.view<16x64xf32, out>,
                        %mul: !tile.view<16x64xf32, out>, %div: !tile.view<16x64xf32, out>,
                        %max: !tile.view<16x64xf32, out>, %min: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %0 = tile.adds %t, %s : !tile.tile<16x64xf32>, f32
  %1 = tile.subs %t, %s : !tile.tile<16x64xf32>, f32
  %2 = tile.muls %t, %s : !tile.tile<16x64xf32>, f32
  %3 = tile.divs %t, %s : !tile.tile<16x64xf32>, f32
  %4 = tile.maxs %t, %s : !tile.tile<16x64xf32>, f32
  %5 = tile.mins %t, %s : !tile.tile<16x64xf32>, f32
  tile.store %0, %add : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %sub : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %mul : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %3, %div : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %max : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %5, %min : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// F16: PASS scalar_f16
tile.kernel @scalar_f16(%x: !tile.view<16x64xf16, in>, %s: f32,
                        %add: !tile.view<16x64xf16, out>, %sub: !tile.view<16x64xf16, out>,
                        %mul: !tile.view<16x64xf16, out>, %div: !tile.view<16x64xf16, out>,
                        %max: !tile.view<16x64xf16, out>, %min: !tile.view<16x64xf16, out>) {
  %t = tile.load %x : !tile.view<16x64xf16, in> -> !tile.tile<16x64xf16>
  %0 = tile.adds %t, %s : !tile.tile<16x64xf16>, f32
  %1 = tile.subs %t, %s : !tile.tile<16x64xf16>, f32
  %2 = tile.muls %t, %s : !tile.tile<16x64xf16>, f32
  %3 = tile.divs %t, %s : !tile.tile<16x64xf16>, f32
  %4 = tile.maxs %t, %s : !tile.tile<16x64xf16>, f32
  %5 = tile.mins %t, %s : !tile.tile<16x64xf16>, f32
  tile.store %0, %add : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %1, %sub : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %2, %mul : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %3, %div : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %4, %max : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %5, %min : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
}

// TYPES: PASS scalar_types
tile.kernel @scalar_types(%h: f16, %b: i8, %w: i16, %n: index,
                          %yh: !tile.view<8x32xf16, out>, %yb: !tile.view<8x32xi8, out>,
                          %yw: !tile.view<8x32xi16, out>, %yn: !tile.view<8x32xi32, out>) {
  %0 = tile.fill %h : f16 -> !tile.tile<8x32xf16>
  %1 = tile.fill %b : i8 -> !tile.tile<8x32xi8>
  %2 = tile.fill %w : i16 -> !tile.tile<8x32xi16>
  %iota = tile.iota 0 : !tile.tile<8x32xi32>
  %3 = tile.adds %iota, %n : !tile.tile<8x32xi32>, index
  tile.store %0, %yh : !tile.tile<8x32xf16>, !tile.view<8x32xf16, out>
  tile.store %1, %yb : !tile.tile<8x32xi8>, !tile.view<8x32xi8, out>
  tile.store %2, %yw : !tile.tile<8x32xi16>, !tile.view<8x32xi16, out>
  tile.store %3, %yn : !tile.tile<8x32xi32>, !tile.view<8x32xi32, out>
}
