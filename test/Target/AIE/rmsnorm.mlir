// RUN: rm -rf %t && mkdir -p %t
// RUN: pto-wsp-translate --target=aie %s -o %t/4col > /dev/null
// RUN: FileCheck %s --check-prefix=DESIGN --input-file %t/4col/design.mlir
// RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/4col/kernels/rmsnorm_tile.cc
// RUN: FileCheck %s --check-prefix=HOST --input-file %t/4col/host.cpp
// RUN: FileCheck %s --check-prefix=EMU --input-file %t/4col/emu/design_emu.cpp
// RUN: %python %S/Inputs/design_vs_emu.py %t/4col | FileCheck %s --check-prefix=SAME
// RUN: grep -c '= aie.core(' %t/4col/design.mlir | FileCheck %s --check-prefix=CORES4
// RUN: pto-wsp-translate --target=aie --target-option device=npu1_1col %s | FileCheck %s --check-prefix=ONE
// RUN: pto-wsp-translate --target=aie --target-option device=npu1_1col %s -o %t/1col > /dev/null
// RUN: %python %S/Inputs/design_vs_emu.py %t/1col | FileCheck %s --check-prefix=SAME1

// The rmsnorm workload of test/Target/Ascend/rmsnorm.mlir on an NPU: 2 x 4
// row blocks of 16x128 f32 (one task each), from two parallel loops.
//
// npu1_4col: one core per column by default; the 8 work items are split
// cyclically from the inner loop, so core q (column q) takes t = q for both
// b = 0, 1. Its share of X (2x64x128, row-major strides 8192, 128, 1) is
// X[b, 16q:16q+16, :] for b = 0, 1: each block is 16 rows x 128 = 2048
// contiguous floats at 8192 b + 2048 q. One transfer per FIFO: offset 2048 q,
// sizes [2, 2048], strides [8192, 1], with the 2048 floats cut into 4 x 512
// (a shim buffer descriptor's innermost wrap holds at most 1023 words):
// [2, 4, 512] strides [8192, 512, 1]. Y (written) is resident, loaded never
// (the kernel writes all of it) and stored once per item with the same
// pattern. npu1_1col: one core takes all 8 items in order: X and Y are one
// contiguous stream of 2 * 64 * 128 = 16384 floats = 32 x 512.

tile.kernel @rmsnorm_tile(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>) {
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %sq = tile.mul %t, %t : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  %m = tile.rowmean %sq : !tile.tile<16x128xf32> -> !tile.tile<16x1xf32>
  %r = tile.rsqrt %m : !tile.tile<16x1xf32>
  %o = tile.mul %t, %r : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  tile.store %o, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}

workload.workload @rms(%X: memref<2x64x128xf32>, %Y: memref<2x64x128xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %b = workload.dense 2
  %t = workload.dense 4
  workload.parallel_for %i in %b name("b") {
    workload.parallel_for %j in %t name("t") {
      %row = arith.muli %j, %c16 : index
      %x = workload.view %X[%i, %row, %c0] sizes [1, 16, 128] : memref<2x64x128xf32> -> !workload.view<16x128xf32>
      %y = workload.view %Y[%i, %row, %c0] sizes [1, 16, 128] : memref<2x64x128xf32> -> !workload.view<16x128xf32>
      workload.task @rmsnorm_tile(%x, %y) : !workload.view<16x128xf32>, !workload.view<16x128xf32>
    }
  }
}

