//===- TypeSyntax.h - syntax shared by the project's types ----*- C++ -*-===//
//
// !tile.tile, !tile.view, !workload.view and !taskgraph.region spell their
// shape and element type the same way: `<16x128xf32` (the caller parses or
// prints what follows); !csp.channel and !taskgraph.channel their payload
// types as `<index, f32>`.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_UTILS_TYPESYNTAX_H
#define PTOWSP_DIALECT_UTILS_TYPESYNTAX_H

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

/// Parses `<type, type, ...>` (possibly `<>`), the payload list of the
/// channel types of the csp and taskgraph dialects.
inline mlir::ParseResult parseTypeList(mlir::AsmParser &parser,
                                       llvm::SmallVectorImpl<mlir::Type> &types) {
  if (parser.parseLess())
    return mlir::failure();
  if (mlir::succeeded(parser.parseOptionalGreater()))
    return mlir::success();
  if (parser.parseCommaSeparatedList(
          [&] { return parser.parseType(types.emplace_back()); }) ||
      parser.parseGreater())
    return mlir::failure();
  return mlir::success();
}

/// Prints `<type, type, ...>`.
inline void printTypeList(mlir::AsmPrinter &printer,
                          llvm::ArrayRef<mlir::Type> types) {
  printer << "<";
  llvm::interleaveComma(types, printer);
  printer << ">";
}

} // namespace ptowsp

#endif // PTOWSP_DIALECT_UTILS_TYPESYNTAX_H
