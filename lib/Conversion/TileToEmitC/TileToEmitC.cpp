//===- TileToEmitC.cpp - tile kernels to EmitC PTO-ISA calls --------------===//
//
// Lowers tile kernels to EmitC functions whose bodies bind tiles to their
// planned buffers (pto::alloc_tile) and call one PTO-ISA instruction per tile
// operation. The cpu_sim runtime headers implement those instructions on CPU.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Conversion/EmitCHelpers.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileIsa.h"

#include "mlir/Conversion/ArithToEmitC/ArithToEmitC.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/EmitC/Transforms/TypeConversions.h"
#include "llvm/Support/FormatVariadic.h"

namespace ptowsp {
#define GEN_PASS_DEF_CONVERTTILETOEMITC
#include "pto-wsp/Conversion/Passes.h.inc"
} // namespace ptowsp

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::tile;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

std::string ptowsp::getCppElementType(Type element) {
  if (element.isF32())
    return "float";
  if (element.isF16())
    return "pto::half";
  if (element.isBF16())
    return "pto::bfloat16";
  if (element.isInteger(1) || element.isUnsignedInteger(8))
    return "uint8_t";
  auto integer = cast<IntegerType>(element);
  return llvm::formatv("int{0}_t", integer.getWidth()).str();
}

void ptowsp::populateTileToEmitCTypeConversions(TypeConverter &converter) {
  populateScalarEmitCTypeConversions(converter);
  // 16-bit float scalars use the runtime's own types, like tile elements
  // (the compiler's _Float16/__bf16 need runtime support that a kernel
  // library does not link).
  converter.addConversion([](FloatType type) -> std::optional<Type> {
    if (!type.isF16() && !type.isBF16())
      return std::nullopt;
    return opaqueType(type.getContext(),
                                  getCppElementType(type));
  });
  converter.addConversion([](TileType type) -> Type {
    return opaqueType(
        type.getContext(),
        llvm::formatv("pto::Tile<{0}, {1}, {2}>",
                      getCppElementType(type.getElementType()),
                      type.getRows(), type.getCols())
            .str());
  });
  converter.addConversion([](ViewType type) -> Type {
    return opaqueType(
        type.getContext(),
        "pto::GlobalView<" + getCppElementType(type.getElementType()) + ">");
  });
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {

/// The C++ function of a kernel: prefixed, so that any symbol name (even a
/// C++ keyword such as `double`) gives a valid, non-clashing identifier.
std::string getKernelFunctionName(StringRef kernel) {
  return ("ptowsp_tile_" + kernel).str();
}

/// Binds a fresh tile descriptor to the buffer and offset that
/// -tile-plan-buffers recorded for `result`.
FailureOr<Value> allocateTile(ConversionPatternRewriter &rewriter,
                              const TypeConverter &converter, OpResult result) {
  Operation *producer = result.getOwner();
  auto buffers = producer->getAttrOfType<ArrayAttr>(kBuffersAttrName);
  if (!buffers || buffers.size() != producer->getNumResults())
    return rewriter.notifyMatchFailure(producer, "no buffer placement");
  auto buffer = cast<BufferAttr>(buffers[result.getResultNumber()]);
  MLIRContext *context = rewriter.getContext();
  Type tileType = converter.convertType(result.getType());
  std::string space =
      "pto::Space::" + stringifyMemorySpace(buffer.getSpace()).upper();
  auto call = emitc::CallOpaqueOp::create(
      rewriter, producer->getLoc(), tileType, "pto::alloc_tile", ValueRange{},
      rewriter.getArrayAttr({opaque(context, space),
                             rewriter.getI64IntegerAttr(buffer.getOffset())}),
      rewriter.getArrayAttr({TypeAttr::get(tileType)}));
  return call.getResult(0);
}

/// Attribute arguments an instruction takes after its tile operands.
SmallVector<Attribute> getTrailingArgs(Operation *op) {
  MLIRContext *context = op->getContext();
  Builder builder(context);
  if (auto cast = dyn_cast<CastOp>(op))
    return {opaque(context,
                   "pto::RoundMode::" + stringifyRoundMode(cast.getRound()).upper())};
  if (auto cmp = dyn_cast<CmpOp>(op))
    return {opaque(context, "pto::CmpMode::" +
                                stringifyCmpPredicate(cmp.getPredicate()).upper())};
  if (auto cmps = dyn_cast<CmpSOp>(op))
    return {opaque(context, "pto::CmpMode::" +
                                stringifyCmpPredicate(cmps.getPredicate()).upper())};
  if (auto iota = dyn_cast<IotaOp>(op))
    return {builder.getI32IntegerAttr(iota.getStart())};
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    // A literal of the element's kind; the instruction converts it.
    if (auto value = dyn_cast<FloatAttr>(constant.getValue()))
      return {builder.getF32FloatAttr(value.getValueAsDouble())};
    return {builder.getI64IntegerAttr(
        cast<IntegerAttr>(constant.getValue()).getInt())};
  }
  return {};
}

/// The instruction's source operands in PTO-ISA order: the op's own order,
/// except that TMATMUL_ACC takes the accumulator before the factors.
template <typename OpT>
SmallVector<Value> getSourceOperands(OpT, typename OpT::Adaptor adaptor) {
  return llvm::to_vector(adaptor.getOperands());
}
template <>
SmallVector<Value> getSourceOperands(MatmulOp, MatmulOp::Adaptor adaptor) {
  SmallVector<Value> sources;
  if (adaptor.getAcc())
    sources.push_back(adaptor.getAcc());
  sources.append({adaptor.getLhs(), adaptor.getRhs()});
  return sources;
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// tile.kernel -> emitc.func with converted argument types.
struct KernelLowering : OpConversionPattern<KernelOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(KernelOp kernel, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<Type> inputs = kernel.getArgumentTypes();
    TypeConverter::SignatureConversion signature(inputs.size());
    if (failed(getTypeConverter()->convertSignatureArgs(inputs, signature)))
      return kernel.emitOpError("has an argument type without a cpu_sim "
                                "lowering");
    auto func = emitc::FuncOp::create(
        rewriter, kernel.getLoc(), getKernelFunctionName(kernel.getSymName()),
        rewriter.getFunctionType(signature.getConvertedTypes(), {}));
    rewriter.inlineRegionBefore(kernel.getBody(), func.getBody(), func.end());
    if (failed(rewriter.convertRegionTypes(&func.getBody(),
                                           *getTypeConverter(), &signature)))
      return failure();
    rewriter.eraseOp(kernel);
    return success();
  }
};

/// tile.return -> emitc.return.
struct ReturnLowering : OpConversionPattern<ReturnOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReturnOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<emitc::ReturnOp>(op, Value());
    return success();
  }
};