// DESIGN: // phase 0: 8 work items (2 placed loops) on 4 cores
// DESIGN-NOT: warning
// DESIGN: aie.device(npu1_4col) {
// DESIGN-NEXT: func.func private @rmsnorm_tile(memref<16x128xf32>, i32, i32, memref<16x128xf32>, i32, i32) attributes {link_with = "rmsnorm_tile.o"}
// Per column: shim (row 0), memtile (row 1); then the cores (row 2).
// DESIGN-DAG: %[[S0:[a-z_0-9]+]] = aie.tile(0, 0)
// DESIGN-DAG: %[[M0:[a-z_0-9]+]] = aie.tile(0, 1)
// DESIGN-DAG: %[[S3:[a-z_0-9]+]] = aie.tile(3, 0)
// DESIGN-DAG: %[[M3:[a-z_0-9]+]] = aie.tile(3, 1)
// DESIGN-DAG: %[[T0:[a-z_0-9]+]] = aie.tile(0, 2)
// DESIGN-DAG: %[[T3:[a-z_0-9]+]] = aie.tile(3, 2)
// DESIGN-NOT: aie.tile(4,
// DESIGN-NOT: aie.tile({{[0-9]}}, 3)
// Column 0: Y from the core to the shim through the memtile (depth 1: one
// resident buffer per item), X from the shim to the core (double-buffered).
// DESIGN: aie.objectfifo @[[Y0:arg1_st_c0]](%[[T0]], {%[[M0]]}, 1 : i32) : !aie.objectfifo<memref<16x128xf32>>
// DESIGN-NEXT: aie.objectfifo @[[Y0]]_L2L3(%[[M0]], {%[[S0]]}, 1 : i32) : !aie.objectfifo<memref<16x128xf32>>
// DESIGN-NEXT: aie.objectfifo.link [@[[Y0]]] -> [@[[Y0]]_L2L3]([] [])
// DESIGN-NEXT: aie.objectfifo @[[X0:arg0_in_c0]]_L3L2(%[[S0]], {%[[M0]]}, 2 : i32) : !aie.objectfifo<memref<16x128xf32>>
// DESIGN-NEXT: aie.objectfifo @[[X0]](%[[M0]], {%[[T0]]}, 2 : i32) : !aie.objectfifo<memref<16x128xf32>>
// DESIGN-NEXT: aie.objectfifo.link [@[[X0]]_L3L2] -> [@[[X0]]]([] [])
// DESIGN: aie.objectfifo @[[Y3:arg1_st_c3]](%[[T3]], {%[[M3]]}, 1 : i32) : !aie.objectfifo<memref<16x128xf32>>
// DESIGN-NEXT: aie.objectfifo @[[Y3]]_L2L3(%[[M3]], {%[[S3]]}, 1 : i32)
// DESIGN-NEXT: aie.objectfifo.link [@[[Y3]]] -> [@[[Y3]]_L2L3]([] [])
// DESIGN-NEXT: aie.objectfifo @[[X3:arg0_in_c3]]_L3L2(%[[S3]], {%[[M3]]}, 2 : i32)
// DESIGN-NEXT: aie.objectfifo @[[X3]](%[[M3]], {%[[T3]]}, 2 : i32)
// DESIGN-NEXT: aie.objectfifo.link [@[[X3]]_L3L2] -> [@[[X3]]]([] [])
// Core 0: one loop over its 2 items (b), one task per item; the placed t
// takes a single value per core.
// DESIGN: aie.core(%[[T0]]) {
// DESIGN-NEXT: %[[LB:[a-z0-9]+]] = arith.constant 0 : index
// DESIGN-NEXT: %[[UB:[a-z0-9]+]] = arith.constant 2 : index
// DESIGN-NEXT: %[[STEP:[a-z0-9]+]] = arith.constant 1 : index
// DESIGN-NEXT: scf.for %{{[a-z0-9]+}} = %[[LB]] to %[[UB]] step %[[STEP]] {
// DESIGN-NOT: scf.for
// DESIGN: %[[SVY:[a-z0-9]+]] = aie.objectfifo.acquire @[[Y0]](Produce, 1) : !aie.objectfifosubview<memref<16x128xf32>>
// DESIGN-NEXT: %[[BY:[a-z0-9]+]] = aie.objectfifo.subview.access %[[SVY]][0] : !aie.objectfifosubview<memref<16x128xf32>> -> memref<16x128xf32>
// DESIGN-NEXT: %[[SVX:[a-z0-9]+]] = aie.objectfifo.acquire @[[X0]](Consume, 1)
// DESIGN-NEXT: %[[BX:[a-z0-9]+]] = aie.objectfifo.subview.access %[[SVX]][0]
// Each view is (buffer, element offset, row stride): offset 0, 128 floats a row.
// DESIGN: %[[LDX:[a-z0-9]+]] = arith.constant 128 : i32
// DESIGN: %[[LDY:[a-z0-9]+]] = arith.constant 128 : i32
// DESIGN-NEXT: func.call @rmsnorm_tile(%[[BX]], %{{[a-z0-9]+}}, %[[LDX]], %[[BY]], %{{[a-z0-9]+}}, %[[LDY]])
// DESIGN-NEXT: aie.objectfifo.release @[[X0]](Consume, 1)
// DESIGN-NEXT: aie.objectfifo.release @[[Y0]](Produce, 1)
// DESIGN-NEXT: }
// DESIGN-NEXT: aie.end
// DESIGN: aie.core(%[[T3]]) {
// DESIGN: aie.objectfifo.acquire @[[Y3]](Produce, 1)
// DESIGN: aie.objectfifo.acquire @[[X3]](Consume, 1)
// DESIGN: func.call @rmsnorm_tile(
// DESIGN: aie.end
// The runtime sequence: the host buffers flattened; outputs first (their
// S2MM transfers must be waiting when the cores produce), then the inputs,
// then one wait per output stream.
// DESIGN: aie.runtime_sequence(%[[A0:[a-z0-9]+]]: memref<16384xf32>, %[[A1:[a-z0-9]+]]: memref<16384xf32>) {
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A1]][0, 0, 0, 0][1, 2, 4, 512][0, 8192, 512, 1]) {id = 0 : i64, metadata = @[[Y0]]_L2L3, issue_token = true} : memref<16384xf32>
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A1]][0, 0, 0, 2048][1, 2, 4, 512][0, 8192, 512, 1]) {id = 1 : i64, metadata = @arg1_st_c1_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A1]][0, 0, 0, 4096][1, 2, 4, 512][0, 8192, 512, 1]) {id = 2 : i64, metadata = @arg1_st_c2_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A1]][0, 0, 0, 6144][1, 2, 4, 512][0, 8192, 512, 1]) {id = 3 : i64, metadata = @[[Y3]]_L2L3, issue_token = true}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A0]][0, 0, 0, 0][1, 2, 4, 512][0, 8192, 512, 1]) {id = 4 : i64, metadata = @[[X0]]_L3L2} : memref<16384xf32>
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A0]][0, 0, 0, 2048][1, 2, 4, 512][0, 8192, 512, 1]) {id = 5 : i64, metadata = @arg0_in_c1_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A0]][0, 0, 0, 4096][1, 2, 4, 512][0, 8192, 512, 1]) {id = 6 : i64, metadata = @arg0_in_c2_L3L2}
// DESIGN-NEXT: aiex.npu.dma_memcpy_nd(%[[A0]][0, 0, 0, 6144][1, 2, 4, 512][0, 8192, 512, 1]) {id = 7 : i64, metadata = @[[X3]]_L3L2}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @[[Y0]]_L2L3}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @arg1_st_c1_L2L3}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @arg1_st_c2_L2L3}
// DESIGN-NEXT: aiex.npu.dma_wait {symbol = @[[Y3]]_L2L3}
// DESIGN-NEXT: }

