//===- FunctionLikeOps.h - shared code of the project's function ops -*- C++ -*-===//
//
// tile.kernel, workload.workload and taskgraph.graph are symbols with a
// signature and one body block ending in an implicit terminator. Their
// builders, parsers and printers are the same apart from the op and
// terminator types, so they live here once.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_UTILS_FUNCTIONLIKEOPS_H
#define PTOWSP_DIALECT_UTILS_FUNCTIONLIKEOPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionImplementation.h"

namespace ptowsp {

/// Builds `OpT` named `name` with signature `type` and a body holding the
/// block arguments and the terminator `TerminatorOp`.
template <typename OpT, typename TerminatorOp>
void buildFunctionLike(mlir::OpBuilder &builder, mlir::OperationState &state,
                       llvm::StringRef name, mlir::FunctionType type) {
  state.addAttribute(mlir::SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(OpT::getFunctionTypeAttrName(state.name),
                     mlir::TypeAttr::get(type));
  mlir::Region *body = state.addRegion();
  auto *block = new mlir::Block();
  body->push_back(block);
  for (mlir::Type input : type.getInputs())
    block->addArgument(input, state.location);
  mlir::OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(block);
  TerminatorOp::create(builder, state.location);
}

/// `@name(%arg: type, ...) attributes {...} { body }`; the terminator may be
/// omitted.
template <typename OpT>
mlir::ParseResult parseFunctionLike(mlir::OpAsmParser &parser,
                                    mlir::OperationState &result) {
  auto buildFuncType = [](mlir::Builder &builder,
                          llvm::ArrayRef<mlir::Type> argTypes,
                          llvm::ArrayRef<mlir::Type> results,
                          mlir::function_interface_impl::VariadicFlag,
                          std::string &) {
    return builder.getFunctionType(argTypes, results);
  };
  if (mlir::function_interface_impl::parseFunctionOp(
          parser, result, /*allowVariadic=*/false,
          OpT::getFunctionTypeAttrName(result.name), buildFuncType,
          OpT::getArgAttrsAttrName(result.name),
          OpT::getResAttrsAttrName(result.name)))
    return mlir::failure();
  OpT::ensureTerminator(*result.regions.front(), parser.getBuilder(),
                        result.location);
  return mlir::success();
}

/// Prints what parseFunctionLike parses, leaving the terminator implicit
/// (function_interface_impl::printFunctionOp would print it).
template <typename OpT>
void printFunctionLike(OpT op, mlir::OpAsmPrinter &printer) {
  printer << ' ';
  printer.printSymbolName(op.getSymName());
  mlir::function_interface_impl::printFunctionSignature(
      printer, op, op.getArgumentTypes(), /*isVariadic=*/false,
      op.getResultTypes());
  mlir::function_interface_impl::printFunctionAttributes(
      printer, op,
      {op.getFunctionTypeAttrName(), op.getArgAttrsAttrName(),
       op.getResAttrsAttrName()});
  // The function-body parser rejects `{}`: an otherwise empty body keeps its
  // terminator.
  bool onlyTerminator = op.getBody().front().getOperations().size() == 1;
  printer << ' ';
  printer.printRegion(op.getBody(), /*printEntryBlockArgs=*/false,
                      /*printBlockTerminators=*/onlyTerminator);
}

} // namespace ptowsp

#endif // PTOWSP_DIALECT_UTILS_FUNCTIONLIKEOPS_H
