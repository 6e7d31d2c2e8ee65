//===- EmitCHelpers.h - shared pieces of the EmitC lowerings ------*- C++ -*-===//
//
// What the tile and task-graph lowerings to EmitC both need: opaque C++
// spellings, call_opaque argument lists, and the conversion of scalar types.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CONVERSION_EMITCHELPERS_H
#define PTOWSP_CONVERSION_EMITCHELPERS_H

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/EmitC/Transforms/TypeConversions.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace ptowsp {

/// The C++ type spelled `text`.
inline mlir::Type opaqueType(mlir::MLIRContext *context, llvm::StringRef text) {
  return mlir::emitc::OpaqueType::get(context, text);
}

/// The C++ expression spelled `text` (an enumerator, a function name, ...).
inline mlir::Attribute opaque(mlir::MLIRContext *context,
                              const llvm::Twine &text) {
  return mlir::emitc::OpaqueAttr::get(context, text.str());
}

/// `args` of a call_opaque whose `numOperands` operands come first, in order,
/// followed by `trailing` attribute arguments.
inline mlir::ArrayAttr operandsThen(mlir::Builder &builder, size_t numOperands,
                                    llvm::ArrayRef<mlir::Attribute> trailing) {
  llvm::SmallVector<mlir::Attribute> args;
  for (size_t index = 0; index < numOperands; ++index)
    args.push_back(builder.getIndexAttr(index));
  llvm::append_range(args, trailing);
  return builder.getArrayAttr(args);
}

/// Scalars other than index keep their type in EmitC; index becomes size_t.
/// Conversions added later take precedence, so call this first.
inline void populateScalarEmitCTypeConversions(mlir::TypeConverter &converter) {
  converter.addConversion([](mlir::Type type) -> std::optional<mlir::Type> {
    if (mlir::isa<mlir::FloatType, mlir::IntegerType>(type) ||
        mlir::emitc::isSupportedEmitCType(type))
      return type;
    return std::nullopt;
  });
  mlir::populateEmitCSizeTTypeConversions(converter);
}

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_EMITCHELPERS_H
