//===- TileOps.cpp - tile dialect operations ------------------------------===//
//
// Kernel parsing/printing and the verifiers of the tile operations.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Utils/FunctionLikeOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FunctionImplementation.h"

using namespace mlir;
using namespace ptowsp::tile;

//===----------------------------------------------------------------------===//
// Shared verification helpers
//===----------------------------------------------------------------------===//

static bool isFloatLike(Type type) { return isa<FloatType>(type); }

static bool isMask(TileType type) { return type.getElementType().isInteger(1); }

/// Arithmetic operates on numbers, not on masks.
static LogicalResult verifyNotMask(Operation *op, TileType type) {
  if (isMask(type))
    return op->emitOpError("does not operate on i1 mask tiles");
  return success();
}

/// A scalar operand must be of the same kind (float or integer) as the tile's
/// elements; index is accepted for integer tiles.
static LogicalResult verifyScalarKind(Operation *op, Type scalar,
                                      Type element) {
  bool scalarIsFloat = isFloatLike(scalar);
  if (scalarIsFloat != isFloatLike(element))
    return op->emitOpError("scalar of type ")
           << scalar << " does not match tile element type " << element;
  return success();
}

/// How an operand of a broadcasting elementwise operation relates to the
/// result's shape.
enum class BroadcastKind { Full, Column, Row, Invalid };

static BroadcastKind classifyOperand(TileType operand, TileType result) {
  if (operand.getShape() == result.getShape())
    return BroadcastKind::Full;
  if (operand.getRows() == result.getRows() && operand.getCols() == 1)
    return BroadcastKind::Column;
  if (operand.getCols() == result.getCols() && operand.getRows() == 1)
    return BroadcastKind::Row;
  return BroadcastKind::Invalid;
}

template <typename OpT> static LogicalResult verifyBinaryOp(OpT op) {
  auto lhs = cast<TileType>(op.getLhs().getType());
  auto rhs = cast<TileType>(op.getRhs().getType());
  auto result = cast<TileType>(op.getResult().getType());
  if (lhs.getElementType() != result.getElementType() ||
      rhs.getElementType() != result.getElementType())
    return op.emitOpError("operands and result must have the same element "
                          "type");
  if (failed(verifyNotMask(op, result)))
    return failure();
  if (OpT::requiresFloat() && !isFloatLike(result.getElementType()))
    return op.emitOpError("requires a float tile, got ") << result;
  BroadcastKind lhsKind = classifyOperand(lhs, result);
  BroadcastKind rhsKind = classifyOperand(rhs, result);
  if (lhsKind == BroadcastKind::Invalid || rhsKind == BroadcastKind::Invalid)
    return op.emitOpError("operand shapes ")
           << lhs << " and " << rhs << " do not broadcast to " << result
           << " (each must equal it or be one of its columns Rx1 or rows 1xC)";
  if (lhsKind != BroadcastKind::Full && rhsKind != BroadcastKind::Full)
    return op.emitOpError("at least one operand must have the result's shape");
  return success();
}

template <typename OpT> static LogicalResult verifyScalarOp(OpT op) {
  auto type = cast<TileType>(op.getTile().getType());
  if (failed(verifyNotMask(op, type)))
    return failure();
  if (OpT::requiresFloat() && !isFloatLike(type.getElementType()))
    return op.emitOpError("requires a float tile, got ") << type;
  return verifyScalarKind(op, op.getScalar().getType(), type.getElementType());
}

template <typename OpT> static LogicalResult verifyUnaryOp(OpT op) {
  auto type = cast<TileType>(op.getResult().getType());
  if (failed(verifyNotMask(op, type)))
    return failure();
  if (OpT::requiresFloat() && !isFloatLike(type.getElementType()))
    return op.emitOpError("requires a float tile, got ") << type;
  return success();
}

template <typename OpT> static LogicalResult verifyReduceOp(OpT op) {
  auto source = cast<TileType>(op.getSource().getType());
  auto result = cast<TileType>(op.getResult().getType());
  if (failed(verifyNotMask(op, source)))
    return failure();
  if (source.getElementType() != result.getElementType())
    return op.emitOpError("result element type must match the source's");
  if (OpT::requiresFloat() && !isFloatLike(source.getElementType()))
    return op.emitOpError("requires a float tile, got ") << source;
  int64_t rows = OpT::reducesRows() ? source.getRows() : 1;
  int64_t cols = OpT::reducesRows() ? 1 : source.getCols();
  if (result.getRows() != rows || result.getCols() != cols)
    return op.emitOpError("expected result shape ")
           << rows << "x" << cols << ", got " << result.getRows() << "x"
           << result.getCols();
  return success();
}

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/Tile/IR/TileOps.cpp.inc"

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

void KernelOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                    FunctionType type) {
  buildFunctionLike<KernelOp, ReturnOp>(builder, state, name, type);
}

ParseResult KernelOp::parse(OpAsmParser &parser, OperationState &result) {
  return parseFunctionLike<KernelOp>(parser, result);
}

void KernelOp::print(OpAsmPrinter &printer) {
  printFunctionLike(*this, printer);
}

LogicalResult KernelOp::verify() {
  FunctionType type = getFunctionType();
  if (type.getNumResults() != 0)
    return emitOpError("kernels have no results; write through out/inout "
                       "views instead");
  for (auto [index, input] : llvm::enumerate(type.getInputs()))
    if (!isa<ViewType, FloatType, IntegerType, IndexType>(input))
      return emitOpError("argument #")
             << index << " has type " << input
             << "; kernel arguments are !tile.view windows or scalars";
  if (getBody().empty())
    return emitOpError("requires a body");
  Block &entry = getBody().front();
  if (entry.getArgumentTypes() != type.getInputs())
    return emitOpError("entry block arguments do not match the signature");
  return success();
}

std::optional<int64_t> KernelOp::getEstimatedCycles() {
  if (auto cycles = (*this)->getAttrOfType<IntegerAttr>(kCyclesAttrName))
    return cycles.getInt();
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

/// A tile moved to or from a view must match its shape and element type.
static LogicalResult verifyTileMatchesView(Operation *op, TileType tile,
                                           ViewType view) {
  if (tile.getShape() != view.getShape() ||
      tile.getElementType() != view.getElementType())
    return op->emitOpError("tile type ")
           << tile << " does not match view type " << view;
  return success();
}

LogicalResult LoadOp::verify() {
  auto view = cast<ViewType>(getView().getType());
  if (!view.isReadable())
    return emitOpError("cannot load from an 'out' view; declare it 'inout' "
                       "to read it");
  return verifyTileMatchesView(*this, cast<TileType>(getResult().getType()),
                               view);
}

LogicalResult StoreOp::verify() {
  auto view = cast<ViewType>(getView().getType());
  if (!view.isWritable())
    return emitOpError("cannot store to an 'in' view; declare it 'out' or "
                       "'inout' to write it");
  return verifyTileMatchesView(*this, cast<TileType>(getValue().getType()),
                               view);
}

//===----------------------------------------------------------------------===//
// Broadcast, matmul, cast, fill, constant
//===----------------------------------------------------------------------===//

LogicalResult BroadcastOp::verify() {
  auto source = cast<TileType>(getSource().getType());
  auto result = cast<TileType>(getResult().getType());
  if (source.getElementType() != result.getElementType())
    return emitOpError("result element type must match the source's");
  BroadcastKind kind = classifyOperand(source, result);
  if (kind != BroadcastKind::Column && kind != BroadcastKind::Row)
    return emitOpError("source ")
           << source << " must be a column (Rx1) or row (1xC) of " << result;
  return success();
}

LogicalResult MatmulOp::verify() {
  auto lhs = cast<TileType>(getLhs().getType());
  auto rhs = cast<TileType>(getRhs().getType());
  auto result = cast<TileType>(getResult().getType());
  Type element = lhs.getElementType();
  if (!(element.isF16() || element.isBF16() || element.isF32()))
    return emitOpError("operands must be f16, bf16 or f32 tiles, got ")
           << element;
  if (rhs.getElementType() != element)
    return emitOpError("operands must have the same element type");
  if (!result.getElementType().isF32())
    return emitOpError("result must be an f32 tile, got ") << result;
  if (lhs.getCols() != rhs.getRows())
    return emitOpError("inner dimensions differ: lhs is ")
           << lhs.getRows() << "x" << lhs.getCols() << ", rhs is "
           << rhs.getRows() << "x" << rhs.getCols();
  if (result.getRows() != lhs.getRows() || result.getCols() != rhs.getCols())
    return emitOpError("result must be ")
           << lhs.getRows() << "x" << rhs.getCols();
  if (getAcc() && getAcc().getType() != result)
    return emitOpError("accumulator type must equal the result type ")
           << result;
  return success();
}

LogicalResult CastOp::verify() {
  auto source = cast<TileType>(getSource().getType());
  auto result = cast<TileType>(getResult().getType());
  if (source.getShape() != result.getShape())
    return emitOpError("source and result shapes differ");
  if (isMask(source) || isMask(result))
    return emitOpError("cannot convert i1 mask tiles");
  // Conversions to floating point always round to nearest even (TCVT's
  // modes select the float-to-integer rounding only).
  if (getRound() != RoundMode::Rint &&
      !(isFloatLike(source.getElementType()) &&
        isa<IntegerType>(result.getElementType())))
    return emitOpError("round mode '")
           << stringifyRoundMode(getRound())
           << "' applies only to float-to-integer conversions";
  return success();
}

LogicalResult FillOp::verify() {
  auto result = cast<TileType>(getResult().getType());
  if (failed(verifyNotMask(*this, result)))
    return failure();
  return verifyScalarKind(*this, getScalar().getType(),
                          result.getElementType());
}

LogicalResult ConstantOp::verify() {
  auto result = cast<TileType>(getResult().getType());
  if (failed(verifyNotMask(*this, result)))
    return failure();
  Type valueType = getValue().getType();
  if (!isa<FloatAttr, IntegerAttr>(getValue()) ||
      valueType != result.getElementType())
    return emitOpError("value must be a scalar of the element type ")
           << result.getElementType() << ", got " << getValue();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Compare, select, transpose
//===----------------------------------------------------------------------===//

static LogicalResult verifyMaskResult(Operation *op, TileType compared,
                                      TileType result) {
  if (failed(verifyNotMask(op, compared)))
    return failure();
  if (!isMask(result) || result.getShape() != compared.getShape())
    return op->emitOpError("result must be an i1 tile of shape ")
           << compared.getRows() << "x" << compared.getCols();
  return success();
}

LogicalResult CmpOp::verify() {
  auto lhs = cast<TileType>(getLhs().getType());
  if (getRhs().getType() != lhs)
    return emitOpError("operands must have the same type");
  return verifyMaskResult(*this, lhs, cast<TileType>(getResult().getType()));
}

LogicalResult CmpSOp::verify() {
  auto tile = cast<TileType>(getTile().getType());
  if (failed(verifyScalarKind(*this, getScalar().getType(),
                              tile.getElementType())))
    return failure();
  return verifyMaskResult(*this, tile, cast<TileType>(getResult().getType()));
}

LogicalResult SelectOp::verify() {
  auto mask = cast<TileType>(getMask().getType());
  auto result = cast<TileType>(getResult().getType());
  if (!isMask(mask) || mask.getShape() != result.getShape())
    return emitOpError("mask must be an i1 tile of the result's shape");
  return verifyNotMask(*this, result);
}

LogicalResult TransposeOp::verify() {
  auto source = cast<TileType>(getSource().getType());
  auto result = cast<TileType>(getResult().getType());
  if (source.getElementType() != result.getElementType() ||
      source.getRows() != result.getCols() ||
      source.getCols() != result.getRows())
    return emitOpError("result must be the transpose ")
           << source.getCols() << "x" << source.getRows() << " of the source";
  return success();
}

//===----------------------------------------------------------------------===//
// Routing helpers
//===----------------------------------------------------------------------===//

LogicalResult IotaOp::verify() {
  if (!cast<TileType>(getResult().getType()).getElementType().isInteger(32))
    return emitOpError("result must be an i32 tile");
  return success();
}

/// Shared checks of sort32 and topk: values keep the source element type,
/// indices are i32, both shaped like the value result.
static LogicalResult verifySortResults(Operation *op, TileType source,
                                       TileType values, TileType indices) {
  if (failed(verifyNotMask(op, source)))
    return failure();
  if (values.getElementType() != source.getElementType())
    return op->emitOpError("values must keep the source element type");
  if (!indices.getElementType().isInteger(32) ||
      indices.getShape() != values.getShape())
    return op->emitOpError("indices must be an i32 tile shaped like the "
                           "values");
  if (values.getRows() != source.getRows())
    return op->emitOpError("results must have the source's row count");
  return success();
}

LogicalResult Sort32Op::verify() {
  auto source = cast<TileType>(getSource().getType());
  auto values = cast<TileType>(getValues().getType());
  if (source.getCols() % 32 != 0)
    return emitOpError("column count must be a multiple of 32, got ")
           << source.getCols();
  if (values.getShape() != source.getShape())
    return emitOpError("values must have the source's shape");
  return verifySortResults(*this, source, values,
                           cast<TileType>(getIndices().getType()));
}

LogicalResult TopKOp::verify() {
  auto source = cast<TileType>(getSource().getType());
  auto values = cast<TileType>(getValues().getType());
  if (values.getCols() > source.getCols())
    return emitOpError("k = ") << values.getCols()
                               << " exceeds the row length "
                               << source.getCols();
  return verifySortResults(*this, source, values,
                           cast<TileType>(getIndices().getType()));
}
