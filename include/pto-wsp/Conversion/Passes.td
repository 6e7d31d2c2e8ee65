//===- Passes.td - PTO-WSP conversion passes ----------------*- tablegen -*-===//

#ifndef PTOWSP_CONVERSION_PASSES
#define PTOWSP_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertTileToEmitC : Pass<"convert-tile-to-emitc", "::mlir::ModuleOp"> {
  let summary = "lower tile kernels to EmitC calls into the PTO-ISA C++ API";
  let description = [{
    Each `tile.kernel` becomes an `emitc.func` taking `pto::GlobalView<T>`
    windows and scalars. Every tile is bound to its planned buffer and offset
    with `pto::alloc_tile` and every operation becomes a call of the PTO-ISA
    instruction it executes (`pto::TLOAD`, `pto::TROWEXPANDSUB`,
    `pto::TMATMUL_ACC`, ...), so the same kernel compiles against the
    project's cpu_sim implementation (runtime/) and, later, real pto-isa.

    With `entry-points` (the default) every kernel also gets the cpu_sim
    ABI: `extern "C" void ptowsp_kernel_<name>(const ptowsp_arg *args)` and
    `extern "C" int64_t ptowsp_kernel_<name>_cycles()` returning the
    estimate of `-tile-estimate-cycles`.

    Requires `-tile-legalize-broadcast` and `-tile-plan-buffers`. Kernels
    containing an operation without a lowering are rejected with a
    diagnostic naming the operation and the target.

    ```mlir
    emitc.func @k(%arg0: !emitc.opaque<"pto::GlobalView<float>">) {
      %0 = emitc.call_opaque "pto::alloc_tile"() {args = [#emitc.opaque<"pto::Space::UB">, 0 : i64], template_args = [!emitc.opaque<"pto::Tile<float, 16, 16>">]} : () -> !emitc.opaque<"pto::Tile<float, 16, 16>">
      emitc.call_opaque "pto::TLOAD"(%0, %arg0) : (!emitc.opaque<"pto::Tile<float, 16, 16>">, !emitc.opaque<"pto::GlobalView<float>">) -> ()
      emitc.return
    }
    ```
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
  let options = [
    Option<"entryPoints", "entry-points", "bool", /*default=*/"true",
           "emit the extern \"C\" cpu_sim entry and cycle functions">
  ];
}

def ConvertWorkloadToTaskGraph : Pass<"convert-workload-to-taskgraph", "::mlir::ModuleOp"> {
  let summary = "lower workloads and their schedule to task-generation programs";
  let description = [{
    Each `workload.workload` becomes a `taskgraph.graph` of the same name and
    signature: `parallel_for`/`for_each` become `scf.for` over the axis
    (dense: a constant or run-time bound; ragged: the length loaded with
    `taskgraph.load_scalar`; `select` over a sparse axis: a loop over the CSR
    row's positions yielding `indices[j]`), `workload.if` becomes `scf.if`,
    views become `taskgraph.region`s and tasks become `taskgraph.submit`s
    carrying the access sets and core type of `-workload-infer-access`.
    Loops are never unrolled: the IR size does not depend on trip counts.

    The schedule (`schedule.schedule ... for @workload`) becomes the graph's
    `#taskgraph.config`; its key regions (dispatch hash/affinity/custom
    keys, priority, stream_by) are inlined at every submit with
    `schedule.task_axis` replaced by the named loop's variable and
    `schedule.task_param` by the task's scalar argument. In explicit and
    hybrid dependency modes, every task of `for_each` iteration i+1 gets
    `after` edges to the tasks of iteration i (tasks nested deeper inside
    the iteration are rejected there for now); in exact and overlap modes
    the iterations are ordered by their data dependencies. A workload with several schedules needs
    `schedule=<name>`; schedules are erased after lowering.

    A `csp.pipeline` (anywhere, also in loops: one run per iteration)
    becomes a `taskgraph.pipeline`, which joins its processes before the
    program goes on. Its channels become `taskgraph.channel`s whose
    `producers` count is the number of producer instances (the sum of the
    `replicas` of the processes producing it), views in payloads becoming
    regions; each `csp.process` becomes a `taskgraph.process` with as many
    instances as replicas, whose body ends with one `taskgraph.close` per
    produced channel (CSP's implicit, reference-counted close);
    `csp.send` becomes `taskgraph.send`, and `csp.consume` an `scf.while`
    loop on `taskgraph.recv` that runs the body while a token arrives.

    ```mlir
    taskgraph.graph @w(%X: memref<4x16x128xf32>) attributes {config = #taskgraph.config<window = 1024>} {
      scf.for %b = %c0 to %c4 step %c1 {
        %r = taskgraph.region %X[%b, %c0, %c0] sizes [1, 16, 128] : memref<4x16x128xf32> -> !taskgraph.region<16x128xf32>
        %t = taskgraph.submit @k(%r) access [readwrite] core(vector) : !taskgraph.region<16x128xf32>
      }
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect",
                           "::ptowsp::taskgraph::TaskGraphDialect"];
  let options = [
    Option<"scheduleName", "schedule", "std::string", /*default=*/"\"\"",
           "the schedule to apply when a workload has several">
  ];
}

def ConvertTaskGraphToEmitC : Pass<"convert-taskgraph-to-emitc", "::mlir::ModuleOp"> {
  let summary = "lower task-generation programs to EmitC calls of the cpu_sim runtime";
  let description = [{
    Each `taskgraph.graph @g` becomes `extern "C" int32_t
    ptowsp_graph_g(ptowsp_runtime *rt, const ptowsp_arg *args)`, which
    registers the tensor arguments, runs the generation program (scf loops
    lowered to EmitC) and submits one task per `taskgraph.submit` through
    the runtime's C API, returning the first error; and
    `ptowsp_graph_g_config(ptowsp_config *)`, which writes the graph's
    schedule into a runtime configuration. Requires the kernels to be in
    the same module (their cycle estimates and entry points come from
    `-convert-tile-to-emitc`). `index` becomes `size_t`: signed index ops
    compute on `ptrdiff_t`, and arith ops without a C++ operator
    (`floordivsi`, `ceildivsi`, `minsi`, `maxsi`, ...) are expanded first
    with the upstream arith expansions.

    ```mlir
    emitc.func @ptowsp_graph_g(%rt: !emitc.ptr<!emitc.opaque<"ptowsp_runtime">>, ...) -> i32
    ```
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

def ConvertTaskGraphToAscend : Pass<"convert-taskgraph-to-ascend", "::mlir::ModuleOp"> {
  let summary = "lower task-generation programs to pto-runtime orchestration C++";
  let description = [{
    Each `taskgraph.graph @g` becomes an `emitc.file
    "orchestration/g.cpp"` holding pto-runtime orchestration code; the
    graph's loops stay C++ loops (the generated size does not depend on trip
    counts). With `runtime=tensormap_and_ringbuffer` (PTO2, the default)
    the file defines `aicpu_orchestration_config` and
    `aicpu_orchestration_entry`, every submission is one
    `rt_submit_aiv_task`/`rt_submit_aic_task` with its views added as
    inputs, outputs or in-outs, and dependencies are left to pto-runtime's
    TensorMap; a `taskgraph.scope` becomes a `PTO2_SCOPE_GUARD` block. With
    `runtime=host_build_graph` it defines `build_g(OrchestrationRuntime *,
    const ChipStorageTaskArgs &)`, which copies the tensors to the device,
    adds every task with `add_task` and every dependency (the region
    overlaps cpu_sim infers in `overlap` mode) with `add_successor`. The
    helpers both call are in runtime/include/pto-wsp/ascend.

    Kernels get func ids in the order of the module; each submitted kernel
    gets `ascend.func_id` and `ascend.core` (`aiv` or `aic`) for
    `-convert-tile-to-ascend`. Kernel arguments are the views first, then
    the scalars, then one row stride per view (elements).
    What pto-runtime cannot express is rejected with a diagnostic naming
    the construct: CSP channels and processes, slot loads of tensors that
    tasks write, waits, explicit dependencies, mixed cube/vector kernels,
    and every schedule knob except `dispatch round_robin(n)` (n scheduler
    threads), the task window size (PTO2's task ring) and `deps`
    exact/overlap.

    ```mlir
    emitc.file "orchestration/g.cpp" {
      emitc.include "ptowsp_pto2.h"
      emitc.func @aicpu_orchestration_entry(%args: !emitc.opaque<"const ChipStorageTaskArgs &">) ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
  let options = [
    Option<"runtime", "runtime", "std::string",
           /*default=*/"\"tensormap_and_ringbuffer\"",
           "pto-runtime flavour: tensormap_and_ringbuffer or host_build_graph">
  ];
}

def ConvertTileToAscend : Pass<"convert-tile-to-ascend", "::mlir::ModuleOp"> {
  let summary = "lower tile kernels to PTO-ISA C++ kernel sources";
  let description = [{
    Each `tile.kernel` with an `ascend.func_id` (given by
    `-convert-taskgraph-to-ascend`) becomes an `emitc.file
    "kernels/<aiv|aic>/<name>.cpp"` defining
    `extern "C" __aicore__ void kernel_entry(__gm__ int64_t *args)`: the
    arguments become `GlobalTensor`s (views) and scalars, every tile a
    `pto::Tile` bound with `TASSIGN` to the offset `-tile-plan-buffers`
    chose, every operation the PTO-ISA instruction it is (`TLOAD`, `TADD`,
    `TROWEXPANDMUL`, `TMATMUL`, `TSTORE`, ...), with `set_flag`/`wait_flag`
    between consecutive instructions of different pipes and the pipe
    drained at the end. Cube operands are loaded into L1 (`TileType::Mat`)
    and moved to `Left`/`Right`; products live in `Acc`. Kernels without a
    func id are dropped (nothing submits them).
    ```mlir
    emitc.file "kernels/aiv/add.cpp" {
      emitc.include <"pto/pto-inst.hpp">
      emitc.func @kernel_entry(%args: !emitc.opaque<"__gm__ int64_t *">) ...
    }
    ```
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
  let options = [
    Option<"runtime", "runtime", "std::string",
           /*default=*/"\"tensormap_and_ringbuffer\"",
           "how kernels receive views: PTO2 Tensor descriptors "
           "(tensormap_and_ringbuffer) or device addresses (host_build_graph)">,
    Option<"arch", "arch", "std::string", /*default=*/"\"a2a3\"",
           "architecture name or file: the UB and L1 capacities the scratch "
           "and staging tiles must fit">
  ];
}

def ConvertTileToAIE : Pass<"convert-tile-to-aie", "::mlir::ModuleOp"> {
  let summary = "lower submitted tile kernels to plain-C++ AMD AIE core kernels";
  let description = [{
    Each `tile.kernel` that a `taskgraph.submit` of the module names becomes
    an `emitc.file "kernels/<name>.cc"` including `ptowsp_aie_kernel.h`
    (runtime/include/pto-wsp/aie) and defining the function the AIE design's
    cores call:

    ```c++
    extern "C" void k(float *x, int32_t x_offset, int32_t x_ld, float s, int64_t n);
    ```

    every `!tile.view` parameter becoming three C parameters (a pointer to
    the element type, the element offset of the tile's first element, the
    row stride in elements; the tile is `ptr[offset + r * ld + c]`), every
    scalar keeping its type (`index` is `int64_t`). Element types are
    `float`, `_Float16`, `__bf16`, `int32_t`, `int16_t`, `int8_t` and
    `uint8_t` (`ui8` and `i1` masks). Tiles are dense row-major stack arrays
    (`alignas(64) float v3[1024];`) and every tile operation is one call of
    the header's template for it (`ptowsp::aie::add<16, 64>(v5, v3, v4)`),
    which computes like cpu_sim. Broadcast operands may be on either side;
    no buffer planning is needed (the design places the core's stack).
    The file carries `aie.kernel` (the kernel's name) and `aie.stack_bytes`
    (the bytes of its local tiles).

    Kernels nothing submits are dropped, as `-convert-tile-to-ascend`
    drops them; submitted kernels stay (the graphs still name them, and the
    design lowering reads their signatures). Run-time valid regions
    (`tile.load ... valid(...)`), scalar arithmetic in kernels and non-tile
    operations are rejected with a diagnostic naming target aie.

    ```mlir
    emitc.file "kernels/k.cc" attributes {aie.kernel = "k", aie.stack_bytes = 4096 : i64} {
      emitc.include "ptowsp_aie_kernel.h"
      emitc.func @k(%arg0: !emitc.ptr<f32>, %arg1: i32, %arg2: i32) attributes {specifiers = ["extern \22C\22"]} {
        ...
      }
    }
    ```
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

#endif // PTOWSP_CONVERSION_PASSES
