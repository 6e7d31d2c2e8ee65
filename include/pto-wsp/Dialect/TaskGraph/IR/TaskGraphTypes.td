//===- TaskGraphTypes.td - taskgraph dialect types ----------*- tablegen -*-===//
//
// Tensor regions, task handles and channels.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TASKGRAPH_TYPES
#define PTOWSP_TASKGRAPH_TYPES

include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphAttrs.td"
include "mlir/IR/AttrTypeBase.td"

class TaskGraph_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<TaskGraph_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def TaskGraph_TensorRegionType : TaskGraph_Type<"TensorRegion", "region"> {
  let summary = "a 2-D region of a global tensor that a task accesses";
  let description = [{
    What dependency inference compares: a task's region of a tensor, of the
    shape and element type of the kernel's `!tile.view` parameter it binds.

    ```mlir
    !taskgraph.region<16x128xf32>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        "::mlir::Type":$elementType);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def TaskGraph_TaskType : TaskGraph_Type<"Task", "task"> {
  let summary = "a handle to a submitted task";
  let description = [{
    Names a submitted task, for explicit dependencies (`after(...)`).

    ```mlir
    !taskgraph.task
    ```
  }];
}

def TaskGraph_ChannelType : TaskGraph_Type<"Channel", "channel"> {
  let summary = "a bounded channel between task-generating processes";
  let description = [{
    Each token carries one value of each payload type: integers, index,
    floats or `!taskgraph.region`s. An empty payload is a pure signal.

    ```mlir
    !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::Type">:$payloadTypes);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

#endif // PTOWSP_TASKGRAPH_TYPES
