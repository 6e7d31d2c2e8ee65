//===- TileOps.cpp - Builder methods for tile kernels and operations ------===//
//
// One creation method per tile operation; the uniform families (binary,
// tile-scalar, unary, source-to-result) share one template each.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

namespace py = pybind11;
using namespace mlir;

namespace ptowsp::python {
namespace {

Value getTile(PyBuilder &builder, const PyValue &value, const char *argument) {
  return builder.valueOf<tile::TileType>(value, "a tile", argument);
}

Value getScalar(PyBuilder &builder, const PyValue &value,
                const char *argument) {
  return builder.valueOf<FloatType, IntegerType, IndexType>(
      value, "a scalar (integer, float or index)", argument);
}

Type getTileType(PyBuilder &builder, const PyType &type,
                 const char *argument = "result_type") {
  return builder.typeOf<tile::TileType>(type, "a tile type", argument);
}

/// The optional `valid(rows, cols)` operands of load and store: both or
/// neither, of index type.
std::pair<Value, Value> getValidRegion(PyBuilder &builder,
                                       const std::optional<PyValue> &rows,
                                       const std::optional<PyValue> &cols) {
  if (rows.has_value() != cols.has_value())
    throw ValueFailure("give both valid_rows and valid_cols, or neither");
  if (!rows)
    return {};
  return {builder.valueOf<IndexType>(*rows, "an index", "valid_rows"),
          builder.valueOf<IndexType>(*cols, "an index", "valid_cols")};
}

//===----------------------------------------------------------------------===//
// Families
//===----------------------------------------------------------------------===//

/// add, sub, mul, div, max, min.
template <typename OpT>
PyValue createBinary(PyBuilder &builder, const PyValue &lhs, const PyValue &rhs,
                     const PyType &resultType) {
  return builder.wrap(builder
                          .create<OpT>(getTileType(builder, resultType),
                                       getTile(builder, lhs, "lhs"),
                                       getTile(builder, rhs, "rhs"))
                          .getResult());
}

/// adds, subs, muls, divs, maxs, mins.
template <typename OpT>
PyValue createTileScalar(PyBuilder &builder, const PyValue &tile,
                         const PyValue &scalar, const PyType &resultType) {
  return builder.wrap(builder
                          .create<OpT>(getTileType(builder, resultType),
                                       getTile(builder, tile, "tile"),
                                       getScalar(builder, scalar, "scalar"))
                          .getResult());
}

/// exp, log, sqrt, rsqrt, recip, abs, neg, relu, move: the result has the
/// source's type.
template <typename OpT>
PyValue createUnary(PyBuilder &builder, const PyValue &source) {
  Value input = getTile(builder, source, "source");
  return builder.wrap(builder.create<OpT>(input.getType(), input).getResult());
}

/// Reductions, broadcast, transpose: a source and a result type.
template <typename OpT>
PyValue createReshaping(PyBuilder &builder, const PyValue &source,
                        const PyType &resultType) {
  return builder.wrap(builder
                          .create<OpT>(getTileType(builder, resultType),
                                       getTile(builder, source, "source"))
                          .getResult());
}

/// sort32, topk: values and column indices.
template <typename OpT>
PyOperation createSortLike(PyBuilder &builder, const PyValue &source,
                           const PyType &valuesType,
                           const PyType &indicesType) {
  return builder.wrap(
      builder
          .create<OpT>(getTileType(builder, valuesType, "values_type"),
                       getTileType(builder, indicesType, "indices_type"),
                       getTile(builder, source, "source"))
          .getOperation());
}

//===----------------------------------------------------------------------===//
// Kernels, memory and the other operations
//===----------------------------------------------------------------------===//

PyOperation createKernel(PyBuilder &builder, const std::string &name,
                         const std::vector<PyType> &argumentTypes) {
  auto type =
      FunctionType::get(builder.getContext(), builder.types(argumentTypes), {});
  auto kernel = builder.create<tile::KernelOp>(name, type);
  // The body is the caller's to fill and to end with tile.return.
  kernel.getBody().front().getTerminator()->erase();
  return builder.wrap(kernel.getOperation());
}

PyValue createLoad(PyBuilder &builder, const PyValue &view,
                   const PyType &resultType,
                   const std::optional<PyValue> &validRows,
                   const std::optional<PyValue> &validCols) {
  Value source = builder.valueOf<tile::ViewType>(
      view, "a kernel view (!tile.view)", "view");
  Type result = getTileType(builder, resultType);
  auto [rows, cols] = getValidRegion(builder, validRows, validCols);
  return builder.wrap(
      builder.create<tile::LoadOp>(result, source, rows, cols).getResult());
}

PyOperation createStore(PyBuilder &builder, const PyValue &tile,
                        const PyValue &view,
                        const std::optional<PyValue> &validRows,
                        const std::optional<PyValue> &validCols) {
  Value value = getTile(builder, tile, "tile");
  Value target = builder.valueOf<tile::ViewType>(
      view, "a kernel view (!tile.view)", "view");
  auto [rows, cols] = getValidRegion(builder, validRows, validCols);
  return builder.wrap(
      builder.create<tile::StoreOp>(value, target, rows, cols).getOperation());
}

PyValue createMatmul(PyBuilder &builder, const PyValue &lhs, const PyValue &rhs,
                     const PyType &resultType,
                     const std::optional<PyValue> &acc) {
  Type result = getTileType(builder, resultType);
  Value a = getTile(builder, lhs, "lhs"), b = getTile(builder, rhs, "rhs");
  Value accumulator = acc ? getTile(builder, *acc, "acc") : Value();
  return builder.wrap(
      builder.create<tile::MatmulOp>(result, a, b, accumulator).getResult());
}

PyValue createCast(PyBuilder &builder, const PyValue &source,
                   const PyType &resultType, const std::string &round) {
  tile::RoundMode mode =
      parseEnum(&tile::symbolizeRoundMode, round, "rounding mode");
  return builder.wrap(
      builder
          .create<tile::CastOp>(getTileType(builder, resultType),
                                getTile(builder, source, "source"), mode)
          .getResult());
}

PyValue createFill(PyBuilder &builder, const PyValue &scalar,
                   const PyType &resultType) {
  return builder.wrap(
      builder
          .create<tile::FillOp>(getTileType(builder, resultType),
                                getScalar(builder, scalar, "scalar"))
          .getResult());
}

/// A splat of a Python int or float, typed by the tile's element type.
PyValue createConstant(PyBuilder &builder, const py::object &value,
                       const PyType &resultType) {
  auto result = cast<tile::TileType>(getTileType(builder, resultType));
  Type element = result.getElementType();
  bool isNumber =
      py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value);
  TypedAttr attribute;
  if (isa<FloatType>(element) && isNumber)
    attribute =
        builder.getBuilder().getFloatAttr(element, value.cast<double>());
  else if (isa<IntegerType>(element) && py::isinstance<py::int_>(value))
    attribute = getCheckedIntegerAttr(element, value.cast<int64_t>());
  else
    throw ValueFailure(
        "'value' must be a Python " +
        std::string(isa<FloatType>(element) ? "float or int" : "int") +
        " for a tile of " + printType(element));
  return builder.wrap(
      builder.create<tile::ConstantOp>(result, attribute).getResult());
}

PyValue createCmp(PyBuilder &builder, const std::string &predicate,
                  const PyValue &lhs, const PyValue &rhs,
                  const PyType &resultType) {
  tile::CmpPredicate kind =
      parseEnum(&tile::symbolizeCmpPredicate, predicate, "tile predicate");
  return builder.wrap(builder
                          .create<tile::CmpOp>(getTileType(builder, resultType),
                                               kind,
                                               getTile(builder, lhs, "lhs"),
                                               getTile(builder, rhs, "rhs"))
                          .getResult());
}

PyValue createCmpS(PyBuilder &builder, const std::string &predicate,
                   const PyValue &tile, const PyValue &scalar,
                   const PyType &resultType) {
  tile::CmpPredicate kind =
      parseEnum(&tile::symbolizeCmpPredicate, predicate, "tile predicate");
  return builder.wrap(
      builder
          .create<tile::CmpSOp>(getTileType(builder, resultType), kind,
                                getTile(builder, tile, "tile"),
                                getScalar(builder, scalar, "scalar"))
          .getResult());
}

PyValue createSelect(PyBuilder &builder, const PyValue &mask,
                     const PyValue &trueValue, const PyValue &falseValue,
                     const PyType &resultType) {
  return builder.wrap(
      builder
          .create<tile::SelectOp>(getTileType(builder, resultType),
                                  getTile(builder, mask, "mask"),
                                  getTile(builder, trueValue, "true_value"),
                                  getTile(builder, falseValue, "false_value"))
          .getResult());
}

PyValue createIota(PyBuilder &builder, int64_t start,
                   const PyType &resultType) {
  return builder.wrap(
      builder
          .create<tile::IotaOp>(getTileType(builder, resultType),
                                builder.getBuilder().getI64IntegerAttr(start))
          .getResult());
}

} // namespace

