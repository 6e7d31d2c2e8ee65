//===- TaskGraphOps.cpp - taskgraph dialect operations --------------------===//
//
// Graph parsing/printing, the access-list syntax, and the verifiers: regions,
// submissions against their kernel and against the graph's schedule,
// run-time scalars, channels and processes.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Utils/FunctionLikeOps.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Utils/TensorWindow.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace ptowsp::taskgraph;
namespace tile = ptowsp::tile;

//===----------------------------------------------------------------------===//
// Access lists: `[read, write, readwrite]`
//===----------------------------------------------------------------------===//

static ParseResult parseAccessList(OpAsmParser &parser, ArrayAttr &access) {
  SmallVector<Attribute> modes;
  auto parseMode = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    StringRef keyword;
    if (parser.parseKeyword(&keyword))
      return failure();
    std::optional<AccessMode> mode = symbolizeAccessMode(keyword);
    if (!mode)
      return parser.emitError(loc, "expected access mode 'read', 'write' or "
                                   "'readwrite'");
    modes.push_back(AccessModeAttr::get(parser.getContext(), *mode));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, parseMode))
    return failure();
  access = parser.getBuilder().getArrayAttr(modes);
  return success();
}

static void printAccessList(OpAsmPrinter &printer, Operation *,
                            ArrayAttr access) {
  printer << "[";
  llvm::interleaveComma(access, printer, [&](Attribute mode) {
    printer << stringifyAccessMode(cast<AccessModeAttr>(mode).getValue());
  });
  printer << "]";
}

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphOps.cpp.inc"

//===----------------------------------------------------------------------===//
// GraphOp
//===----------------------------------------------------------------------===//

void GraphOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                   FunctionType type) {
  buildFunctionLike<GraphOp, YieldOp>(builder, state, name, type);
}

ParseResult GraphOp::parse(OpAsmParser &parser, OperationState &result) {
  return parseFunctionLike<GraphOp>(parser, result);
}

void GraphOp::print(OpAsmPrinter &printer) {
  printFunctionLike(*this, printer);
}

ConfigAttr GraphOp::getConfigOrDefault() {
  if (ConfigAttr config = getConfigAttr())
    return config;
  return ConfigAttr::get(
      getContext(), DispatchPolicy::RoundRobin,
      /*dispatch_count=*/0, /*window=*/8192, WindowMode::Stall, DepsMode::Exact,
      ReadyPolicy::Fifo, PoolPolicy::Single, StartPolicy::AfterOrchestration,
      /*start_threshold=*/0, /*streams=*/0, TimingPolicy::Immediate,
      /*timing_batch=*/0, TracePolicy::None);
}

/// Checks that a submission carries exactly the per-task values the graph's
/// schedule uses: a value the schedule ignores would be silently dropped, a
/// missing one would leave the policy undefined for the task.
static LogicalResult verifySubmitAgainstConfig(SubmitOp submit,
                                               ConfigAttr config) {
  auto check = [&](bool used, bool present, StringRef operand,
                   StringRef policy) -> LogicalResult {
    if (used && !present)
      return submit.emitOpError("needs '")
             << operand << "(...)': the graph's schedule uses " << policy;
    if (!used && present)
      return submit.emitOpError("has '")
             << operand << "(...)', which the graph's schedule does not use ("
             << policy << " is not set)";
    return success();
  };
  std::string dispatch =
      (Twine("dispatch ") + stringifyDispatchPolicy(config.getDispatch()))
          .str();
  if (failed(check(config.usesDispatchKey(), bool(submit.getKey()), "key",
                   config.usesDispatchKey() ? StringRef(dispatch)
                                            : "a keyed dispatch")) ||
      failed(check(config.getReady() == ReadyPolicy::Priority,
                   bool(submit.getPriority()), "priority",
                   "ready = priority")) ||
      failed(check(config.getStreams() > 0, bool(submit.getStream()), "stream",
                   "streams")))
    return failure();
  // Explicit predecessors are optional even where they are used.
  if (!config.usesExplicitDeps() && !submit.getAfter().empty())
    return submit.emitOpError("has 'after(...)', which the graph's schedule "
                              "does not use (deps = explicit or hybrid is not "
                              "set)");
  return success();
}

