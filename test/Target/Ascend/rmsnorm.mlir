// RUN: pto-wsp-translate --ascend %s | FileCheck %s
// RUN: pto-wsp-translate --ascend=host_build_graph %s | FileCheck %s --check-prefix=HBG

// A vector kernel with a row reduction and a row broadcast, submitted from
// two parallel loops: the PTO2 tree keeps the loops and submits one AIV task
// per tile; the kernel is PTO-ISA with pipe synchronisation.

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

// CHECK-LABEL: // ===== orchestration/rms.cpp =====
// CHECK: #include "ptowsp_pto2.h"
// CHECK: extern "C" __attribute__((visibility("default"))) PTO2OrchestrationConfig aicpu_orchestration_config(const ChipStorageTaskArgs & [[ARGS:v[0-9]+]])
// CHECK: ptowsp::config(2)
// CHECK: extern "C" __attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipStorageTaskArgs & [[ARGS:v[0-9]+]])
// CHECK: Tensor [[X:v[0-9]+]] = ptowsp::tensor_arg([[ARGS]], 0);
// CHECK: Tensor [[Y:v[0-9]+]] = ptowsp::tensor_arg([[ARGS]], 1);
// The loops stay loops; each iteration is a PTO2 scope, so finished tasks
// release their ring slots (a workload may have more tasks than the ring).
// CHECK: for (size_t [[I:i[0-9]+]] =
// CHECK-NEXT: PTO2_SCOPE_GUARD();
// CHECK: for (size_t [[J:j[0-9]+]] =
// CHECK-NEXT: PTO2_SCOPE_GUARD();
// CHECK: Tensor [[XV:v[0-9]+]] = ptowsp::view<3>([[X]], 1, 16, 128, [[I]],
// CHECK: Tensor [[YV:v[0-9]+]] = ptowsp::view<3>([[Y]], 1, 16, 128, [[I]],
// CHECK: ptowsp::In [[IN:v[0-9]+]] = ptowsp::in([[XV]]);
// Every access to a tensor tasks write is an INOUT: TensorMap orders a task
// only after the producers of what it reads (RAW, WAR and WAW alike then).
// CHECK: ptowsp::InOut [[OUT:v[0-9]+]] = ptowsp::inout([[YV]]);
// CHECK: ptowsp::submit_aiv(0, [[IN]], [[OUT]],
// CHECK-NOT: submit_aiv

// CHECK-LABEL: // ===== kernels/aiv/rmsnorm_tile.cpp =====
// CHECK: #include "ptowsp_kernel_pto2.h"
// CHECK: extern "C" __aicore__ void kernel_entry(__gm__ int64_t * [[A:v[0-9]+]])
// Views first, then one row stride per view (after the scalars).
// CHECK: ptowsp::view_data<float>([[A]], 0);
// CHECK: ptowsp::scalar_arg<int64_t>([[A]], 2);
// CHECK: ptowsp::GlobalView<float, 16, 128> [[GX:v[0-9]+]] = ptowsp::global_view<float, 16, 128>(
// CHECK: ptowsp::GlobalView<float, 16, 128> [[GY:v[0-9]+]] = ptowsp::global_view<float, 16, 128>(
// CHECK: Tile<TileType::Vec, float, 16, 128, BLayout::RowMajor, 16, 128> [[T:v[0-9]+]] =
// CHECK-NEXT: TASSIGN([[T]], 0x0);
// CHECK-NEXT: TLOAD([[T]], [[GX]]);
// CHECK: set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
// CHECK-NEXT: wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
// CHECK-NEXT: TMUL([[SQ:v[0-9]+]], [[T]], [[T]]);
// The 16x1 mean pads its rows to one 32-byte block; the sum takes a scratch tile.
// CHECK: Tile<TileType::Vec, float, 16, 8, BLayout::RowMajor, 16, 1> [[M:v[0-9]+]] =
// CHECK: pipe_barrier(PIPE_V);
// CHECK-NEXT: TROWSUM([[M]], [[SQ]], [[SCRATCH:v[0-9]+]]);
// CHECK: TDIVS([[M]], [[M]], {{v[0-9]+}});
// CHECK: TRSQRT([[R:v[0-9]+]], [[M]]);
// CHECK: TROWEXPANDMUL([[O:v[0-9]+]], [[T]], [[R]]);
// CHECK: set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
// CHECK-NEXT: wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
// CHECK-NEXT: TSTORE([[GY]], [[O]]);
// CHECK-NEXT: set_flag(PIPE_MTE3, PIPE_S, EVENT_ID7);
// CHECK-NEXT: wait_flag(PIPE_MTE3, PIPE_S, EVENT_ID7);

// CHECK-LABEL: // ===== kernel_config.py =====
// CHECK: "function_name": "aicpu_orchestration_entry",
// CHECK: "signature": [D.IN, D.OUT],
// CHECK: "func_id": 0,
// CHECK: "core_type": "aiv",
// CHECK: "runtime": "tensormap_and_ringbuffer",
// CHECK: "aicpu_thread_num": 4,
// CHECK: RUNTIME_ENV = {"PTO2_RING_TASK_WINDOW": "8192"}

// CHECK-LABEL: // ===== ptort.conf =====
// CHECK: runtime tensormap_and_ringbuffer
// CHECK: orchestration orchestration/rms.cpp aicpu_orchestration_entry aicpu_orchestration_config
// CHECK: kernel 0 aiv kernels/aiv/rmsnorm_tile.cpp IN OUT
// CHECK: tensor arg0 IN float32 2x64x128 zero -
// CHECK: tensor arg1 OUT float32 2x64x128 zero -

// HBG-LABEL: // ===== orchestration/rms.cpp =====
// HBG: #include "ptowsp_hbg.h"
// HBG: extern "C" __attribute__((visibility("default"))) int32_t build_rms(OrchestrationRuntime* [[RT:v[0-9]+]], const ChipStorageTaskArgs & [[ARGS:v[0-9]+]])
// HBG: ptowsp::Graph [[G:v[0-9]+]] = ptowsp::Graph([[RT]], [[ARGS]]);
// Inputs are copied to the device; written tensors are also copied back.
// HBG: ptowsp::Tensor {{v[0-9]+}} = ptowsp::tensor_arg([[G]], 0, 4, false);
// HBG: ptowsp::Tensor {{v[0-9]+}} = ptowsp::tensor_arg([[G]], 1, 4, true);
// HBG: ptowsp::View [[XV:v[0-9]+]] = ptowsp::view<3>(
// HBG: ptowsp::submit_aiv([[G]], 0,
// HBG: int32_t [[S:v[0-9]+]] = ptowsp::status([[G]]);
// HBG: return [[S]];
// HBG-LABEL: // ===== kernels/aiv/rmsnorm_tile.cpp =====
// HBG: #include "ptowsp_kernel_hbg.h"
// HBG-LABEL: // ===== include/ptowsp_hbg.h =====
// HBG-LABEL: // ===== ptort.conf =====
// HBG: runtime host_build_graph
// HBG: orchestration orchestration/rms.cpp build_rms{{$}}
// HBG: aicpu_thread_num 3
