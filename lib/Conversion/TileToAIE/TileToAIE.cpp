//===- TileToAIE.cpp - tile kernels to plain-C++ AIE core kernels ---------===//
//
// Lowers every submitted tile.kernel to an emitc.file "kernels/<name>.cc"
// holding the C function an AIE core calls:
//
//   extern "C" void k(float *x, int32_t x_offset, int32_t x_ld, ..., float s)
//
// (each view is a pointer, the element offset of the tile and its row
// stride; scalars keep their type). An AIE core has no buffer placement to
// follow and no pipes to synchronise: each tile is a dense stack array and
// each operation one call of a template of ptowsp_aie_kernel.h
// (runtime/include/pto-wsp/aie), which computes like cpu_sim. So, like the
// Ascend kernel lowering, this is a direct walk over each straight-line
// kernel body building the EmitC function; the shapes become template
// arguments and the broadcast kind of each operand a template argument too
// (either side may be broadcast, so -tile-legalize-broadcast is not needed).
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Conversion/TileToAIE/TileToAIE.h"

#include "pto-wsp/Conversion/EmitCHelpers.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

namespace ptowsp {
#define GEN_PASS_DEF_CONVERTTILETOAIE
#include "pto-wsp/Conversion/Passes.h.inc"
} // namespace ptowsp

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::tile;

FailureOr<std::string> ptowsp::getAIEElementTypeName(Type element) {
  if (element.isF32())
    return std::string("float");
  if (element.isF16())
    return std::string("_Float16");
  if (element.isBF16())
    return std::string("__bf16");
  if (element.isInteger(1) || element.isUnsignedInteger(8))
    return std::string("uint8_t");
  if (element.isSignlessInteger(8) || element.isSignlessInteger(16) ||
      element.isSignlessInteger(32))
    return "int" + std::to_string(element.getIntOrFloatBitWidth()) + "_t";
  return failure();
}

namespace {

//===----------------------------------------------------------------------===//
// Type conversion
//===----------------------------------------------------------------------===//

/// The EmitC element type of a tile in global memory: the builtin type,
/// whose C spelling getAIEElementTypeName gives (i1 masks are bytes).
Type getGlobalElementType(Type element) {
  if (element.isInteger(1))
    return IntegerType::get(element.getContext(), 8, IntegerType::Unsigned);
  return element;
}

/// The EmitC type of a scalar kernel parameter: its own type, index as
/// int64_t.
FailureOr<Type> getScalarType(Type type) {
  if (type.isIndex())
    return Type(IntegerType::get(type.getContext(), 64));
  if (emitc::isSupportedEmitCType(type))
    return type;
  return failure();
}

/// The kind of operand `operand` is to a result of type `result`, as the
/// header's ptowsp::aie::Operand: the whole tile, an Rx1 column or a 1xC
/// row.
StringRef getOperandKind(TileType operand, TileType result) {
  if (operand.getShape() == result.getShape())
    return "ptowsp::aie::Operand::Full";
  if (operand.getRows() == result.getRows() && operand.getCols() == 1)
    return "ptowsp::aie::Operand::Column";
  return "ptowsp::aie::Operand::Row";
}

/// A C identifier: the kernel's name is the C function's name.
bool isCIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

//===----------------------------------------------------------------------===//
// The kernel builder
//===----------------------------------------------------------------------===//

/// Builds one kernel's emitc.func: the ABI parameters, a stack array per
/// tile value and one header call per tile operation.
class KernelBuilder {
public:
  KernelBuilder(KernelOp kernel, OpBuilder &builder)
      : kernel(kernel), builder(builder), context(kernel.getContext()) {}

  /// Creates `extern "C" void <kernel>(...)` at the builder's insertion
  /// point.
  LogicalResult build();
  /// Bytes of the stack arrays the function declares.
  int64_t getStackBytes() const { return stackBytes; }

private:
  /// The three C parameters of a view.
  struct GlobalTile {
    Value data, offset, leadingDimension;
  };

  LogicalResult lower(Operation *op);
  LogicalResult lowerLoad(LoadOp op);
  LogicalResult lowerStore(StoreOp op);

  /// The callee of `op` in the header and its template arguments after the
  /// shape; fails (with a diagnostic) for operations without one.
  LogicalResult getCallee(Operation *op, std::string &callee,
                          SmallVector<Attribute> &templateArgs);
  /// A fresh `alignas(64) T v[R * C];` for `result`.
  FailureOr<Value> declareTile(Value result);
  /// A scalar operand: a kernel parameter or an arith constant.
  Value getScalar(Value value);
  /// `ptowsp::aie::<callee><templateArgs>(operands..., trailing...)`.
  void call(Location loc, StringRef callee, ArrayRef<Attribute> templateArgs,
            ValueRange operands, ArrayRef<Attribute> trailing = {});
  Attribute getInt(int64_t value) { return builder.getI64IntegerAttr(value); }

