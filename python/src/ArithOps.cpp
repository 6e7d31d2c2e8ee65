//===- ArithOps.cpp - Builder methods for arith operations ----------------===//
//
// Index and scalar arithmetic, as workloads (offsets, sizes, predicates) and
// kernels (scalar operands) use it.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace py = pybind11;
using namespace mlir;

namespace ptowsp::python {
namespace {

bool isIntegerOrIndex(Type type) { return isa<IntegerType, IndexType>(type); }

/// Both operands of a binary arith operation: the same type, of the kind
/// `accepts` tells.
std::pair<Value, Value> getOperands(PyBuilder &builder, const PyValue &a,
                                    const PyValue &b, bool (*accepts)(Type),
                                    const char *what) {
  Value lhs = builder.value(a), rhs = builder.value(b);
  if (!accepts(lhs.getType()))
    PyBuilder::raiseWrongKind("a", what, lhs.getType());
  if (lhs.getType() != rhs.getType())
    PyBuilder::raiseWrongKind("b", "of the type of 'a'", rhs.getType());
  return {lhs, rhs};
}

template <typename OpT>
PyValue createIntegerBinary(PyBuilder &builder, const PyValue &a,
                            const PyValue &b) {
  auto [lhs, rhs] =
      getOperands(builder, a, b, isIntegerOrIndex, "an integer or index");
  return builder.wrap(builder.create<OpT>(lhs, rhs).getResult());
}

template <typename OpT>
PyValue createFloatBinary(PyBuilder &builder, const PyValue &a,
                          const PyValue &b) {
  auto [lhs, rhs] = getOperands(
      builder, a, b, [](Type type) { return isa<FloatType>(type); }, "a float");
  return builder.wrap(builder.create<OpT>(lhs, rhs).getResult());
}

PyValue createConstantInt(PyBuilder &builder, int64_t value,
                          const PyType &type) {
  Type resultType = builder.typeOf<IntegerType, IndexType>(
      type, "an integer or index type", "type");
  IntegerAttr attribute = getCheckedIntegerAttr(resultType, value);
  return builder.wrap(builder.create<arith::ConstantOp>(attribute).getResult());
}

PyValue createConstantFloat(PyBuilder &builder, double value,
                            const PyType &type) {
  auto resultType =
      cast<FloatType>(builder.typeOf<FloatType>(type, "a float type", "type"));
  auto attribute = builder.getBuilder().getFloatAttr(resultType, value);
  return builder.wrap(builder.create<arith::ConstantOp>(attribute).getResult());
}

PyValue createCmpI(PyBuilder &builder, const std::string &predicate,
                   const PyValue &a, const PyValue &b) {
  arith::CmpIPredicate kind =
      parseEnum(&arith::symbolizeCmpIPredicate, predicate, "integer predicate");
  auto [lhs, rhs] =
      getOperands(builder, a, b, isIntegerOrIndex, "an integer or index");
  return builder.wrap(
      builder.create<arith::CmpIOp>(kind, lhs, rhs).getResult());
}

PyValue createCmpF(PyBuilder &builder, const std::string &predicate,
                   const PyValue &a, const PyValue &b) {
  arith::CmpFPredicate kind =
      parseEnum(&arith::symbolizeCmpFPredicate, predicate, "float predicate");
  auto [lhs, rhs] = getOperands(
      builder, a, b, [](Type type) { return isa<FloatType>(type); }, "a float");
  return builder.wrap(
      builder.create<arith::CmpFOp>(kind, lhs, rhs).getResult());
}

PyValue createIndexCast(PyBuilder &builder, const PyValue &source,
                        const PyType &type) {
  Value input = builder.valueOf<IntegerType, IndexType>(
      source, "an integer or index", "v");
  Type resultType = builder.typeOf<IntegerType, IndexType>(
      type, "an integer or index type", "type");
  if (!input.getType().isIndex() && !resultType.isIndex())
    throw ValueFailure("index_cast converts between index and integers: "
                          "'v' or 'type' must be index");
  return builder.wrap(
      builder.create<arith::IndexCastOp>(resultType, input).getResult());
}

PyValue createSIToFP(PyBuilder &builder, const PyValue &source,
                     const PyType &type) {
  Value input = builder.valueOf<IntegerType>(source, "an integer", "v");
  Type resultType = builder.typeOf<FloatType>(type, "a float type", "type");
  return builder.wrap(
      builder.create<arith::SIToFPOp>(resultType, input).getResult());
}

PyValue createSelect(PyBuilder &builder, const PyValue &condition,
                     const PyValue &a, const PyValue &b) {
  Value predicate = builder.value(condition);
  if (!predicate.getType().isInteger(1))
    PyBuilder::raiseWrongKind("cond", "an i1", predicate.getType());
  auto [trueValue, falseValue] = getOperands(
      builder, a, b, [](Type type) { return isScalarType(type); }, "a scalar");
  return builder.wrap(
      builder.create<arith::SelectOp>(predicate, trueValue, falseValue)
          .getResult());
}

} // namespace

void populateArithOps(py::module_ &m) {
  BuilderClass builder = getBuilderClass(m);
  auto a = py::arg("a"), b = py::arg("b");
  builder
      .def(
          "create_constant_index",
          [](PyBuilder &self, int64_t value) {
            return self.wrap(
                self.create<arith::ConstantIndexOp>(value).getResult());
          },
          py::arg("v"))
      .def("create_constant_int", &createConstantInt, py::arg("v"),
           py::arg("type"))
      .def("create_constant_float", &createConstantFloat, py::arg("v"),
           py::arg("type"))
      .def("create_addi", &createIntegerBinary<arith::AddIOp>, a, b)
      .def("create_subi", &createIntegerBinary<arith::SubIOp>, a, b)
      .def("create_muli", &createIntegerBinary<arith::MulIOp>, a, b)
      .def("create_divsi", &createIntegerBinary<arith::DivSIOp>, a, b)
      .def("create_floordivsi", &createIntegerBinary<arith::FloorDivSIOp>, a, b)
      .def("create_ceildivsi", &createIntegerBinary<arith::CeilDivSIOp>, a, b)
      .def("create_remsi", &createIntegerBinary<arith::RemSIOp>, a, b)
      .def("create_minsi", &createIntegerBinary<arith::MinSIOp>, a, b)
      .def("create_maxsi", &createIntegerBinary<arith::MaxSIOp>, a, b)
      .def("create_andi", &createIntegerBinary<arith::AndIOp>, a, b)
      .def("create_ori", &createIntegerBinary<arith::OrIOp>, a, b)
      .def("create_xori", &createIntegerBinary<arith::XOrIOp>, a, b)
      .def("create_addf", &createFloatBinary<arith::AddFOp>, a, b)
      .def("create_subf", &createFloatBinary<arith::SubFOp>, a, b)
      .def("create_mulf", &createFloatBinary<arith::MulFOp>, a, b)
      .def("create_divf", &createFloatBinary<arith::DivFOp>, a, b)
      .def("create_cmpi", &createCmpI, py::arg("predicate"), a, b)
      .def("create_cmpf", &createCmpF, py::arg("predicate"), a, b)
      .def("create_index_cast", &createIndexCast, py::arg("v"), py::arg("type"))
      .def("create_sitofp", &createSIToFP, py::arg("v"), py::arg("type"))
      .def("create_select", &createSelect, py::arg("cond"), a, b);
}

} // namespace ptowsp::python
