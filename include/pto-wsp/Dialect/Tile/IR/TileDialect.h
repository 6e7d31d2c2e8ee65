//===- TileDialect.h - the tile dialect ---------------------------*- C++ -*-===//
//
// Declarations of the tile dialect, its types, attributes and operations.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_TILE_IR_TILEDIALECT_H
#define PTOWSP_DIALECT_TILE_IR_TILEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h.inc"
#include "pto-wsp/Dialect/Tile/IR/TileEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "pto-wsp/Dialect/Tile/IR/TileAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/Tile/IR/TileTypes.h.inc"

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/Tile/IR/TileOps.h.inc"

namespace ptowsp::tile {
/// True for the element types a tile may hold.
bool isValidTileElementType(mlir::Type type);
/// Size in bytes of one element as stored on chip (i1 masks use a byte).
int64_t getElementSizeInBytes(mlir::Type type);
/// Name of the discardable attribute holding a kernel's or op's cycle estimate.
inline constexpr llvm::StringLiteral kCyclesAttrName = "tile.cycles";
/// Name of the discardable attribute holding an op's result placements.
inline constexpr llvm::StringLiteral kBuffersAttrName = "tile.buffers";
} // namespace ptowsp::tile

#endif // PTOWSP_DIALECT_TILE_IR_TILEDIALECT_H
