// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
//
// A 10x100 window (row stride 160) of a 16x160 view: the tile is partial,
// and the runner checks that nothing outside the output windows is written.
// The valid region survives an explicit tile.move and a left-hand column
// broadcast (materialised by -tile-legalize-broadcast).
// RUN: %run_kernel %t.so elementwise x:in:f32:10x100/16x160:randn c:in:f32:10x1/16x1:pos \
// RUN:   y:out:f32:10x100/16x160 z:out:f32:10x100/16x160 \
// RUN:   --rtol 1e-5 --atol 1e-5 --ref 'y = 1 + np.exp(x) * 2; z = c - x' \
// RUN:   | FileCheck %s --check-prefix=ELEM
//
// Reductions read only the valid region: the zero padding of a loaded tile
// must not win rowmin of positive data or rowmax of negative data, and
// rowmean divides by the valid column count (100, not 160).
// RUN: %run_kernel %t.so reductions x:in:f32:10x100/16x160:pos \
// RUN:   mean:out:f32:10x1/16x1 min:out:f32:10x1/16x1 max:out:f32:10x1/16x1 \
// RUN:   csum:out:f32:1x100/1x160 cmin:out:f32:1x100/1x160 \
// RUN:   --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'mean = x.mean(1, keepdims=True); min = x.min(1, keepdims=True); max = (-x).max(1, keepdims=True); \
// RUN:          csum = x.sum(0, keepdims=True); cmin = x.min(0, keepdims=True)' \
// RUN:   | FileCheck %s --check-prefix=RED
//
// Explicit valid(rows, cols) on a load and on a store, from index arguments.
// The output view is a full 16x160 window: elements the stores do not cover
// keep the runner's sentinel (-12345).
// RUN: %run_kernel %t.so explicit_valid x:in:f32:16x160:randn r:i64:7 c:i64:50 sr:i64:5 sc:i64:130 \
// RUN:   y:out:f32:16x160 m:out:f32:16x1 z:out:f32:16x160 --rtol 1e-5 --atol 1e-5 \
// RUN:   --ref 'y = np.full((16, 160), -12345.0); y[:7, :50] = -x[:7, :50]; \
// RUN:          m = np.full((16, 1), -12345.0); m[:7] = x[:7, :50].mean(1, keepdims=True); \
// RUN:          z = np.full((16, 160), -12345.0); z[:5, :130] = x[:5, :130] * 3' \
// RUN:   | FileCheck %s --check-prefix=VALID
//
// Matmul over partial tiles: M = 10, K = 20, N = 40 inside 16x32 @ 32x48.
// RUN: %run_kernel %t.so matmul a:in:f32:10x20/16x32:randn b:in:f32:20x40/32x48:randn \
// RUN:   c:out:f32:10x40/16x48 --rtol 1e-5 --atol 1e-5 --ref 'c = a @ b' \
// RUN:   | FileCheck %s --check-prefix=MM
// RUN: %run_kernel %t.so matmul_acc a:in:f16:10x20/16x32:randn b:in:f16:20x40/32x48:randn \
// RUN:   c:inout:f32:10x40/16x48:randn --rtol 1e-4 --atol 1e-4 --ref 'c = c + a @ b' \
// RUN:   | FileCheck %s --check-prefix=MMACC
//
// Routing on a partial row: blocks of 32 up to column 100 (the last block
// has 4 valid elements) and top-k over the 100 valid columns only.
// RUN: %run_kernel %t.so routing x:in:f32:3x100/4x128:randint \
// RUN:   v:out:f32:3x100/4x128 i:out:i32:3x100/4x128 tv:out:f32:3x8/4x8 ti:out:i32:3x8/4x8 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i = np.concatenate([np.argsort(-x[:, b:b + 32], axis=1, kind="stable") + b for b in range(0, 100, 32)], axis=1); \
// RUN:          v = np.take_along_axis(x, i, axis=1); \
// RUN:          ti = np.argsort(-x, axis=1, kind="stable")[:, :8]; tv = np.take_along_axis(x, ti, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=ROUTE
// Fewer valid columns (5) than k (8): only 5 results per row are stored.
// RUN: %run_kernel %t.so topk_short x:in:f32:2x5/4x128:randn v:out:f32:2x8/4x8 i:out:i32:2x8/4x8 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'o = np.argsort(-x, axis=1, kind="stable"); \
// RUN:          v = np.full((2, 8), -12345.0); v[:, :5] = np.take_along_axis(x, o, axis=1); \
// RUN:          i = np.full((2, 8), -777.0); i[:, :5] = o' \
// RUN:   | FileCheck %s --check-prefix=SHORT
// RUN: %run_kernel %t.so transpose_cast x:in:f32:10x100/16x160:randn \
// RUN:   t:out:f32:100x10/160x16 h:out:f16:10x100/16x160 --rtol 0 --atol 0 \
// RUN:   --ref 't = x.T; h = x.astype(np.float16)' \
// RUN:   | FileCheck %s --check-prefix=TC

