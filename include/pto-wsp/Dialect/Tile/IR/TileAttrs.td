//===- TileAttrs.td - tile dialect enums and attributes -----*- tablegen -*-===//
//
// Argument directions, comparison predicates, rounding modes and the on-chip
// buffer placement written by buffer planning.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TILE_ATTRS
#define PTOWSP_TILE_ATTRS

include "pto-wsp/Dialect/Tile/IR/TileDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Tile_Direction : I32EnumAttr<"Direction",
    "direction of a kernel's global-memory argument", [
  I32EnumAttrCase<"In", 0, "in">,
  I32EnumAttrCase<"Out", 1, "out">,
  I32EnumAttrCase<"InOut", 2, "inout">
]> {
  let cppNamespace = "::ptowsp::tile";
  let genSpecializedAttr = 0;
}

def Tile_CmpPredicate : I32EnumAttr<"CmpPredicate",
    "element comparison predicate (PTO-ISA CmpMode)", [
  I32EnumAttrCase<"EQ", 0, "eq">, I32EnumAttrCase<"NE", 1, "ne">,
  I32EnumAttrCase<"LT", 2, "lt">, I32EnumAttrCase<"LE", 3, "le">,
  I32EnumAttrCase<"GT", 4, "gt">, I32EnumAttrCase<"GE", 5, "ge">
]> {
  let cppNamespace = "::ptowsp::tile";
  let genSpecializedAttr = 0;
}
def Tile_CmpPredicateAttr : EnumAttr<Tile_Dialect, Tile_CmpPredicate, "cmp">;

def Tile_RoundMode : I32EnumAttr<"RoundMode",
    "rounding mode of a conversion (PTO-ISA RoundMode)", [
  I32EnumAttrCase<"Rint", 0, "rint">, I32EnumAttrCase<"Round", 1, "round">,
  I32EnumAttrCase<"Floor", 2, "floor">, I32EnumAttrCase<"Ceil", 3, "ceil">,
  I32EnumAttrCase<"Trunc", 4, "trunc">
]> {
  let cppNamespace = "::ptowsp::tile";
  let genSpecializedAttr = 0;
}
def Tile_RoundModeAttr : EnumAttr<Tile_Dialect, Tile_RoundMode, "round">;

def Tile_MemorySpace : I32EnumAttr<"MemorySpace",
    "on-chip buffer of an AI core", [
  I32EnumAttrCase<"UB", 0, "ub">, I32EnumAttrCase<"L1", 1, "l1">,
  I32EnumAttrCase<"L0A", 2, "l0a">, I32EnumAttrCase<"L0B", 3, "l0b">,
  I32EnumAttrCase<"L0C", 4, "l0c">
]> {
  let cppNamespace = "::ptowsp::tile";
  let genSpecializedAttr = 0;
}

def Tile_BufferAttr : AttrDef<Tile_Dialect, "Buffer"> {
  let mnemonic = "buffer";
  let summary = "placement of one tile in an on-chip buffer";
  let description = [{
    Written by `-tile-plan-buffers` on every tile-producing operation (one per
    result, in the `tile.buffers` array): the buffer and the byte offset the
    tile occupies.

    ```mlir
    #tile.buffer<ub, 8192>
    ```
  }];
  let parameters = (ins EnumParameter<Tile_MemorySpace>:$space,
                        "int64_t":$offset);
  let assemblyFormat = "`<` $space `,` $offset `>`";
}

#endif // PTOWSP_TILE_ATTRS
