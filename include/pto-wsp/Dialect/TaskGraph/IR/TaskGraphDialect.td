//===- TaskGraphDialect.td - the taskgraph dialect ----------*- tablegen -*-===//
//
// The `taskgraph` dialect: the task-generation programs that workloads,
// schedules and CSP pipelines lower to (ARCHITECTURE.md §3.5).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TASKGRAPH_DIALECT
#define PTOWSP_TASKGRAPH_DIALECT

include "mlir/IR/OpBase.td"

def TaskGraph_Dialect : Dialect {
  let name = "taskgraph";
  let cppNamespace = "::ptowsp::taskgraph";
  let summary = "Task-generation programs: submissions with access sets";
  let description = [{
    A `taskgraph.graph` is an ordinary program — `scf` loops, `arith` index
    math, never unrolled — whose leaves submit tasks (`taskgraph.submit`):
    a `tile.kernel`, its tensor regions with an access mode each (read,
    write, read-write), its scalars, the core type, and the per-task values
    the schedule needs (dispatch key, priority, stream) plus optional
    explicit predecessors. The runtime infers dependencies from the regions.
    The schedule's policies are one `#taskgraph.config` attribute on the
    graph. Run-time scalars, scalar loads from tensors, waits, scopes and
    the channels, processes and pipelines (which join processes) of lowered
    CSP pipelines complete it.

    IR size is independent of the number of tasks: this is what lets the
    same program run as host orchestration code or on the device's AICPU.

    ```mlir
    taskgraph.graph @scale_all(%X: memref<8x16x128xf32>,
                               %Y: memref<8x16x128xf32>, %s: f32) {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c8 = arith.constant 8 : index
      scf.for %i = %c0 to %c8 step %c1 {
        %x = taskgraph.region %X[%i, %c0, %c0] sizes [1, 16, 128]
            : memref<8x16x128xf32> -> !taskgraph.region<16x128xf32>
        %y = taskgraph.region %Y[%i, %c0, %c0] sizes [1, 16, 128]
            : memref<8x16x128xf32> -> !taskgraph.region<16x128xf32>
        %t = taskgraph.submit @scale(%x, %y, %s) access [read, write]
            core(vector)
            : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
      }
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerTypes();
    void registerAttributes();
  }];
}

class TaskGraph_Op<string mnemonic, list<Trait> traits = []>
    : Op<TaskGraph_Dialect, mnemonic, traits>;

#endif // PTOWSP_TASKGRAPH_DIALECT
