//===- WorkloadOps.cpp - workload dialect operations ----------------------===//
//
// Parsing/printing of workloads and loops, control-flow interfaces, and the
// verifiers of the workload operations (including the check of task arguments
// against the called tile kernel).
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Utils/FunctionLikeOps.h"
#include "pto-wsp/Dialect/Utils/TensorWindow.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace ptowsp::workload;

//===----------------------------------------------------------------------===//
// Loop helpers shared by parallel_for, for_each and select
//===----------------------------------------------------------------------===//

StringRef ptowsp::workload::getLoopVariableName(Operation *op) {
  if (auto loop = dyn_cast<ParallelForOp>(op))
    return loop.getName();
  if (auto loop = dyn_cast<ForEachOp>(op))
    return loop.getName();
  if (auto loop = dyn_cast<SelectOp>(op))
    return loop.getName();
  return {};
}

Operation *ptowsp::workload::findEnclosingLoop(Operation *op, StringRef name) {
  // Loop variables are visible up to the enclosing workload (or any other
  // isolated op), as SSA values are.
  for (; op && !op->hasTrait<OpTrait::IsIsolatedFromAbove>();
       op = op->getParentOp())
    if (getLoopVariableName(op) == name)
      return op;
  return nullptr;
}

/// `%var in %axis name("var") attr-dict-with-keyword { body }`
template <typename LoopOp>
static ParseResult parseLoop(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::Argument inductionVar;
  OpAsmParser::UnresolvedOperand axis;
  StringAttr name;
  if (parser.parseArgument(inductionVar) || parser.parseKeyword("in") ||
      parser.parseOperand(axis) ||
      parser.resolveOperand(axis, AxisType::get(parser.getContext()),
                            result.operands) ||
      parser.parseKeyword("name") || parser.parseLParen() ||
      parser.parseAttribute(name, LoopOp::getNameAttrName(result.name),
                            result.attributes) ||
      parser.parseRParen() ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  inductionVar.type = parser.getBuilder().getIndexType();
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, {inductionVar}))
    return failure();
  LoopOp::ensureTerminator(*body, parser.getBuilder(), result.location);
  return success();
}

template <typename LoopOp>
static void printLoop(LoopOp loop, OpAsmPrinter &printer) {
  printer << " " << loop.getInductionVar() << " in " << loop.getAxis()
          << " name(";
  printer.printAttributeWithoutType(loop.getNameAttr());
  printer << ")";
  printer.printOptionalAttrDictWithKeyword(loop->getAttrs(),
                                           {loop.getNameAttrName()});
  printer << " ";
  printer.printRegion(loop.getBody(), /*printEntryBlockArgs=*/false,
                      /*printBlockTerminators=*/false);
}

/// Prints the loop variable with its declared name where it does not clash.
template <typename LoopOp>
static void setLoopVariableName(LoopOp loop, OpAsmSetValueNameFn setNameFn) {
  if (!loop.getBody().empty() && loop.getBody().getNumArguments() == 1)
    setNameFn(loop.getInductionVar(), loop.getName());
}

/// The body runs zero or more times: from the parent and from the end of an
/// iteration, control goes to the body or back to the parent. The loop
/// variable is not forwarded from an operand, so no values flow along edges.
template <typename LoopOp>
static void getLoopSuccessorRegions(LoopOp loop,
                                    SmallVectorImpl<RegionSuccessor> &regions) {
  regions.push_back(RegionSuccessor(&loop.getBody()));
  regions.push_back(
      RegionSuccessor(loop.getOperation(), loop.getOperation()->getResults()));
}

