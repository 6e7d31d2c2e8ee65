// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
//
// v = x / 4 - 16 for x = 0, 1, 2, ...: quarter steps, so every mode meets
// .5 ties (rint: to even, round: away from zero) and negative values.
// RUN: %run_kernel %t.so round_modes x:in:f32:4x32:arange \
// RUN:   rint:out:i32:4x32 round:out:i32:4x32 floor:out:i32:4x32 ceil:out:i32:4x32 trunc:out:i32:4x32 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'v = x / 4 - 16; rint = np.rint(v); round = np.sign(v) * np.floor(np.abs(v) + 0.5); \
// RUN:          floor = np.floor(v); ceil = np.ceil(v); trunc = np.trunc(v)' \
// RUN:   | FileCheck %s --check-prefix=ROUND
//
// Saturation to i32; the product is rounded to f32 in the kernel, so in the
// reference too.
// RUN: %run_kernel %t.so saturate x:in:f32:4x32:randn y:out:i32:4x32 --rtol 0 --atol 0 \
// RUN:   --ref 'y = np.clip(np.rint((x * 3e9).astype(np.float32)), -2**31, 2**31 - 1)' \
// RUN:   | FileCheck %s --check-prefix=SAT
// RUN: %run_kernel %t.so to_small_int x:in:f32:8x32:randn b:out:i8:8x32 u:out:u8:8x32 w:out:i16:8x32 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'v = (x * 100).astype(np.float32); b = np.clip(np.trunc(v), -128, 127); \
// RUN:          u = np.clip(np.floor(v), 0, 255); w = np.rint(v)' \
// RUN:   | FileCheck %s --check-prefix=SMALL
//
// Narrowing to 16 bits rounds to nearest even; bf is an independent bf16
// rounding of the float32 bits.
// RUN: %run_kernel %t.so to_16bit x:in:f32:16x64:randn h:out:f16:16x64 b:out:bf16:16x64 \
// RUN:   hw:out:f32:16x64 bw:out:f32:16x64 --rtol 0 --atol 0 \
// RUN:   --ref 'u = x.astype(np.float32).view(np.uint32).astype(np.uint64); \
// RUN:          bf = (((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32).astype(np.float64); \
// RUN:          h = x.astype(np.float16); b = bf; hw = h; bw = bf' \
// RUN:   | FileCheck %s --check-prefix=TO16
// RUN: %run_kernel %t.so from_16bit h:in:f16:16x64:randn b:in:bf16:16x64:randn \
// RUN:   hf:out:f32:16x64 bf:out:f32:16x64 hi:out:i32:16x64 bi:out:i32:16x64 --rtol 0 --atol 0 \
// RUN:   --ref 'hf = h; bf = b; hi = np.floor(h * 8); bi = np.ceil(b * 8)' \
// RUN:   | FileCheck %s --check-prefix=FROM16
// RUN: %run_kernel %t.so from_int n:in:i32:4x32:randn f:out:f32:4x32 h:out:f16:4x32 \
// RUN:   b:out:bf16:4x32 s16:out:i16:4x32 s8:out:i8:4x32 k:i64:20 --rtol 0 --atol 0 \
// RUN:   --ref 'f = n; h = n; b = n; s16 = n * 20; s8 = np.clip(n * 20, -128, 127)' \
// RUN:   | FileCheck %s --check-prefix=FROMINT
//
// fill takes a run-time scalar, constant an attribute.
// RUN: %run_kernel %t.so fill_constant s:f64:-2.75 i:i64:-42 \
// RUN:   fs:out:f32:16x64 fh:out:f16:16x64 fi:out:i32:16x64 cf:out:f32:16x64 ch:out:f16:16x64 \
// RUN:   ci:out:i32:16x64 cb:out:bf16:16x64 --rtol 0 --atol 0 \
// RUN:   --ref 'full = lambda v: np.full((16, 64), v, dtype=np.float64); \
// RUN:          fs = full(-2.75); fh = full(-2.75); fi = full(-42); cf = full(np.float32(0.1)); \
// RUN:          ch = full(np.float16(-0.1)); ci = full(7); cb = full(1.5)' \
// RUN:   | FileCheck %s --check-prefix=FILL

// tile.cast between f32, f16, bf16 and integers with each rounding mode;
// tile.fill and tile.constant.

