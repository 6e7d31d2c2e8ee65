//===- TileIsa.h - which PTO-ISA instruction a tile op executes ---*- C++ -*-===//
//
// One mapping from tile operations to PTO-ISA instruction names, shared by
// the cost model (which looks instructions up in the architecture file) and
// the lowerings (which call them).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_TILE_IR_TILEISA_H
#define PTOWSP_DIALECT_TILE_IR_TILEISA_H

#include "mlir/IR/Operation.h"

#include <string>

namespace ptowsp::tile {

/// The PTO-ISA instruction `op` executes (e.g. "TROWEXPANDSUB" for a tile.sub
/// whose right operand is a column). For tile.rowmean, which is TROWSUM
/// followed by TDIVS, this is "TROWSUM". Fails (with a diagnostic on `op`) for
/// a binary op whose left operand is broadcast: run -tile-legalize-broadcast.
mlir::FailureOr<std::string> getIsaInstruction(mlir::Operation *op);

} // namespace ptowsp::tile

#endif // PTOWSP_DIALECT_TILE_IR_TILEISA_H
