// RUN: rm -rf %t && mkdir -p %t
// RUN: pto-wsp-translate --target=aie %s -o %t/4col 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
// RUN: FileCheck %s --check-prefix=DESIGN --input-file %t/4col/design.mlir
// RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/4col/kernels/gemm_acc.cc
// RUN: %python %S/Inputs/design_vs_emu.py %t/4col | FileCheck %s --check-prefix=SAME
// RUN: pto-wsp-translate --target=aie --target-option device=npu1_2col %s -o %t/2col 2>/dev/null >/dev/null
// RUN: FileCheck %s --check-prefix=TWO --input-file %t/2col/design.mlir
// RUN: %python %S/Inputs/design_vs_emu.py %t/2col | FileCheck %s --check-prefix=SAME

// C (32x64 f32) += A (32x48 f16) @ B (48x64 f16) in 16x16 tiles: the 2 x 4
// output tiles (m, n) are parallel work items; each accumulates over the 3
// k tiles (for_each k) into its C tile. The k loop stays inside the work
// item (C's region does not move along it): C is resident, loaded from the
// host once per item (ld FIFO, copied into the st FIFO's element that the
// kernel accumulates into) and stored once per item; A and B are streamed,
// one FIFO element per task.

tile.kernel @gemm_acc(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>,
                      %c: !tile.view<16x16xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  %r = tile.matmul %ta, %tb acc %tc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  tile.store %r, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
}

workload.workload @gemm(%A: memref<32x48xf16>, %B: memref<48x64xf16>, %C: memref<32x64xf32>) {
  %c16 = arith.constant 16 : index
  %mt = workload.dense 2
  %nt = workload.dense 4
  %kt = workload.dense 3
  workload.parallel_for %m in %mt name("m") {
    workload.parallel_for %n in %nt name("n") {
      %row = arith.muli %m, %c16 : index
      %col = arith.muli %n, %c16 : index
      %c = workload.view %C[%row, %col] sizes [16, 16] : memref<32x64xf32> -> !workload.view<16x16xf32>
      workload.for_each %k in %kt name("k") {
        %kk = arith.muli %k, %c16 : index
        %a = workload.view %A[%row, %kk] sizes [16, 16] : memref<32x48xf16> -> !workload.view<16x16xf16>
        %bt = workload.view %B[%kk, %col] sizes [16, 16] : memref<48x64xf16> -> !workload.view<16x16xf16>
        workload.task @gemm_acc(%a, %bt, %c) : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
      }
    }
  }
}

// Three input streams per core (A, B, C's load) exceed a compute tile's 2
// input DMA channels: reported, not rejected (the emulation runs it).
// WARN: warning: (target aie): core(0,2) uses 3 input DMA channels; npu1_4col's compute tiles have 2 (streams would have to be merged on hardware)
// WARN: warning: (target aie): the shim of column 0 uses 3 MM2S channels in phase 0; it has 2