template <typename LoopOp> static LogicalResult verifyLoop(LoopOp loop) {
  if (loop.getName().empty())
    return loop.emitOpError("loop variable name must not be empty");
  Block &body = loop.getBody().front();
  if (body.getNumArguments() != 1 || !body.getArgument(0).getType().isIndex())
    return loop.emitOpError("body must have exactly one 'index' argument (the "
                            "loop variable)");
  // Schedule keys name loop variables (`schedule.task_axis %t "b"`); a
  // shadowed name would make them ambiguous.
  if (Operation *outer =
          findEnclosingLoop(loop->getParentOp(), loop.getName())) {
    InFlightDiagnostic diag = loop.emitOpError("loop variable name '")
                              << loop.getName()
                              << "' is already used by an enclosing loop";
    diag.attachNote(outer->getLoc()) << "enclosing loop here";
    return diag;
  }
  return success();
}

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/Workload/IR/WorkloadOps.cpp.inc"

//===----------------------------------------------------------------------===//
// WorkloadOp
//===----------------------------------------------------------------------===//

void WorkloadOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      FunctionType type) {
  buildFunctionLike<WorkloadOp, YieldOp>(builder, state, name, type);
}

ParseResult WorkloadOp::parse(OpAsmParser &parser, OperationState &result) {
  return parseFunctionLike<WorkloadOp>(parser, result);
}

void WorkloadOp::print(OpAsmPrinter &printer) {
  printFunctionLike(*this, printer);
}

/// Workload and graph arguments: global tensors the runtime binds to buffers,
/// or scalars.
static bool isTensorOrScalar(Type type) {
  if (auto tensor = dyn_cast<MemRefType>(type))
    return tensor.getLayout().isIdentity();
  return isa<FloatType, IntegerType, IndexType>(type);
}

