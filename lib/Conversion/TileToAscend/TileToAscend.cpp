//===- TileToAscend.cpp - tile kernels to PTO-ISA kernel sources ----------===//
//
// Lowers every submitted tile.kernel to an emitc.file holding one PTO-ISA
// kernel for pto-runtime: `extern "C" __aicore__ void kernel_entry(__gm__
// int64_t *args)`. Unlike the cpu_sim lowering (one call per op against the
// project's CPU library), a real core needs per-kernel state the ops do not
// carry: which pipe each instruction runs on (to place set_flag/wait_flag
// between pipes), L1 staging tiles for cube operands (GM -> Mat -> Left/Right)
// and scratch tiles for reductions. So this is a direct walk over each
// straight-line kernel body that builds the EmitC function, sharing the
// op -> instruction map (getIsaInstruction) with the cost model and cpu_sim.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"
#include "pto-wsp/Conversion/EmitCHelpers.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Conversion/TaskGraphToAscend/TaskGraphToAscend.h"
#include "pto-wsp/Conversion/TileToEmitC/TileToEmitC.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileIsa.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

namespace ptowsp {
#define GEN_PASS_DEF_CONVERTTILETOASCEND
#include "pto-wsp/Conversion/Passes.h.inc"
} // namespace ptowsp

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::tile;

namespace {

/// The hardware pipes instructions are issued to.
enum class Pipe { None, MTE2, MTE1, V, M, MTE3, FIX };

StringRef getPipeName(Pipe pipe) {
  switch (pipe) {
  case Pipe::MTE2:
    return "PIPE_MTE2";
  case Pipe::MTE1:
    return "PIPE_MTE1";
  case Pipe::V:
    return "PIPE_V";
  case Pipe::M:
    return "PIPE_M";
  case Pipe::MTE3:
    return "PIPE_MTE3";
  case Pipe::FIX:
    return "PIPE_FIX";
  case Pipe::None:
    break;
  }
  llvm_unreachable("no pipe");
}

/// The PTO-ISA element type name.
std::string getElementName(Type element) {
  if (element.isF16())
    return "half";
  if (element.isBF16())
    return "bfloat16_t";
  return getCppElementType(element);
}

/// Builds one kernel's emitc.func body, instruction by instruction.
class KernelBuilder {
public:
  KernelBuilder(KernelOp kernel, OpBuilder &builder, AscendRuntime runtime,
                const arch::ArchModel &model)
      : kernel(kernel), builder(builder), runtime(runtime),
        context(kernel.getContext()),
        unifiedBufferBytes(model.getBufferCapacity(arch::Buffer::UB)),
        l1Bytes(model.getBufferCapacity(arch::Buffer::L1)) {}

  LogicalResult build(Value args);

private:
  LogicalResult unpackArguments(Value args);
  LogicalResult lower(Operation *op);
  LogicalResult lowerLoad(LoadOp op);
  LogicalResult lowerStore(StoreOp op);
  LogicalResult lowerMatmul(MatmulOp op);
  LogicalResult lowerReduction(Operation *op, StringRef instruction);

  /// A fresh tile of `type` in `space` at `offset`, declared and TASSIGNed.
  Value declareTile(Location loc, TileType type, MemorySpace space,
                    int64_t offset, StringRef role = "");
  /// The tile the planner placed `result` in.
  FailureOr<Value> declareResult(OpResult result);
  /// A scratch tile of `type` placed after everything the planner used.
  FailureOr<Value> declareScratch(Location loc, TileType type);
  std::string getTileTypeName(TileType type, MemorySpace space,
                              StringRef role) const;

  /// Issues `instruction(operands..., trailing...)` on `pipe`, after the
  /// synchronisation the previous instruction's pipe needs.
  void issue(Location loc, Pipe pipe, StringRef instruction,
             ArrayRef<Value> operands, ArrayRef<Attribute> trailing = {});
  void synchronise(Location loc, Pipe from, Pipe to, StringRef event);
  void drain(Location loc);
  Value scalar(Value value);

