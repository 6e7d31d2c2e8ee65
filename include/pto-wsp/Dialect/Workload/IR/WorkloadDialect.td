//===- WorkloadDialect.td - the workload dialect definition -*- tablegen -*-===//
//
// The `workload` dialect: programs that generate tasks (ARCHITECTURE.md §3.2).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_WORKLOAD_DIALECT
#define PTOWSP_WORKLOAD_DIALECT

include "mlir/IR/OpBase.td"

def Workload_Dialect : Dialect {
  let name = "workload";
  let cppNamespace = "::ptowsp::workload";
  let summary = "Task-generating programs: loops over axes that submit kernel tasks";
  let description = [{
    A workload (`workload.workload`) is a program over global tensors
    (memrefs) and scalars whose leaves submit tasks: calls of `tile.kernel`s on
    2-D windows (`!workload.view`) of those tensors. Its loops iterate axes —
    dense (static or run-time size), ragged (a per-outer-index length read
    from a tensor) or sparse (a CSR row) — either in parallel (`parallel_for`,
    `select`) or sequentially (`for_each`), and `workload.if` branches on
    run-time values. Run-time scalars come from symbols bound at launch
    (`workload.symbol`) or from tensor elements (`workload.slot_load`).

    The workload says *what* tasks exist and what they touch; how they are
    dispatched is a separate `schedule.schedule`. The loops are never
    unrolled: a workload lowers to a `taskgraph.graph` task-generation program.

    ```mlir
    workload.workload @scale_all(%X: memref<2x4x16x128xf32>,
                                 %Y: memref<2x4x16x128xf32>, %s: f32) {
      %c0 = arith.constant 0 : index
      %batch = workload.dense 2
      %tiles = workload.dense 4
      workload.parallel_for %b in %batch name("b") {
        workload.parallel_for %t in %tiles name("t") {
          %x = workload.view %X[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
              : memref<2x4x16x128xf32> -> !workload.view<16x128xf32>
          %y = workload.view %Y[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
              : memref<2x4x16x128xf32> -> !workload.view<16x128xf32>
          workload.task @scale(%x, %y, %s)
              : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
        }
      }
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerTypes();
  }];
}

class Workload_Op<string mnemonic, list<Trait> traits = []>
    : Op<Workload_Dialect, mnemonic, traits>;

#endif // PTOWSP_WORKLOAD_DIALECT
