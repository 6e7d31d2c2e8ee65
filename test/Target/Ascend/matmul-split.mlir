// RUN: pto-wsp-translate --ascend %s | FileCheck %s

// A kernel using both units (matmul, then exp on the product) and one
// accumulating into a tile loaded from memory: on Ascend each becomes a
// chain of an AIC and an AIV kernel passing the product through an
// intermediate that pto-runtime allocates (add_output of a TensorCreateInfo).

tile.kernel @mm_exp(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>, %y: !tile.view<16x16xf32, out>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %p = tile.matmul %ta, %tb : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  %e = tile.exp %p : !tile.tile<16x16xf32>
  tile.store %e, %y : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
}

workload.workload @w(%A: memref<4x16x16xf16>, %B: memref<16x16xf16>, %Y: memref<4x16x16xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 4
  workload.parallel_for %i in %n name("i") {
    %a = workload.view %A[%i, %c0, %c0] sizes [1, 16, 16] : memref<4x16x16xf16> -> !workload.view<16x16xf16>
    %b = workload.view %B[%c0, %c0] sizes [16, 16] : memref<16x16xf16> -> !workload.view<16x16xf16>
    %y = workload.view %Y[%i, %c0, %c0] sizes [1, 16, 16] : memref<4x16x16xf32> -> !workload.view<16x16xf32>
    workload.task @mm_exp(%a, %b, %y) : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
  }
}

// CHECK-LABEL: // ===== orchestration/w.cpp =====
// The AIC stage creates the product; the AIV stage reads it.
// CHECK: ptowsp::Create [[C:v[0-9]+]] = ptowsp::create(16, 16, DataType::FLOAT32);
// CHECK: TaskOutputTensors [[O:v[0-9]+]] = ptowsp::submit_aic(0, {{v[0-9]+}}, {{v[0-9]+}}, [[C]],
// CHECK: Tensor [[P:v[0-9]+]] = ptowsp::output([[O]], 0);
// CHECK: ptowsp::In [[PIN:v[0-9]+]] = ptowsp::in([[P]]);
// CHECK: ptowsp::submit_aiv(1, [[PIN]],

// CHECK-LABEL: // ===== kernels/aic/mm_exp__s0_aic.cpp =====
// GM -> L1 (Mat) on MTE2, L1 -> L0A/L0B on MTE1, the cube on M, L0C -> GM on the fixpipe.
// CHECK: Tile<TileType::Mat, half, 16, 16, BLayout::ColMajor, 16, 16, SLayout::RowMajor, 512> [[MA:v[0-9]+]] =
// CHECK: TLOAD([[MA]],
// CHECK: TileLeft<half, 16, 16, 16, 16> [[L:v[0-9]+]] =
// CHECK: set_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID0);
// CHECK: TMOV([[L]], [[MA]]);
// CHECK: TileRight<half, 16, 16, 16, 16> [[R:v[0-9]+]] =
// CHECK: TMOV([[R]],
// CHECK: TileAcc<float, 16, 16, 16, 16> [[ACC:v[0-9]+]] =
// CHECK: set_flag(PIPE_MTE1, PIPE_M, EVENT_ID0);
// CHECK: TMATMUL([[ACC]], [[L]], [[R]]);
// CHECK: set_flag(PIPE_M, PIPE_FIX, EVENT_ID0);
// CHECK: TSTORE({{v[0-9]+}}, [[ACC]]);
// CHECK: set_flag(PIPE_FIX, PIPE_S, EVENT_ID7);

// CHECK-LABEL: // ===== kernels/aiv/mm_exp__s1_aiv.cpp =====
// CHECK: TLOAD(
// CHECK: TEXP(
// CHECK: TSTORE(

// CHECK-LABEL: // ===== ptort.conf =====
// CHECK: kernel 0 aic kernels/aic/mm_exp__s0_aic.cpp IN IN OUT
// CHECK: kernel 1 aiv kernels/aiv/mm_exp__s1_aiv.cpp IN OUT