// CORES4: {{^}}4{{$}}

// The kernel: plain C++ on the emulation library; each view is a pointer,
// an element offset and a row stride.
// KERNEL: #include "ptowsp_aie_kernel.h"
// KERNEL: extern "C" void rmsnorm_tile(float* [[X:v[0-9]+]], int32_t [[XO:v[0-9]+]], int32_t [[XS:v[0-9]+]], float* [[Y:v[0-9]+]], int32_t [[YO:v[0-9]+]], int32_t [[YS:v[0-9]+]]) {
// KERNEL: ptowsp::aie::load<16, 128>([[T:v[0-9]+]], [[X]], [[XO]], [[XS]]);
// KERNEL: ptowsp::aie::mul<16, 128>([[SQ:v[0-9]+]], [[T]], [[T]]);
// KERNEL: ptowsp::aie::rowmean<16, 128>([[M:v[0-9]+]], [[SQ]]);
// KERNEL: ptowsp::aie::rsqrt<16, 1>([[R:v[0-9]+]], [[M]]);
// KERNEL: ptowsp::aie::mul<16, 128, ptowsp::aie::Operand::Full, ptowsp::aie::Operand::Column>([[O:v[0-9]+]], [[T]], [[R]]);
// KERNEL: ptowsp::aie::store<16, 128>([[Y]], [[YO]], [[YS]], [[O]]);