/// A tile op that is one PTO-ISA instruction -> allocate its result tiles and
/// call `pto::<INSTRUCTION>(results..., operands..., trailing args...)`.
template <typename OpT>
struct InstructionLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<std::string> instruction = getIsaInstruction(op);
    if (failed(instruction))
      return failure();
    SmallVector<Value> results;
    for (OpResult result : op->getResults()) {
      FailureOr<Value> tile =
          allocateTile(rewriter, *this->getTypeConverter(), result);
      if (failed(tile))
        return failure();
      results.push_back(*tile);
    }
    SmallVector<Value> operands(results);
    llvm::append_range(operands, getSourceOperands(op, adaptor));
    SmallVector<Attribute> trailing = getTrailingArgs(op);
    ArrayAttr args = trailing.empty()
                         ? ArrayAttr()
                         : operandsThen(rewriter, operands.size(), trailing);
    emitc::CallOpaqueOp::create(rewriter, op.getLoc(), TypeRange{},
                                "pto::" + *instruction, operands, args);
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// tile.store -> pto::TSTORE(view, tile[, rows, cols]): the destination
/// comes first, as in PTO-ISA.
struct StoreLowering : OpConversionPattern<StoreOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StoreOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> operands = {adaptor.getView(), adaptor.getValue()};
    if (adaptor.getValidRows())
      operands.append({adaptor.getValidRows(), adaptor.getValidCols()});
    emitc::CallOpaqueOp::create(rewriter, op.getLoc(), TypeRange{},
                                "pto::TSTORE", operands);
    rewriter.eraseOp(op);
    return success();
  }
};

