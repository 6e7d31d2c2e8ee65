//===- TaskGraphDialect.cpp - taskgraph dialect, types and attributes -----===//
//
// Registration of the taskgraph dialect and the parsing, printing and
// verification of its types and of #taskgraph.config.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Utils/TypeSyntax.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::taskgraph;

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.cpp.inc"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphAttrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphTypes.cpp.inc"

void TaskGraphDialect::initialize() {
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphOps.cpp.inc"
      >();
}

void TaskGraphDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphTypes.cpp.inc"
      >();
}

void TaskGraphDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// TensorRegionType: `<RxCxT>`
//===----------------------------------------------------------------------===//

Type TensorRegionType::parse(AsmParser &parser) {
  SmallVector<int64_t> shape;
  Type elementType;
  if (parseShapeAndElementType(parser, shape, elementType) ||
      parser.parseGreater())
    return {};
  return TensorRegionType::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), shape, elementType);
}

void TensorRegionType::print(AsmPrinter &printer) const {
  printShapeAndElementType(printer, getShape(), getElementType());
  printer << ">";
}

LogicalResult
TensorRegionType::verify(function_ref<InFlightDiagnostic()> emitError,
                         ArrayRef<int64_t> shape, Type elementType) {
  if (shape.size() != 2)
    return emitError() << "region must have two dimensions, got "
                       << shape.size();
  if (shape[0] <= 0 || shape[1] <= 0)
    return emitError() << "region dimensions must be positive";
  // A region binds a kernel's !tile.view parameter: the same element types.
  if (!ptowsp::tile::isValidTileElementType(elementType) ||
      elementType.isInteger(1))
    return emitError() << "region element type must be f16, bf16, f32, i8, "
                       << "i16, i32 or ui8, got " << elementType;
  return success();
}

//===----------------------------------------------------------------------===//
// ChannelType: `<type, type, ...>`, possibly empty
//===----------------------------------------------------------------------===//

Type ChannelType::parse(AsmParser &parser) {
  SmallVector<Type> payload;
  if (parseTypeList(parser, payload))
    return {};
  return ChannelType::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), payload);
}

void ChannelType::print(AsmPrinter &printer) const {
  printTypeList(printer, getPayloadTypes());
}

LogicalResult ChannelType::verify(function_ref<InFlightDiagnostic()> emitError,
                                  ArrayRef<Type> payloadTypes) {
  // Tokens live in the runtime's fixed-size channel slots.
  for (Type type : payloadTypes)
    if (!isa<IndexType, IntegerType, FloatType, TensorRegionType>(type))
      return emitError() << "channel payloads must be integers, index, floats "
                         << "or !taskgraph.region, got " << type;
  return success();
}

//===----------------------------------------------------------------------===//
// ConfigAttr
//===----------------------------------------------------------------------===//

/// A count that exactly one policy uses must be positive for it and left at
/// its default (0) otherwise, so that no field is silently ignored.
static LogicalResult
verifyPolicyCount(function_ref<InFlightDiagnostic()> emitError, bool used,
                  int64_t count, StringRef field, StringRef policy) {
  if (used && count <= 0)
    return emitError() << "'" << field << "' must be positive with " << policy;
  if (!used && count != 0)
    return emitError() << "'" << field << "' is only used with " << policy;
  return success();
}

LogicalResult ConfigAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 DispatchPolicy dispatch, int64_t dispatchCount,
                                 int64_t window, WindowMode windowMode,
                                 DepsMode deps, ReadyPolicy ready,
                                 PoolPolicy pools, StartPolicy start,
                                 int64_t startThreshold, int64_t streams,
                                 TimingPolicy timing, int64_t timingBatch,
                                 TracePolicy trace) {
  // round_robin's count may be 0 ("all schedulers"), so it is checked apart.
  if (dispatchCount < 0)
    return emitError() << "'dispatch_count' must be non-negative";
  if (dispatch != DispatchPolicy::RoundRobin && dispatchCount != 0)
    return emitError() << "'dispatch_count' is only used with round_robin "
                          "dispatch";
  if (window <= 0)
    return emitError() << "'window' must be positive";
  if (streams < 0)
    return emitError() << "'streams' must be non-negative";
  if (failed(verifyPolicyCount(emitError, start == StartPolicy::Threshold,
                               startThreshold, "start_threshold",
                               "start = threshold")))
    return failure();
  return verifyPolicyCount(emitError, timing == TimingPolicy::Batched,
                           timingBatch, "timing_batch", "timing = batched");
}
