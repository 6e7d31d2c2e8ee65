//===- WorkloadOps.cpp - Builder methods for workload operations ----------===//
//
// Workloads, axes, loops, branches, views, tasks and run-time scalars.
// Loops and branches are created with their bodies and terminators in
// place; a workload's body is ended by finish_workload.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

namespace py = pybind11;
using namespace mlir;

namespace ptowsp::python {
namespace {

Value getAxis(PyBuilder &builder, const PyValue &axis) {
  return builder.valueOf<workload::AxisType>(axis, "an axis (!workload.axis)",
                                             "axis");
}

Value getTensor(PyBuilder &builder, const PyValue &tensor,
                const char *argument) {
  return builder.valueOf<MemRefType>(tensor, "a tensor (memref)", argument);
}

std::vector<Value> getIndices(PyBuilder &builder,
                              const std::vector<PyValue> &handles,
                              const char *argument) {
  std::vector<Value> indices = builder.values(handles);
  for (Value index : indices)
    if (!index.getType().isIndex())
      PyBuilder::raiseWrongKind(argument, "a list of index values",
                                index.getType());
  return indices;
}

PyOperation createWorkload(PyBuilder &builder, const std::string &name,
                           const std::vector<PyType> &argumentTypes) {
  auto type =
      FunctionType::get(builder.getContext(), builder.types(argumentTypes), {});
  auto workload = builder.create<workload::WorkloadOp>(name, type);
  // finish_workload adds the terminator once the body is complete.
  workload.getBody().front().getTerminator()->erase();
  return builder.wrap(workload.getOperation());
}

void finishWorkload(PyBuilder &builder, const PyOperation &handle) {
  auto workload = dyn_cast<workload::WorkloadOp>(builder.operation(handle));
  if (!workload)
    throw ValueFailure("'op' must be a workload.workload");
  Block &body = workload.getBody().front();
  // Arguments added to the entry block while tracing join the signature.
  workload.setFunctionType(
      FunctionType::get(builder.getContext(), body.getArgumentTypes(),
                        workload.getFunctionType().getResults()));
  if (!body.empty() && isa<workload::YieldOp>(body.back()))
    return;
  OpBuilder atEnd = OpBuilder::atBlockEnd(&body);
  workload::YieldOp::create(atEnd, workload.getLoc());
}

/// parallel_for, for_each, select: the body holds the loop variable and the
/// terminator.
template <typename OpT>
PyOperation createLoop(PyBuilder &builder, const PyValue &axis,
                       const std::string &name) {
  return builder.wrap(
      builder.create<OpT>(getAxis(builder, axis), name, /*bodyBuilder=*/nullptr)
          .getOperation());
}

PyOperation createIf(PyBuilder &builder, const PyValue &condition,
                     bool withElse) {
  Value predicate = builder.value(condition);
  if (!predicate.getType().isInteger(1))
    PyBuilder::raiseWrongKind("condition", "an i1", predicate.getType());
  return builder.wrap(
      builder.create<workload::IfOp>(predicate, withElse).getOperation());
}

PyValue createRagged(PyBuilder &builder, const PyValue &lengths,
                     const std::vector<PyValue> &indices) {
  Value tensor = getTensor(builder, lengths, "lengths");
  return builder.wrap(builder
                          .create<workload::RaggedOp>(
                              tensor, getIndices(builder, indices, "indices"))
                          .getResult());
}

PyValue createSparse(PyBuilder &builder, const PyValue &indptr,
                     const PyValue &indices, const PyValue &row) {
  return builder.wrap(
      builder
          .create<workload::SparseOp>(
              getTensor(builder, indptr, "indptr"),
              getTensor(builder, indices, "indices"),
              builder.valueOf<IndexType>(row, "an index", "row"))
          .getResult());
}

PyValue createView(PyBuilder &builder, const PyValue &tensor,
                   const std::vector<PyValue> &offsets,
                   const std::vector<int64_t> &sizes,
                   const PyType &resultType) {
  Type result = builder.typeOf<workload::ViewType>(
      resultType, "a view type (!workload.view)", "result_type");
  Value source = getTensor(builder, tensor, "tensor");
  return builder.wrap(builder
                          .create<workload::ViewOp>(
                              result, source,
                              getIndices(builder, offsets, "offsets"),
                              builder.getBuilder().getDenseI64ArrayAttr(sizes))
                          .getResult());
}

PyOperation createTask(PyBuilder &builder, const std::string &kernel,
                       const std::vector<PyValue> &handles) {
  std::vector<Value> args = builder.values(handles);
  for (Value arg : args)
    if (!isa<workload::ViewType>(arg.getType()) && !isScalarType(arg.getType()))
      PyBuilder::raiseWrongKind("args", "a list of views and scalars",
                                arg.getType());
  return builder.wrap(
      builder.create<workload::TaskOp>(kernel, args).getOperation());
}

PyValue createSymbol(PyBuilder &builder, const std::string &name,
                     const PyType &type) {
  Type result = builder.typeOf<FloatType, IntegerType, IndexType>(
      type, "a scalar type", "type");
  return builder.wrap(
      builder.create<workload::RuntimeSymbolOp>(result, name).getResult());
}

PyValue createSlotLoad(PyBuilder &builder, const PyValue &tensor,
                       const std::vector<PyValue> &indices,
                       const PyType &resultType) {
  Type result = builder.typeOf<FloatType, IntegerType, IndexType>(
      resultType, "a scalar type", "result_type");
  Value source = getTensor(builder, tensor, "tensor");
  return builder.wrap(
      builder
          .create<workload::SlotLoadOp>(result, source,
                                        getIndices(builder, indices, "indices"))
          .getResult());
}

} // namespace

void populateWorkloadOps(py::module_ &m) {
  BuilderClass builder = getBuilderClass(m);
  auto axis = py::arg("axis"), name = py::arg("name");
  builder
      .def("create_workload", &createWorkload, name, py::arg("argument_types"),
           "A workload.workload whose entry block has arguments of the given "
           "types; finish_workload(op) ends its body.")
      .def("finish_workload", &finishWorkload, py::arg("op"),
           "Add the workload's terminator (once) and make its signature the "
           "entry block's argument types.")
      // Axes.
      .def(
          "create_dense",
          [](PyBuilder &self, int64_t size) {
            return self.wrap(self.create<workload::DenseOp>(size).getResult());
          },
          py::arg("size"))
      .def(
          "create_dense_dyn",
          [](PyBuilder &self, const PyValue &size) {
            Value extent = self.valueOf<IndexType>(size, "an index", "size");
            return self.wrap(
                self.create<workload::DenseDynOp>(extent).getResult());
          },
          py::arg("size"))
      .def("create_ragged", &createRagged, py::arg("lengths"),
           py::arg("indices"))
      .def("create_sparse", &createSparse, py::arg("indptr"),
           py::arg("indices"), py::arg("row"))
      // Loops and branches.
      .def("create_parallel_for", &createLoop<workload::ParallelForOp>, axis,
           name)
      .def("create_for_each", &createLoop<workload::ForEachOp>, axis, name)
      .def("create_select_loop", &createLoop<workload::SelectOp>, axis, name)
      .def("create_if", &createIf, py::arg("condition"),
           py::arg("with_else") = false)
      // Views, tasks and run-time scalars.
      .def("create_view", &createView, py::arg("tensor"), py::arg("offsets"),
           py::arg("sizes"), py::arg("result_type"))
      .def("create_task", &createTask, py::arg("kernel_name"), py::arg("args"))
      .def("create_symbol", &createSymbol, name, py::arg("type"))
      .def("create_slot_load", &createSlotLoad, py::arg("tensor"),
           py::arg("indices"), py::arg("result_type"));
}

} // namespace ptowsp::python