/// tile.rowmean -> TROWSUM, then TDIVS by the source's valid column count
/// (so a partial tile averages only its valid columns).
struct RowMeanLowering : OpConversionPattern<RowMeanOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RowMeanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<Value> sum = allocateTile(rewriter, *getTypeConverter(),
                                        cast<OpResult>(op.getResult()));
    if (failed(sum))
      return failure();
    Location loc = op.getLoc();
    emitc::CallOpaqueOp::create(rewriter, loc, TypeRange{}, "pto::TROWSUM",
                                ValueRange{*sum, adaptor.getSource()});
    Value count =
        emitc::CallOpaqueOp::create(rewriter, loc, rewriter.getI32Type(),
                                    "pto::valid_cols", adaptor.getSource())
            .getResult(0);
    Value divisor =
        emitc::CastOp::create(rewriter, loc, rewriter.getF32Type(), count);
    emitc::CallOpaqueOp::create(rewriter, loc, TypeRange{}, "pto::TDIVS",
                                ValueRange{*sum, *sum, divisor});
    rewriter.replaceOp(op, *sum);
    return success();
  }
};

template <typename... OpTs>
void addInstructionLowerings(TypeConverter &converter,
                             RewritePatternSet &patterns) {
  (patterns.add<InstructionLowering<OpTs>>(converter, patterns.getContext()),
   ...);
}

} // namespace

