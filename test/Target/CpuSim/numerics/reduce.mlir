// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
// RUN: %run_kernel %t.so rows_f32 x:in:f32:10x200:randn \
// RUN:   sum:out:f32:10x1 max:out:f32:10x1 min:out:f32:10x1 mean:out:f32:10x1 \
// RUN:   --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'sum = x.sum(1, keepdims=True); max = x.max(1, keepdims=True); min = x.min(1, keepdims=True); mean = x.mean(1, keepdims=True)' \
// RUN:   | FileCheck %s --check-prefix=ROWS
// RUN: %run_kernel %t.so cols_f32 x:in:f32:10x200:randn \
// RUN:   sum:out:f32:1x200 max:out:f32:1x200 min:out:f32:1x200 \
// RUN:   --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'sum = x.sum(0, keepdims=True); max = x.max(0, keepdims=True); min = x.min(0, keepdims=True)' \
// RUN:   | FileCheck %s --check-prefix=COLS
//
// f16 sources accumulate in f32; each result is rounded to f16 once, and
// rowmean divides the rounded sum (an f16 tile) by the column count.
// RUN: %run_kernel %t.so rows_f16 x:in:f16:8x96:randn \
// RUN:   sum:out:f16:8x1 max:out:f16:8x1 min:out:f16:8x1 mean:out:f16:8x1 \
// RUN:   --rtol 1e-3 --atol 1e-3 \
// RUN:   --ref 'h = lambda v: v.astype(np.float16).astype(np.float64); \
// RUN:          sum = h(x.sum(1, keepdims=True)); max = x.max(1, keepdims=True); min = x.min(1, keepdims=True); \
// RUN:          mean = h(sum / 96)' \
// RUN:   | FileCheck %s --check-prefix=ROWS16
// RUN: %run_kernel %t.so cols_f16 x:in:f16:24x96:randn \
// RUN:   sum:out:f16:1x96 max:out:f16:1x96 min:out:f16:1x96 \
// RUN:   --rtol 1e-3 --atol 1e-3 \
// RUN:   --ref 'h = lambda v: v.astype(np.float16).astype(np.float64); \
// RUN:          sum = h(x.sum(0, keepdims=True)); max = x.max(0, keepdims=True); min = x.min(0, keepdims=True)' \
// RUN:   | FileCheck %s --check-prefix=COLS16
// RUN: %run_kernel %t.so layernorm x:in:f32:16x128:randn y:out:f32:16x128 \
// RUN:   --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'c = x - x.mean(1, keepdims=True); y = c / np.sqrt((c * c).mean(1, keepdims=True) + 1e-5)' \
// RUN:   | FileCheck %s --check-prefix=LN

// Row and column reductions. 10 rows and 200 columns are not multiples of
// the runtime's 4-row and 64-column blocks.

// ROWS: PASS rows_f32
tile.kernel @rows_f32(%x: !tile.view<10x200xf32, in>, %sum: !tile.view<10x1xf32, out>,
                      %max: !tile.view<10x1xf32, out>, %min: !tile.view<10x1xf32, out>,
                      %mean: !tile.view<10x1xf32, out>) {
  %t = tile.load %x : !tile.view<10x200xf32, in> -> !tile.tile<10x200xf32>
  %0 = tile.rowsum %t : !tile.tile<10x200xf32> -> !tile.tile<10x1xf32>
  %1 = tile.rowmax %t : !tile.tile<10x200xf32> -> !tile.tile<10x1xf32>
  %2 = tile.rowmin %t : !tile.tile<10x200xf32> -> !tile.tile<10x1xf32>
  %3 = tile.rowmean %t : !tile.tile<10x200xf32> -> !tile.tile<10x1xf32>
  tile.store %0, %sum : !tile.tile<10x1xf32>, !tile.view<10x1xf32, out>
  tile.store %1, %max : !tile.tile<10x1xf32>, !tile.view<10x1xf32, out>
  tile.store %2, %min : !tile.tile<10x1xf32>, !tile.view<10x1xf32, out>
  tile.store %3, %mean : !tile.tile<10x1xf32>, !tile.view<10x1xf32, out>
}

