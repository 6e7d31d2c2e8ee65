//===- TaskGraphToEmitC.cpp - task graphs to cpu_sim orchestration code ---===//
//
// Lowers each taskgraph.graph to C++ orchestration code: a static body
// function that runs the task-generation program (scf loops become C++
// loops, never unrolled) and submits tasks through the orchestration API of
// runtime/include/pto-wsp/cpu_sim/orchestration.h, an extern "C" entry that
// runs it and returns a status, and an extern "C" function writing the
// graph's schedule into a runtime configuration.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Conversion/EmitCHelpers.h"
#include "pto-wsp/Conversion/OrchestrationLowering/OrchestrationLowering.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Conversion/TaskGraphToEmitC/TaskGraphToEmitC.h"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Conversion/ArithToEmitC/ArithToEmitC.h"
#include "mlir/Conversion/SCFToEmitC/SCFToEmitC.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/EmitC/Transforms/TypeConversions.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/Support/FormatVariadic.h"

namespace ptowsp {
#define GEN_PASS_DEF_CONVERTTASKGRAPHTOEMITC
#include "pto-wsp/Conversion/Passes.h.inc"
} // namespace ptowsp

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::taskgraph;

namespace {

/// The runtime handle: the first argument of the enclosing body function.
Value getRuntime(Operation *op) {
  return op->getParentOfType<emitc::FuncOp>().getArgument(0);
}

/// The graph context (arguments, symbols): the body's second argument.
Value getGraphContext(Operation *op) {
  return op->getParentOfType<emitc::FuncOp>().getArgument(1);
}

StringRef getAccessHelper(AccessMode mode) {
  switch (mode) {
  case AccessMode::Read:
    return "ptowsp::arg_in";
  case AccessMode::Write:
    return "ptowsp::arg_out";
  case AccessMode::ReadWrite:
    return "ptowsp::arg_inout";
  }
  llvm_unreachable("unknown access mode");
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// taskgraph.region -> ptowsp::region<sizes...>(tensor, offsets...).
struct RegionLowering : OpConversionPattern<TensorRegionOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TensorRegionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> operands = {adaptor.getTensor()};
    llvm::append_range(operands, adaptor.getOffsets());
    SmallVector<Attribute> sizes;
    for (int64_t size : op.getSizes())
      sizes.push_back(rewriter.getI64IntegerAttr(size));
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, getTypeConverter()->convertType(op.getType()), "ptowsp::region",
        operands, ArrayAttr(), rewriter.getArrayAttr(sizes));
    return success();
  }
};

/// taskgraph.submit -> ptowsp::submit(rt, "kernel", entry, cycles, core,
/// key, priority, stream, after, coords, args...), returning the task id. Region
/// arguments are wrapped with their access mode, scalars as scalars.
struct SubmitLowering : OpConversionPattern<SubmitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SubmitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    Location loc = op.getLoc();
    Type argType = opaqueType(context, "ptowsp::Arg");

    SmallVector<Value> taskArgs;
    auto accessModes = op.getAccess().getAsRange<AccessModeAttr>();
    auto nextAccess = accessModes.begin();
    for (auto [original, converted] :
         llvm::zip(op.getArgs(), adaptor.getArgs())) {
      StringRef helper = "ptowsp::arg_scalar";
      if (isa<TensorRegionType>(original.getType()))
        helper = getAccessHelper((*nextAccess++).getValue());
      taskArgs.push_back(emitc::CallOpaqueOp::create(rewriter, loc, argType,
                                                     helper, converted)
                             .getResult(0));
    }
    Value after =
        emitc::CallOpaqueOp::create(rewriter, loc,
                                    opaqueType(context, "ptowsp::After"),
                                    "ptowsp::after", adaptor.getAfter())
            .getResult(0);
    Value coords =
        emitc::CallOpaqueOp::create(rewriter, loc,
                                    opaqueType(context, "ptowsp::Coords"),
                                    "ptowsp::coords", adaptor.getCoords())
            .getResult(0);

    // Operands: rt, [key], [priority], [stream], after, args. Absent
    // per-task values are passed as literals the runtime ignores.
    SmallVector<Value> operands = {getRuntime(op)};
    SmallVector<Attribute> args;
    std::string kernel = op.getKernel().str();
    args.push_back(rewriter.getIndexAttr(0));
    args.push_back(cppStringLiteral(context, kernel));
    args.push_back(opaque(context, "ptowsp_kernel_" + kernel));
    args.push_back(opaque(context, "ptowsp_kernel_" + kernel + "_cycles()"));
    args.push_back(opaque(context, "PTOWSP_CORE_" +
                                       stringifyCoreType(op.getCore()).upper()));
    auto addOptional = [&](Value value, int64_t absent) {
      if (!value) {
        args.push_back(rewriter.getI64IntegerAttr(absent));
        return;
      }
      args.push_back(rewriter.getIndexAttr(operands.size()));
      operands.push_back(value);
    };
    addOptional(adaptor.getKey(), 0);
    addOptional(adaptor.getPriority(), 0);
    addOptional(adaptor.getStream(), -1);
    addOptional(after, 0);
    addOptional(coords, 0);
    for (Value arg : taskArgs)
      addOptional(arg, 0);
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, rewriter.getI64Type(), "ptowsp::submit", operands,
        rewriter.getArrayAttr(args));
    return success();
  }
};

