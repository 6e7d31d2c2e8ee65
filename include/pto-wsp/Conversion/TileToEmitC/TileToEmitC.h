//===- TileToEmitC.h - tile kernels to EmitC -----------------------*- C++ -*-===//

#ifndef PTOWSP_CONVERSION_TILETOEMITC_TILETOEMITC_H
#define PTOWSP_CONVERSION_TILETOEMITC_TILETOEMITC_H

#include "mlir/Transforms/DialectConversion.h"

#include <string>

namespace ptowsp {

/// The C++ spelling of a tile element type in the PTO-ISA API ("float",
/// "pto::half", ...); i1 masks are stored as uint8_t.
std::string getCppElementType(mlir::Type element);

/// Converts !tile.tile to pto::Tile<T, R, C>, !tile.view to
/// pto::GlobalView<T>, index to size_t; other scalars are kept.
void populateTileToEmitCTypeConversions(mlir::TypeConverter &converter);

/// Patterns lowering tile.kernel/tile.return and every tile operation to
/// EmitC calls of PTO-ISA instructions.
void populateTileToEmitCPatterns(mlir::TypeConverter &converter,
                                 mlir::RewritePatternSet &patterns);

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_TILETOEMITC_TILETOEMITC_H
