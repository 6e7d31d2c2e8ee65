// RUN: pto-wsp-opt %s -tile-plan-buffers=arch=%S/Inputs/round-numbers.json -tile-estimate-cycles=arch=%S/Inputs/round-numbers.json | FileCheck %s
// Expected cycles are derived by hand from Inputs/round-numbers.json, where
// one GiB/s is exactly one byte per cycle.

// CHECK-LABEL: tile.kernel @vector
// 67 + 45 + 42 + 75 + 7 + 133
// CHECK-SAME: tile.cycles = 369
tile.kernel @vector(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>, %m: !tile.view<16x1xf32, out>) {
  // gm_to_ub: head 3 + 4096 B / 64 B per cycle
  // CHECK: load {{.*}}tile.cycles = 67
  %a = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  // TEXP: 13 + 2 x 16 repeats of 256 B
  // CHECK: exp {{.*}}tile.cycles = 45
  %e = tile.exp %a : !tile.tile<16x64xf32>
  // TADD: 10 + 2 x 16
  // CHECK: add {{.*}}tile.cycles = 42
  %s = tile.add %a, %e : !tile.tile<16x64xf32>, !tile.tile<16x64xf32> -> !tile.tile<16x64xf32>
  // TROWSUM 12 + 3 x 16, then TDIVS on 64 B: 11 + 4 x 1
  // CHECK: rowmean {{.*}}tile.cycles = 75
  %r = tile.rowmean %s : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  // ub_to_gm: head 5 + 64 B / 32
  // CHECK: store {{.*}}tile.cycles = 7
  tile.store %r, %m : !tile.tile<16x1xf32>, !tile.view<16x1xf32, out>
  // CHECK: store {{.*}}tile.cycles = 133
  tile.store %s, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// CHECK-LABEL: tile.kernel @cube
// 24 + 24 + 18 + 16
// CHECK-SAME: tile.cycles = 82
tile.kernel @cube(%a: !tile.view<16x32xf16, in>, %b: !tile.view<32x16xf16, in>, %c: !tile.view<16x16xf32, out>) {
  // gm_to_l1 1024/64 + l1_to_l0 1024/128
  // CHECK: load {{.*}}tile.cycles = 24
  %ta = tile.load %a : !tile.view<16x32xf16, in> -> !tile.tile<16x32xf16>
  // CHECK: load {{.*}}tile.cycles = 24
  %tb = tile.load %b : !tile.view<32x16xf16, in> -> !tile.tile<32x16xf16>
  // head 16 + 1 x 2 x 1 fractals x 1 cycle (f16)
  // CHECK: matmul {{.*}}tile.cycles = 18
  %p = tile.matmul %ta, %tb : !tile.tile<16x32xf16>, !tile.tile<32x16xf16> -> !tile.tile<16x16xf32>
  // l0c_to_gm 1024/64
  // CHECK: store {{.*}}tile.cycles = 16
  tile.store %p, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
}

// CHECK-LABEL: tile.kernel @mixed
// 24 + 24 + 18 + 8 + 21 + 5 + 37
// CHECK-SAME: tile.cycles = 137
tile.kernel @mixed(%a: !tile.view<16x16xf32, in>, %b: !tile.view<16x16xf32, in>, %c: !tile.view<16x16xf32, out>, %s: f32) {
  %ta = tile.load %a : !tile.view<16x16xf32, in> -> !tile.tile<16x16xf32>
  %tb = tile.load %b : !tile.view<16x16xf32, in> -> !tile.tile<16x16xf32>
  // f32 runs at half rate: 16 + 1 fractal x 2
  // CHECK: matmul {{.*}}tile.cycles = 18
  %p = tile.matmul %ta, %tb : !tile.tile<16x16xf32>, !tile.tile<16x16xf32> -> !tile.tile<16x16xf32>
  // l0c_to_ub 1024/128
  // CHECK: move {{.*}}tile.cycles = 8
  // CHECK: exp {{.*}}tile.cycles = 21
  %e = tile.exp %p : !tile.tile<16x16xf32>
  // TMULS is not listed: the default entry, 1 + 1 x 4
  // CHECK: muls {{.*}}tile.cycles = 5
  %m = tile.muls %e, %s : !tile.tile<16x16xf32>, f32
  // CHECK: store {{.*}}tile.cycles = 37
  tile.store %m, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
}
