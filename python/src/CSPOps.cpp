//===- CSPOps.cpp - Builder methods for csp operations --------------------===//
//
// Pipelines, channels, processes, send and consume. Process and consume
// bodies are created with their arguments and terminator in place.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"

namespace py = pybind11;
using namespace mlir;
using namespace ptowsp::csp;

namespace ptowsp::python {
namespace {

Value getChannel(PyBuilder &builder, const PyValue &channel,
                 const char *argument = "channel") {
  return builder.valueOf<ChannelType>(channel, "a channel (!csp.channel)",
                                      argument);
}

std::vector<Value> getChannels(PyBuilder &builder,
                               const std::vector<PyValue> &handles,
                               const char *argument) {
  std::vector<Value> channels;
  for (const PyValue &handle : handles)
    channels.push_back(getChannel(builder, handle, argument));
  return channels;
}

/// Gives `op` its body: one block with arguments of `types`, ended by
/// csp.yield.
void addBody(Operation *op, TypeRange types) {
  Block *body = addBlock(op, 0, types);
  OpBuilder atEnd = OpBuilder::atBlockEnd(body);
  YieldOp::create(atEnd, op->getLoc());
}

PyOperation createPipeline(PyBuilder &builder) {
  auto pipeline = builder.create<PipelineOp>();
  pipeline.getBody().emplaceBlock();
  return builder.wrap(pipeline.getOperation());
}

PyValue createChannel(PyBuilder &builder, const std::string &name,
                      int64_t capacity,
                      const std::vector<PyType> &payloadTypes) {
  std::vector<Type> payload = builder.types(payloadTypes);
  auto type = getVerifiedType<ChannelType>(builder.getContext(),
                                           ArrayRef<Type>(payload));
  return builder.wrap(
      builder
          .create<ChannelOp>(type, builder.getBuilder().getStringAttr(name),
                             builder.getBuilder().getI64IntegerAttr(capacity))
          .getResult());
}

PyOperation createProcess(PyBuilder &builder, const std::string &name,
                          const std::vector<PyValue> &consumes,
                          const std::vector<PyValue> &produces,
                          int64_t replicas) {
  std::vector<Value> inputs = getChannels(builder, consumes, "consumes");
  std::vector<Value> outputs = getChannels(builder, produces, "produces");
  auto process = builder.create<ProcessOp>(
      builder.getBuilder().getStringAttr(name), inputs, outputs,
      builder.getBuilder().getI64IntegerAttr(replicas));
  Type instance = IndexType::get(builder.getContext());
  addBody(process, ArrayRef<Type>(instance));
  return builder.wrap(process.getOperation());
}

PyOperation createSend(PyBuilder &builder, const PyValue &channel,
                       const std::vector<PyValue> &payload) {
  Value target = getChannel(builder, channel);
  return builder.wrap(
      builder.create<SendOp>(target, builder.values(payload)).getOperation());
}

PyOperation createConsume(PyBuilder &builder, const PyValue &channel) {
  Value source = getChannel(builder, channel);
  auto consume = builder.create<ConsumeOp>(source);
  addBody(consume, cast<ChannelType>(source.getType()).getPayloadTypes());
  return builder.wrap(consume.getOperation());
}

} // namespace

void populateCSPOps(py::module_ &m) {
  BuilderClass builder = getBuilderClass(m);
  builder
      .def("create_pipeline", &createPipeline,
           "A csp.pipeline with one empty block for its channels and "
           "processes.")
      .def("create_channel", &createChannel, py::arg("name"),
           py::arg("capacity") = 1,
           py::arg("payload_types") = std::vector<PyType>())
      .def("create_process", &createProcess, py::arg("name"),
           py::arg("consumes") = std::vector<PyValue>(),
           py::arg("produces") = std::vector<PyValue>(),
           py::arg("replicas") = 1,
           "A csp.process whose block has the instance number as argument "
           "and its terminator in place.")
      .def("create_send", &createSend, py::arg("channel"),
           py::arg("payload") = std::vector<PyValue>())
      .def("create_consume", &createConsume, py::arg("channel"),
           "A csp.consume whose block has the payload as arguments and its "
           "terminator in place.");
}

} // namespace ptowsp::python
