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

#endif // PTOWSP_CONVERSION_PASSES
