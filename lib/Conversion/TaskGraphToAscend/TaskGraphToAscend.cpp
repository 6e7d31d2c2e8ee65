//===- TaskGraphToAscend.cpp - task graphs to pto-runtime orchestration ---===//
//
// Lowers each taskgraph.graph to one emitc.file of pto-runtime orchestration
// C++: for the tensormap_and_ringbuffer runtime (PTO2) the on-device
// aicpu_orchestration_config/entry pair, for host_build_graph the host
// function that builds the graph. The task-generation program stays a
// program (scf loops become C++ loops); every submission becomes one call of
// the helpers in runtime/include/pto-wsp/ascend, which package pto-runtime's
// Arg/rt_submit_* (PTO2) or add_task/add_successor (host_build_graph).
// What pto-runtime cannot express is rejected before anything is rewritten.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Conversion/EmitCHelpers.h"
#include "pto-wsp/Conversion/OrchestrationLowering/OrchestrationLowering.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Conversion/TaskGraphToAscend/TaskGraphToAscend.h"
#include "pto-wsp/Conversion/TileToEmitC/TileToEmitC.h"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Conversion/ArithToEmitC/ArithToEmitC.h"
#include "mlir/Conversion/SCFToEmitC/SCFToEmitC.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/EmitC/Transforms/TypeConversions.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/FormatVariadic.h"

namespace ptowsp {
#define GEN_PASS_DEF_CONVERTTASKGRAPHTOASCEND
#include "pto-wsp/Conversion/Passes.h.inc"
} // namespace ptowsp

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::taskgraph;

//===----------------------------------------------------------------------===//
// Shared with the kernel lowering and the tree writer
//===----------------------------------------------------------------------===//

FailureOr<AscendRuntime> ptowsp::parseAscendRuntime(StringRef name) {
  if (name == "tensormap_and_ringbuffer")
    return AscendRuntime::TensorMapAndRingBuffer;
  if (name == "host_build_graph")
    return AscendRuntime::HostBuildGraph;
  return failure();
}

FailureOr<std::string> ptowsp::getAscendDataType(Type element) {
  if (element.isF32())
    return std::string("FLOAT32");
  if (element.isF16())
    return std::string("FLOAT16");
  if (element.isBF16())
    return std::string("BFLOAT16");
  if (auto integer = dyn_cast<IntegerType>(element)) {
    if (integer.getWidth() == 8 || integer.getWidth() == 16 ||
        integer.getWidth() == 32 || integer.getWidth() == 64)
      return llvm::formatv("INT{0}", integer.getWidth()).str();
  }
  return failure();
}

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// What the patterns need to know about the graph being lowered.
struct LoweringState {
  AscendRuntime runtime;
  /// Orchestration scalar argument of each run-time symbol, by name.
  llvm::StringMap<int64_t> symbolIndex;
  /// The type each symbol is passed as (i64 or f32/f64), by name.
  llvm::StringMap<Type> symbolType;
};

/// What one pto-runtime task can carry (CORE_MAX_TENSOR_ARGS and
/// CORE_MAX_SCALAR_ARGS of its task interface).
constexpr int64_t kMaxTaskTensors = 16;
constexpr int64_t kMaxTaskScalars = 32;

bool isPto2(const LoweringState &state) {
  return state.runtime == AscendRuntime::TensorMapAndRingBuffer;
}

/// The orchestration context the helpers take first: the
/// ChipStorageTaskArgs (PTO2) or the ptowsp::Graph (host_build_graph) that
/// the entry function creates as its first operation.
Value getOrchestrationContext(Operation *op, const LoweringState &state) {
  auto function = op->getParentOfType<emitc::FuncOp>();
  if (isPto2(state))
    return function.getArgument(0);
  return function.getBody().front().front().getResult(0);
}

/// The C++ scalar type a value of `type` is passed as.
Type getScalarArgType(Type type) {
  if (type.isIndex())
    return IntegerType::get(type.getContext(), 64);
  return type;
}