/// taskgraph.load_scalar -> ptowsp::load_scalar(rt, tensor, indices...),
/// which waits for the element's writers.
struct LoadScalarLowering : OpConversionPattern<LoadScalarOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LoadScalarOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> operands = {getRuntime(op), adaptor.getTensor()};
    llvm::append_range(operands, adaptor.getIndices());
    // Read the element as its own type, then convert to the result type.
    Type element = cast<MemRefType>(op.getTensor().getType()).getElementType();
    Type elementType = getTypeConverter()->convertType(element);
    if (!elementType)
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Value raw = emitc::CallOpaqueOp::create(
                    rewriter, op.getLoc(), elementType, "ptowsp::load_scalar",
                    operands, ArrayAttr(),
                    rewriter.getArrayAttr(TypeAttr::get(elementType)))
                    .getResult(0);
    rewriter.replaceOp(
        op, castTo(rewriter, op.getLoc(), raw,
                   getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

/// taskgraph.symbol -> ptowsp::symbol_i64 / symbol_f64(ctx, "name").
struct SymbolLowering : OpConversionPattern<RuntimeSymbolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RuntimeSymbolOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    bool isFloat = isa<FloatType>(op.getType());
    Type raw = isFloat ? Type(rewriter.getF64Type()) : rewriter.getI64Type();
    Value value =
        emitc::CallOpaqueOp::create(
            rewriter, op.getLoc(), raw,
            isFloat ? "ptowsp::symbol_f64" : "ptowsp::symbol_i64",
            getGraphContext(op),
            operandsThen(rewriter, 1,
                         {cppStringLiteral(rewriter.getContext(), op.getName())}))
            .getResult(0);
    rewriter.replaceOp(
        op, castTo(rewriter, op.getLoc(), value,
                   getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

/// taskgraph.wait_all -> ptowsp::wait_all(rt).
struct WaitAllLowering : OpConversionPattern<WaitAllOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(WaitAllOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    emitc::CallOpaqueOp::create(rewriter, op.getLoc(), TypeRange{},
                                "ptowsp::wait_all", getRuntime(op));
    rewriter.eraseOp(op);
    return success();
  }
};

/// taskgraph.scope -> its body, inline. A scope only allows the runtime to
/// release tracking state early; cpu_sim releases it when regions are
/// overwritten, so the grouping has no further effect here.
struct ScopeLowering : OpConversionPattern<ScopeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScopeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    rewriter.eraseOp(body.getTerminator());
    rewriter.inlineBlockBefore(&body, op);
    rewriter.eraseOp(op);
    return success();
  }
};

/// The graph body's terminator -> return.
struct YieldLowering : OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<emitc::FuncOp>(op->getParentOp()))
      return failure();
    rewriter.replaceOpWithNewOp<emitc::ReturnOp>(op, Value());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// CSP: channels, processes, pipelines
//===----------------------------------------------------------------------===//

/// The payload types of a channel, as EmitC types (template arguments of the
/// orchestration helpers).
SmallVector<Attribute> getPayloadTypes(ChannelType type,
                                       const TypeConverter &converter) {
  SmallVector<Attribute> types;
  for (Type payload : type.getPayloadTypes())
    types.push_back(TypeAttr::get(converter.convertType(payload)));
  return types;
}