LogicalResult GraphOp::verify() {
  FunctionType type = getFunctionType();
  if (type.getNumResults() != 0)
    return emitOpError("graphs have no results; tasks write tensors instead");
  for (auto [index, input] : llvm::enumerate(type.getInputs())) {
    auto tensor = dyn_cast<MemRefType>(input);
    bool valid = tensor ? tensor.getLayout().isIdentity()
                        : isa<FloatType, IntegerType, IndexType>(input);
    if (!valid)
      return emitOpError("argument #")
             << index << " has type " << input
             << "; graph arguments are memrefs with the identity layout or "
                "scalars";
  }

  ConfigAttr config = getConfigOrDefault();
  llvm::StringMap<RuntimeSymbolOp> firstUse;
  WalkResult result = walk([&](Operation *op) {
    if (auto submit = dyn_cast<SubmitOp>(op))
      return failed(verifySubmitAgainstConfig(submit, config))
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    auto symbol = dyn_cast<RuntimeSymbolOp>(op);
    if (!symbol)
      return WalkResult::advance();
    // One run-time symbol is one host-side variable: its type is fixed.
    auto [it, inserted] = firstUse.try_emplace(symbol.getName(), symbol);
    if (inserted || it->second.getType() == symbol.getType())
      return WalkResult::advance();
    InFlightDiagnostic diag = symbol.emitOpError("run-time symbol '")
                              << symbol.getName() << "' has type "
                              << symbol.getType() << " here but "
                              << it->second.getType() << " elsewhere";
    diag.attachNote(it->second.getLoc()) << "first use here";
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// TensorRegionOp and SubmitOp
//===----------------------------------------------------------------------===//

LogicalResult TensorRegionOp::verify() {
  auto tensor = cast<MemRefType>(getTensor().getType());
  TensorRegionType region = getResult().getType();
  return ptowsp::verifyTensorWindow(*this, tensor, getOffsets(), getSizes(),
                                    region.getShape(), region.getElementType());
}

LogicalResult SubmitOp::verify() {
  if (!(*this)->getParentOfType<GraphOp>())
    return emitOpError("must be nested in a 'taskgraph.graph'");
  size_t regions = llvm::count_if(getArgs().getTypes(), [](Type type) {
    return isa<TensorRegionType>(type);
  });
  if (getAccess().size() != regions)
    return emitOpError("expected ")
           << regions << " access modes (one per region argument), got "
           << getAccess().size();
  return success();
}

/// The access mode a kernel parameter's direction implies.
static AccessMode getAccessMode(tile::Direction direction) {
  switch (direction) {
  case tile::Direction::In:
    return AccessMode::Read;
  case tile::Direction::Out:
    return AccessMode::Write;
  case tile::Direction::InOut:
    return AccessMode::ReadWrite;
  }
  llvm_unreachable("unknown direction");
}

LogicalResult SubmitOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto kernel = dyn_cast_or_null<tile::KernelOp>(
      symbolTable.lookupNearestSymbolFrom(*this, getKernelAttr()));
  if (!kernel)
    return emitOpError("'") << getKernel() << "' does not name a tile.kernel";
  auto withKernelNote = [&](InFlightDiagnostic diag) {
    diag.attachNote(kernel.getLoc()) << "kernel declared here";
    return diag;
  };
  ArrayRef<Type> params = kernel.getArgumentTypes();
  if (params.size() != getArgs().size())
    return withKernelNote(emitOpError("kernel @")
                          << getKernel() << " takes " << params.size()
                          << " arguments, got " << getArgs().size());
  unsigned regionIndex = 0;
  for (auto [index, argType, paramType] :
       llvm::enumerate(getArgs().getTypes(), params)) {
    auto param = dyn_cast<tile::ViewType>(paramType);
    if (!param) {
      if (argType != paramType)
        return withKernelNote(emitOpError("argument #")
                              << index << " has type " << argType
                              << " but kernel parameter #" << index
                              << " has type " << paramType);
      continue;
    }
    auto region = dyn_cast<TensorRegionType>(argType);
    if (!region || region.getShape() != param.getShape() ||
        region.getElementType() != param.getElementType())
      return withKernelNote(emitOpError("argument #")
                            << index << " of type " << argType
                            << " does not match kernel parameter " << param
                            << " (expected a !taskgraph.region of the same "
                               "shape and element type)");
    // Dependency inference trusts the access modes: they must say what the
    // kernel really does.
    AccessMode mode =
        cast<AccessModeAttr>(getAccess()[regionIndex++]).getValue();
    AccessMode expected = getAccessMode(param.getDirection());
    if (mode != expected)
      return withKernelNote(emitOpError("access mode '")
                            << stringifyAccessMode(mode) << "' of argument #"
                            << index << " does not match the kernel's '"
                            << tile::stringifyDirection(param.getDirection())
                            << "' parameter (expected '"
                            << stringifyAccessMode(expected) << "')");
  }
  // Only the cube unit multiplies matrices; a cube task needs a matmul.
  bool usesCube = false;
  kernel.walk([&](tile::MatmulOp) { usesCube = true; });
  if (usesCube && getCore() == CoreType::Vector)
    return withKernelNote(
        emitOpError("kernel @")
        << getKernel() << " uses tile.matmul and cannot run on core(vector)");
  if (!usesCube && getCore() == CoreType::Cube)
    return withKernelNote(
        emitOpError("kernel @")
        << getKernel() << " has no tile.matmul and cannot run on core(cube)");
  return success();
}

//===----------------------------------------------------------------------===//
// Run-time scalars and scopes
//===----------------------------------------------------------------------===//

LogicalResult RuntimeSymbolOp::verify() {
  StringRef name = getName();
  // Symbols are bound by name from C++ and Python: keep them identifiers.
  bool isIdentifier =
      !name.empty() && (llvm::isAlpha(name[0]) || name[0] == '_') &&
      llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
  if (!isIdentifier)
    return emitOpError("symbol name '")
           << name << "' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)";
  return success();
}

LogicalResult LoadScalarOp::verify() {
  auto tensor = cast<MemRefType>(getTensor().getType());
  if (getResult().getType() != tensor.getElementType())
    return emitOpError("result type ")
           << getResult().getType() << " must be the tensor's element type "
           << tensor.getElementType();
  return ptowsp::verifyTensorElement(*this, tensor, getIndices());
}

void ScopeOp::getSuccessorRegions(RegionBranchPoint point,
                                  SmallVectorImpl<RegionSuccessor> &regions) {
  // The body runs exactly once.
  if (point.isParent())
    regions.push_back(RegionSuccessor(&getBody()));
  else
    regions.push_back(
        RegionSuccessor(getOperation(), getOperation()->getResults()));
}

//===----------------------------------------------------------------------===//
// Channels and processes
//===----------------------------------------------------------------------===//

void PipelineOp::getSuccessorRegions(
    RegionBranchPoint point, SmallVectorImpl<RegionSuccessor> &regions) {
  // The body runs exactly once; the join happens on the way out.
  if (point.isParent())
    regions.push_back(RegionSuccessor(&getBody()));
  else
    regions.push_back(
        RegionSuccessor(getOperation(), getOperation()->getResults()));
}

void ChannelOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getChannel(), getName());
}

