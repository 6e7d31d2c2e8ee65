//===- Passes.h - tile dialect passes ------------------------------*- C++ -*-===//

#ifndef PTOWSP_DIALECT_TILE_TRANSFORMS_PASSES_H
#define PTOWSP_DIALECT_TILE_TRANSFORMS_PASSES_H

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace ptowsp::tile {

#define GEN_PASS_DECL
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h.inc"

} // namespace ptowsp::tile

#endif // PTOWSP_DIALECT_TILE_TRANSFORMS_PASSES_H
