//===- WorkloadTypes.td - workload dialect types ------------*- tablegen -*-===//
//
// !workload.axis (an iteration space) and !workload.view (a task argument: a
// 2-D window of a global tensor).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_WORKLOAD_TYPES
#define PTOWSP_WORKLOAD_TYPES

include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Workload_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Workload_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Workload_AxisType : Workload_Type<"Axis", "axis"> {
  let summary = "an iteration space a loop runs over";
  let description = [{
    The set of indices a `parallel_for`, `for_each` or `select` iterates. It
    is produced by `workload.dense` (`0..n-1`, `n` static),
    `workload.dense_dyn` (`0..n-1`, `n` a run-time value), `workload.ragged`
    (`0..lengths[i]-1`) or `workload.sparse` (the column indices of one CSR
    row). Axes are values, so one axis can drive several loops.

    ```mlir
    !workload.axis
    ```
  }];
}

def Workload_ViewType : Workload_Type<"View", "view"> {
  let summary = "a task argument: a 2-D window of a global tensor";
  let description = [{
    A rows x cols window of a tensor, produced by `workload.view` and passed to
    a kernel's `!tile.view` parameter of the same shape and element type. The
    access direction is the kernel's (`in`, `out`, `inout`), so the view type
    does not repeat it.

    ```mlir
    !workload.view<16x128xf32>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        "::mlir::Type":$elementType);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getRows() const { return getShape()[0]; }
    int64_t getCols() const { return getShape()[1]; }
  }];
}

#endif // PTOWSP_WORKLOAD_TYPES