/// taskgraph.channel -> ptowsp::channel<payload...>(rt, "name", capacity,
/// producers).
struct ChannelLowering : OpConversionPattern<ChannelOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ChannelOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<ChannelType>(op.getType());
    rewriter.replaceOpWithNewOp<emitc::CallOpaqueOp>(
        op, getTypeConverter()->convertType(type), "ptowsp::channel",
        getRuntime(op),
        rewriter.getArrayAttr(
            {rewriter.getIndexAttr(0), cppStringLiteral(rewriter.getContext(), op.getName()),
             rewriter.getI64IntegerAttr(op.getCapacity()),
             rewriter.getI64IntegerAttr(op.getProducers())}),
        rewriter.getArrayAttr(getPayloadTypes(type, *getTypeConverter())));
    return success();
  }
};

/// taskgraph.send -> ptowsp::send(rt, channel, payload...).
struct SendLowering : OpConversionPattern<SendOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SendOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> operands = {getRuntime(op), adaptor.getChannel()};
    llvm::append_range(operands, adaptor.getPayload());
    emitc::CallOpaqueOp::create(rewriter, op.getLoc(), TypeRange{},
                                "ptowsp::send", operands);
    rewriter.eraseOp(op);
    return success();
  }
};

/// taskgraph.recv -> a token from ptowsp::recv, whether it holds one
/// (ptowsp::token_ok) and each payload value (ptowsp::token_get<i, ...>).
struct RecvLowering : OpConversionPattern<RecvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RecvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    Location loc = op.getLoc();
    auto type = cast<ChannelType>(op.getChannel().getType());
    Value token = emitc::CallOpaqueOp::create(
                      rewriter, loc, opaqueType(context, "ptowsp::Token"),
                      "ptowsp::recv",
                      ValueRange{getRuntime(op), adaptor.getChannel()})
                      .getResult(0);
    SmallVector<Value> results = {
        emitc::CallOpaqueOp::create(rewriter, loc, rewriter.getI1Type(),
                                    "ptowsp::token_ok", token)
            .getResult(0)};
    SmallVector<Attribute> payloadTypes =
        getPayloadTypes(type, *getTypeConverter());
    for (auto [index, payload] : llvm::enumerate(payloadTypes)) {
      SmallVector<Attribute> templateArgs = {rewriter.getI64IntegerAttr(index)};
      llvm::append_range(templateArgs, payloadTypes);
      results.push_back(
          emitc::CallOpaqueOp::create(
              rewriter, loc, cast<TypeAttr>(payload).getValue(),
              "ptowsp::token_get", token, ArrayAttr(),
              rewriter.getArrayAttr(templateArgs))
              .getResult(0));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// taskgraph.close -> ptowsp::close(rt, channel).
struct CloseLowering : OpConversionPattern<CloseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CloseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    emitc::CallOpaqueOp::create(rewriter, op.getLoc(), TypeRange{},
                                "ptowsp::close",
                                ValueRange{getRuntime(op), adaptor.getChannel()});
    rewriter.eraseOp(op);
    return success();
  }
};

/// taskgraph.pipeline -> its body, then ptowsp::join_processes(rt): the
/// pipeline ends when the processes it started have ended.
struct PipelineLowering : OpConversionPattern<PipelineOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PipelineOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Block &body = op.getBody().front();
    rewriter.eraseOp(body.getTerminator());
    rewriter.inlineBlockBefore(&body, op);
    emitc::CallOpaqueOp::create(rewriter, op.getLoc(), TypeRange{},
                                "ptowsp::join_processes", getRuntime(op));
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void ptowsp::populateTaskGraphToEmitCTypeConversions(
    TypeConverter &converter) {
  populateScalarEmitCTypeConversions(converter);
  converter.addConversion([](MemRefType type) -> Type {
    return opaqueType(type.getContext(), "ptowsp::Tensor");
  });
  converter.addConversion([](TensorRegionType type) -> Type {
    return opaqueType(type.getContext(), "ptowsp::Region");
  });
  converter.addConversion([](TaskType type) -> Type {
    return IntegerType::get(type.getContext(), 64);
  });
  converter.addConversion([](ChannelType type) -> Type {
    return opaqueType(type.getContext(), "ptowsp::Channel");
  });
}

void ptowsp::populateTaskGraphToEmitCPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<RegionLowering, SubmitLowering, LoadScalarLowering,
               SymbolLowering, WaitAllLowering, ScopeLowering, YieldLowering,
               ChannelLowering, SendLowering, RecvLowering, CloseLowering,
               PipelineLowering>(
      converter, patterns.getContext());
  populateIndexArithToEmitCPatterns(converter, patterns);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

/// The C++ enumerator the runtime uses for a policy value.
template <typename EnumT>
Attribute policy(MLIRContext *context, StringRef prefix, EnumT value,
                 StringRef (*stringify)(EnumT)) {
  return opaque(context, prefix + stringify(value).upper());
}