// COLS: PASS cols_f32
tile.kernel @cols_f32(%x: !tile.view<10x200xf32, in>, %sum: !tile.view<1x200xf32, out>,
                      %max: !tile.view<1x200xf32, out>, %min: !tile.view<1x200xf32, out>) {
  %t = tile.load %x : !tile.view<10x200xf32, in> -> !tile.tile<10x200xf32>
  %0 = tile.colsum %t : !tile.tile<10x200xf32> -> !tile.tile<1x200xf32>
  %1 = tile.colmax %t : !tile.tile<10x200xf32> -> !tile.tile<1x200xf32>
  %2 = tile.colmin %t : !tile.tile<10x200xf32> -> !tile.tile<1x200xf32>
  tile.store %0, %sum : !tile.tile<1x200xf32>, !tile.view<1x200xf32, out>
  tile.store %1, %max : !tile.tile<1x200xf32>, !tile.view<1x200xf32, out>
  tile.store %2, %min : !tile.tile<1x200xf32>, !tile.view<1x200xf32, out>
}

// ROWS16: PASS rows_f16
tile.kernel @rows_f16(%x: !tile.view<8x96xf16, in>, %sum: !tile.view<8x1xf16, out>,
                      %max: !tile.view<8x1xf16, out>, %min: !tile.view<8x1xf16, out>,
                      %mean: !tile.view<8x1xf16, out>) {
  %t = tile.load %x : !tile.view<8x96xf16, in> -> !tile.tile<8x96xf16>
  %0 = tile.rowsum %t : !tile.tile<8x96xf16> -> !tile.tile<8x1xf16>
  %1 = tile.rowmax %t : !tile.tile<8x96xf16> -> !tile.tile<8x1xf16>
  %2 = tile.rowmin %t : !tile.tile<8x96xf16> -> !tile.tile<8x1xf16>
  %3 = tile.rowmean %t : !tile.tile<8x96xf16> -> !tile.tile<8x1xf16>
  tile.store %0, %sum : !tile.tile<8x1xf16>, !tile.view<8x1xf16, out>
  tile.store %1, %max : !tile.tile<8x1xf16>, !tile.view<8x1xf16, out>
  tile.store %2, %min : !tile.tile<8x1xf16>, !tile.view<8x1xf16, out>
  tile.store %3, %mean : !tile.tile<8x1xf16>, !tile.view<8x1xf16, out>
}

// COLS16: PASS cols_f16
tile.kernel @cols_f16(%x: !tile.view<24x96xf16, in>, %sum: !tile.view<1x96xf16, out>,
                      %max: !tile.view<1x96xf16, out>, %min: !tile.view<1x96xf16, out>) {
  %t = tile.load %x : !tile.view<24x96xf16, in> -> !tile.tile<24x96xf16>
  %0 = tile.colsum %t : !tile.tile<24x96xf16> -> !tile.tile<1x96xf16>
  %1 = tile.colmax %t : !tile.tile<24x96xf16> -> !tile.tile<1x96xf16>
  %2 = tile.colmin %t : !tile.tile<24x96xf16> -> !tile.tile<1x96xf16>
  tile.store %0, %sum : !tile.tile<1x96xf16>, !tile.view<1x96xf16, out>
  tile.store %1, %max : !tile.tile<1x96xf16>, !tile.view<1x96xf16, out>
  tile.store %2, %min : !tile.tile<1x96xf16>, !tile.view<1x96xf16, out>
}

// Reductions feeding column broadcasts: y = (x - mean) / sqrt(var + eps).
// LN: PASS layernorm
tile.kernel @layernorm(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>) {
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %m = tile.rowmean %t : !tile.tile<16x128xf32> -> !tile.tile<16x1xf32>
  %c = tile.sub %t, %m : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  %sq = tile.mul %c, %c : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  %v = tile.rowmean %sq : !tile.tile<16x128xf32> -> !tile.tile<16x1xf32>
  %eps = tile.constant 1.0e-5 : f32 -> !tile.tile<16x1xf32>
  %ve = tile.add %v, %eps : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  %r = tile.rsqrt %ve : !tile.tile<16x1xf32>
  %y0 = tile.mul %c, %r : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  tile.store %y0, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}
