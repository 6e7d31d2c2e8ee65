//===- TileDialect.td - the tile dialect definition ---------*- tablegen -*-===//
//
// The `tile` dialect: value-semantics tile programs (kernels) over windows of
// global memory, mirroring the PTO-ISA tile instruction set.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TILE_DIALECT
#define PTOWSP_TILE_DIALECT

include "mlir/IR/OpBase.td"

def Tile_Dialect : Dialect {
  let name = "tile";
  let cppNamespace = "::ptowsp::tile";
  let summary = "Tile kernels: loads, tile arithmetic, matmul and stores";
  let description = [{
    A kernel is a symbol (`tile.kernel`) whose arguments are windows of global
    memory (`!tile.view<RxCxT, in|out|inout>`) and scalars. Its body computes
    on tiles (`!tile.tile<RxCxT>`), two-dimensional values that live in on-chip
    buffers, with operations that correspond one-to-one (or by a documented
    composition) to PTO-ISA instructions: `tile.load` is TLOAD, `tile.add` is
    TADD or TROWEXPANDADD/TCOLEXPANDADD when an operand is broadcast, and so on.

    Tiles have value semantics in the IR; buffer planning
    (`-tile-plan-buffers`) assigns each tile to an on-chip buffer and offset
    and rejects kernels that exceed the architecture's capacity.

    ```mlir
    tile.kernel @scale(%x: !tile.view<16x128xf32, in>,
                       %y: !tile.view<16x128xf32, out>, %s: f32) {
      %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
      %u = tile.muls %t, %s : !tile.tile<16x128xf32>, f32
      tile.store %u, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
      tile.return
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

class Tile_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, traits>;

#endif // PTOWSP_TILE_DIALECT