// The host program: mlir-aie's XRT sequence (device, xclbin, context,
// kernel MLIR_AIE, instruction bo, one bo per runtime-sequence argument in
// kernel argument groups 3, 4, ...), then only the written tensor checked.
// HOST: #include "ptowsp_aie_host.h"
// HOST: xrt::device [[DEV:v[0-9]+]] = xrt::device(0);
// HOST: xrt::xclbin [[XCLBIN:v[0-9]+]] = ptowsp::aie_host::load_xclbin([[DEV]],
// HOST: xrt::hw_context [[CTX:v[0-9]+]] = ptowsp::aie_host::make_context([[DEV]], [[XCLBIN]]);
// HOST: xrt::kernel [[KERN:v[0-9]+]] = ptowsp::aie_host::find_kernel([[CTX]]);
// HOST: xrt::bo [[INSTR:v[0-9]+]] = ptowsp::aie_host::instruction_bo([[DEV]], [[KERN]], [[WORDS:v[0-9]+]]);
// HOST: xrt::bo [[BX:v[0-9]+]] = ptowsp::aie_host::tensor_bo([[DEV]], [[KERN]], 3, 65536, {{v[0-9]+}}, "arg0");
// HOST: xrt::bo [[BY:v[0-9]+]] = ptowsp::aie_host::tensor_bo([[DEV]], [[KERN]], 4, 65536, {{v[0-9]+}}, "arg1");
// HOST: ptowsp::aie_host::launch([[KERN]], [[INSTR]], [[WORDS]], [[BX]], [[BY]]);
// HOST-NOT: "arg0", 16384
// HOST: ptowsp::aie_host::check_output<float>([[BY]], {{v[0-9]+}}, "arg1", 16384);
// HOST-NOT: check_output
// HOST: ptowsp::aie_host::finish(

// The emulation: the same FIFOs (name, depth, element bytes 16*128*4),
// links, cores and transfers (design_vs_emu.py compares all of them).
// EMU: // CPU emulation of design.mlir (workload @rms, npu1_4col)
// EMU: extern "C" void rmsnorm_tile(float *, int32_t, int32_t, float *, int32_t, int32_t);
// EMU: void core_0_2(Core &core, const Fifos &f) {
// EMU-NEXT: for (int64_t [[L:l[0-9]+]] = 0; [[L]] < 2; ++[[L]]) {
// EMU: core.acquire(f.f_arg1_st_c0, Port::Produce);
// EMU: core.acquire(f.f_arg0_in_c0, Port::Consume);
// EMU: seq.memcpy_nd(f.f_arg1_st_c0_L2L3, Direction::FromDevice, 1, 4, 0, {1, 2, 4, 512}, {0, 8192, 512, 1});
// EMU: seq.memcpy_nd(f.f_arg0_in_c3_L3L2, Direction::ToDevice, 0, 4, 6144, {1, 2, 4, 512}, {0, 8192, 512, 1});
// EMU: seq.wait(f.f_arg1_st_c3_L2L3);
// EMU: f.f_arg1_st_c0 = design.add_fifo("arg1_st_c0", 1, 8192);
// EMU-NEXT: f.f_arg1_st_c0_L2L3 = design.add_fifo("arg1_st_c0_L2L3", 1, 8192);
// EMU-NEXT: design.add_link(f.f_arg1_st_c0, f.f_arg1_st_c0_L2L3);
// EMU-NEXT: f.f_arg0_in_c0_L3L2 = design.add_fifo("arg0_in_c0_L3L2", 2, 8192);
// EMU-NEXT: f.f_arg0_in_c0 = design.add_fifo("arg0_in_c0", 2, 8192);
// EMU-NEXT: design.add_link(f.f_arg0_in_c0_L3L2, f.f_arg0_in_c0);
// EMU: design.add_core("core(3,2)",

