//===- OrchestrationLowering.cpp - shared by the task-graph lowerings -----===//

#include "pto-wsp/Conversion/OrchestrationLowering/OrchestrationLowering.h"

#include "pto-wsp/Conversion/EmitCHelpers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

using namespace mlir;
using namespace ptowsp;

Attribute ptowsp::cppStringLiteral(MLIRContext *context, StringRef text) {
  return opaque(context, "\"" + text + "\"");
}

Value ptowsp::castTo(OpBuilder &builder, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return emitc::CastOp::create(builder, loc, type, value);
}

namespace {

/// arith.divui / remui / andi / ori / xori on index -> C++ /, %, &, |, ^ on
/// size_t, which is unsigned (the upstream arith lowering handles integers
/// only).
template <typename ArithOp, typename EmitCOp>
struct UnsignedIndexLowering : OpConversionPattern<ArithOp> {
  using OpConversionPattern<ArithOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArithOp op, typename ArithOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!op.getType().isIndex())
      return failure();
    rewriter.replaceOpWithNewOp<EmitCOp>(
        op, this->getTypeConverter()->convertType(op.getType()),
        adaptor.getLhs(), adaptor.getRhs());
    return success();
  }
};

/// arith.divsi / arith.remsi on index -> C++ / and % on ptrdiff_t, cast back
/// to size_t. The upstream lowering divides the size_t operands as they are,
/// which is unsigned division: wrong for negative values. Registered with a
/// higher benefit than the upstream pattern, which also matches.
template <typename ArithOp, typename EmitCOp>
struct SignedIndexLowering : OpConversionPattern<ArithOp> {
  using OpConversionPattern<ArithOp>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArithOp op, typename ArithOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!op.getType().isIndex())
      return failure();
    Location loc = op.getLoc();
    Type signedType = emitc::PtrDiffTType::get(rewriter.getContext());
    Value result =
        EmitCOp::create(rewriter, loc, signedType,
                        castTo(rewriter, loc, adaptor.getLhs(), signedType),
                        castTo(rewriter, loc, adaptor.getRhs(), signedType));
    rewriter.replaceOp(
        op, castTo(rewriter, loc, result,
                   this->getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

} // namespace

void ptowsp::populateIndexArithToEmitCPatterns(TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<UnsignedIndexLowering<arith::DivUIOp, emitc::DivOp>,
               UnsignedIndexLowering<arith::RemUIOp, emitc::RemOp>,
               UnsignedIndexLowering<arith::AndIOp, emitc::BitwiseAndOp>,
               UnsignedIndexLowering<arith::OrIOp, emitc::BitwiseOrOp>,
               UnsignedIndexLowering<arith::XOrIOp, emitc::BitwiseXorOp>>(
      converter, patterns.getContext());
  patterns.add<SignedIndexLowering<arith::DivSIOp, emitc::DivOp>,
               SignedIndexLowering<arith::RemSIOp, emitc::RemOp>>(
      converter, patterns.getContext(), /*benefit=*/2);
}

void ptowsp::expandArithForEmitC(Operation *root) {
  // A single walk: the expansions' results need no further expansion, and
  // nothing else is folded or erased.
  RewritePatternSet patterns(root->getContext());
  arith::populateArithExpandOpsPatterns(patterns);
  walkAndApplyPatterns(root, std::move(patterns));
}

LogicalResult ptowsp::convertOrchestration(ModuleOp module,
                                           ConversionTarget &target,
                                           RewritePatternSet &&patterns) {
  if (failed(applyFullConversion(module, target, std::move(patterns))))
    return failure();
  SmallVector<UnrealizedConversionCastOp> casts, remaining;
  module.walk([&](UnrealizedConversionCastOp cast) { casts.push_back(cast); });
  reconcileUnrealizedCasts(casts, &remaining);
  for (UnrealizedConversionCastOp cast : remaining) {
    if (!cast->use_empty())
      return cast.emitOpError("graph argument still used after the conversion");
    cast.erase();
  }
  return success();
}
