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
    Only loops over static `workload.dense` axes give known ranges, narrowed
    inside `workload.if` bodies whose condition compares such a loop variable
    with a constant. Reported bounds are always reached by some iteration, so
    an error is never an artefact of the analysis; the loops around the view
    are assumed to run.

    Views whose range depends on run-time values (dynamic axes, sparse
    indices, symbols, slot loads, dynamic tensor dimensions), that sit under
    another `workload.if` condition, or whose offsets use one loop variable
    twice cannot be decided here; the runtime checks each submitted region
    against the tensor's bounds instead.

    ```mlir
    %rows = workload.dense 4
    workload.parallel_for %i in %rows name("i") {
      %i1 = arith.addi %i, %c1 : index
      // error: offset along dimension 0 ranges over [1, 4] but must stay
      // within [0, 3] for a window of size 1 in a dimension of size 4
      %v = workload.view %X[%i1, %c0] sizes [1, 128]
          : memref<4x128xf32> -> !workload.view<1x128xf32>
    }
    ```
  }];
}

def WorkloadInferAccess : Pass<"workload-infer-access", "::mlir::ModuleOp"> {
  let summary = "record which regions each task reads and writes";
  let description = [{
    Annotates every `workload.task` with `access` (one
    `taskgraph::AccessModeAttr` per view argument, from the kernel's view
    directions: in → read, out → write, inout → readwrite) and `core` (a
    `taskgraph::CoreTypeAttr`: cube if the kernel uses `tile.matmul`, vector
    otherwise): the access sets that dependency inference compares and the
    execution unit the task needs. The lowering to taskgraph copies them onto
    each submit (see `Workload/Transforms/AccessSets.h`). The enum attributes
    print as integers in the generic attribute dictionary.

    ```mlir
    // access = [read, write], core = vector
    workload.task @k(%x, %y) {access = [0 : i32, 1 : i32], core = 0 : i32}
        : !workload.view<16x128xf32>, !workload.view<16x128xf32>
    ```
  }];
}

#endif // PTOWSP_WORKLOAD_PASSES