/// Bytes of one element of a tensor argument, as runners bind it: index
/// elements are 64-bit (what slot loads of index tensors read), i1 one byte.
/// None for element types cpu_sim tensors cannot hold (checkSupported
/// reports them).
static std::optional<int64_t> getElementBytes(MemRefType type) {
  Type element = type.getElementType();
  if (element.isIndex())
    return 8;
  if (element.isIntOrFloat())
    return llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
  return std::nullopt;
}

struct ConvertTaskGraphToEmitCPass
    : ptowsp::impl::ConvertTaskGraphToEmitCBase<ConvertTaskGraphToEmitCPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<GraphOp> graphs = llvm::to_vector(module.getOps<GraphOp>());
    if (graphs.empty())
      return;
    for (GraphOp graph : graphs)
      if (failed(checkSupported(graph)))
        return signalPassFailure();
    for (GraphOp graph : graphs)
      expandArithForEmitC(graph);

    OpBuilder builder(module.getContext());
    builder.setInsertionPointToStart(module.getBody());
    emitc::IncludeOp::create(builder, module.getLoc(),
                             "pto-wsp/cpu_sim/orchestration.h");
    // Orchestration goes last: it calls the kernels' entry points.
    for (GraphOp graph : graphs) {
      builder.setInsertionPointToEnd(module.getBody());
      buildBody(builder, graph);
    }

    TypeConverter converter;
    populateTaskGraphToEmitCTypeConversions(converter);
    RewritePatternSet patterns(&getContext());
    populateTaskGraphToEmitCPatterns(converter, patterns);
    populateSCFToEmitCConversionPatterns(patterns, converter);
    populateArithToEmitCPatterns(converter, patterns);
    ConversionTarget target(getContext());
    // Only the graph bodies are converted here. Tile kernels are lowered by
    // -convert-tile-to-emitc (after this pass in the cpu_sim pipeline, so
    // that the graphs can still be verified against them); anything else
    // must already be EmitC.
    target.addLegalDialect<emitc::EmitCDialect, tile::TileDialect>();
    // Scalar arithmetic inside kernels belongs to -convert-tile-to-emitc.
    target.addDynamicallyLegalDialect<arith::ArithDialect>(
        [](Operation *op) { return op->getParentOfType<tile::KernelOp>(); });
    // The casts buildBody placed between unpacked arguments and their old
    // types lose their users during the conversion; they are erased after.
    target.addLegalOp<ModuleOp, UnrealizedConversionCastOp>();
    if (failed(convertOrchestration(module, target, std::move(patterns))))
      return signalPassFailure();
  }

  /// What cpu_sim cannot run is reported here instead of failing to
  /// legalize.
  LogicalResult checkSupported(GraphOp graph) {
    for (auto [index, argument] :
         llvm::enumerate(graph.getBody().front().getArguments()))
      if (auto memref = dyn_cast<MemRefType>(argument.getType()))
        if (!getElementBytes(memref))
          return graph.emitOpError("argument #")
                 << index << " has element type " << memref.getElementType()
                 << "; cpu_sim tensors hold integers, floats or index";
    WalkResult result = graph.getBody().walk([&](Operation *op) {
      if (auto load = dyn_cast<LoadScalarOp>(op))
        if (!isa<IntegerType, IndexType>(
                cast<MemRefType>(load.getTensor().getType()).getElementType())) {
          load.emitOpError("reads a non-integer element; cpu_sim slot loads "
                           "read integer tensors");
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return failure();
    ConfigAttr config = graph.getConfigOrDefault();
    if (config.getWindowMode() == WindowMode::Benchmark)
      return graph.emitOpError("window mode 'benchmark' is not supported by "
                               "target cpu_sim");
    if (config.getTiming() == TimingPolicy::Batched)
      return graph.emitOpError("timing 'batched' is not supported by target "
                               "cpu_sim");
    return success();
  }

  /// Replaces `graph` by a static body function taking (runtime, context),
  /// whose entry unpacks the arguments, and adds the extern "C" entry and
  /// configuration functions.
  void buildBody(OpBuilder &builder, GraphOp graph) {
    MLIRContext *context = builder.getContext();
    Location loc = graph.getLoc();
    std::string name = graph.getSymName().str();
    Type runtimeType = emitc::PointerType::get(
        opaqueType(context, "ptowsp_runtime"));
    Type argsType = emitc::PointerType::get(
        opaqueType(context, "const ptowsp_graph_context"));

    auto body = emitc::FuncOp::create(
        builder, loc, "ptowsp_graph_body_" + name,
        builder.getFunctionType({runtimeType, argsType}, {}));
    body.setSpecifiersAttr(builder.getStrArrayAttr({"static"}));
    Block *entry = body.addEntryBlock();
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(entry);
    Value runtime = entry->getArgument(0), graphContext = entry->getArgument(1);

    Block &graphBlock = graph.getBody().front();
    for (auto [index, argument] : llvm::enumerate(graphBlock.getArguments())) {
      Value unpacked;
      if (auto memref = dyn_cast<MemRefType>(argument.getType())) {
        // ptowsp::tensor checks the bound buffer's rank and static sizes.
        SmallVector<Attribute> trailing = {
            builder.getI32IntegerAttr(index),
            builder.getI64IntegerAttr(*getElementBytes(memref)),
            cppStringLiteral(context, llvm::formatv("arg{0}", index).str())};
        for (int64_t dim : memref.getShape())
          trailing.push_back(builder.getI64IntegerAttr(
              ShapedType::isDynamic(dim) ? -1 : dim));
        unpacked = emitc::CallOpaqueOp::create(
                       builder, loc, opaqueType(context, "ptowsp::Tensor"),
                       "ptowsp::tensor", ValueRange{runtime, graphContext},
                       operandsThen(builder, 2, trailing))
                       .getResult(0);
      } else {
        bool isFloat = isa<FloatType>(argument.getType());
        Type raw = isFloat ? Type(builder.getF64Type()) : builder.getI64Type();
        unpacked = emitc::CallOpaqueOp::create(
                       builder, loc, raw,
                       isFloat ? "ptowsp::graph_f64" : "ptowsp::graph_i64",
                       graphContext,
                       operandsThen(builder, 1,
                                    {builder.getI32IntegerAttr(index)}))
                       .getResult(0);
        Type target = argument.getType();
        if (target.isIndex())
          target = emitc::SizeTType::get(context);
        unpacked = castTo(builder, loc, unpacked, target);
      }
      if (unpacked.getType() != argument.getType())
        unpacked = UnrealizedConversionCastOp::create(
                       builder, loc, argument.getType(), unpacked)
                       .getResult(0);
      argument.replaceAllUsesWith(unpacked);
    }
    entry->getOperations().splice(entry->end(), graphBlock.getOperations());
    outlineProcesses(builder, body);

    builder.setInsertionPointAfter(body);
    buildEntry(builder, loc, name, runtimeType, argsType);
    buildConfig(builder, loc, name, graph.getConfigOrDefault());
    graph.erase();
  }

  /// Replaces every taskgraph.process in `function` by a static function
  /// (runtime, context, instance, captured values...) placed before
  /// `function` and a call ptowsp::spawn(rt, ctx, "name", instances,
  /// function, captured values...). Values are handed over through casts to
  /// their converted types, which the conversion folds away.
  void outlineProcesses(OpBuilder &builder, emitc::FuncOp function) {
    MLIRContext *context = builder.getContext();
    TypeConverter converter;
    populateTaskGraphToEmitCTypeConversions(converter);
    SmallVector<ProcessOp> processes;
    function.walk([&](ProcessOp process) { processes.push_back(process); });
    int64_t counter = 0;
    for (ProcessOp process : processes) {
      Location loc = process.getLoc();
      llvm::SetVector<Value> captures;
      getUsedValuesDefinedAbove(process.getBody(), captures);

      // The spawn, with each captured value cast to its converted type.
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPoint(process);
      SmallVector<Value> operands = {function.getArgument(0),
                                     function.getArgument(1)};
      SmallVector<Type> inputs = {function.getArgument(0).getType(),
                                  function.getArgument(1).getType(),
                                  emitc::SizeTType::get(context)};
      for (Value capture : captures) {
        Type type = converter.convertType(capture.getType());
        inputs.push_back(type);
        operands.push_back(
            type == capture.getType()
                ? capture
                : UnrealizedConversionCastOp::create(builder, loc, type, capture)
                      .getResult(0));
      }
      std::string name =
          (function.getSymName() + "_process" + Twine(counter++)).str();
      SmallVector<Attribute> args = {
          builder.getIndexAttr(0), builder.getIndexAttr(1),
          cppStringLiteral(context, process.getName()),
          builder.getI64IntegerAttr(process.getInstances()),
          opaque(context, name)};
      for (size_t index = 2; index < operands.size(); ++index)
        args.push_back(builder.getIndexAttr(index));
      emitc::CallOpaqueOp::create(builder, loc, TypeRange{}, "ptowsp::spawn",
                                  operands, builder.getArrayAttr(args));

      // The body, outlined.
      builder.setInsertionPoint(function);
      auto outlined = emitc::FuncOp::create(
          builder, loc, name, builder.getFunctionType(inputs, {}));
      outlined.setSpecifiersAttr(builder.getStrArrayAttr({"static"}));
      Block *entry = outlined.addEntryBlock();
      builder.setInsertionPointToStart(entry);
      Value instance = UnrealizedConversionCastOp::create(
                           builder, loc, builder.getIndexType(),
                           entry->getArgument(2))
                           .getResult(0);
      for (auto [index, capture] : llvm::enumerate(captures)) {
        Value inside = entry->getArgument(3 + index);
        if (inside.getType() != capture.getType())
          inside = UnrealizedConversionCastOp::create(builder, loc,
                                                      capture.getType(), inside)
                       .getResult(0);
        replaceAllUsesInRegionWith(capture, inside, process.getBody());
      }
      Block &body = process.getBody().front();
      body.getArgument(0).replaceAllUsesWith(instance);
      entry->getOperations().splice(entry->end(), body.getOperations());
      process.erase();
    }
  }

  /// extern "C" int32_t ptowsp_graph_<name>(rt, ctx): runs the body and
  /// turns any orchestration error into a status (ptowsp::run_graph).
  void buildEntry(OpBuilder &builder, Location loc, StringRef name,
                  Type runtimeType, Type argsType) {
    MLIRContext *context = builder.getContext();
    auto entry = emitc::FuncOp::create(
        builder, loc, ("ptowsp_graph_" + name).str(),
        builder.getFunctionType({runtimeType, argsType},
                                {builder.getI32Type()}));
    entry.setSpecifiersAttr(builder.getStrArrayAttr({"extern \"C\""}));
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(entry.addEntryBlock());
    Value status =
        emitc::CallOpaqueOp::create(
            builder, loc, builder.getI32Type(), "ptowsp::run_graph",
            entry.getArguments(),
            builder.getArrayAttr(
                {opaque(context, "ptowsp_graph_body_" + name),
                 builder.getIndexAttr(0), builder.getIndexAttr(1)}))
            .getResult(0);
    emitc::ReturnOp::create(builder, loc, status);
    builder.setInsertionPointAfter(entry);
  }

  /// extern "C" void ptowsp_graph_<name>_config(ptowsp_config *): every
  /// field of the graph's schedule, in the runtime's terms.
  void buildConfig(OpBuilder &builder, Location loc, StringRef name,
                   ConfigAttr config) {
    MLIRContext *context = builder.getContext();
    Type configType =
        emitc::PointerType::get(opaqueType(context, "ptowsp_config"));
    auto function = emitc::FuncOp::create(
        builder, loc, ("ptowsp_graph_" + name + "_config").str(),
        builder.getFunctionType({configType}, {}));
    function.setSpecifiersAttr(builder.getStrArrayAttr({"extern \"C\""}));
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(function.addEntryBlock());
    SmallVector<Attribute> fields = {
        builder.getIndexAttr(0),
        policy(context, "PTOWSP_DISPATCH_", config.getDispatch(),
               stringifyDispatchPolicy),
        builder.getI64IntegerAttr(config.getDispatchCount()),
        builder.getI64IntegerAttr(config.getWindow()),
        policy(context, "PTOWSP_WINDOW_", config.getWindowMode(),
               stringifyWindowMode),
        policy(context, "PTOWSP_DEPS_", config.getDeps(), stringifyDepsMode),
        policy(context, "PTOWSP_READY_", config.getReady(),
               stringifyReadyPolicy),
        policy(context, "PTOWSP_POOLS_", config.getPools(),
               stringifyPoolPolicy),
        policy(context, "PTOWSP_START_", config.getStart(),
               stringifyStartPolicy),
        builder.getI64IntegerAttr(config.getStartThreshold()),
        builder.getI64IntegerAttr(config.getStreams()),
        policy(context, "PTOWSP_TRACE_", config.getTrace(),
               stringifyTracePolicy)};
    emitc::CallOpaqueOp::create(builder, loc, TypeRange{}, "ptowsp::configure",
                                function.getArgument(0),
                                builder.getArrayAttr(fields));
    emitc::ReturnOp::create(builder, loc, Value());
  }
};

} // namespace