// ROUND: PASS round_modes
tile.kernel @round_modes(%x: !tile.view<4x32xf32, in>, %rint: !tile.view<4x32xi32, out>,
                         %round: !tile.view<4x32xi32, out>, %floor: !tile.view<4x32xi32, out>,
                         %ceil: !tile.view<4x32xi32, out>, %trunc: !tile.view<4x32xi32, out>) {
  %t = tile.load %x : !tile.view<4x32xf32, in> -> !tile.tile<4x32xf32>
  %quarter = arith.constant 0.25 : f32
  %sixteen = arith.constant 16.0 : f32
  %q = tile.muls %t, %quarter : !tile.tile<4x32xf32>, f32
  %v = tile.subs %q, %sixteen : !tile.tile<4x32xf32>, f32
  %0 = tile.cast %v : !tile.tile<4x32xf32> -> !tile.tile<4x32xi32>
  %1 = tile.cast %v round round : !tile.tile<4x32xf32> -> !tile.tile<4x32xi32>
  %2 = tile.cast %v round floor : !tile.tile<4x32xf32> -> !tile.tile<4x32xi32>
  %3 = tile.cast %v round ceil : !tile.tile<4x32xf32> -> !tile.tile<4x32xi32>
  %4 = tile.cast %v round trunc : !tile.tile<4x32xf32> -> !tile.tile<4x32xi32>
  tile.store %0, %rint : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
  tile.store %1, %round : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
  tile.store %2, %floor : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
  tile.store %3, %ceil : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
  tile.store %4, %trunc : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
}

// Values beyond the i32 range saturate.
// SAT: PASS saturate
tile.kernel @saturate(%x: !tile.view<4x32xf32, in>, %y: !tile.view<4x32xi32, out>) {
  %t = tile.load %x : !tile.view<4x32xf32, in> -> !tile.tile<4x32xf32>
  %big = arith.constant 3.0e9 : f32
  %s = tile.muls %t, %big : !tile.tile<4x32xf32>, f32
  %i = tile.cast %s : !tile.tile<4x32xf32> -> !tile.tile<4x32xi32>
  tile.store %i, %y : !tile.tile<4x32xi32>, !tile.view<4x32xi32, out>
}

// To narrow integers, saturating: i8 (truncating), ui8 (floor) and i16.
// SMALL: PASS to_small_int
tile.kernel @to_small_int(%x: !tile.view<8x32xf32, in>, %b: !tile.view<8x32xi8, out>,
                          %u: !tile.view<8x32xui8, out>, %w: !tile.view<8x32xi16, out>) {
  %t = tile.load %x : !tile.view<8x32xf32, in> -> !tile.tile<8x32xf32>
  %hundred = arith.constant 100.0 : f32
  %v = tile.muls %t, %hundred : !tile.tile<8x32xf32>, f32
  %0 = tile.cast %v round trunc : !tile.tile<8x32xf32> -> !tile.tile<8x32xi8>
  %1 = tile.cast %v round floor : !tile.tile<8x32xf32> -> !tile.tile<8x32xui8>
  %2 = tile.cast %v : !tile.tile<8x32xf32> -> !tile.tile<8x32xi16>
  tile.store %0, %b : !tile.tile<8x32xi8>, !tile.view<8x32xi8, out>
  tile.store %1, %u : !tile.tile<8x32xui8>, !tile.view<8x32xui8, out>
  tile.store %2, %w : !tile.tile<8x32xi16>, !tile.view<8x32xi16, out>
}