  KernelOp kernel;
  OpBuilder &builder;
  MLIRContext *context;
  /// The arrays of tile values and the parameters of scalar arguments.
  llvm::DenseMap<Value, Value> values;
  /// The parameters of view arguments.
  llvm::DenseMap<Value, GlobalTile> views;
  int64_t stackBytes = 0;
};

LogicalResult KernelBuilder::build() {
  Location loc = kernel.getLoc();
  if (!isCIdentifier(kernel.getSymName()))
    return kernel.emitOpError("name '")
           << kernel.getSymName()
           << "' is not a C identifier; target aie names the kernel's C "
              "function after it";

  // Views first become (pointer, offset, row stride), in argument order.
  SmallVector<Type> parameters;
  Type i32 = builder.getI32Type();
  for (auto [index, type] : llvm::enumerate(kernel.getArgumentTypes())) {
    if (auto view = dyn_cast<ViewType>(type)) {
      if (failed(getAIEElementTypeName(view.getElementType())))
        return kernel.emitOpError("argument #")
               << index << " has element type " << view.getElementType()
               << ", which target aie does not support";
      parameters.append({emitc::PointerType::get(
                             getGlobalElementType(view.getElementType())),
                         i32, i32});
      continue;
    }
    FailureOr<Type> scalar = getScalarType(type);
    if (failed(scalar))
      return kernel.emitOpError("argument #")
             << index << " has type " << type
             << ", which target aie cannot pass to a kernel";
    parameters.push_back(*scalar);
  }
  auto function = emitc::FuncOp::create(
      builder, loc, kernel.getSymName(),
      builder.getFunctionType(parameters, {}));
  function.setSpecifiersAttr(builder.getStrArrayAttr({"extern \"C\""}));
  Block *entry = function.addEntryBlock();
  unsigned next = 0;
  for (BlockArgument argument : kernel.getBody().front().getArguments()) {
    if (isa<ViewType>(argument.getType())) {
      views[argument] = {entry->getArgument(next),
                         entry->getArgument(next + 1),
                         entry->getArgument(next + 2)};
      next += 3;
      continue;
    }
    values[argument] = entry->getArgument(next++);
  }

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entry);
  for (Operation &op : kernel.getBody().front().without_terminator())
    if (failed(lower(&op)))
      return failure();
  emitc::ReturnOp::create(builder, loc, Value());
  return success();
}

FailureOr<Value> KernelBuilder::declareTile(Value result) {
  auto type = cast<TileType>(result.getType());
  FailureOr<std::string> element = getAIEElementTypeName(type.getElementType());
  if (failed(element))
    return result.getDefiningOp()->emitOpError("produces a tile of ")
           << type.getElementType() << ", which target aie does not support";
  // The header's loads and stores move whole vectors: align the array.
  auto arrayType = emitc::ArrayType::get(
      {type.getNumElements()}, opaqueType(context, "alignas(64) " + *element));
  Value array = emitc::VariableOp::create(builder, result.getLoc(), arrayType,
                                          emitc::OpaqueAttr::get(context, ""));
  stackBytes += llvm::alignTo(type.getSizeInBytes(), 64);
  values[result] = array;
  return array;
}

Value KernelBuilder::getScalar(Value value) {
  if (Value known = values.lookup(value))
    return known;
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return Value();
  Type type = value.getType().isIndex() ? builder.getI64Type() : value.getType();
  Attribute attr = constant.getValue();
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    attr = IntegerAttr::get(type, integer.getInt());
  Value result = emitc::ConstantOp::create(builder, constant.getLoc(), type,
                                           cast<TypedAttr>(attr));
  values[value] = result;
  return result;
}

void KernelBuilder::call(Location loc, StringRef callee,
                         ArrayRef<Attribute> templateArgs, ValueRange operands,
                         ArrayRef<Attribute> trailing) {
  ArrayAttr args = trailing.empty()
                       ? ArrayAttr()
                       : operandsThen(builder, operands.size(), trailing);
  emitc::CallOpaqueOp::create(builder, loc, TypeRange{},
                              ("ptowsp::aie::" + callee).str(), operands, args,
                              builder.getArrayAttr(templateArgs));
}