void populateTileOps(py::module_ &m) {
  BuilderClass builder = getBuilderClass(m);
  auto lhs = py::arg("lhs"), rhs = py::arg("rhs"),
       resultType = py::arg("result_type"), source = py::arg("source");
  auto tile = py::arg("tile"), scalar = py::arg("scalar");

  builder
      .def("create_kernel", &createKernel, py::arg("name"),
           py::arg("argument_types"),
           "A tile.kernel whose entry block has arguments of the given types "
           "and no terminator (end it with create_tile_return()).")
      .def("create_tile_return",
           [](PyBuilder &self) {
             return self.wrap(self.create<tile::ReturnOp>().getOperation());
           })
      .def("create_load", &createLoad, py::arg("view"), resultType,
           py::arg("valid_rows") = py::none(),
           py::arg("valid_cols") = py::none())
      .def("create_store", &createStore, tile, py::arg("view"),
           py::arg("valid_rows") = py::none(),
           py::arg("valid_cols") = py::none())
      .def("create_move", &createUnary<tile::MoveOp>, source)
      // Elementwise binary operations (with row/column broadcasting).
      .def("create_add", &createBinary<tile::AddOp>, lhs, rhs, resultType)
      .def("create_sub", &createBinary<tile::SubOp>, lhs, rhs, resultType)
      .def("create_mul", &createBinary<tile::MulOp>, lhs, rhs, resultType)
      .def("create_div", &createBinary<tile::DivOp>, lhs, rhs, resultType)
      .def("create_max", &createBinary<tile::MaxOp>, lhs, rhs, resultType)
      .def("create_min", &createBinary<tile::MinOp>, lhs, rhs, resultType)
      .def("create_broadcast", &createReshaping<tile::BroadcastOp>, source,
           resultType)
      // Tile-scalar operations.
      .def("create_adds", &createTileScalar<tile::AddSOp>, tile, scalar,
           resultType)
      .def("create_subs", &createTileScalar<tile::SubSOp>, tile, scalar,
           resultType)
      .def("create_muls", &createTileScalar<tile::MulSOp>, tile, scalar,
           resultType)
      .def("create_divs", &createTileScalar<tile::DivSOp>, tile, scalar,
           resultType)
      .def("create_maxs", &createTileScalar<tile::MaxSOp>, tile, scalar,
           resultType)
      .def("create_mins", &createTileScalar<tile::MinSOp>, tile, scalar,
           resultType)
      // Unary operations.
      .def("create_exp", &createUnary<tile::ExpOp>, source)
      .def("create_log", &createUnary<tile::LogOp>, source)
      .def("create_sqrt", &createUnary<tile::SqrtOp>, source)
      .def("create_rsqrt", &createUnary<tile::RsqrtOp>, source)
      .def("create_recip", &createUnary<tile::RecipOp>, source)
      .def("create_abs", &createUnary<tile::AbsOp>, source)
      .def("create_neg", &createUnary<tile::NegOp>, source)
      .def("create_relu", &createUnary<tile::ReluOp>, source)
      // Reductions.
      .def("create_rowsum", &createReshaping<tile::RowSumOp>, source,
           resultType)
      .def("create_rowmax", &createReshaping<tile::RowMaxOp>, source,
           resultType)
      .def("create_rowmin", &createReshaping<tile::RowMinOp>, source,
           resultType)
      .def("create_rowmean", &createReshaping<tile::RowMeanOp>, source,
           resultType)
      .def("create_colsum", &createReshaping<tile::ColSumOp>, source,
           resultType)
      .def("create_colmax", &createReshaping<tile::ColMaxOp>, source,
           resultType)
      .def("create_colmin", &createReshaping<tile::ColMinOp>, source,
           resultType)
      // Matmul, conversion, fill, compare/select, transpose.
      .def("create_matmul", &createMatmul, lhs, rhs, resultType,
           py::arg("acc") = py::none())
      .def("create_cast", &createCast, source, resultType,
           py::arg("round") = "rint")
      .def("create_fill", &createFill, scalar, resultType)
      .def("create_tile_constant", &createConstant, py::arg("value"),
           resultType)
      .def("create_cmp", &createCmp, py::arg("predicate"), lhs, rhs, resultType)
      .def("create_cmps", &createCmpS, py::arg("predicate"), tile, scalar,
           resultType)
      .def("create_tile_select", &createSelect, py::arg("mask"),
           py::arg("true_value"), py::arg("false_value"), resultType)
      .def("create_transpose", &createReshaping<tile::TransposeOp>, source,
           resultType)
      // Routing helpers.
      .def("create_iota", &createIota, py::arg("start"), resultType)
      .def("create_sort32", &createSortLike<tile::Sort32Op>, source,
           py::arg("values_type"), py::arg("indices_type"))
      .def("create_topk", &createSortLike<tile::TopKOp>, source,
           py::arg("values_type"), py::arg("indices_type"));
}

} // namespace ptowsp::python