/// The row stride (in elements) of a region of `tensor`: the innermost
/// dimension for rank >= 2, the whole row for rank 1.
FailureOr<int64_t> getRowStride(MemRefType tensor) {
  int64_t stride = tensor.getShape().back();
  if (ShapedType::isDynamic(stride))
    return failure();
  return stride;
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

template <typename OpT>
struct AscendPattern : OpConversionPattern<OpT> {
  AscendPattern(const TypeConverter &converter, MLIRContext *context,
                const LoweringState &state)
      : OpConversionPattern<OpT>(converter, context), state(state) {}
  const LoweringState &state;
};

/// taskgraph.region -> ptowsp::view<rank>(tensor, sizes..., offsets...).
struct RegionLowering : AscendPattern<TensorRegionOp> {
  using AscendPattern::AscendPattern;
  LogicalResult
  matchAndRewrite(TensorRegionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> operands = {adaptor.getTensor()};
    SmallVector<Attribute> args = {rewriter.getIndexAttr(0)};
    for (int64_t size : op.getSizes())
      args.push_back(rewriter.getI64IntegerAttr(size));
    for (Value offset : adaptor.getOffsets()) {
      args.push_back(rewriter.getIndexAttr(operands.size()));
      operands.push_back(offset);
    }
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, getTypeConverter()->convertType(op.getType()), "ptowsp::view",
        operands, rewriter.getArrayAttr(args),
        rewriter.getArrayAttr(
            {rewriter.getI64IntegerAttr(op.getSizes().size())}));
    return success();
  }
};

/// taskgraph.submit -> ptowsp::submit_aiv / submit_aic(func_id, in(view)...,
/// scalar(value)..., scalar(row stride)...): the kernel argument order of
/// -convert-tile-to-ascend (views, scalars, strides).
struct SubmitLowering : AscendPattern<SubmitOp> {
  using AscendPattern::AscendPattern;
  LogicalResult
  matchAndRewrite(SubmitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    Location loc = op.getLoc();
    // Set before the conversion (the kernel is out of reach from inside the
    // emitc.file, and the regions are being rewritten).
    auto funcId = op->getAttrOfType<IntegerAttr>(kAscendFuncIdAttr);
    auto core = op->getAttrOfType<StringAttr>(kAscendCoreAttr);
    ArrayRef<int64_t> rowStrides =
        op->getAttrOfType<DenseI64ArrayAttr>(kAscendRowStridesAttr).asArrayRef();

    SmallVector<Value> views, scalars, strides;
    SmallVector<IntermediateOp> created;
    auto modes = op.getAccess().getAsRange<AccessModeAttr>();
    auto nextMode = modes.begin();
    for (auto [original, converted] :
         llvm::zip(op.getArgs(), adaptor.getArgs())) {
      if (auto region = dyn_cast<TensorRegionType>(original.getType())) {
        auto intermediate = original.getDefiningOp<IntermediateOp>();
        if (intermediate && (*nextMode).getValue() == AccessMode::Write) {
          // Written first here: the runtime creates it as a task output.
          FailureOr<std::string> dtype =
              getAscendDataType(region.getElementType());
          SmallVector<Attribute> createArgs = {
              rewriter.getI64IntegerAttr(region.getShape()[0]),
              rewriter.getI64IntegerAttr(region.getShape()[1])};
          createArgs.push_back(
              isPto2(state)
                  ? opaque(context, "DataType::" + *dtype)
                  : Attribute(rewriter.getI64IntegerAttr(
                        region.getElementType().getIntOrFloatBitWidth() / 8)));
          views.push_back(emitc::CallOpaqueOp::create(
                              rewriter, loc, opaqueType(context, "ptowsp::Create"),
                              "ptowsp::create", ValueRange{},
                              rewriter.getArrayAttr(createArgs))
                              .getResult(0));
          created.push_back(intermediate);
          ++nextMode;
          strides.push_back(makeScalar(
              rewriter, loc,
              emitc::ConstantOp::create(
                  rewriter, loc, rewriter.getI64Type(),
                  rewriter.getI64IntegerAttr(rowStrides[strides.size()]))));
          continue;
        }
        StringRef helper, type;
        AccessMode mode = (*nextMode++).getValue();
        // PTO2's TensorMap orders a task only after the *producers* (INOUT,
        // OUTPUT) of what it reads (INPUT, INOUT): a write-only OUTPUT looks
        // nothing up and readers are never recorded. So every access to a
        // tensor some task writes is an INOUT, which orders RAW, WAR and WAW
        // alike; tensors no task writes stay plain inputs (their readers run
        // in parallel).
        if (isPto2(state) && isWrittenTensor(original))
          mode = AccessMode::ReadWrite;
        switch (mode) {
        case AccessMode::Read:
          helper = "ptowsp::in", type = "ptowsp::In";
          break;
        case AccessMode::Write:
          helper = "ptowsp::out", type = "ptowsp::Out";
          break;
        case AccessMode::ReadWrite:
          helper = "ptowsp::inout", type = "ptowsp::InOut";
          break;
        }
        views.push_back(emitc::CallOpaqueOp::create(rewriter, loc,
                                                    opaqueType(context, type),
                                                    helper, converted)
                            .getResult(0));
        strides.push_back(makeScalar(
            rewriter, loc,
            emitc::ConstantOp::create(
                rewriter, loc, rewriter.getI64Type(),
                rewriter.getI64IntegerAttr(rowStrides[strides.size()]))));
        continue;
      }
      Type argType = getScalarArgType(original.getType());
      scalars.push_back(makeScalar(
          rewriter, loc,
          castTo(rewriter, loc, converted,
                 getTypeConverter()->convertType(argType))));
    }

    SmallVector<Value> operands;
    SmallVector<Attribute> args;
    if (!isPto2(state)) {
      operands.push_back(getOrchestrationContext(op, state));
      args.push_back(rewriter.getIndexAttr(0));
    }
    args.push_back(rewriter.getI32IntegerAttr(funcId.getInt()));
    for (Value param : llvm::concat<Value>(views, scalars, strides)) {
      args.push_back(rewriter.getIndexAttr(operands.size()));
      operands.push_back(param);
    }
    Type outputsType = opaqueType(
        context, isPto2(state) ? "TaskOutputTensors" : "ptowsp::TaskOutputs");
    auto call = emitc::CallOpaqueOp::create(
        rewriter, loc, created.empty() ? TypeRange{} : TypeRange{outputsType},
        core.getValue() == "aic" ? "ptowsp::submit_aic" : "ptowsp::submit_aiv",
        operands, rewriter.getArrayAttr(args));
    // The intermediates this task created, for the tasks that read them.
    for (auto [index, intermediate] : llvm::enumerate(created)) {
      Value output =
          emitc::CallOpaqueOp::create(
              rewriter, loc, getTypeConverter()->convertType(intermediate.getType()),
              "ptowsp::output", call.getResult(0),
              rewriter.getArrayAttr({rewriter.getIndexAttr(0),
                                     rewriter.getI32IntegerAttr(index)}))
              .getResult(0);
      rewriter.replaceOp(intermediate, output);
    }
    // The task handle is never used: explicit dependencies were rejected.
    rewriter.eraseOp(op);
    return success();
  }