LogicalResult KernelBuilder::lowerLoad(LoadOp op) {
  if (op.getValidRows())
    return op.emitOpError("with a run-time valid region is not supported by "
                          "target aie (its kernels move whole tiles)");
  auto type = cast<TileType>(op.getType());
  FailureOr<Value> tile = declareTile(op.getResult());
  if (failed(tile))
    return failure();
  GlobalTile global = views.lookup(op.getView());
  call(op.getLoc(), "load", {getInt(type.getRows()), getInt(type.getCols())},
       {*tile, global.data, global.offset, global.leadingDimension});
  return success();
}

LogicalResult KernelBuilder::lowerStore(StoreOp op) {
  if (op.getValidRows())
    return op.emitOpError("with a run-time valid region is not supported by "
                          "target aie (its kernels move whole tiles)");
  auto type = cast<TileType>(op.getValue().getType());
  GlobalTile global = views.lookup(op.getView());
  call(op.getLoc(), "store", {getInt(type.getRows()), getInt(type.getCols())},
       {global.data, global.offset, global.leadingDimension,
        values.lookup(op.getValue())});
  return success();
}

LogicalResult KernelBuilder::getCallee(Operation *op, std::string &callee,
                                       SmallVector<Attribute> &templateArgs) {
  // Most callees are the op's mnemonic, shaped like its first tile operand
  // (the source of reductions and transposes) or, without one, its result.
  callee = op->getName().stripDialect().str();
  Value shaped = op->getNumOperands() && isa<TileType>(op->getOperand(0).getType())
                     ? op->getOperand(0)
                     : op->getResult(0);
  auto shape = cast<TileType>(shaped.getType());
  templateArgs = {getInt(shape.getRows()), getInt(shape.getCols())};
  auto opaqueArg = [&](const Twine &text) {
    templateArgs.push_back(opaque(context, text));
  };
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp>([&](Operation *binary) {
        // Shaped like the result; the operand kinds follow unless both are
        // whole tiles (the header's default).
        auto result = cast<TileType>(binary->getResult(0).getType());
        templateArgs = {getInt(result.getRows()), getInt(result.getCols())};
        StringRef lhs = getOperandKind(
            cast<TileType>(binary->getOperand(0).getType()), result);
        StringRef rhs = getOperandKind(
            cast<TileType>(binary->getOperand(1).getType()), result);
        if (lhs != "ptowsp::aie::Operand::Full" ||
            rhs != "ptowsp::aie::Operand::Full") {
          opaqueArg(lhs);
          opaqueArg(rhs);
        }
        return success();
      })
      .Case([&](BroadcastOp broadcast) {
        auto result = cast<TileType>(broadcast.getType());
        templateArgs = {getInt(result.getRows()), getInt(result.getCols())};
        opaqueArg(getOperandKind(
            cast<TileType>(broadcast.getSource().getType()), result));
        return success();
      })
      .Case([&](MatmulOp matmul) {
        auto lhs = cast<TileType>(matmul.getLhs().getType());
        auto rhs = cast<TileType>(matmul.getRhs().getType());
        callee = matmul.getAcc() ? "matmul_acc" : "matmul";
        templateArgs = {getInt(lhs.getRows()), getInt(lhs.getCols()),
                        getInt(rhs.getCols())};
        return success();
      })
      .Case([&](CastOp cast) {
        // The header's enumerators are the dialect's (Floor, Trunc, ...).
        std::string mode = stringifyRoundMode(cast.getRound()).str();
        mode[0] = llvm::toUpper(mode[0]);
        if (cast.getRound() != RoundMode::Rint)
          opaqueArg("ptowsp::aie::Round::" + mode);
        return success();
      })
      .Case([&](CmpOp cmp) {
        opaqueArg("ptowsp::aie::Cmp::" +
                  stringifyCmpPredicate(cmp.getPredicate()).upper());
        return success();
      })
      .Case([&](CmpSOp cmps) {
        opaqueArg("ptowsp::aie::Cmp::" +
                  stringifyCmpPredicate(cmps.getPredicate()).upper());
        return success();
      })
      .Case([&](SelectOp) {
        auto result = cast<TileType>(op->getResult(0).getType());
        templateArgs = {getInt(result.getRows()), getInt(result.getCols())};
        return success();
      })
      .Case([&](TopKOp topk) {
        templateArgs.push_back(getInt(
            cast<TileType>(topk.getValues().getType()).getCols()));
        return success();
      })
      .Case<FillOp, ConstantOp>([&](Operation *) {
        callee = "fill";
        return success();
      })
      .Case<AddSOp, SubSOp, MulSOp, DivSOp, MaxSOp, MinSOp, ExpOp, LogOp,
            SqrtOp, RsqrtOp, RecipOp, AbsOp, NegOp, ReluOp, RowSumOp, RowMaxOp,
            RowMinOp, RowMeanOp, ColSumOp, ColMaxOp, ColMinOp, TransposeOp,
            IotaOp, Sort32Op, MoveOp>([](Operation *) { return success(); })
      .Default([](Operation *other) {
        return other->emitOpError("is not supported by target aie");
      });
}