  KernelOp kernel;
  OpBuilder &builder;
  AscendRuntime runtime;
  MLIRContext *context;
  /// Bytes of the on-chip buffers a kernel may use (the architecture file).
  int64_t unifiedBufferBytes, l1Bytes;
  Pipe lastPipe = Pipe::None;
  /// Tiles (and global views) standing for the kernel's SSA values.
  llvm::DenseMap<Value, Value> values;
  /// Cube operands loaded from GM go through L1 (bump-allocated here).
  int64_t nextL1Offset = 0;
  /// First free UB byte after the planner's placements (scratch goes here).
  int64_t nextScratchOffset = -1;
};

LogicalResult KernelBuilder::build(Value args) {
  if (failed(unpackArguments(args)))
    return failure();
  for (Operation &op : kernel.getBody().front().without_terminator())
    if (failed(lower(&op)))
      return failure();
  drain(kernel.getLoc());
  emitc::ReturnOp::create(builder, kernel.getLoc(), Value());
  return success();
}

/// Views first (GlobalView over view_data + the view's row stride), then
/// scalars, in the kernel's argument order; the strides come last.
LogicalResult KernelBuilder::unpackArguments(Value args) {
  Block &body = kernel.getBody().front();
  int64_t viewCount = llvm::count_if(kernel.getArgumentTypes(), [](Type type) {
    return isa<ViewType>(type);
  });
  int64_t scalarCount = kernel.getArgumentTypes().size() - viewCount;
  int64_t viewIndex = 0, scalarIndex = 0;
  Location loc = kernel.getLoc();
  for (BlockArgument argument : body.getArguments()) {
    if (auto view = dyn_cast<ViewType>(argument.getType())) {
      std::string element = getElementName(view.getElementType());
      Type pointer = opaqueType(context, "__gm__ " + element + " *");
      Value data = emitc::CallOpaqueOp::create(
                       builder, loc, pointer, "ptowsp::view_data", args,
                       builder.getArrayAttr(
                           {builder.getIndexAttr(0),
                            builder.getI32IntegerAttr(viewIndex)}),
                       builder.getArrayAttr(
                           {TypeAttr::get(opaqueType(context, element))}))
                       .getResult(0);
      Value stride =
          emitc::CallOpaqueOp::create(
              builder, loc, builder.getI64Type(), "ptowsp::scalar_arg", args,
              builder.getArrayAttr(
                  {builder.getIndexAttr(0),
                   builder.getI32IntegerAttr(viewCount + scalarCount +
                                             viewIndex)}),
              builder.getArrayAttr({TypeAttr::get(builder.getI64Type())}))
              .getResult(0);
      std::string rows = std::to_string(view.getShape()[0]);
      std::string cols = std::to_string(view.getShape()[1]);
      Type global = opaqueType(context, "ptowsp::GlobalView<" + element + ", " +
                                            rows + ", " + cols + ">");
      values[argument] =
          emitc::CallOpaqueOp::create(
              builder, loc, global, "ptowsp::global_view",
              ValueRange{data, stride}, ArrayAttr(),
              builder.getArrayAttr({TypeAttr::get(opaqueType(context, element)),
                                    builder.getI64IntegerAttr(view.getShape()[0]),
                                    builder.getI64IntegerAttr(view.getShape()[1])}))
              .getResult(0);
      ++viewIndex;
      continue;
    }
    Type type = argument.getType();
    if (type.isIndex())
      type = builder.getI64Type();
    if (!isa<IntegerType>(type) && !type.isF32())
      return kernel.emitOpError("has a scalar argument of type ")
             << argument.getType()
             << " that target ascend cannot pass (use f32 or an integer)";
    values[argument] =
        emitc::CallOpaqueOp::create(
            builder, loc, type, "ptowsp::scalar_arg", args,
            builder.getArrayAttr({builder.getIndexAttr(0),
                                  builder.getI32IntegerAttr(viewCount +
                                                            scalarIndex++)}),
            builder.getArrayAttr({TypeAttr::get(type)}))
            .getResult(0);
  }
  return success();
}

std::string KernelBuilder::getTileTypeName(TileType type, MemorySpace space,
                                           StringRef role) const {
  std::string element = getElementName(type.getElementType());
  int64_t rows = type.getRows(), cols = type.getCols();
  if (role == "mat")
    return llvm::formatv("Tile<TileType::Mat, {0}, {1}, {2}, BLayout::ColMajor, "
                         "{1}, {2}, SLayout::RowMajor, 512>",
                         element, rows, cols);
  switch (space) {
  case MemorySpace::L0A:
    return llvm::formatv("TileLeft<{0}, {1}, {2}, {1}, {2}>", element, rows, cols);
  case MemorySpace::L0B:
    return llvm::formatv("TileRight<{0}, {1}, {2}, {1}, {2}>", element, rows,
                         cols);
  case MemorySpace::L0C:
    return llvm::formatv("TileAcc<{0}, {1}, {2}, {1}, {2}>", element, rows, cols);
  default:
    return llvm::formatv("Tile<TileType::Vec, {0}, {1}, {2}, BLayout::RowMajor, "
                         "{1}, {3}>",
                         element, rows, type.getPaddedCols(), cols);
  }
}

Value KernelBuilder::declareTile(Location loc, TileType type, MemorySpace space,
                                 int64_t offset, StringRef role) {
  std::string name = getTileTypeName(type, space, role);
  Value tile = emitc::CallOpaqueOp::create(builder, loc, opaqueType(context, name),
                                           name, ValueRange{})
                   .getResult(0);
  emitc::CallOpaqueOp::create(
      builder, loc, TypeRange{}, "TASSIGN", tile,
      builder.getArrayAttr({builder.getIndexAttr(0),
                            opaque(context, "0x" + llvm::utohexstr(offset))}));
  return tile;
}

FailureOr<Value> KernelBuilder::declareResult(OpResult result) {
  Operation *producer = result.getOwner();
  auto buffers = producer->getAttrOfType<ArrayAttr>(kBuffersAttrName);
  if (!buffers || buffers.size() != producer->getNumResults())
    return producer->emitOpError("has no buffer placement; run "
                                 "-tile-plan-buffers before "
                                 "-convert-tile-to-ascend");
  auto buffer = cast<BufferAttr>(buffers[result.getResultNumber()]);
  return declareTile(producer->getLoc(), cast<TileType>(result.getType()),
                     buffer.getSpace(), buffer.getOffset());
}

FailureOr<Value> KernelBuilder::declareScratch(Location loc, TileType type) {
  if (nextScratchOffset < 0) {
    nextScratchOffset = 0;
    kernel.walk([&](Operation *op) {
      auto buffers = op->getAttrOfType<ArrayAttr>(kBuffersAttrName);
      if (!buffers)
        return;
      for (auto [result, attr] : llvm::zip(op->getResults(), buffers)) {
        auto buffer = cast<BufferAttr>(attr);
        if (buffer.getSpace() == MemorySpace::UB)
          nextScratchOffset = std::max(
              nextScratchOffset,
              buffer.getOffset() +
                  cast<TileType>(result.getType()).getFootprintInBytes());
      }
    });
  }
  int64_t offset = (nextScratchOffset + 63) / 64 * 64;
  nextScratchOffset = offset + type.getFootprintInBytes();
  if (nextScratchOffset > unifiedBufferBytes)
    return kernel.emitOpError("needs ")
           << nextScratchOffset << " bytes of UB with the scratch tiles of its "
           << "reductions; target ascend has " << unifiedBufferBytes;
  return declareTile(loc, type, MemorySpace::UB, offset);
}

void KernelBuilder::synchronise(Location loc, Pipe from, Pipe to,
                                StringRef event) {
  for (StringRef call : {"set_flag", "wait_flag"})
    emitc::CallOpaqueOp::create(
        builder, loc, TypeRange{}, call, ValueRange{},
        builder.getArrayAttr({opaque(context, getPipeName(from)),
                              opaque(context, getPipeName(to)),
                              opaque(context, event)}));
}

void KernelBuilder::issue(Location loc, Pipe pipe, StringRef instruction,
                          ArrayRef<Value> operands,
                          ArrayRef<Attribute> trailing) {
  // Instructions of one pipe run in order, but a vector or cube instruction
  // may read what the previous one of its pipe wrote: barrier those. Between
  // pipes, the consumer waits for everything the producer issued so far.
  if (lastPipe != Pipe::None && lastPipe != pipe)
    synchronise(loc, lastPipe, pipe, "EVENT_ID0");
  else if (lastPipe == pipe && (pipe == Pipe::V || pipe == Pipe::M))
    emitc::CallOpaqueOp::create(
        builder, loc, TypeRange{}, "pipe_barrier", ValueRange{},
        builder.getArrayAttr({opaque(context, getPipeName(pipe))}));
  lastPipe = pipe;
  ArrayAttr args = trailing.empty()
                       ? ArrayAttr()
                       : operandsThen(builder, operands.size(), trailing);
  emitc::CallOpaqueOp::create(builder, loc, TypeRange{}, instruction, operands,
                              args);
}

/// The pipe drain pto-runtime's kernels end with: the scalar pipe waits for
/// the last data-moving pipe, so the task completes after its stores.
void KernelBuilder::drain(Location loc) {
  Pipe last = lastPipe == Pipe::None ? Pipe::MTE3 : lastPipe;
  emitc::CallOpaqueOp::create(
      builder, loc, TypeRange{}, "set_flag", ValueRange{},
      builder.getArrayAttr({opaque(context, getPipeName(last)),
                            opaque(context, "PIPE_S"),
                            opaque(context, "EVENT_ID7")}));
  emitc::CallOpaqueOp::create(
      builder, loc, TypeRange{}, "wait_flag", ValueRange{},
      builder.getArrayAttr({opaque(context, getPipeName(last)),
                            opaque(context, "PIPE_S"),
                            opaque(context, "EVENT_ID7")}));
}

/// A scalar operand: a kernel argument or an arith constant.
Value KernelBuilder::scalar(Value value) {
  if (Value known = values.lookup(value))
    return known;
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return Value();
  Type type = value.getType().isIndex() ? builder.getI64Type() : value.getType();
  Attribute attr = constant.getValue();
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    attr = IntegerAttr::get(type, integer.getInt());
  Value result =
      emitc::ConstantOp::create(builder, constant.getLoc(), type, attr);
  values[value] = result;
  return result;
}

LogicalResult KernelBuilder::lowerLoad(LoadOp op) {
  if (op.getValidRows())
    return op.emitOpError("with a run-time valid region is not supported by "
                          "target ascend");
  auto buffers = op->getAttrOfType<ArrayAttr>(kBuffersAttrName);
  auto buffer = cast<BufferAttr>(buffers[0]);
  auto type = cast<TileType>(op.getType());
  Location loc = op.getLoc();
  Value global = values.lookup(op.getView());
  if (buffer.getSpace() == MemorySpace::L0A ||
      buffer.getSpace() == MemorySpace::L0B) {
    // GM -> L1 (Mat) on MTE2, then L1 -> L0A/L0B on MTE1.
    int64_t offset = nextL1Offset;
    nextL1Offset += (type.getSizeInBytes() + 511) / 512 * 512;
    if (nextL1Offset > l1Bytes)
      return op.emitOpError("stages cube operands of ")
             << nextL1Offset << " bytes in L1; target ascend has " << l1Bytes;
    Value mat = declareTile(loc, type, MemorySpace::L1, offset, "mat");
    issue(loc, Pipe::MTE2, "TLOAD", {mat, global});
    FailureOr<Value> operand = declareResult(cast<OpResult>(op.getResult()));
    if (failed(operand))
      return failure();
    issue(loc, Pipe::MTE1, "TMOV", {*operand, mat});
    values[op.getResult()] = *operand;
    return success();
  }
  if (buffer.getSpace() != MemorySpace::UB)
    return op.emitOpError("loads into ")
           << stringifyMemorySpace(buffer.getSpace())
           << ", which target ascend does not load from global memory";
  FailureOr<Value> tile = declareResult(cast<OpResult>(op.getResult()));
  if (failed(tile))
    return failure();
  issue(loc, Pipe::MTE2, "TLOAD", {*tile, global});
  values[op.getResult()] = *tile;
  return success();
}

LogicalResult KernelBuilder::lowerStore(StoreOp op) {
  if (op.getValidRows())
    return op.emitOpError("with a run-time valid region is not supported by "
                          "target ascend");
  auto producer = cast<OpResult>(op.getValue());
  auto buffers = producer.getOwner()->getAttrOfType<ArrayAttr>(kBuffersAttrName);
  auto space = cast<BufferAttr>(buffers[producer.getResultNumber()]).getSpace();
  // Products leave L0C through the fixpipe; vector tiles through MTE3.
  issue(op.getLoc(), space == MemorySpace::L0C ? Pipe::FIX : Pipe::MTE3,
        "TSTORE", {values.lookup(op.getView()), values.lookup(op.getValue())});
  return success();
}

LogicalResult KernelBuilder::lowerMatmul(MatmulOp op) {
  auto lhs = cast<TileType>(op.getLhs().getType());
  auto rhs = cast<TileType>(op.getRhs().getType());
  int64_t perBlock = 32 / getElementSizeInBytes(lhs.getElementType());
  if (lhs.getRows() % 16 || lhs.getCols() % perBlock || rhs.getCols() % perBlock)
    return op.emitOpError("has an M x K x N of ")
           << lhs.getRows() << " x " << lhs.getCols() << " x " << rhs.getCols()
           << "; target ascend needs M a multiple of 16 and K, N multiples of "
           << perBlock << " (whole fractals)";
  FailureOr<Value> result = declareResult(cast<OpResult>(op.getResult()));
  if (failed(result))
    return failure();
  Value left = values.lookup(op.getLhs()), right = values.lookup(op.getRhs());
  if (op.getAcc())
    issue(op.getLoc(), Pipe::M, "TMATMUL_ACC",
          {*result, values.lookup(op.getAcc()), left, right});
  else
    issue(op.getLoc(), Pipe::M, "TMATMUL", {*result, left, right});
  values[op.getResult()] = *result;
  return success();
}

/// Row reductions take a scratch tile of the source's shape.
LogicalResult KernelBuilder::lowerReduction(Operation *op,
                                            StringRef instruction) {
  Value source = op->getOperand(0);
  FailureOr<Value> result = declareResult(op->getResult(0));
  if (failed(result))
    return failure();
  FailureOr<Value> scratch =
      declareScratch(op->getLoc(), cast<TileType>(source.getType()));
  if (failed(scratch))
    return failure();
  issue(op->getLoc(), Pipe::V, instruction,
        {*result, values.lookup(source), *scratch});
  values[op->getResult(0)] = *result;
  return success();
}

LogicalResult KernelBuilder::lower(Operation *op) {
  Location loc = op->getLoc();
  auto unsupported = [&]() {
    return op->emitOpError("is not supported by target ascend");
  };
  if (isa<arith::ConstantOp>(op))
    return success(); // materialised where a scalar operand uses it
  if (isa<arith::ArithDialect>(op->getDialect()))
    return op->emitOpError("(scalar arithmetic in a kernel) is not supported "
                           "by target ascend; compute scalars in the workload");
  if (auto load = dyn_cast<LoadOp>(op))
    return lowerLoad(load);
  if (auto store = dyn_cast<StoreOp>(op))
    return lowerStore(store);
  if (auto matmul = dyn_cast<MatmulOp>(op))
    return lowerMatmul(matmul);
  if (isa<RowSumOp, RowMaxOp, RowMinOp>(op))
    return lowerReduction(op, *getIsaInstruction(op));
  if (auto mean = dyn_cast<RowMeanOp>(op)) {
    if (failed(lowerReduction(op, "TROWSUM")))
      return failure();
    Value sum = values.lookup(mean.getResult());
    auto source = cast<TileType>(mean.getSource().getType());
    Value count = emitc::ConstantOp::create(
        builder, loc, builder.getF32Type(),
        builder.getF32FloatAttr(static_cast<float>(source.getCols())));
    issue(loc, Pipe::V, "TDIVS", {sum, sum, count});
    return success();
  }
  if (isa<Sort32Op, TopKOp, IotaOp, CmpOp, CmpSOp, SelectOp>(op))
    return unsupported();
  if (auto transpose = dyn_cast<TransposeOp>(op)) {
    FailureOr<Value> result = declareResult(op->getResult(0));
    FailureOr<Value> scratch = declareScratch(
        loc, cast<TileType>(transpose.getSource().getType()));
    if (failed(result) || failed(scratch))
      return failure();
    issue(loc, Pipe::V, "TTRANS",
          {*result, values.lookup(transpose.getSource()), *scratch});
    values[op->getResult(0)] = *result;
    return success();
  }
  if (isa<MoveOp>(op)) {
    auto producer = cast<OpResult>(op->getOperand(0));
    auto sourceSpace = cast<BufferAttr>(
        producer.getOwner()->getAttrOfType<ArrayAttr>(
            kBuffersAttrName)[producer.getResultNumber()]);
    auto targetSpace =
        cast<BufferAttr>(op->getAttrOfType<ArrayAttr>(kBuffersAttrName)[0]);
    if (sourceSpace.getSpace() != MemorySpace::UB ||
        targetSpace.getSpace() != MemorySpace::UB)
      return op->emitOpError("moves a tile between the vector and cube units "
                             "inside one kernel; target ascend runs them on "
                             "different cores (split the kernel)");
  }

  // One instruction: results first, then the sources, then attributes.
  FailureOr<std::string> instruction = getIsaInstruction(op);
  if (failed(instruction))
    return failure();
  SmallVector<Value> operands;
  for (OpResult result : op->getResults()) {
    FailureOr<Value> tile = declareResult(result);
    if (failed(tile))
      return failure();
    values[result] = *tile;
    operands.push_back(*tile);
  }
  for (Value operand : op->getOperands()) {
    Value lowered = isa<TileType>(operand.getType()) ? values.lookup(operand)
                                                     : scalar(operand);
    if (!lowered)
      return op->emitOpError("has a scalar operand that is neither a kernel "
                             "argument nor a constant; target ascend needs "
                             "one of those");
    operands.push_back(lowered);
  }
  SmallVector<Attribute> trailing;
  if (auto castOp = dyn_cast<CastOp>(op))
    trailing.push_back(opaque(
        context, "RoundMode::CAST_" + stringifyRoundMode(castOp.getRound()).upper()));
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    if (auto value = dyn_cast<FloatAttr>(constant.getValue()))
      trailing.push_back(builder.getF32FloatAttr(value.getValueAsDouble()));
    else
      trailing.push_back(builder.getI64IntegerAttr(
          cast<IntegerAttr>(constant.getValue()).getInt()));
  }
  issue(loc, Pipe::V, *instruction, operands, trailing);
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertTileToAscendPass
    : ptowsp::impl::ConvertTileToAscendBase<ConvertTileToAscendPass> {
  using ConvertTileToAscendBase::ConvertTileToAscendBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<AscendRuntime> parsed = parseAscendRuntime(runtime);
    if (failed(parsed)) {
      module.emitError("unknown pto-runtime flavour '") << runtime << "'";
      return signalPassFailure();
    }
    llvm::Expected<arch::ArchModel> model =
        arch::ArchModel::load(arch, arch::getDefaultArchDir());
    if (!model) {
      module.emitError(llvm::toString(model.takeError()));
      return signalPassFailure();
    }
    for (auto kernel : llvm::make_early_inc_range(module.getOps<KernelOp>())) {
      if (!kernel->hasAttr(kAscendFuncIdAttr)) {
        kernel.erase(); // nothing submits it
        continue;
      }
      if (failed(lowerKernel(module, kernel, *parsed, *model)))
        return signalPassFailure();
      kernel.erase();
    }
  }