// TO16: PASS to_16bit
tile.kernel @to_16bit(%x: !tile.view<16x64xf32, in>, %h: !tile.view<16x64xf16, out>,
                      %b: !tile.view<16x64xbf16, out>, %hw: !tile.view<16x64xf32, out>,
                      %bw: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %th = tile.cast %t : !tile.tile<16x64xf32> -> !tile.tile<16x64xf16>
  %tb = tile.cast %t : !tile.tile<16x64xf32> -> !tile.tile<16x64xbf16>
  %thw = tile.cast %th : !tile.tile<16x64xf16> -> !tile.tile<16x64xf32>
  %tbw = tile.cast %tb : !tile.tile<16x64xbf16> -> !tile.tile<16x64xf32>
  tile.store %th, %h : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %tb, %b : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
  tile.store %thw, %hw : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %tbw, %bw : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// FROM16: PASS from_16bit
tile.kernel @from_16bit(%h: !tile.view<16x64xf16, in>, %b: !tile.view<16x64xbf16, in>,
                        %hf: !tile.view<16x64xf32, out>, %bf: !tile.view<16x64xf32, out>,
                        %hi: !tile.view<16x64xi32, out>, %bi: !tile.view<16x64xi32, out>) {
  %th = tile.load %h : !tile.view<16x64xf16, in> -> !tile.tile<16x64xf16>
  %tb = tile.load %b : !tile.view<16x64xbf16, in> -> !tile.tile<16x64xbf16>
  %0 = tile.cast %th : !tile.tile<16x64xf16> -> !tile.tile<16x64xf32>
  %1 = tile.cast %tb : !tile.tile<16x64xbf16> -> !tile.tile<16x64xf32>
  %eight = arith.constant 8.0 : f32
  %h8 = tile.muls %th, %eight : !tile.tile<16x64xf16>, f32
  %b8 = tile.muls %tb, %eight : !tile.tile<16x64xbf16>, f32
  %2 = tile.cast %h8 round floor : !tile.tile<16x64xf16> -> !tile.tile<16x64xi32>
  %3 = tile.cast %b8 round ceil : !tile.tile<16x64xbf16> -> !tile.tile<16x64xi32>
  tile.store %0, %hf : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %bf : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %2, %hi : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %3, %bi : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
}

// Integer to float, and to narrower integers (saturating).
// FROMINT: PASS from_int
tile.kernel @from_int(%n: !tile.view<4x32xi32, in>, %f: !tile.view<4x32xf32, out>,
                      %h: !tile.view<4x32xf16, out>, %b: !tile.view<4x32xbf16, out>,
                      %s16: !tile.view<4x32xi16, out>,
                      %s8: !tile.view<4x32xi8, out>, %k: i32) {
  %t = tile.load %n : !tile.view<4x32xi32, in> -> !tile.tile<4x32xi32>
  %0 = tile.cast %t : !tile.tile<4x32xi32> -> !tile.tile<4x32xf32>
  %1 = tile.cast %t : !tile.tile<4x32xi32> -> !tile.tile<4x32xf16>
  %bf = tile.cast %t : !tile.tile<4x32xi32> -> !tile.tile<4x32xbf16>
  %big = tile.muls %t, %k : !tile.tile<4x32xi32>, i32
  %2 = tile.cast %big : !tile.tile<4x32xi32> -> !tile.tile<4x32xi16>
  %3 = tile.cast %big : !tile.tile<4x32xi32> -> !tile.tile<4x32xi8>
  tile.store %0, %f : !tile.tile<4x32xf32>, !tile.view<4x32xf32, out>
  tile.store %1, %h : !tile.tile<4x32xf16>, !tile.view<4x32xf16, out>
  tile.store %bf, %b : !tile.tile<4x32xbf16>, !tile.view<4x32xbf16, out>
  tile.store %2, %s16 : !tile.tile<4x32xi16>, !tile.view<4x32xi16, out>
  tile.store %3, %s8 : !tile.tile<4x32xi8>, !tile.view<4x32xi8, out>
}

// FILL: PASS fill_constant
tile.kernel @fill_constant(%s: f32, %i: i32, %fs: !tile.view<16x64xf32, out>,
                           %fh: !tile.view<16x64xf16, out>, %fi: !tile.view<16x64xi32, out>,
                           %cf: !tile.view<16x64xf32, out>, %ch: !tile.view<16x64xf16, out>,
                           %ci: !tile.view<16x64xi32, out>, %cb: !tile.view<16x64xbf16, out>) {
  %0 = tile.fill %s : f32 -> !tile.tile<16x64xf32>
  %1 = tile.fill %s : f32 -> !tile.tile<16x64xf16>
  %2 = tile.fill %i : i32 -> !tile.tile<16x64xi32>
  %3 = tile.constant 0.1 : f32 -> !tile.tile<16x64xf32>
  %4 = tile.constant -0.1 : f16 -> !tile.tile<16x64xf16>
  %5 = tile.constant 7 : i32 -> !tile.tile<16x64xi32>
  %6 = tile.constant 1.5 : bf16 -> !tile.tile<16x64xbf16>
  tile.store %0, %fs : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %1, %fh : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %2, %fi : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %3, %cf : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
  tile.store %4, %ch : !tile.tile<16x64xf16>, !tile.view<16x64xf16, out>
  tile.store %5, %ci : !tile.tile<16x64xi32>, !tile.view<16x64xi32, out>
  tile.store %6, %cb : !tile.tile<16x64xbf16>, !tile.view<16x64xbf16, out>
}