LogicalResult ChannelOp::verify() {
  if (getName().empty())
    return emitOpError("channel name must not be empty");
  // I64Attr getters are unsigned; the attributes hold signed values.
  int64_t capacity = getCapacityAttr().getInt();
  int64_t producers = getProducersAttr().getInt();
  if (capacity < 0)
    return emitOpError("capacity must be non-negative (0 is a rendezvous), "
                       "got ")
           << capacity;
  if (producers < 1)
    return emitOpError("producers must be at least 1, got ") << producers;
  return success();
}

void ProcessOp::getAsmBlockArgumentNames(Region &region,
                                         OpAsmSetValueNameFn setNameFn) {
  if (!region.empty() && region.getNumArguments() == 1)
    setNameFn(region.getArgument(0), "instance");
}

LogicalResult ProcessOp::verify() {
  if (getName().empty())
    return emitOpError("process name must not be empty");
  int64_t instances = getInstancesAttr().getInt();
  if (instances < 1)
    return emitOpError("instances must be at least 1, got ") << instances;
  Block &body = getBody().front();
  if (body.getNumArguments() != 1 || !body.getArgument(0).getType().isIndex())
    return emitOpError("body must have exactly one 'index' argument (the "
                       "instance number)");
  return success();
}

LogicalResult
RecvOp::inferReturnTypes(MLIRContext *context, std::optional<Location> location,
                         ValueRange operands, DictionaryAttr attributes,
                         OpaqueProperties properties, RegionRange regions,
                         SmallVectorImpl<Type> &inferredReturnTypes) {
  auto channel = dyn_cast<ChannelType>(operands[0].getType());
  if (!channel)
    return failure();
  inferredReturnTypes.push_back(IntegerType::get(context, 1));
  llvm::append_range(inferredReturnTypes, channel.getPayloadTypes());
  return success();
}

void RecvOp::getAsmResultNames(OpAsmSetValueNameFn setNameFn) {
  setNameFn(getOk(), "ok");
  if (!getPayload().empty())
    setNameFn(getPayload().front(), "token");
}
