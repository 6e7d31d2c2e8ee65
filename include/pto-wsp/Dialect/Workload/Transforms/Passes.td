//===- Passes.td - workload dialect passes ------------------*- tablegen -*-===//

#ifndef PTOWSP_WORKLOAD_PASSES
#define PTOWSP_WORKLOAD_PASSES

include "mlir/Pass/PassBase.td"

def WorkloadVerifyBounds : Pass<"workload-verify-bounds", "::ptowsp::workload::WorkloadOp"> {
  let summary = "prove that every view stays inside its tensor";
  let description = [{
    Computes the range of every `workload.view` offset over all iterations of
    the enclosing loops (interval arithmetic over `arith` index math, loop
    variables ranging over their axes) and rejects a view whose window can
    leave its tensor, naming the view, the dimension and the reachable range.
    Views whose range depends on run-time values (dynamic axes, symbols, slot
    loads, dynamic tensor dimensions) cannot be decided here; the runtime
    checks each submitted region against the tensor's bounds instead.

    ```mlir
    // error: view of dimension 0 reaches [4, 4] + 1 but the tensor has 4
    %v = workload.view %X[%i1, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    ```
  }];
}

def WorkloadInferAccess : Pass<"workload-infer-access", "::mlir::ModuleOp"> {
  let summary = "record which regions each task reads and writes";
  let description = [{
    Annotates every `workload.task` with `access` (one of read / write /
    readwrite per view argument, from the kernel's view directions) and
    `core` (cube if the kernel uses the cube unit, vector otherwise): the
    access sets that dependency inference compares and the execution unit
    the task needs. The lowering to taskgraph copies them onto each submit.

    ```mlir
    workload.task @k(%x, %y) {access = [read, write], core = vector} : ...
    ```
  }];
}

#endif // PTOWSP_WORKLOAD_PASSES