// SAME: CONSISTENT: 16 fifos, 8 links, 4 cores, 8 transfers, 4 waits
// SAME1: CONSISTENT: 4 fifos, 2 links, 1 cores, 2 transfers, 1 waits

// One column: one core, both loops on it (2 x 4 items), contiguous streams.
// ONE-LABEL: // ===== design.mlir =====
// ONE: // phase 0: 8 work items (2 placed loops) on 1 core
// ONE: aie.device(npu1_1col) {
// ONE: %[[S:[a-z_0-9]+]] = aie.tile(0, 0)
// ONE-NEXT: %[[M:[a-z_0-9]+]] = aie.tile(0, 1)
// ONE-NEXT: %[[T:[a-z_0-9]+]] = aie.tile(0, 2)
// ONE-NOT: aie.tile
// ONE: aie.objectfifo @[[Y:arg1_st_c0]](%[[T]], {%[[M]]}, 1 : i32) : !aie.objectfifo<memref<16x128xf32>>
// ONE: aie.objectfifo @[[X:arg0_in_c0]](%[[M]], {%[[T]]}, 2 : i32) : !aie.objectfifo<memref<16x128xf32>>
// ONE: aie.core(%[[T]]) {
// ONE: %[[LB0:[a-z0-9]+]] = arith.constant 0 : index
// ONE-NEXT: %[[UB0:[a-z0-9]+]] = arith.constant 2 : index
// ONE: scf.for %{{[a-z0-9]+}} = %[[LB0]] to %[[UB0]] step
// ONE-NEXT: %[[LB1:[a-z0-9]+]] = arith.constant 0 : index
// ONE-NEXT: %[[UB1:[a-z0-9]+]] = arith.constant 4 : index
// ONE: scf.for %{{[a-z0-9]+}} = %[[LB1]] to %[[UB1]] step
// ONE: aie.objectfifo.acquire @[[Y]](Produce, 1)
// ONE: aie.objectfifo.acquire @[[X]](Consume, 1)
// ONE: func.call @rmsnorm_tile(
// ONE-NEXT: aie.objectfifo.release @[[X]](Consume, 1)
// ONE-NEXT: aie.objectfifo.release @[[Y]](Produce, 1)
// ONE-NOT: aie.core(
// ONE: aie.runtime_sequence(%[[A0:[a-z0-9]+]]: memref<16384xf32>, %[[A1:[a-z0-9]+]]: memref<16384xf32>) {
// ONE-NEXT: aiex.npu.dma_memcpy_nd(%[[A1]][0, 0, 0, 0][1, 1, 32, 512][0, 0, 512, 1]) {id = 0 : i64, metadata = @[[Y]]_L2L3, issue_token = true}
// ONE-NEXT: aiex.npu.dma_memcpy_nd(%[[A0]][0, 0, 0, 0][1, 1, 32, 512][0, 0, 512, 1]) {id = 1 : i64, metadata = @[[X]]_L3L2}
// ONE-NEXT: aiex.npu.dma_wait {symbol = @[[Y]]_L2L3}
// ONE-NEXT: }
// ONE-LABEL: // ===== manifest.json =====
// ONE: "device": "npu1_1col",
