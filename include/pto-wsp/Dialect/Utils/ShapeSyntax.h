//===- ShapeSyntax.h - the `RxCxT` syntax of tile-shaped types ----*- C++ -*-===//
//
// !tile.tile, !tile.view, !workload.view and !taskgraph.region spell their
// shape and element type the same way: `<16x128xf32` (the caller parses or
// prints what follows).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_UTILS_SHAPESYNTAX_H
#define PTOWSP_DIALECT_UTILS_SHAPESYNTAX_H

#include "mlir/IR/DialectImplementation.h"

namespace ptowsp {

/// Parses `<` followed by a static dimension list and an element type.
inline mlir::ParseResult
parseShapeAndElementType(mlir::AsmParser &parser,
                         llvm::SmallVectorImpl<int64_t> &shape,
                         mlir::Type &elementType) {
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/false,
                                /*withTrailingX=*/true) ||
      parser.parseType(elementType))
    return mlir::failure();
  return mlir::success();
}

/// Prints `<` followed by the shape and the element type.
inline void printShapeAndElementType(mlir::AsmPrinter &printer,
                                     llvm::ArrayRef<int64_t> shape,
                                     mlir::Type elementType) {
  printer << "<";
  for (int64_t dim : shape)
    printer << dim << "x";
  printer << elementType;
}

} // namespace ptowsp

#endif // PTOWSP_DIALECT_UTILS_SHAPESYNTAX_H
