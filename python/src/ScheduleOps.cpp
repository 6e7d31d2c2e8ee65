//===- ScheduleOps.cpp - Builder methods for schedule operations ----------===//
//
// The schedule symbol, one method per knob (policies spelled as in the
// dialect's syntax) and the operations of key regions.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h"

namespace py = pybind11;
using namespace mlir;
using namespace ptowsp::schedule;

namespace ptowsp::python {
namespace {

/// An optional I64 attribute from an optional Python int.
IntegerAttr getOptionalI64(PyBuilder &builder,
                           const std::optional<int64_t> &value) {
  return value ? builder.getBuilder().getI64IntegerAttr(*value) : IntegerAttr();
}

/// Gives a keyed knob its key region: one block whose argument is the task.
void addKeyBlock(PyBuilder &builder, Operation *knob) {
  Type task = TaskType::get(builder.getContext());
  addBlock(knob, 0, ArrayRef<Type>(task));
}

Value getTask(PyBuilder &builder, const PyValue &task) {
  return builder.valueOf<TaskType>(task, "the task (!schedule.task)", "task");
}

PyOperation createSchedule(PyBuilder &builder, const std::string &name,
                           const std::string &workloadName) {
  auto schedule = builder.create<ScheduleOp>(name, workloadName);
  schedule.getBody().emplaceBlock();
  return builder.wrap(schedule.getOperation());
}

PyOperation createDispatch(PyBuilder &builder, const std::string &policy,
                           const std::optional<int64_t> &count, bool withKey) {
  DispatchPolicy value =
      parseEnum(&symbolizeDispatchPolicy, policy, "dispatch policy");
  auto dispatch =
      builder.create<DispatchOp>(value, getOptionalI64(builder, count));
  if (withKey)
    addKeyBlock(builder, dispatch);
  return builder.wrap(dispatch.getOperation());
}

PyOperation createReady(PyBuilder &builder, const std::string &policy,
                        bool withKey) {
  auto ready = builder.create<ReadyOp>(
      parseEnum(&symbolizeReadyPolicy, policy, "ready policy"));
  if (withKey)
    addKeyBlock(builder, ready);
  return builder.wrap(ready.getOperation());
}

PyOperation createStreamBy(PyBuilder &builder) {
  auto streamBy = builder.create<StreamByOp>();
  addKeyBlock(builder, streamBy);
  return builder.wrap(streamBy.getOperation());
}

PyOperation createTaskWindow(PyBuilder &builder, int64_t size,
                             const std::string &mode) {
  WindowMode value = parseEnum(&symbolizeWindowMode, mode, "window mode");
  return builder.wrap(builder
                          .create<TaskWindowOp>(
                              builder.getBuilder().getI64IntegerAttr(size),
                              WindowModeAttr::get(builder.getContext(), value))
                          .getOperation());
}

PyOperation createStart(PyBuilder &builder, const std::string &policy,
                        const std::optional<int64_t> &threshold) {
  StartPolicy value = parseEnum(&symbolizeStartPolicy, policy, "start policy");
  return builder.wrap(
      builder.create<StartOp>(value, getOptionalI64(builder, threshold))
          .getOperation());
}

PyOperation createTiming(PyBuilder &builder, const std::string &policy,
                         const std::optional<int64_t> &batch) {
  TimingPolicy value =
      parseEnum(&symbolizeTimingPolicy, policy, "timing policy");
  return builder.wrap(
      builder.create<TimingOp>(value, getOptionalI64(builder, batch))
          .getOperation());
}

/// deps, pools, trace: a knob that is only a policy.
template <typename OpT, typename EnumT>
auto createPolicyKnob(std::optional<EnumT> (*symbolize)(llvm::StringRef),
                      const char *what) {
  return [symbolize, what](PyBuilder &builder, const std::string &policy) {
    return builder.wrap(
        builder.create<OpT>(parseEnum(symbolize, policy, what)).getOperation());
  };
}

PyValue createTaskParam(PyBuilder &builder, const PyValue &task, int64_t index,
                        const PyType &type) {
  Type result = builder.typeOf<IntegerType, IndexType>(
      type, "an integer or index type", "type");
  return builder.wrap(
      builder
          .create<TaskParamOp>(result, getTask(builder, task),
                               builder.getBuilder().getI64IntegerAttr(index))
          .getResult());
}

} // namespace

void populateScheduleOps(py::module_ &m) {
  BuilderClass builder = getBuilderClass(m);
  auto policy = py::arg("policy");
  builder
      .def("create_schedule", &createSchedule, py::arg("name"),
           py::arg("workload_name"),
           "A schedule.schedule for the named workload, with one empty block "
           "for its knobs.")
      // Knobs.
      .def("create_dispatch", &createDispatch, policy,
           py::arg("count") = py::none(), py::arg("with_key") = false)
      .def("create_ready", &createReady, policy, py::arg("with_key") = false)
      .def("create_stream_by", &createStreamBy)
      .def("create_task_window", &createTaskWindow, py::arg("size"),
           py::arg("mode") = "stall")
      .def("create_deps",
           createPolicyKnob<DepsOp>(&symbolizeDepsMode, "dependency mode"),
           py::arg("mode"))
      .def("create_pools",
           createPolicyKnob<PoolsOp>(&symbolizePoolPolicy, "pool policy"),
           policy)
      .def("create_start", &createStart, policy,
           py::arg("threshold") = py::none())
      .def(
          "create_streams",
          [](PyBuilder &self, int64_t count) {
            return self.wrap(self.create<StreamsOp>(
                                     self.getBuilder().getI64IntegerAttr(count))
                                 .getOperation());
          },
          py::arg("count"))
      .def("create_timing", &createTiming, policy,
           py::arg("batch") = py::none())
      .def("create_trace",
           createPolicyKnob<TraceOp>(&symbolizeTracePolicy, "trace policy"),
           policy)
      // Key regions.
      .def(
          "create_task_axis",
          [](PyBuilder &self, const PyValue &task, const std::string &name) {
            return self.wrap(
                self.create<TaskAxisOp>(IndexType::get(self.getContext()),
                                        getTask(self, task), name)
                    .getResult());
          },
          py::arg("task"), py::arg("name"))
      .def("create_task_param", &createTaskParam, py::arg("task"),
           py::arg("index"), py::arg("type"))
      .def(
          "create_schedule_yield",
          [](PyBuilder &self, const PyValue &key) {
            Value value = self.valueOf<IntegerType, IndexType>(
                key, "an integer or index", "key");
            return self.wrap(self.create<YieldOp>(value).getOperation());
          },
          py::arg("key"));
}

} // namespace ptowsp::python