  LogicalResult lowerKernel(ModuleOp module, KernelOp kernel,
                            AscendRuntime runtime, const arch::ArchModel &model) {
    MLIRContext *context = module.getContext();
    Location loc = kernel.getLoc();
    StringRef core = kernel->getAttrOfType<StringAttr>(kAscendCoreAttr);
    std::string name = kernel.getSymName().str();
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto file = emitc::FileOp::create(
        builder, loc, ("kernels/" + core + "/" + name + ".cpp").str());
    if (file.getBodyRegion().empty())
      file.getBodyRegion().emplaceBlock();
    builder.setInsertionPointToStart(&file.getBodyRegion().front());
    emitc::IncludeOp::create(builder, loc,
                             runtime == AscendRuntime::TensorMapAndRingBuffer
                                 ? "ptowsp_kernel_pto2.h"
                                 : "ptowsp_kernel_hbg.h");
    auto entry = emitc::FuncOp::create(
        builder, loc, "kernel_entry",
        builder.getFunctionType({opaqueType(context, "__gm__ int64_t *")}, {}));
    entry.setSpecifiersAttr(builder.getStrArrayAttr({"extern \"C\" __aicore__"}));
    Block *body = entry.addEntryBlock();
    builder.setInsertionPointToStart(body);
    KernelBuilder kernelBuilder(kernel, builder, runtime, model);
    if (failed(kernelBuilder.build(body->getArgument(0))))
      return failure();

    SmallVector<Attribute> signature;
    for (Type type : kernel.getArgumentTypes())
      if (auto view = dyn_cast<ViewType>(type))
        signature.push_back(builder.getStringAttr(
            view.getDirection() == Direction::In    ? "IN"
            : view.getDirection() == Direction::Out ? "OUT"
                                                    : "INOUT"));
    file->setAttr(kAscendKernelAttr, builder.getStringAttr(name));
    file->setAttr(kAscendFuncIdAttr, kernel->getAttr(kAscendFuncIdAttr));
    file->setAttr(kAscendCoreAttr, kernel->getAttr(kAscendCoreAttr));
    file->setAttr(kAscendSignatureAttr, builder.getArrayAttr(signature));
    return success();
  }
};

} // namespace