LogicalResult WorkloadOp::verify() {
  FunctionType type = getFunctionType();
  if (type.getNumResults() != 0)
    return emitOpError("workloads have no results; tasks write tensors "
                       "instead");
  for (auto [index, input] : llvm::enumerate(type.getInputs()))
    if (!isTensorOrScalar(input))
      return emitOpError("argument #")
             << index << " has type " << input
             << "; workload arguments are memrefs with the identity layout "
                "or scalars";

  // One run-time symbol is one host-side variable: its type is fixed.
  llvm::StringMap<RuntimeSymbolOp> firstUse;
  WalkResult result = walk([&](RuntimeSymbolOp symbol) {
    auto [it, inserted] = firstUse.try_emplace(symbol.getName(), symbol);
    if (inserted || it->second.getType() == symbol.getType())
      return WalkResult::advance();
    InFlightDiagnostic diag = symbol.emitOpError("run-time symbol '")
                              << symbol.getName() << "' has type "
                              << symbol.getType() << " here but "
                              << it->second.getType() << " elsewhere";
    diag.attachNote(it->second.getLoc()) << "first use here";
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// Axes
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::verify() {
  // I64Attr getters are unsigned; the attribute holds the signed value.
  int64_t size = getSizeAttr().getInt();
  if (size < 0)
    return emitOpError("axis size must be non-negative, got ") << size;
  return success();
}

LogicalResult RaggedOp::verify() {
  return ptowsp::verifyTensorElement(*this, getLengths().getType(),
                                     getIndices());
}

LogicalResult SparseOp::verify() {
  MemRefType indptr = getIndptr().getType();
  if (indptr.getRank() != 1 || getIndices().getType().getRank() != 1)
    return emitOpError("indptr and indices must be one-dimensional tensors");
  // Row r spans indptr[r] .. indptr[r+1]: indptr has one entry per row plus
  // one.
  std::optional<int64_t> row = getConstantIntValue(getRow());
  if (row && !indptr.isDynamicDim(0) &&
      (*row < 0 || *row + 1 >= indptr.getDimSize(0)))
    return emitOpError("row ")
           << *row << " is out of bounds of indptr, which describes "
           << indptr.getDimSize(0) - 1 << " rows";
  return success();
}

//===----------------------------------------------------------------------===//
// Loops and branches
//===----------------------------------------------------------------------===//

LogicalResult ParallelForOp::verify() { return verifyLoop(*this); }

LogicalResult ForEachOp::verify() { return verifyLoop(*this); }

LogicalResult SelectOp::verify() {
  if (failed(verifyLoop(*this)))
    return failure();
  // The loop variable is an index stored in a CSR row; only workload.sparse
  // provides one.
  if (!getAxis().getDefiningOp<SparseOp>())
    return emitOpError("requires a sparse axis produced by 'workload.sparse'");
  return success();
}

void IfOp::getSuccessorRegions(RegionBranchPoint point,
                               SmallVectorImpl<RegionSuccessor> &regions) {
  // Either body returns to the parent; from the parent, control enters one
  // body (or skips the missing else body).
  if (!point.isParent()) {
    regions.push_back(
        RegionSuccessor(getOperation(), getOperation()->getResults()));
    return;
  }
  regions.push_back(RegionSuccessor(&getThenRegion()));
  if (getElseRegion().empty())
    regions.push_back(
        RegionSuccessor(getOperation(), getOperation()->getResults()));
  else
    regions.push_back(RegionSuccessor(&getElseRegion()));
}

//===----------------------------------------------------------------------===//
// Views and tasks
//===----------------------------------------------------------------------===//

LogicalResult ViewOp::verify() {
  auto tensor = cast<MemRefType>(getTensor().getType());
  ViewType view = getResult().getType();
  return ptowsp::verifyTensorWindow(*this, tensor, getOffsets(), getSizes(),
                                    view.getShape(), view.getElementType());
}

LogicalResult TaskOp::verify() {
  // Tasks are generated by workloads; a task elsewhere has no tensors to
  // bind and no schedule.
  if (!(*this)->getParentOfType<WorkloadOp>())
    return emitOpError("must be nested in a 'workload.workload'");
  return success();
}

LogicalResult TaskOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto kernel = dyn_cast_or_null<ptowsp::tile::KernelOp>(
      symbolTable.lookupNearestSymbolFrom(*this, getKernelAttr()));
  if (!kernel)
    return emitOpError("'") << getKernel() << "' does not name a tile.kernel";
  ArrayRef<Type> params = kernel.getArgumentTypes();
  auto withKernelNote = [&](InFlightDiagnostic diag) {
    diag.attachNote(kernel.getLoc()) << "kernel declared here";
    return diag;
  };
  if (params.size() != getArgs().size())
    return withKernelNote(emitOpError("kernel @")
                          << getKernel() << " takes " << params.size()
                          << " arguments, got " << getArgs().size());
  for (auto [index, argType, paramType] :
       llvm::enumerate(getArgs().getTypes(), params)) {
    if (auto param = dyn_cast<ptowsp::tile::ViewType>(paramType)) {
      auto view = dyn_cast<ViewType>(argType);
      if (!view || view.getShape() != param.getShape() ||
          view.getElementType() != param.getElementType())
        return withKernelNote(emitOpError("argument #")
                              << index << " of type " << argType
                              << " does not match kernel parameter " << param
                              << " (expected a !workload.view of the same "
                                 "shape and element type)");
      continue;
    }
    if (argType != paramType)
      return withKernelNote(emitOpError("argument #")
                            << index << " has type " << argType
                            << " but kernel parameter #" << index
                            << " has type " << paramType);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Run-time scalars
//===----------------------------------------------------------------------===//

/// Run-time symbol names are bound from the host (C++ and Python), so they
/// are identifiers there too.
static bool isIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

LogicalResult RuntimeSymbolOp::verify() {
  if (!isIdentifier(getName()))
    return emitOpError("symbol name '")
           << getName() << "' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)";
  return success();
}

LogicalResult SlotLoadOp::verify() {
  auto tensor = cast<MemRefType>(getTensor().getType());
  if (getResult().getType() != tensor.getElementType())
    return emitOpError("result type ")
           << getResult().getType() << " must be the tensor's element type "
           << tensor.getElementType();
  return ptowsp::verifyTensorElement(*this, tensor, getIndices());
}
