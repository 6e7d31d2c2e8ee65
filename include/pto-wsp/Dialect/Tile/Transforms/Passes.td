//===- Passes.td - tile dialect passes ----------------------*- tablegen -*-===//

#ifndef PTOWSP_TILE_PASSES
#define PTOWSP_TILE_PASSES

include "mlir/Pass/PassBase.td"

def TileLegalizeBroadcast : Pass<"tile-legalize-broadcast", "::ptowsp::tile::KernelOp"> {
  let summary = "put broadcast operands where PTO-ISA expects them";
  let description = [{
    PTO-ISA's TROWEXPAND*/TCOLEXPAND* instructions take the broadcast column
    or row as their second source. A broadcast on the left of a commutative
    operation (add, mul, max, min) is swapped to the right; on the left of
    sub or div it is materialised with `tile.broadcast` (TROWEXPAND /
    TCOLEXPAND) and the operation becomes a full-tile one.

    ```mlir
    // before
    %d = tile.sub %col, %x : !tile.tile<16x1xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
    // after
    %b = tile.broadcast %col : !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
    %d = tile.sub %b, %x : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
    ```
  }];
}

def TilePlanBuffers : Pass<"tile-plan-buffers", "::mlir::ModuleOp"> {
  let summary = "assign every tile to an on-chip buffer and offset";
  let description = [{
    Chooses each tile's buffer from how it is produced and used — matmul
    results in L0C, matmul operands in L0A/L0B, everything else in UB —
    inserting `tile.move` (TMOV) where a value must change buffer. Then gives
    every tile a byte offset by first-fit over live ranges (tiles whose live
    ranges do not overlap share space), and records the placement as
    `tile.buffers = [#tile.buffer<space, offset>, ...]` on the producing op.
    A kernel whose live tiles exceed a buffer's capacity (from the
    architecture file) is rejected, naming the kernel, buffer and sizes.

    ```mlir
    %t = tile.load %x {tile.buffers = [#tile.buffer<ub, 0>]} : ...
    ```
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"a2a3\"",
           "architecture name (arch/<name>.json) or path to an architecture file">
  ];
}

def TileEstimateCycles : Pass<"tile-estimate-cycles", "::mlir::ModuleOp"> {
  let summary = "compute each kernel's simulated cycles from the architecture model";
  let description = [{
    Annotates every tile operation with `tile.cycles` from the cost formulas
    of the architecture file (vector: head + slope x 256-byte repeats; cube:
    head + fractals x cycles per fractal; transfers: bytes over the path's
    bandwidth), and each kernel with the sum. Operations run one after
    another: the estimate does not overlap the memory and compute pipes.
    Requires `-tile-plan-buffers` (transfer paths depend on buffers).

    ```mlir
    tile.kernel @k(...) attributes {tile.cycles = 1072 : i64} { ... }
    ```
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"a2a3\"",
           "architecture name (arch/<name>.json) or path to an architecture file">
  ];
}

#endif // PTOWSP_TILE_PASSES
