//===- CSPOps.cpp - csp dialect operations --------------------------------===//
//
// The consume syntax and the verifiers of pipelines, channels, processes and
// channel operations: who may send and consume what.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace ptowsp::csp;

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/CSP/IR/CSPOps.cpp.inc"

/// The channel's name for diagnostics (channels are always declared by
/// csp.channel in a verified pipeline; the fallback covers invalid IR).
static StringRef getChannelName(Value channel) {
  if (auto declaration = channel.getDefiningOp<ChannelOp>())
    return declaration.getName();
  return "<unknown>";
}

/// Emits `message` on `op`, with a note on the first definition of a name.
static LogicalResult emitDuplicateName(Operation *op, Operation *first,
                                       const Twine &message) {
  InFlightDiagnostic diag = op->emitOpError(message);
  diag.attachNote(first->getLoc()) << "first declared here";
  return diag;
}

//===----------------------------------------------------------------------===//
// PipelineOp
//===----------------------------------------------------------------------===//

LogicalResult PipelineOp::verifyRegions() {
  llvm::StringMap<Operation *> channelNames, processNames;
  llvm::DenseSet<Value> produced, consumed;
  SmallVector<ChannelOp> channels;
  for (Operation &op : getBody().front()) {
    if (auto channel = dyn_cast<ChannelOp>(op)) {
      auto [it, inserted] = channelNames.try_emplace(channel.getName(), &op);
      if (!inserted)
        return emitDuplicateName(&op, it->second,
                                 "channel name '" + channel.getName() +
                                     "' is already used in this pipeline");
      channels.push_back(channel);
      continue;
    }
    if (auto process = dyn_cast<ProcessOp>(op)) {
      auto [it, inserted] = processNames.try_emplace(process.getName(), &op);
      if (!inserted)
        return emitDuplicateName(&op, it->second,
                                 "process name '" + process.getName() +
                                     "' is already used in this pipeline");
      produced.insert(process.getProduces().begin(),
                      process.getProduces().end());
      consumed.insert(process.getConsumes().begin(),
                      process.getConsumes().end());
      continue;
    }
    return op.emitOpError("is not allowed in a pipeline, which holds only "
                          "'csp.channel' and 'csp.process' operations");
  }
  // A channel nobody produces never closes, so its consumers never finish; a
  // channel nobody consumes fills up and blocks its producers.
  for (ChannelOp channel : channels) {
    if (!produced.contains(channel.getChannel()))
      return channel.emitOpError("channel '")
             << channel.getName()
             << "' is never produced: no process lists it in 'produces'";
    if (!consumed.contains(channel.getChannel()))
      return channel.emitOpError("channel '")
             << channel.getName()
             << "' is never consumed: no process lists it in 'consumes'";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ChannelOp
//===----------------------------------------------------------------------===//

/// Prints the channel value with the channel's name where it is a valid one.
void ChannelOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getChannel(), getName());
}

LogicalResult ChannelOp::verify() {
  if (getName().empty())
    return emitOpError("channel name must not be empty");
  // I64Attr getters are unsigned; the attributes hold signed values.
  int64_t capacity = getCapacityAttr().getInt();
  if (capacity < 0)
    return emitOpError("capacity must be non-negative (0 is a rendezvous), "
                       "got ")
           << capacity;
  return success();
}

//===----------------------------------------------------------------------===//
// ProcessOp
//===----------------------------------------------------------------------===//

void ProcessOp::getAsmBlockArgumentNames(Region &region,
                                         OpAsmSetValueNameFn setNameFn) {
  if (!region.empty() && region.getNumArguments() == 1)
    setNameFn(region.getArgument(0), "instance");
}

LogicalResult ProcessOp::verify() {
  if (getName().empty())
    return emitOpError("process name must not be empty");
  int64_t replicas = getReplicasAttr().getInt();
  if (replicas < 1)
    return emitOpError("replicas must be at least 1, got ") << replicas;
  Block &body = getBody().front();
  if (body.getNumArguments() != 1 || !body.getArgument(0).getType().isIndex())
    return emitOpError("body must have exactly one 'index' argument (the "
                       "instance number)");
  // Channels connect processes of one pipeline; their lifetime is the
  // pipeline's.
  llvm::DenseSet<Value> listed;
  for (Value channel : getOperands()) {
    auto declaration = channel.getDefiningOp<ChannelOp>();
    if (!declaration || declaration->getParentOp() != (*this)->getParentOp())
      return emitOpError("may only list channels declared in its own "
                         "pipeline");
    if (!listed.insert(channel).second)
      return emitOpError("lists channel '")
             << declaration.getName() << "' more than once";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// SendOp and ConsumeOp
//===----------------------------------------------------------------------===//

/// The process enclosing a channel operation must declare how it uses the
/// channel, so that close reference counting knows its producers.
static LogicalResult verifyDeclaredUse(Operation *op, Value channel,
                                       bool produces) {
  auto process = op->getParentOfType<ProcessOp>();
  if (!process)
    return op->emitOpError("must be nested in a 'csp.process'");
  OperandRange listed =
      produces ? process.getProduces() : process.getConsumes();
  if (!llvm::is_contained(listed, channel))
    return op->emitOpError("uses channel '")
           << getChannelName(channel) << "', which process '"
           << process.getName() << "' does not list in '"
           << (produces ? "produces" : "consumes") << "'";
  return success();
}

LogicalResult SendOp::verify() {
  return verifyDeclaredUse(*this, getChannel(), /*produces=*/true);
}

LogicalResult ConsumeOp::verify() {
  auto type = cast<ChannelType>(getChannel().getType());
  if (getBody().front().getArgumentTypes() != type.getPayloadTypes())
    return emitOpError("body arguments must match the channel's payload "
                       "types ")
           << type;
  return verifyDeclaredUse(*this, getChannel(), /*produces=*/false);
}

/// `%channel (-> (%a, %b))? : !csp.channel<...> attr-dict-with-keyword {...}`
ParseResult ConsumeOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::UnresolvedOperand channel;
  SmallVector<OpAsmParser::Argument> payload;
  ChannelType type;
  if (parser.parseOperand(channel))
    return failure();
  SMLoc payloadLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalArrow()) &&
      parser.parseArgumentList(payload, OpAsmParser::Delimiter::Paren))
    return failure();
  if (parser.parseColon() || parser.parseType(type) ||
      parser.resolveOperand(channel, type, result.operands))
    return failure();
  if (payload.size() != type.getPayloadTypes().size())
    return parser.emitError(payloadLoc, "expected ")
           << type.getPayloadTypes().size() << " payload values for " << type
           << ", got " << payload.size();
  for (auto [argument, payloadType] :
       llvm::zip_equal(payload, type.getPayloadTypes()))
    argument.type = payloadType;
  Region *body = result.addRegion();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes) ||
      parser.parseRegion(*body, payload))
    return failure();
  ConsumeOp::ensureTerminator(*body, parser.getBuilder(), result.location);
  return success();
}

void ConsumeOp::print(OpAsmPrinter &printer) {
  printer << " " << getChannel();
  Block &body = getBody().front();
  if (body.getNumArguments() != 0) {
    printer << " -> (";
    llvm::interleaveComma(body.getArguments(), printer);
    printer << ")";
  }
  printer << " : " << getChannel().getType();
  printer.printOptionalAttrDictWithKeyword((*this)->getAttrs());
  printer << " ";
  printer.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                      /*printBlockTerminators=*/false);
}
