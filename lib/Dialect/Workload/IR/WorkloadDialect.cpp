//===- WorkloadDialect.cpp - workload dialect and types -------------------===//
//
// Registration of the workload dialect and the parsing, printing and
// verification of its types.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"
#include "pto-wsp/Dialect/Utils/TypeSyntax.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::workload;

#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/Workload/IR/WorkloadTypes.cpp.inc"

void WorkloadDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "pto-wsp/Dialect/Workload/IR/WorkloadOps.cpp.inc"
      >();
}

void WorkloadDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "pto-wsp/Dialect/Workload/IR/WorkloadTypes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ViewType: `<RxCxT>`, spelled like the shape of a !tile.view
//===----------------------------------------------------------------------===//

Type ViewType::parse(AsmParser &parser) {
  SmallVector<int64_t> shape;
  Type elementType;
  if (parseShapeAndElementType(parser, shape, elementType) ||
      parser.parseGreater())
    return {};
  return ViewType::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), shape, elementType);
}

void ViewType::print(AsmPrinter &printer) const {
  printShapeAndElementType(printer, getShape(), getElementType());
  printer << ">";
}

LogicalResult ViewType::verify(function_ref<InFlightDiagnostic()> emitError,
                               ArrayRef<int64_t> shape, Type elementType) {
  if (shape.size() != 2)
    return emitError() << "view must have two dimensions, got " << shape.size();
  if (shape[0] <= 0 || shape[1] <= 0)
    return emitError() << "view dimensions must be positive";
  // A view is what a kernel's !tile.view parameter receives, so it holds the
  // element types tiles can hold (masks excepted: they never live in memory).
  if (!ptowsp::tile::isValidTileElementType(elementType) ||
      elementType.isInteger(1))
    return emitError() << "view element type must be f16, bf16, f32, i8, i16, "
                       << "i32 or ui8, got " << elementType;
  return success();
}
