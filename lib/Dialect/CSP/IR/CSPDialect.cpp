//===- CSPDialect.cpp - csp dialect and channel type ----------------------===//
//
// Registration of the csp dialect and the parsing, printing and verification
// of its channel type.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"
#include "pto-wsp/Dialect/Utils/TypeSyntax.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::csp;

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/CSP/IR/CSPTypes.cpp.inc"

void CSPDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "pto-wsp/Dialect/CSP/IR/CSPOps.cpp.inc"
      >();
}

void CSPDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "pto-wsp/Dialect/CSP/IR/CSPTypes.cpp.inc"
      >();
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
  // Tokens are copied between processes and, once lowered, through the
  // runtime's channel buffers: only scalars and views have a fixed size.
  for (Type type : payloadTypes)
    if (!isa<IndexType, IntegerType, FloatType, ptowsp::workload::ViewType>(
            type))
      return emitError() << "channel payloads must be integers, index, floats "
                         << "or !workload.view, got " << type;
  return success();
}