// DESIGN: // phase 0: 8 work items (2 placed loops) on 4 cores
// DESIGN: func.func private @gemm_acc(memref<16x16xf16>, i32, i32, memref<16x16xf16>, i32, i32, memref<16x16xf32>, i32, i32)
// C: a store FIFO (core -> shim) and a load FIFO (shim -> core), one
// element (one 16x16 f32 tile) each; A and B: double-buffered f16 streams.
// DESIGN: aie.objectfifo @[[ST:arg2_st_c0]](%[[T0:[a-z_0-9]+]], {%[[M0:[a-z_0-9]+]]}, 1 : i32) : !aie.objectfifo<memref<16x16xf32>>
// DESIGN-NEXT: aie.objectfifo @[[ST]]_L2L3(%[[M0]], {%[[S0:[a-z_0-9]+]]}, 1 : i32) : !aie.objectfifo<memref<16x16xf32>>
// DESIGN-NEXT: aie.objectfifo.link [@[[ST]]] -> [@[[ST]]_L2L3]([] [])
// DESIGN-NEXT: aie.objectfifo @[[LD:arg2_ld_c0]]_L3L2(%[[S0]], {%[[M0]]}, 1 : i32) : !aie.objectfifo<memref<16x16xf32>>
// DESIGN-NEXT: aie.objectfifo @[[LD]](%[[M0]], {%[[T0]]}, 1 : i32) : !aie.objectfifo<memref<16x16xf32>>
// DESIGN-NEXT: aie.objectfifo.link [@[[LD]]_L3L2] -> [@[[LD]]]([] [])
// DESIGN-NEXT: aie.objectfifo @[[A:arg0_in_c0]]_L3L2(%[[S0]], {%[[M0]]}, 2 : i32) : !aie.objectfifo<memref<16x16xf16>>
// DESIGN-NEXT: aie.objectfifo @[[A]](%[[M0]], {%[[T0]]}, 2 : i32) : !aie.objectfifo<memref<16x16xf16>>
// DESIGN-NEXT: aie.objectfifo.link [@[[A]]_L3L2] -> [@[[A]]]([] [])
// DESIGN-NEXT: aie.objectfifo @[[B:arg1_in_c0]]_L3L2(%[[S0]], {%[[M0]]}, 2 : i32) : !aie.objectfifo<memref<16x16xf16>>
// DESIGN-NEXT: aie.objectfifo @[[B]](%[[M0]], {%[[T0]]}, 2 : i32) : !aie.objectfifo<memref<16x16xf16>>
// DESIGN-NEXT: aie.objectfifo.link [@[[B]]_L3L2] -> [@[[B]]]([] [])
// Core 0: 2 items (m = 0, 1; n = 0). Per item: take the C element to
// fill, copy the loaded C into it, then the k loop of 3 tasks on streamed
// A and B tiles accumulating into it, then store it (release) once.
// DESIGN: aie.core(%[[T0]]) {
// DESIGN: scf.for
// DESIGN: %[[SVC:[a-z0-9]+]] = aie.objectfifo.acquire @[[ST]](Produce, 1)
// DESIGN-NEXT: %[[C:[a-z0-9]+]] = aie.objectfifo.subview.access %[[SVC]][0]
// DESIGN-NEXT: %[[SVL:[a-z0-9]+]] = aie.objectfifo.acquire @[[LD]](Consume, 1)
// DESIGN-NEXT: %[[L:[a-z0-9]+]] = aie.objectfifo.subview.access %[[SVL]][0]
// DESIGN-NEXT: memref.copy %[[L]], %[[C]] : memref<16x16xf32> to memref<16x16xf32>
// DESIGN-NEXT: aie.objectfifo.release @[[LD]](Consume, 1)
// DESIGN-NEXT: %[[KLB:[a-z0-9]+]] = arith.constant 0 : index
// DESIGN-NEXT: %[[KUB:[a-z0-9]+]] = arith.constant 3 : index
// DESIGN-NEXT: %[[KST:[a-z0-9]+]] = arith.constant 1 : index
// DESIGN-NEXT: scf.for %{{[a-z0-9]+}} = %[[KLB]] to %[[KUB]] step %[[KST]] {
// DESIGN-NEXT: %[[SVA:[a-z0-9]+]] = aie.objectfifo.acquire @[[A]](Consume, 1)
// DESIGN-NEXT: %[[TA:[a-z0-9]+]] = aie.objectfifo.subview.access %[[SVA]][0]
// DESIGN-NEXT: %[[SVB:[a-z0-9]+]] = aie.objectfifo.acquire @[[B]](Consume, 1)
// DESIGN-NEXT: %[[TB:[a-z0-9]+]] = aie.objectfifo.subview.access %[[SVB]][0]
// DESIGN-NOT: aie.objectfifo.{{acquire|release}}
// DESIGN: func.call @gemm_acc(%[[TA]], %{{[a-z0-9]+}}, %{{[a-z0-9]+}}, %[[TB]], %{{[a-z0-9]+}}, %{{[a-z0-9]+}}, %[[C]], %{{[a-z0-9]+}}, %{{[a-z0-9]+}})
// DESIGN-NEXT: aie.objectfifo.release @[[B]](Consume, 1)
// DESIGN-NEXT: aie.objectfifo.release @[[A]](Consume, 1)
// DESIGN-NEXT: }
// DESIGN-NEXT: aie.objectfifo.release @[[ST]](Produce, 1)
// DESIGN-NEXT: }
// DESIGN-NEXT: aie.end
// Transfers of core q = 0 (n = q; m = 0, 1; k = 0, 1, 2), by hand:
//  C (row stride 64): tiles (16m, 16q): offset 16q, rows 0..31 x 16 cols:
//    [32, 16] strides [64, 1] (the two m tiles are consecutive rows).
//  A (row stride 48): tiles (16m, 16k), m then k: offset 0,
//    [2, 3, 16, 16] strides [16 * 48, 16, 48, 1], the same for every core.
//  B (row stride 64): tiles (16k, 16q), repeated for each m (stride 0);
//    k and the tile rows merge into 48 rows: [2, 48, 16] strides [0, 64, 1].
//    mlir-aie's dma_memcpy_nd verifier allows a zero stride only in the
//    outermost (repeat) dimension d3: [2, 1, 48, 16][0, 0, 64, 1].
// DESIGN: aie.runtime_sequence(%[[HA:[a-z0-9]+]]: memref<1536xf16>, %[[HB:[a-z0-9]+]]: memref<3072xf16>, %[[HC:[a-z0-9]+]]: memref<2048xf32>) {
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 0][1, 1, 32, 16][0, 0, 64, 1]) {id = 0 : i64, metadata = @[[ST]]_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 16][1, 1, 32, 16][0, 0, 64, 1]) {id = 1 : i64, metadata = @arg2_st_c1_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 32][1, 1, 32, 16][0, 0, 64, 1]) {id = 2 : i64, metadata = @arg2_st_c2_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 48][1, 1, 32, 16][0, 0, 64, 1]) {id = 3 : i64, metadata = @arg2_st_c3_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 0][1, 1, 32, 16][0, 0, 64, 1]) {id = 4 : i64, metadata = @[[LD]]_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HA]][0, 0, 0, 0][2, 3, 16, 16][768, 16, 48, 1]) {id = 5 : i64, metadata = @[[A]]_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HB]][0, 0, 0, 0][2, 1, 48, 16][0, 0, 64, 1]) {id = 6 : i64, metadata = @[[B]]_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 16][1, 1, 32, 16][0, 0, 64, 1]) {id = 7 : i64, metadata = @arg2_ld_c1_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HA]][0, 0, 0, 0][2, 3, 16, 16][768, 16, 48, 1]) {id = 8 : i64, metadata = @arg0_in_c1_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[HB]][0, 0, 0, 16][2, 1, 48, 16][0, 0, 64, 1]) {id = 9 : i64, metadata = @arg1_in_c1_L3L2}
// DESIGN: aiex.npu.dma_memcpy_nd(%[[HB]][0, 0, 0, 48][2, 1, 48, 16][0, 0, 64, 1]) {id = 15 : i64, metadata = @arg1_in_c3_L3L2}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @[[ST]]_L2L3}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @arg2_st_c1_L2L3}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @arg2_st_c2_L2L3}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @arg2_st_c3_L2L3}
// DESIGN-NEXT: }