LogicalResult KernelBuilder::lower(Operation *op) {
  if (isa<arith::ConstantOp>(op))
    return success(); // materialised where a scalar operand uses it
  if (isa<arith::ArithDialect>(op->getDialect()))
    return op->emitOpError("(scalar arithmetic in a kernel) is not supported "
                           "by target aie; compute scalars in the workload");
  if (!isa<TileDialect>(op->getDialect()))
    return op->emitOpError("is not supported in tile kernels by target aie");
  if (auto load = dyn_cast<LoadOp>(op))
    return lowerLoad(load);
  if (auto store = dyn_cast<StoreOp>(op))
    return lowerStore(store);

  // One call: the results' arrays first, then the sources, then the
  // attribute arguments.
  std::string callee;
  SmallVector<Attribute> templateArgs;
  if (failed(getCallee(op, callee, templateArgs)))
    return failure();
  SmallVector<Value> operands;
  for (OpResult result : op->getResults()) {
    FailureOr<Value> tile = declareTile(result);
    if (failed(tile))
      return failure();
    operands.push_back(*tile);
  }
  // The header's order is the op's, except that matmul_acc takes the
  // accumulator before the operands.
  SmallVector<Value> sources = llvm::to_vector(op->getOperands());
  if (auto matmul = dyn_cast<MatmulOp>(op); matmul && matmul.getAcc())
    sources = {matmul.getAcc(), matmul.getLhs(), matmul.getRhs()};
  for (Value operand : sources) {
    Value lowered = isa<TileType>(operand.getType()) ? values.lookup(operand)
                                                     : getScalar(operand);
    if (!lowered)
      return op->emitOpError("has a scalar operand that is neither a kernel "
                             "argument nor a constant; target aie needs one "
                             "of those");
    operands.push_back(lowered);
  }
  SmallVector<Attribute> trailing;
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    // A literal of the element's kind; fill converts it like cpu_sim.
    if (auto value = dyn_cast<FloatAttr>(constant.getValue()))
      trailing.push_back(builder.getF32FloatAttr(value.getValueAsDouble()));
    else
      trailing.push_back(builder.getI64IntegerAttr(
          cast<IntegerAttr>(constant.getValue()).getInt()));
  }
  if (auto iota = dyn_cast<IotaOp>(op)) {
    auto start = static_cast<int64_t>(iota.getStart());
    if (start < INT32_MIN || start > INT32_MAX)
      return op->emitOpError("start ")
             << start << " does not fit the int32 of target aie";
    trailing.push_back(builder.getI32IntegerAttr(start));
  }
  call(op->getLoc(), callee, templateArgs, operands, trailing);
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertTileToAIEPass
    : ptowsp::impl::ConvertTileToAIEBase<ConvertTileToAIEPass> {
  using ConvertTileToAIEBase::ConvertTileToAIEBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringSet<> submitted;
    module.walk([&](taskgraph::SubmitOp submit) {
      submitted.insert(submit.getKernel());
    });
    for (auto kernel : llvm::make_early_inc_range(module.getOps<KernelOp>())) {
      if (!submitted.contains(kernel.getSymName())) {
        // Nothing runs it; drop it unless something else still names it.
        if (SymbolTable::symbolKnownUseEmpty(kernel, module))
          kernel.erase();
        continue;
      }
      // The kernel itself stays: the graphs' submits still name it.
      if (failed(lowerKernel(module, kernel)))
        return signalPassFailure();
    }
  }

  LogicalResult lowerKernel(ModuleOp module, KernelOp kernel) {
    Location loc = kernel.getLoc();
    StringRef name = kernel.getSymName();
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto file =
        emitc::FileOp::create(builder, loc, ("kernels/" + name + ".cc").str());
    if (file.getBodyRegion().empty())
      file.getBodyRegion().emplaceBlock();
    builder.setInsertionPointToStart(&file.getBodyRegion().front());
    emitc::IncludeOp::create(builder, loc, "ptowsp_aie_kernel.h");
    KernelBuilder kernelBuilder(kernel, builder);
    if (failed(kernelBuilder.build()))
      return failure();
    file->setAttr(kAIEKernelAttr, builder.getStringAttr(name));
    file->setAttr(kAIEStackBytesAttr,
                  builder.getI64IntegerAttr(kernelBuilder.getStackBytes()));
    return success();
  }
};

} // namespace
