//===- Passes.td - taskgraph dialect passes -----------------*- tablegen -*-===//

#ifndef PTOWSP_TASKGRAPH_PASSES
#define PTOWSP_TASKGRAPH_PASSES

include "mlir/Pass/PassBase.td"

def TaskGraphSplitByCore : Pass<"taskgraph-split-by-core", "::mlir::ModuleOp"> {
  let summary = "split kernels that use both cube and vector units into one kernel per unit";
  let description = [{
    For targets whose cube (AIC) and vector (AIV) units are separate cores
    (Ascend A2/A3): every submitted kernel whose operations need both units
    becomes a chain of kernels `@k__s<i>_<aic|aiv>`, one per maximal run of
    operations on one unit in program order, and every submission of it a
    chain of submissions of those kernels. A tile computed in one stage and
    used in a later one goes through a `taskgraph.intermediate` global
    buffer: the producing stage stores it (an `out` view), each consuming
    stage loads it (an `in` view). Tiles loaded from the kernel's own views
    are loaded again where they are used. A matmul accumulating into a tile
    that no matmul produced (`acc` loaded from memory) first becomes a
    matmul and a vector add, since the cube accumulates only in its own
    L0C. Submissions keep their key, priority, stream and coordinates;
    explicit dependencies (`after`) are rejected.
    Run before buffer planning and cycle estimation (the stage kernels are
    planned and costed like any other).

    ```mlir
    // tile.kernel @k(...) { load, matmul, exp, store }  becomes
    %i = taskgraph.intermediate : !taskgraph.region<16x16xf32>
    %t0 = taskgraph.submit @k__s0_aic(%a, %b, %i) access [read, read, write] core(cube) ...
    %t1 = taskgraph.submit @k__s1_aiv(%i, %y) access [read, write] core(vector) ...
    ```
  }];
  let dependentDialects = ["::ptowsp::taskgraph::TaskGraphDialect",
                           "::ptowsp::tile::TileDialect"];
}

#endif // PTOWSP_TASKGRAPH_PASSES