// Partial tiles: run-time windows smaller than the static shape, and
// explicit valid regions.

// ELEM: PASS elementwise
tile.kernel @elementwise(%x: !tile.view<16x160xf32, in>, %c: !tile.view<16x1xf32, in>,
                         %y: !tile.view<16x160xf32, out>, %z: !tile.view<16x160xf32, out>) {
  %t = tile.load %x : !tile.view<16x160xf32, in> -> !tile.tile<16x160xf32>
  %tc = tile.load %c : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %e = tile.exp %t : !tile.tile<16x160xf32>
  %two = arith.constant 2.0 : f32
  %one = tile.constant 1.0 : f32 -> !tile.tile<16x160xf32>
  %e2 = tile.muls %e, %two : !tile.tile<16x160xf32>, f32
  %r = tile.add %one, %e2 : !tile.tile<16x160xf32>, !tile.tile<16x160xf32> -> !tile.tile<16x160xf32>
  %m = tile.move %t : !tile.tile<16x160xf32>
  %d = tile.sub %tc, %m : !tile.tile<16x1xf32>, !tile.tile<16x160xf32> -> !tile.tile<16x160xf32>
  tile.store %r, %y : !tile.tile<16x160xf32>, !tile.view<16x160xf32, out>
  tile.store %d, %z : !tile.tile<16x160xf32>, !tile.view<16x160xf32, out>
}

// RED: PASS reductions
tile.kernel @reductions(%x: !tile.view<16x160xf32, in>, %mean: !tile.view<16x1xf32, out>,
                        %min: !tile.view<16x1xf32, out>, %max: !tile.view<16x1xf32, out>,
                        %csum: !tile.view<1x160xf32, out>, %cmin: !tile.view<1x160xf32, out>) {
  %t = tile.load %x : !tile.view<16x160xf32, in> -> !tile.tile<16x160xf32>
  %0 = tile.rowmean %t : !tile.tile<16x160xf32> -> !tile.tile<16x1xf32>
  %1 = tile.rowmin %t : !tile.tile<16x160xf32> -> !tile.tile<16x1xf32>
  %n = tile.neg %t : !tile.tile<16x160xf32>
  %2 = tile.rowmax %n : !tile.tile<16x160xf32> -> !tile.tile<16x1xf32>
  %3 = tile.colsum %t : !tile.tile<16x160xf32> -> !tile.tile<1x160xf32>
  %4 = tile.colmin %t : !tile.tile<16x160xf32> -> !tile.tile<1x160xf32>
  tile.store %0, %mean : !tile.tile<16x1xf32>, !tile.view<16x1xf32, out>
  tile.store %1, %min : !tile.tile<16x1xf32>, !tile.view<16x1xf32, out>
  tile.store %2, %max : !tile.tile<16x1xf32>, !tile.view<16x1xf32, out>
  tile.store %3, %csum : !tile.tile<1x160xf32>, !tile.view<1x160xf32, out>
  tile.store %4, %cmin : !tile.tile<1x160xf32>, !tile.view<1x160xf32, out>
}

// VALID: PASS explicit_valid
tile.kernel @explicit_valid(%x: !tile.view<16x160xf32, in>, %r: index, %c: index,
                            %sr: index, %sc: index, %y: !tile.view<16x160xf32, out>,
                            %m: !tile.view<16x1xf32, out>, %z: !tile.view<16x160xf32, out>) {
  %p = tile.load %x valid(%r, %c) : !tile.view<16x160xf32, in> -> !tile.tile<16x160xf32>
  %n = tile.neg %p : !tile.tile<16x160xf32>
  %mean = tile.rowmean %p : !tile.tile<16x160xf32> -> !tile.tile<16x1xf32>
  tile.store %n, %y : !tile.tile<16x160xf32>, !tile.view<16x160xf32, out>
  tile.store %mean, %m : !tile.tile<16x1xf32>, !tile.view<16x1xf32, out>
  %full = tile.load %x : !tile.view<16x160xf32, in> -> !tile.tile<16x160xf32>
  %three = arith.constant 3.0 : f32
  %f3 = tile.muls %full, %three : !tile.tile<16x160xf32>, f32
  tile.store %f3, %z valid(%sr, %sc) : !tile.tile<16x160xf32>, !tile.view<16x160xf32, out>
}