void ptowsp::populateTileToEmitCPatterns(TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<KernelLowering, ReturnLowering, StoreLowering, RowMeanLowering>(
      converter, patterns.getContext());
  addInstructionLowerings<
      LoadOp, MoveOp, AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, BroadcastOp,
      AddSOp, SubSOp, MulSOp, DivSOp, MaxSOp, MinSOp, ExpOp, LogOp, SqrtOp,
      RsqrtOp, RecipOp, AbsOp, NegOp, ReluOp, RowSumOp, RowMaxOp, RowMinOp,
      ColSumOp, ColMaxOp, ColMinOp, MatmulOp, CastOp, FillOp, ConstantOp,
      CmpOp, CmpSOp, SelectOp, TransposeOp, IotaOp, Sort32Op, TopKOp>(
      converter, patterns);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

/// What the cpu_sim entry point of one kernel needs to know.
struct KernelSignature {
  std::string name;
  SmallVector<Type> inputs;
  int64_t cycles;
  Location loc;
};

struct ConvertTileToEmitCPass
    : ptowsp::impl::ConvertTileToEmitCBase<ConvertTileToEmitCPass> {
  using ConvertTileToEmitCBase::ConvertTileToEmitCBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<KernelSignature> kernels;
    for (auto kernel : module.getOps<KernelOp>()) {
      if (failed(checkSupported(kernel)))
        return signalPassFailure();
      std::optional<int64_t> cycles = kernel.getEstimatedCycles();
      if (entryPoints && !cycles) {
        kernel.emitOpError("has no cycle estimate; run -tile-estimate-cycles "
                           "before -convert-tile-to-emitc");
        return signalPassFailure();
      }
      kernels.push_back({kernel.getSymName().str(),
                         llvm::to_vector(kernel.getArgumentTypes()),
                         cycles.value_or(0), kernel.getLoc()});
    }

    TypeConverter converter;
    populateTileToEmitCTypeConversions(converter);
    RewritePatternSet patterns(&getContext());
    populateTileToEmitCPatterns(converter, patterns);
    populateArithToEmitCPatterns(converter, patterns);
    ConversionTarget target(getContext());
    // The result is EmitC only; the module itself stays.
    target.addLegalDialect<emitc::EmitCDialect>();
    target.addLegalOp<ModuleOp>();
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();

    OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
    if (!kernels.empty()) {
      emitc::IncludeOp::create(builder, module.getLoc(),
                               "pto-wsp/cpu_sim/pto_isa.h");
      if (entryPoints)
        emitc::IncludeOp::create(builder, module.getLoc(),
                                 "pto-wsp/cpu_sim/kernel_abi.h");
    }
    // Entry points follow their kernel, so code placed later in the module
    // (task-graph orchestration) can refer to them.
    if (entryPoints)
      for (const KernelSignature &kernel : kernels) {
        builder.setInsertionPointAfter(
            module.lookupSymbol(getKernelFunctionName(kernel.name)));
        buildEntryPoints(builder, converter, kernel);
      }
  }

  /// Every op of a kernel body must be a tile or arith op: anything else has
  /// no cpu_sim lowering, and saying so beats a generic legalization failure.
  LogicalResult checkSupported(KernelOp kernel) {
    WalkResult result = kernel.getBody().walk([&](Operation *op) {
      if (isa<TileDialect, arith::ArithDialect>(op->getDialect()))
        return WalkResult::advance();
      op->emitOpError("is not supported in tile kernels by target cpu_sim");
      return WalkResult::interrupt();
    });
    return failure(result.wasInterrupted());
  }

  /// extern "C" void ptowsp_kernel_<name>(const ptowsp_arg *args) unpacks
  /// the arguments and calls the kernel; ptowsp_kernel_<name>_cycles()
  /// returns its estimate.
  void buildEntryPoints(OpBuilder &builder, const TypeConverter &converter,
                        const KernelSignature &kernel) {
    MLIRContext *context = builder.getContext();
    Location loc = kernel.loc;
    auto externC = builder.getStrArrayAttr({"extern \"C\""});
    Type argsType = emitc::PointerType::get(
        opaqueType(context, "const ptowsp_arg"));

    auto entry = emitc::FuncOp::create(
        builder, loc, "ptowsp_kernel_" + kernel.name,
        builder.getFunctionType({argsType}, {}));
    entry.setSpecifiersAttr(externC);
    Block *body = entry.addEntryBlock();
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(body);
    Value args = body->getArgument(0);
    SmallVector<Value> operands;
    for (auto [index, input] : llvm::enumerate(kernel.inputs)) {
      Type converted = converter.convertType(input);
      ArrayAttr position = builder.getArrayAttr(
          {builder.getIndexAttr(0), builder.getI64IntegerAttr(index)});
      if (auto view = dyn_cast<ViewType>(input)) {
        Type element = opaqueType(
            context, getCppElementType(view.getElementType()));
        operands.push_back(emitc::CallOpaqueOp::create(
                               builder, loc, converted, "pto::arg_view", args,
                               position, builder.getArrayAttr(TypeAttr::get(element)))
                               .getResult(0));
        continue;
      }
      bool isFloat = isa<FloatType>(input);
      Type raw = isFloat ? Type(builder.getF64Type()) : builder.getI64Type();
      Value value = emitc::CallOpaqueOp::create(
                        builder, loc, raw,
                        isFloat ? "pto::arg_f64" : "pto::arg_i64", args,
                        position)
                        .getResult(0);
      operands.push_back(
          converted == raw
              ? value
              : Value(emitc::CastOp::create(builder, loc, converted, value)));
    }
    emitc::CallOpaqueOp::create(builder, loc, TypeRange{},
                                getKernelFunctionName(kernel.name), operands);
    emitc::ReturnOp::create(builder, loc, Value());

    builder.setInsertionPointAfter(entry);
    auto cycles = emitc::FuncOp::create(
        builder, loc, "ptowsp_kernel_" + kernel.name + "_cycles",
        builder.getFunctionType({}, {builder.getI64Type()}));
    cycles.setSpecifiersAttr(externC);
    builder.setInsertionPointToStart(cycles.addEntryBlock());
    Value total = emitc::ConstantOp::create(
        builder, loc, builder.getI64Type(),
        builder.getI64IntegerAttr(kernel.cycles));
    emitc::ReturnOp::create(builder, loc, total);
  }
};

} // namespace
