//===- TileDialect.cpp - tile dialect, types and attributes ---------------===//
//
// Registration of the tile dialect and the parsing, printing and verification
// of its types.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Utils/TypeSyntax.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ptowsp::tile;

#include "pto-wsp/Dialect/Tile/IR/TileDialect.cpp.inc"
#include "pto-wsp/Dialect/Tile/IR/TileEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "pto-wsp/Dialect/Tile/IR/TileAttrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/Tile/IR/TileTypes.cpp.inc"

void TileDialect::initialize() {
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "pto-wsp/Dialect/Tile/IR/TileOps.cpp.inc"
      >();
}

void TileDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "pto-wsp/Dialect/Tile/IR/TileTypes.cpp.inc"
      >();
}

void TileDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "pto-wsp/Dialect/Tile/IR/TileAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

bool ptowsp::tile::isValidTileElementType(Type type) {
  if (type.isF16() || type.isBF16() || type.isF32())
    return true;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (integer.isSignless())
      return width == 1 || width == 8 || width == 16 || width == 32;
    return integer.isUnsigned() && width == 8;
  }
  return false;
}

int64_t ptowsp::tile::getElementSizeInBytes(Type type) {
  unsigned bits = type.getIntOrFloatBitWidth();
  return bits < 8 ? 1 : bits / 8;
}

//===----------------------------------------------------------------------===//
// Shared shape verification
//===----------------------------------------------------------------------===//

static LogicalResult
verifyShapeAndElementType(function_ref<InFlightDiagnostic()> emitError,
                          ArrayRef<int64_t> shape, Type elementType,
                          StringRef what) {
  if (shape.size() != 2)
    return emitError() << what << " must have two dimensions, got "
                       << shape.size();
  if (shape[0] <= 0 || shape[1] <= 0)
    return emitError() << what << " dimensions must be positive";
  if (!isValidTileElementType(elementType))
    return emitError() << what << " element type must be f16, bf16, f32, i1, "
                       << "i8, i16, i32 or ui8, got " << elementType;
  return success();
}

//===----------------------------------------------------------------------===//
// TileType
//===----------------------------------------------------------------------===//

Type TileType::parse(AsmParser &parser) {
  SmallVector<int64_t> shape;
  Type elementType;
  if (parseShapeAndElementType(parser, shape, elementType) ||
      parser.parseGreater())
    return {};
  return TileType::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), shape, elementType);
}

void TileType::print(AsmPrinter &printer) const {
  printShapeAndElementType(printer, getShape(), getElementType());
  printer << ">";
}

LogicalResult TileType::verify(function_ref<InFlightDiagnostic()> emitError,
                               ArrayRef<int64_t> shape, Type elementType) {
  return verifyShapeAndElementType(emitError, shape, elementType, "tile");
}

int64_t TileType::getSizeInBytes() const {
  return getNumElements() * getElementSizeInBytes(getElementType());
}

int64_t TileType::getPaddedCols() const {
  constexpr int64_t kBlockBytes = 32;
  int64_t elementBytes = getElementSizeInBytes(getElementType());
  int64_t perBlock = std::max<int64_t>(1, kBlockBytes / elementBytes);
  return (getCols() + perBlock - 1) / perBlock * perBlock;
}

int64_t TileType::getFootprintInBytes() const {
  return getRows() * getPaddedCols() * getElementSizeInBytes(getElementType());
}

//===----------------------------------------------------------------------===//
// ViewType
//===----------------------------------------------------------------------===//

Type ViewType::parse(AsmParser &parser) {
  SmallVector<int64_t> shape;
  Type elementType;
  StringRef keyword;
  SMLoc directionLoc;
  if (parseShapeAndElementType(parser, shape, elementType) ||
      parser.parseComma())
    return {};
  directionLoc = parser.getCurrentLocation();
  if (parser.parseKeyword(&keyword) || parser.parseGreater())
    return {};
  std::optional<Direction> direction = symbolizeDirection(keyword);
  if (!direction) {
    parser.emitError(directionLoc,
                     "expected view direction 'in', 'out' or 'inout'");
    return {};
  }
  return ViewType::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), shape, elementType, *direction);
}

void ViewType::print(AsmPrinter &printer) const {
  printShapeAndElementType(printer, getShape(), getElementType());
  printer << ", " << stringifyDirection(getDirection()) << ">";
}

LogicalResult ViewType::verify(function_ref<InFlightDiagnostic()> emitError,
                               ArrayRef<int64_t> shape, Type elementType,
                               Direction direction) {
  if (elementType.isInteger(1))
    return emitError() << "global views of i1 are not supported";
  return verifyShapeAndElementType(emitError, shape, elementType, "view");
}