// MM: PASS matmul
tile.kernel @matmul(%a: !tile.view<16x32xf32, in>, %b: !tile.view<32x48xf32, in>,
                    %c: !tile.view<16x48xf32, out>) {
  %ta = tile.load %a : !tile.view<16x32xf32, in> -> !tile.tile<16x32xf32>
  %tb = tile.load %b : !tile.view<32x48xf32, in> -> !tile.tile<32x48xf32>
  %tc = tile.matmul %ta, %tb : !tile.tile<16x32xf32>, !tile.tile<32x48xf32> -> !tile.tile<16x48xf32>
  tile.store %tc, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, out>
}

// MMACC: PASS matmul_acc
tile.kernel @matmul_acc(%a: !tile.view<16x32xf16, in>, %b: !tile.view<32x48xf16, in>,
                        %c: !tile.view<16x48xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  %tb = tile.load %b : !tile.view<32x48xf16, in> -> !tile.tile<32x48xf16>
  %acc = tile.load %c : !tile.view<16x48xf32, inout> -> !tile.tile<16x48xf32>
  %tc = tile.matmul %ta, %tb acc %acc : !tile.tile<16x32xf16>, !tile.tile<32x48xf16> -> !tile.tile<16x48xf32>
  tile.store %tc, %c : !tile.tile<16x48xf32>, !tile.view<16x48xf32, inout>
}

// ROUTE: PASS routing
tile.kernel @routing(%x: !tile.view<4x128xf32, in>, %v: !tile.view<4x128xf32, out>,
                     %i: !tile.view<4x128xi32, out>, %tv: !tile.view<4x8xf32, out>,
                     %ti: !tile.view<4x8xi32, out>) {
  %t = tile.load %x : !tile.view<4x128xf32, in> -> !tile.tile<4x128xf32>
  %sv, %si = tile.sort32 %t : !tile.tile<4x128xf32> -> !tile.tile<4x128xf32>, !tile.tile<4x128xi32>
  %kv, %ki = tile.topk %t : !tile.tile<4x128xf32> -> !tile.tile<4x8xf32>, !tile.tile<4x8xi32>
  tile.store %sv, %v : !tile.tile<4x128xf32>, !tile.view<4x128xf32, out>
  tile.store %si, %i : !tile.tile<4x128xi32>, !tile.view<4x128xi32, out>
  tile.store %kv, %tv : !tile.tile<4x8xf32>, !tile.view<4x8xf32, out>
  tile.store %ki, %ti : !tile.tile<4x8xi32>, !tile.view<4x8xi32, out>
}

// SHORT: PASS topk_short
tile.kernel @topk_short(%x: !tile.view<4x128xf32, in>, %v: !tile.view<4x8xf32, out>,
                        %i: !tile.view<4x8xi32, out>) {
  %t = tile.load %x : !tile.view<4x128xf32, in> -> !tile.tile<4x128xf32>
  %kv, %ki = tile.topk %t : !tile.tile<4x128xf32> -> !tile.tile<4x8xf32>, !tile.tile<4x8xi32>
  tile.store %kv, %v : !tile.tile<4x8xf32>, !tile.view<4x8xf32, out>
  tile.store %ki, %i : !tile.tile<4x8xi32>, !tile.view<4x8xi32, out>
}

// TC: PASS transpose_cast
tile.kernel @transpose_cast(%x: !tile.view<16x160xf32, in>, %t: !tile.view<160x16xf32, out>,
                            %h: !tile.view<16x160xf16, out>) {
  %tx = tile.load %x : !tile.view<16x160xf32, in> -> !tile.tile<16x160xf32>
  %tt = tile.transpose %tx : !tile.tile<16x160xf32> -> !tile.tile<160x16xf32>
  %th = tile.cast %tx : !tile.tile<16x160xf32> -> !tile.tile<16x160xf16>
  tile.store %tt, %t : !tile.tile<160x16xf32>, !tile.view<160x16xf32, out>
  tile.store %th, %h : !tile.tile<16x160xf16>, !tile.view<16x160xf16, out>
}
