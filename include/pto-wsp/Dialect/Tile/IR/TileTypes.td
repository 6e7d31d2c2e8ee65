//===- TileTypes.td - tile dialect types --------------------*- tablegen -*-===//
//
// !tile.tile (an on-chip 2-D tile value) and !tile.view (a kernel argument:
// a 2-D window of global memory with a direction).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TILE_TYPES
#define PTOWSP_TILE_TYPES

include "pto-wsp/Dialect/Tile/IR/TileAttrs.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

class Tile_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Tile_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Tile_TileType : Tile_Type<"Tile", "tile"> {
  let summary = "a two-dimensional tile held in an on-chip buffer";
  let description = [{
    A rows x cols tile of f16, bf16, f32, i8, i16, i32, ui8 or i1 (masks)
    elements. The shape is static; at run time a tile also carries a valid
    region (rows and columns actually loaded) that every operation respects.

    ```mlir
    !tile.tile<16x128xf32>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        "::mlir::Type":$elementType);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getRows() const { return getShape()[0]; }
    int64_t getCols() const { return getShape()[1]; }
    int64_t getNumElements() const { return getRows() * getCols(); }
    /// Size in bytes of the tile's storage (i1 masks take one byte each).
    int64_t getSizeInBytes() const;
    /// Columns as laid out on chip: PTO-ISA stores each row in whole 32-byte
    /// blocks, so narrow tiles (a 16x1 f32 column) are padded.
    int64_t getPaddedCols() const;
    /// Bytes the tile occupies in an on-chip buffer (rows x padded row).
    int64_t getFootprintInBytes() const;
    /// The same shape with another element type.
    TileType withElementType(::mlir::Type type) const {
      return TileType::get(getContext(), getShape(), type);
    }
  }];
}

def Tile_ViewType : Tile_Type<"View", "view"> {
  let summary = "a kernel argument: a window of global memory with a direction";
  let description = [{
    A window of at most rows x cols elements of a tensor in global memory,
    row-major with a run-time row stride. The direction says whether the
    kernel reads it (`in`), writes it (`out`) or both (`inout`); loads from
    `out` views and stores to `in` views are rejected. At run time the window
    may be smaller than its static shape (the last tile of a ragged tensor):
    a load then produces a partial tile.

    ```mlir
    !tile.view<16x128xf32, in>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        "::mlir::Type":$elementType,
                        EnumParameter<Tile_Direction>:$direction);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getRows() const { return getShape()[0]; }
    int64_t getCols() const { return getShape()[1]; }
    bool isReadable() const { return getDirection() != Direction::Out; }
    bool isWritable() const { return getDirection() != Direction::In; }
    /// The tile type a load of the whole window produces.
    TileType getTileType() const {
      return TileType::get(getContext(), getShape(), getElementType());
    }
  }];
}

#endif // PTOWSP_TILE_TYPES