// The kernel reads C through its view (the resident buffer) and writes the
// accumulated tile back through the same view.
// KERNEL: extern "C" void gemm_acc(_Float16* [[A:v[0-9]+]], int32_t {{v[0-9]+}}, int32_t {{v[0-9]+}}, _Float16* [[B:v[0-9]+]], int32_t {{v[0-9]+}}, int32_t {{v[0-9]+}}, float* [[C:v[0-9]+]], int32_t [[CO:v[0-9]+]], int32_t [[CS:v[0-9]+]]) {
// KERNEL: ptowsp::aie::load<16, 16>([[TC:v[0-9]+]], [[C]], [[CO]], [[CS]]);
// KERNEL: ptowsp::aie::matmul_acc<16, 16, 16>([[R:v[0-9]+]], {{v[0-9]+}}, {{v[0-9]+}}, {{v[0-9]+}});
// KERNEL: ptowsp::aie::store<16, 16>([[C]], [[CO]], [[CS]], [[R]]);

// SAME: CONSISTENT: {{[0-9]+}} fifos, {{[0-9]+}} links, {{[24]}} cores, {{[0-9]+}} transfers, {{[24]}} waits

// npu1_2col: 2 cores; n is split cyclically (core q takes n = q, q + 2), so
// each core has 4 items in two loops (m, then its two n values), each item
// with the k loop inside.
//  C: tiles (16m, 16(q + 2j)): offset 16q, [2, 2, 16, 16] strides
//    [16 * 64, 2 * 16, 64, 1].
//  A: per (m, j, k) the tile (16m, 16k), the same for both j (stride 0):
//    5 dimensions [2 (m), 2 (j), 3 (k), 16, 16], one more than a DMA
//    descriptor has: two transfers, at m = 0 (offset 0) and m = 1 (offset
//    16 * 48 = 768), each [2, 3, 16, 16] strides [0, 16, 48, 1].
//  B: tiles (16k, 16(q + 2j)) repeated over m: [2, 2, 48, 16] strides
//    [0, 32, 64, 1] at offset 16q.
// TWO: // phase 0: 8 work items (2 placed loops) on 2 cores
// TWO: aie.device(npu1_2col) {
// TWO-NOT: aie.tile(2,
// TWO: aie.core(%{{[a-z_0-9]+}}) {
// TWO: scf.for
// TWO: scf.for
// TWO: aie.objectfifo.acquire @arg2_st_c0(Produce, 1)
// TWO: memref.copy
// TWO: scf.for
// TWO: func.call @gemm_acc(
// TWO: aie.objectfifo.release @arg2_st_c0(Produce, 1)
// TWO: aie.runtime_sequence(%[[HA:[a-z0-9]+]]: memref<1536xf16>, %[[HB:[a-z0-9]+]]: memref<3072xf16>, %[[HC:[a-z0-9]+]]: memref<2048xf32>) {
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 0][2, 2, 16, 16][1024, 32, 64, 1]) {id = 0 : i64, metadata = @arg2_st_c0_L2L3, issue_token = true}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 16][2, 2, 16, 16][1024, 32, 64, 1]) {id = 1 : i64, metadata = @arg2_st_c1_L2L3, issue_token = true}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 0][2, 2, 16, 16][1024, 32, 64, 1]) {id = 2 : i64, metadata = @arg2_ld_c0_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HA]][0, 0, 0, 0][2, 3, 16, 16][0, 16, 48, 1]) {id = 3 : i64, metadata = @arg0_in_c0_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HA]][0, 0, 0, 768][2, 3, 16, 16][0, 16, 48, 1]) {id = 4 : i64, metadata = @arg0_in_c0_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HB]][0, 0, 0, 0][2, 2, 48, 16][0, 32, 64, 1]) {id = 5 : i64, metadata = @arg1_in_c0_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HC]][0, 0, 0, 16][2, 2, 16, 16][1024, 32, 64, 1]) {id = 6 : i64, metadata = @arg2_ld_c1_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HA]][0, 0, 0, 0][2, 3, 16, 16][0, 16, 48, 1]) {id = 7 : i64, metadata = @arg0_in_c1_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HA]][0, 0, 0, 768][2, 3, 16, 16][0, 16, 48, 1]) {id = 8 : i64, metadata = @arg0_in_c1_L3L2}
// TWO-NEXT: aiex.npu.dma_memcpy_nd(%[[HB]][0, 0, 0, 16][2, 2, 48, 16][0, 32, 64, 1]) {id = 9 : i64, metadata = @arg1_in_c1_L3L2}
// TWO-NEXT: aiex.npu.dma_wait {symbol = @arg2_st_c0_L2L3}
// TWO-NEXT: aiex.npu.dma_wait {symbol = @arg2_st_c1_L2L3}
// TWO-NEXT: }