  /// Whether `region` is a region of a graph tensor that some task writes
  /// (recorded on the region by the pass before the conversion).
  static bool isWrittenTensor(Value region) {
    auto op = region.getDefiningOp<TensorRegionOp>();
    return op && op->hasAttr(kAscendWrittenTensorAttr);
  }

  /// ptowsp::scalar(value), typed after the value.
  static Value makeScalar(OpBuilder &builder, Location loc, Value value) {
    std::string type = "ptowsp::Scalar<" + getCppScalarType(value.getType()) +
                       ">";
    return emitc::CallOpaqueOp::create(builder, loc,
                                       opaqueType(builder.getContext(), type),
                                       "ptowsp::scalar", value)
        .getResult(0);
  }

  static std::string getCppScalarType(Type type) {
    if (type.isF32())
      return "float";
    if (type.isF64())
      return "double";
    if (auto integer = dyn_cast<IntegerType>(type))
      return llvm::formatv("int{0}_t", integer.getWidth()).str();
    return "int64_t";
  }
};

/// taskgraph.load_scalar -> ptowsp::element<T>(context, tensor index,
/// indices...): the orchestration reads a tensor no task writes.
struct LoadScalarLowering : AscendPattern<LoadScalarOp> {
  using AscendPattern::AscendPattern;
  LogicalResult
  matchAndRewrite(LoadScalarOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> operands = {getOrchestrationContext(op, state)};
    SmallVector<Attribute> args = {
        rewriter.getIndexAttr(0),
        op->getAttrOfType<IntegerAttr>(kAscendTensorIndexAttr)};
    for (Value index : adaptor.getIndices()) {
      args.push_back(rewriter.getIndexAttr(operands.size()));
      operands.push_back(index);
    }
    Type element = getTypeConverter()->convertType(
        cast<MemRefType>(op.getTensor().getType()).getElementType());
    Value raw = emitc::CallOpaqueOp::create(
                    rewriter, loc, element, "ptowsp::element", operands,
                    rewriter.getArrayAttr(args),
                    rewriter.getArrayAttr({TypeAttr::get(element)}))
                    .getResult(0);
    rewriter.replaceOp(op, castTo(rewriter, loc, raw,
                                  getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

/// taskgraph.symbol -> ptowsp::scalar_arg<T>(context, index): symbols are
/// orchestration scalars after the graph's own.
struct SymbolLowering : AscendPattern<RuntimeSymbolOp> {
  using AscendPattern::AscendPattern;
  LogicalResult
  matchAndRewrite(RuntimeSymbolOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type raw = getTypeConverter()->convertType(getScalarArgType(op.getType()));
    Value value =
        emitc::CallOpaqueOp::create(
            rewriter, op.getLoc(), raw, "ptowsp::scalar_arg",
            getOrchestrationContext(op, state),
            rewriter.getArrayAttr(
                {rewriter.getIndexAttr(0),
                 rewriter.getI32IntegerAttr(state.symbolIndex.lookup(
                     op.getName()))}),
            rewriter.getArrayAttr({TypeAttr::get(raw)}))
            .getResult(0);
    rewriter.replaceOp(op, castTo(rewriter, op.getLoc(), value,
                                  getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

/// taskgraph.scope -> PTO2: `if (true) { PTO2_SCOPE_GUARD(); body }` (the
/// block bounds the guard's lifetime to the scope); host_build_graph has no
/// scopes (the whole graph exists before it runs): the body, inline.
struct ScopeLowering : AscendPattern<ScopeOp> {
  using AscendPattern::AscendPattern;
  LogicalResult
  matchAndRewrite(ScopeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    rewriter.eraseOp(body.getTerminator());
    if (!isPto2(state)) {
      rewriter.inlineBlockBefore(&body, op);
      rewriter.eraseOp(op);
      return success();
    }
    Location loc = op.getLoc();
    Value always = emitc::ConstantOp::create(rewriter, loc,
                                             rewriter.getI1Type(),
                                             rewriter.getBoolAttr(true));
    auto block = emitc::IfOp::create(rewriter, loc, always,
                                     /*addThenBlock=*/true,
                                     /*addElseBlock=*/false);
    Block &then = block.getThenRegion().front();
    rewriter.setInsertionPointToStart(&then);
    emitc::CallOpaqueOp::create(rewriter, loc, TypeRange{},
                                "PTO2_SCOPE_GUARD", ValueRange{});
    rewriter.inlineBlockBefore(&body, then.getTerminator());
    rewriter.eraseOp(op);
    return success();
  }
};

/// The graph's terminator -> return (PTO2) or return the graph's status
/// (host_build_graph: the first failed allocation or add_task).
struct YieldLowering : AscendPattern<YieldOp> {
  using AscendPattern::AscendPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<emitc::FuncOp>(op->getParentOp()))
      return failure();
    if (isPto2(state)) {
      rewriter.replaceOpWithNewOp<emitc::ReturnOp>(op, Value());
      return success();
    }
    Value status = emitc::CallOpaqueOp::create(
                       rewriter, op.getLoc(), rewriter.getI32Type(),
                       "ptowsp::status", getOrchestrationContext(op, state))
                       .getResult(0);
    rewriter.replaceOpWithNewOp<emitc::ReturnOp>(op, status);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertTaskGraphToAscendPass
    : ptowsp::impl::ConvertTaskGraphToAscendBase<ConvertTaskGraphToAscendPass> {
  using ConvertTaskGraphToAscendBase::ConvertTaskGraphToAscendBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<AscendRuntime> parsed = parseAscendRuntime(runtime);
    if (failed(parsed)) {
      module.emitError("unknown pto-runtime flavour '")
          << runtime << "': use tensormap_and_ringbuffer or host_build_graph";
      return signalPassFailure();
    }
    LoweringState state{*parsed, {}};
    SmallVector<GraphOp> graphs = llvm::to_vector(module.getOps<GraphOp>());
    if (graphs.size() > 1) {
      graphs[1].emitOpError("is a second graph; an Ascend tree has one "
                            "orchestration (compile one workload)");
      return signalPassFailure();
    }
    if (graphs.empty())
      return;
    GraphOp graph = graphs.front();
    if (failed(checkSupported(graph)) || failed(assignFuncIds(module)))
      return signalPassFailure();
    expandArithForEmitC(graph);
    if (isPto2(state))
      scopeLoopIterations(graph);
    collectSymbols(graph, state);

    OpBuilder builder(module.getContext());
    builder.setInsertionPointToEnd(module.getBody());
    buildFile(builder, graph, state);

    TypeConverter converter;
    populateScalarEmitCTypeConversions(converter);
    MLIRContext *context = &getContext();
    bool pto2 = isPto2(state);
    converter.addConversion([=](MemRefType type) -> Type {
      return opaqueType(context, pto2 ? "Tensor" : "ptowsp::Tensor");
    });
    converter.addConversion([=](TensorRegionType type) -> Type {
      return opaqueType(context, pto2 ? "Tensor" : "ptowsp::View");
    });
    RewritePatternSet patterns(context);
    patterns.add<RegionLowering, SubmitLowering, LoadScalarLowering,
                 SymbolLowering, ScopeLowering, YieldLowering>(
        converter, context, state);
    populateIndexArithToEmitCPatterns(converter, patterns);
    populateSCFToEmitCConversionPatterns(patterns, converter);
    populateArithToEmitCPatterns(converter, patterns);
    ConversionTarget target(*context);
    // Only the orchestration is converted here: the tile kernels belong to
    // -convert-tile-to-ascend, which runs next (arith inside them too).
    target.addLegalDialect<emitc::EmitCDialect, tile::TileDialect>();
    target.addDynamicallyLegalDialect<arith::ArithDialect>(
        [](Operation *op) { return op->getParentOfType<tile::KernelOp>(); });
    target.addLegalOp<ModuleOp, UnrealizedConversionCastOp>();
    // An intermediate becomes the output of the task that writes it first:
    // that submission's lowering replaces it.
    target.addLegalOp<IntermediateOp>();
    if (failed(convertOrchestration(module, target, std::move(patterns))))
      return signalPassFailure();
    WalkResult leftover = module.walk([](IntermediateOp op) {
      op.emitOpError("is never written by a task");
      return WalkResult::interrupt();
    });
    if (leftover.wasInterrupted())
      return signalPassFailure();
  }

  /// Everything pto-runtime cannot express, as a diagnostic on the construct.
  LogicalResult checkSupported(GraphOp graph) {
    auto reject = [&](Operation *op, const Twine &what) {
      op->emitOpError() << what << " is not supported by target ascend";
      return WalkResult::interrupt();
    };
    WalkResult result = graph.getBody().walk([&](Operation *op) {
      if (isa<ChannelOp, ProcessOp, PipelineOp, SendOp, RecvOp, CloseOp>(op))
        return reject(op, "a CSP pipeline (channels and processes between "
                          "task generators)");
      if (isa<WaitAllOp>(op))
        return reject(op, "waiting for tasks inside the orchestration");
      if (auto submit = dyn_cast<SubmitOp>(op)) {
        if (!submit.getAfter().empty())
          return reject(op, "an explicit dependency (`after`)");
        if (submit.getCore() == CoreType::Mixed)
          return reject(op, "a kernel mixing cube and vector operations");
        SmallVector<int64_t> rowStrides;
        for (Value arg : submit.getArgs()) {
          if (!isa<TensorRegionType>(arg.getType()))
            continue;
          if (arg.getDefiningOp<IntermediateOp>()) {
            rowStrides.push_back(cast<TensorRegionType>(arg.getType()).getShape()[1]);
            continue;
          }
          auto region = arg.getDefiningOp<TensorRegionOp>();
          if (!region)
            return reject(op, "a view that is not a region of a graph tensor");
          FailureOr<int64_t> stride =
              getRowStride(cast<MemRefType>(region.getTensor().getType()));
          if (failed(stride))
            return reject(op, "a view of a tensor whose innermost dimension "
                              "is dynamic");
          rowStrides.push_back(*stride);
        }
        // pto-runtime's per-task argument capacity (CORE_MAX_TENSOR_ARGS,
        // CORE_MAX_SCALAR_ARGS); each view also passes its row stride.
        int64_t views = rowStrides.size();
        // The kernel's own scalars plus one row stride per view.
        int64_t scalars = (submit.getArgs().size() - views) + views;
        if (views > kMaxTaskTensors || scalars > kMaxTaskScalars)
          return reject(op, "a task with " + Twine(views) + " views and " +
                                Twine(scalars) +
                                " scalar words (row strides included; "
                                "pto-runtime passes at most " +
                                Twine(kMaxTaskTensors) + " and " +
                                Twine(kMaxTaskScalars) + ")");
        submit->setAttr(kAscendRowStridesAttr,
                        DenseI64ArrayAttr::get(op->getContext(), rowStrides));
        for (Value arg : submit.getArgs())
          if (auto region = arg.getDefiningOp<TensorRegionOp>())
            if (getTaskUse(graph, region.getTensor()).writes)
              region->setAttr(kAscendWrittenTensorAttr,
                              UnitAttr::get(op->getContext()));
      }
      if (auto load = dyn_cast<LoadScalarOp>(op)) {
        auto argument = dyn_cast<BlockArgument>(load.getTensor());
        if (!argument || argument.getOwner()->getParentOp() != graph)
          return reject(op, "a slot load from a tensor that is not a graph "
                            "argument");
        if (getTaskUse(graph, argument).writes)
          return reject(op, "a slot load from a tensor that tasks write "
                            "(data-dependent control on task results)");
        int64_t tensorIndex = 0;
        for (BlockArgument other : graph.getBody().getArguments()) {
          if (other == argument)
            break;
          tensorIndex += isa<MemRefType>(other.getType());
        }
        load->setAttr(kAscendTensorIndexAttr,
                      IntegerAttr::get(IntegerType::get(op->getContext(), 32),
                                       tensorIndex));
      }
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return failure();
    return checkSchedule(graph);
  }

  /// The schedule knobs pto-runtime honours: round_robin's scheduler count,
  /// the window size (PTO2's task ring) and exact/overlap dependencies
  /// (TensorMap finds overlaps, a superset of exact matches).
  LogicalResult checkSchedule(GraphOp graph) {
    ConfigAttr config = graph.getConfigOrDefault();
    constexpr int64_t kDefaultWindow = 8192; // #taskgraph.config's default
    auto reject = [&](StringRef knob, StringRef value) {
      return graph.emitOpError("schedule knob '")
             << knob << " " << value << "' is not supported by target ascend ("
             << runtime << ")";
    };
    if (config.getDispatch() != DispatchPolicy::RoundRobin)
      return reject("dispatch", stringifyDispatchPolicy(config.getDispatch()));
    // AICPU threads: 4 on A2/A3, one of them PTO2's orchestrator.
    int64_t maxSchedulers = runtime == "tensormap_and_ringbuffer" ? 3 : 4;
    if (config.getDispatchCount() > maxSchedulers)
      return graph.emitOpError("dispatch round_robin(")
             << config.getDispatchCount()
             << ") asks for more scheduler threads than pto-runtime's "
             << maxSchedulers << " (" << runtime << ")";
    bool pto2 = runtime == "tensormap_and_ringbuffer";
    if (config.getWindowMode() != WindowMode::Stall)
      return reject("task_window mode",
                    stringifyWindowMode(config.getWindowMode()));
    // pto-runtime ignores (with a warning) a task ring that is not a power
    // of two of at least 4: reject it here instead.
    int64_t window = config.getWindow();
    if (pto2 && (window < 4 || (window & (window - 1)) != 0))
      return graph.emitOpError("task_window ")
             << window << ": PTO2's task ring (PTO2_RING_TASK_WINDOW) needs a "
                          "power of two of at least 4";
    if (!pto2 && config.getWindow() != kDefaultWindow)
      return graph.emitOpError("a task window is not supported by target "
                               "ascend (host_build_graph builds the whole "
                               "graph before it runs)");
    if (config.getDeps() != DepsMode::Exact &&
        config.getDeps() != DepsMode::Overlap)
      return reject("deps", stringifyDepsMode(config.getDeps()));
    if (config.getReady() != ReadyPolicy::Fifo)
      return reject("ready", stringifyReadyPolicy(config.getReady()));
    if (config.getPools() != PoolPolicy::Single)
      return reject("pools", stringifyPoolPolicy(config.getPools()));
    // PTO2 runs tasks as soon as they are submitted (threshold(1)); the
    // default, unspecified start leaves that to it. host_build_graph builds
    // the whole graph first (after_orchestration).
    if (config.getStart() == StartPolicy::Threshold &&
        (!pto2 || config.getStartThreshold() > 1))
      return reject("start threshold",
                    "(" + llvm::utostr(config.getStartThreshold()) + ")");
    if (config.getStreams() != 0)
      return reject("streams", llvm::utostr(config.getStreams()));
    if (config.getTiming() != TimingPolicy::Immediate)
      return reject("timing", stringifyTimingPolicy(config.getTiming()));
    if (config.getTrace() != TracePolicy::None)
      return reject("trace", stringifyTracePolicy(config.getTrace()));
    return success();
  }

  /// Whether the graph's tasks read and write regions of `tensor`.
  struct TensorUse {
    bool reads = false, writes = false;
  };
  static TensorUse getTaskUse(GraphOp graph, Value tensor) {
    TensorUse use;
    graph.walk([&](SubmitOp submit) {
      auto modes = llvm::to_vector(submit.getAccess().getAsRange<AccessModeAttr>());
      int64_t regionIndex = 0;
      for (Value arg : submit.getArgs()) {
        if (!isa<TensorRegionType>(arg.getType()))
          continue;
        AccessMode mode = modes[regionIndex++].getValue();
        auto region = arg.getDefiningOp<TensorRegionOp>();
        if (!region || region.getTensor() != tensor)
          continue;
        use.reads |= mode != AccessMode::Write;
        use.writes |= mode != AccessMode::Read;
      }
    });
    return use;
  }

  /// Func ids in module order over the submitted kernels, and their cores.
  LogicalResult assignFuncIds(ModuleOp module) {
    llvm::StringMap<CoreType> cores;
    module.walk([&](SubmitOp submit) { cores[submit.getKernel()] = submit.getCore(); });
    int64_t next = 0;
    for (auto kernel : module.getOps<tile::KernelOp>()) {
      auto found = cores.find(kernel.getSymName());
      if (found == cores.end())
        continue;
      Builder builder(kernel.getContext());
      kernel->setAttr(kAscendFuncIdAttr, builder.getI64IntegerAttr(next++));
      kernel->setAttr(kAscendCoreAttr,
                      builder.getStringAttr(found->second == CoreType::Cube
                                                ? "aic"
                                                : "aiv"));
    }
    module.walk([&](SubmitOp submit) {
      auto kernel = module.lookupSymbol<tile::KernelOp>(submit.getKernel());
      submit->setAttr(kAscendFuncIdAttr, kernel->getAttr(kAscendFuncIdAttr));
      submit->setAttr(kAscendCoreAttr, kernel->getAttr(kAscendCoreAttr));
    });
    return success();
  }

  /// Every loop iteration of a PTO2 orchestration is a PTO2 scope: the
  /// runtime holds a reference to each task until its scope ends, so with
  /// only the executor's outer scope a workload of more tasks than the task
  /// ring (the schedule's window) would wait for ring slots forever. The
  /// intermediates a task creates are read within the same iteration.
  void scopeLoopIterations(GraphOp graph) {
    graph.walk([&](scf::ForOp loop) {
      OpBuilder builder = OpBuilder::atBlockBegin(loop.getBody());
      emitc::CallOpaqueOp::create(builder, loop.getLoc(), TypeRange{},
                                  "PTO2_SCOPE_GUARD", ValueRange{});
    });
  }

  /// Run-time symbols become orchestration scalars after the graph's own,
  /// in the order they first appear.
  void collectSymbols(GraphOp graph, LoweringState &state) {
    int64_t next = llvm::count_if(graph.getArgumentTypes(), [](Type type) {
      return !isa<MemRefType>(type);
    });
    graph.walk([&](RuntimeSymbolOp symbol) {
      if (!state.symbolIndex.count(symbol.getName())) {
        state.symbolIndex[symbol.getName()] = next++;
        state.symbolType[symbol.getName()] = getScalarArgType(symbol.getType());
      }
    });
  }

  /// The emitc.file of the orchestration: the includes, the entry (and for
  /// PTO2 the config function) with the graph body moved in, and the tree
  /// writer's metadata as attributes.
  void buildFile(OpBuilder &builder, GraphOp graph, LoweringState &state) {
    MLIRContext *context = builder.getContext();
    Location loc = graph.getLoc();
    bool pto2 = isPto2(state);
    std::string name = graph.getSymName().str();
    auto file = emitc::FileOp::create(builder, loc,
                                      "orchestration/" + name + ".cpp");
    if (file.getBodyRegion().empty())
      file.getBodyRegion().emplaceBlock();
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(&file.getBodyRegion().front());
    emitc::IncludeOp::create(builder, loc,
                             pto2 ? "ptowsp_pto2.h" : "ptowsp_hbg.h");
    Type argsType = opaqueType(context, "const ChipStorageTaskArgs &");
    auto visible = builder.getStrArrayAttr(
        {"extern \"C\" __attribute__((visibility(\"default\")))"});
    Block &graphBlock = graph.getBody().front();
    int64_t argCount = graphBlock.getNumArguments() + state.symbolIndex.size();

    if (pto2) {
      Type configType = opaqueType(context, "PTO2OrchestrationConfig");
      auto config = emitc::FuncOp::create(
          builder, loc, "aicpu_orchestration_config",
          builder.getFunctionType({argsType}, {configType}));
      config.setSpecifiersAttr(visible);
      OpBuilder::InsertionGuard inner(builder);
      builder.setInsertionPointToStart(config.addEntryBlock());
      Value value = emitc::CallOpaqueOp::create(
                        builder, loc, configType, "ptowsp::config", ValueRange{},
                        builder.getArrayAttr({builder.getI32IntegerAttr(argCount)}))
                        .getResult(0);
      emitc::ReturnOp::create(builder, loc, value);
    }

    std::string entryName = pto2 ? "aicpu_orchestration_entry" : "build_" + name;
    SmallVector<Type> inputs;
    if (!pto2)
      inputs.push_back(
          emitc::PointerType::get(opaqueType(context, "OrchestrationRuntime")));
    inputs.push_back(argsType);
    auto entry = emitc::FuncOp::create(
        builder, loc, entryName,
        builder.getFunctionType(inputs, pto2 ? TypeRange{}
                                             : TypeRange{builder.getI32Type()}));
    entry.setSpecifiersAttr(visible);
    Block *body = entry.addEntryBlock();
    builder.setInsertionPointToStart(body);
    Value orchestrationContext = body->getArgument(0);
    if (!pto2)
      orchestrationContext =
          emitc::CallOpaqueOp::create(builder, loc,
                                      opaqueType(context, "ptowsp::Graph"),
                                      "ptowsp::Graph", body->getArguments())
              .getResult(0);

    // Unpack the arguments: tensors and scalars are counted separately, as
    // in ChipStorageTaskArgs.
    SmallVector<Attribute> tensors, scalars;
    int64_t tensorIndex = 0, scalarIndex = 0;
    for (BlockArgument argument : graphBlock.getArguments()) {
      Value unpacked;
      if (auto memref = dyn_cast<MemRefType>(argument.getType())) {
        TensorUse use = getTaskUse(graph, argument);
        bool written = use.writes, read = use.reads || !written;
        SmallVector<Attribute> args = {builder.getIndexAttr(0),
                                       builder.getI32IntegerAttr(tensorIndex)};
        if (!pto2) {
          args.push_back(builder.getI64IntegerAttr(
              memref.getElementTypeBitWidth() / 8));
          args.push_back(builder.getBoolAttr(written));
        }
        unpacked = emitc::CallOpaqueOp::create(
                       builder, loc,
                       opaqueType(context, pto2 ? "Tensor" : "ptowsp::Tensor"),
                       "ptowsp::tensor_arg", orchestrationContext,
                       builder.getArrayAttr(args))
                       .getResult(0);
        tensors.push_back(builder.getDictionaryAttr(
            {builder.getNamedAttr("index", builder.getI64IntegerAttr(
                                               argument.getArgNumber())),
             builder.getNamedAttr(
                 "direction",
                 builder.getStringAttr(!written ? "IN"
                                       : read   ? "INOUT"
                                                : "OUT")),
             builder.getNamedAttr("type", TypeAttr::get(memref))}));
        ++tensorIndex;
      } else {
        Type raw = getScalarArgType(argument.getType());
        unpacked = emitc::CallOpaqueOp::create(
                       builder, loc, raw, "ptowsp::scalar_arg",
                       orchestrationContext,
                       builder.getArrayAttr(
                           {builder.getIndexAttr(0),
                            builder.getI32IntegerAttr(scalarIndex++)}),
                       builder.getArrayAttr({TypeAttr::get(raw)}))
                       .getResult(0);
        if (argument.getType().isIndex())
          unpacked = castTo(builder, loc, unpacked,
                            emitc::SizeTType::get(context));
        scalars.push_back(builder.getDictionaryAttr(
            {builder.getNamedAttr("index", builder.getI64IntegerAttr(
                                               argument.getArgNumber())),
             builder.getNamedAttr("type", TypeAttr::get(raw))}));
      }
      if (unpacked.getType() != argument.getType())
        unpacked = UnrealizedConversionCastOp::create(
                       builder, loc, argument.getType(), unpacked)
                       .getResult(0);
      argument.replaceAllUsesWith(unpacked);
    }
    // Symbols, in the order of their orchestration scalar index.
    SmallVector<std::pair<int64_t, StringRef>> symbols;
    for (auto &entry : state.symbolIndex)
      symbols.push_back({entry.getValue(), entry.getKey()});
    llvm::sort(symbols);
    SmallVector<Attribute> symbolNames;
    for (auto &[index, symbolName] : symbols)
      symbolNames.push_back(builder.getDictionaryAttr(
          {builder.getNamedAttr("name", builder.getStringAttr(symbolName)),
           builder.getNamedAttr("type",
                                TypeAttr::get(state.symbolType.lookup(symbolName)))}));
    body->getOperations().splice(body->end(), graphBlock.getOperations());

    ConfigAttr config = graph.getConfigOrDefault();
    file->setAttr(kAscendGraphAttr, builder.getStringAttr(name));
    file->setAttr(kAscendEntryAttr, builder.getStringAttr(entryName));
    file->setAttr(kAscendRuntimeAttr, builder.getStringAttr(runtime));
    file->setAttr(kAscendTensorsAttr, builder.getArrayAttr(tensors));
    file->setAttr(kAscendScalarsAttr, builder.getArrayAttr(scalars));
    file->setAttr(kAscendSymbolsAttr, builder.getArrayAttr(symbolNames));
    file->setAttr(kAscendSchedulersAttr,
                  builder.getI64IntegerAttr(config.getDispatchCount()));
    file->setAttr(kAscendWindowAttr,
                  builder.getI64IntegerAttr(config.getWindow()));
    graph.erase();
  }
};

} // namespace
