//===- SplitByCore.cpp - one kernel per execution unit --------------------===//
//
// Splits tile kernels that need both the cube and the vector unit into
// stages, one per maximal run of same-unit operations, and each submission
// of such a kernel into a chain of submissions that pass tiles through
// taskgraph.intermediate buffers. See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/TaskGraph/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace ptowsp::taskgraph {
#define GEN_PASS_DEF_TASKGRAPHSPLITBYCORE
#include "pto-wsp/Dialect/TaskGraph/Transforms/Passes.h.inc"
} // namespace ptowsp::taskgraph

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::taskgraph;

namespace {

enum class Unit { Cube, Vector };

/// Operations that move data or only exist for others are placed where
/// they are needed; the rest compute on one unit.
bool isPlacedOnDemand(Operation *op) {
  return isa<tile::LoadOp, tile::StoreOp, tile::ReturnOp, arith::ConstantOp>(op);
}

Unit getUnit(Operation *op) {
  return isa<tile::MatmulOp>(op) ? Unit::Cube : Unit::Vector;
}

/// Where a stage kernel's argument comes from at the submission.
struct StageArgument {
  /// The original kernel argument, or -1 for an intermediate.
  int64_t original = -1;
  int64_t intermediate = -1;
  bool reads = false, writes = false;
};

struct Stage {
  Unit unit;
  SmallVector<Operation *> ops;
  tile::KernelOp kernel;
  SmallVector<StageArgument> arguments;
};

/// `acc` operands of matmuls that no matmul produced (a tile loaded from
/// memory): the cube accumulates only in its own L0C, so the product is
/// computed alone and added on the vector unit.
void separateAccumulationFromMemory(tile::KernelOp kernel) {
  kernel.walk([](tile::MatmulOp matmul) {
    Value acc = matmul.getAcc();
    if (!acc || acc.getDefiningOp<tile::MatmulOp>())
      return;
    OpBuilder builder(matmul);
    auto product = tile::MatmulOp::create(builder, matmul.getLoc(),
                                          matmul.getType(), matmul.getLhs(),
                                          matmul.getRhs(), Value());
    auto sum = tile::AddOp::create(builder, matmul.getLoc(), matmul.getType(),
                                   acc, product.getResult());
    matmul.getResult().replaceAllUsesWith(sum.getResult());
    matmul.erase();
  });
}

class KernelSplitter {
public:
  explicit KernelSplitter(tile::KernelOp kernel) : kernel(kernel) {}

  /// Partitions the body; false when one unit does everything.
  bool partition() {
    for (Operation &op : kernel.getBody().front()) {
      if (isPlacedOnDemand(&op))
        continue;
      Unit unit = getUnit(&op);
      if (stages.empty() || stages.back().unit != unit)
        stages.push_back({unit, {}, {}, {}});
      stages.back().ops.push_back(&op);
      stageOf[&op] = stages.size() - 1;
    }
    return stages.size() > 1;
  }

  /// Stages load their tiles again from the kernel's views: that reads what
  /// the original load read unless a stage between the two writes the view.
  /// Such kernels are rejected (a located error, not a silent change).
  LogicalResult checkReloads() {
    Block &body = kernel.getBody().front();
    for (auto load : body.getOps<tile::LoadOp>())
      for (auto store : body.getOps<tile::StoreOp>()) {
        if (store.getView() != load.getView())
          continue;
        int64_t written = getStage(store.getValue());
        bool loadFirst = load->isBeforeInBlock(store);
        for (Operation *user : load.getResult().getUsers()) {
          int64_t read = stageOf.count(user) ? stageOf[user] : written;
          if ((loadFirst && read > written) || (!loadFirst && read <= written))
            return load.emitOpError("reads a view that stage ")
                   << written << " of kernel '" << kernel.getSymName()
                   << "' also writes; split by execution unit, the stages "
                      "would read it in another order than the kernel";
        }
      }
    return success();
  }

  /// Builds the stage kernels after `kernel`.
  void buildStages() {
    OpBuilder builder(kernel);
    builder.setInsertionPointAfter(kernel);
    for (auto [index, stage] : llvm::enumerate(stages)) {
      std::string name = (kernel.getSymName() + "__s" + Twine(index) +
                          (stage.unit == Unit::Cube ? "_aic" : "_aiv"))
                             .str();
      buildStage(builder, stage, index, name);
      builder.setInsertionPointAfter(stage.kernel);
    }
  }

  /// Replaces `submit` by one submission per stage.
  void rewriteSubmit(SubmitOp submit) {
    OpBuilder builder(submit);
    SmallVector<Value> intermediates;
    for (Type type : intermediateTypes)
      intermediates.push_back(
          IntermediateOp::create(builder, submit.getLoc(), type).getResult());
    for (Stage &stage : stages) {
      SmallVector<Value> args;
      SmallVector<Attribute> access;
      for (const StageArgument &argument : stage.arguments) {
        Value value = argument.original >= 0
                          ? submit.getArgs()[argument.original]
                          : intermediates[argument.intermediate];
        args.push_back(value);
        if (!isa<TensorRegionType>(value.getType()))
          continue;
        AccessMode mode = argument.reads && argument.writes ? AccessMode::ReadWrite
                          : argument.writes                 ? AccessMode::Write
                                                            : AccessMode::Read;
        access.push_back(AccessModeAttr::get(builder.getContext(), mode));
      }
      SubmitOp::create(
          builder, submit.getLoc(), TaskType::get(builder.getContext()),
          stage.kernel.getSymName(), args, builder.getArrayAttr(access),
          stage.unit == Unit::Cube ? CoreType::Cube : CoreType::Vector,
          submit.getKey(), submit.getPriority(), submit.getStream(),
          ValueRange{}, submit.getCoords());
    }
    submit.erase();
  }

private:
  /// The stage kernel's value for `value` (of the original kernel), adding
  /// arguments, loads and constants as needed.
  Value lookup(OpBuilder &builder, Stage &stage, int64_t index, Value value,
               IRMapping &mapping, SmallVector<Type> &types) {
    if (Value mapped = mapping.lookupOrNull(value))
      return mapped;
    if (auto argument = dyn_cast<BlockArgument>(value))
      return addOriginal(stage, argument, mapping, types, /*reads=*/true,
                         /*writes=*/false);
    Operation *producer = value.getDefiningOp();
    if (isa<arith::ConstantOp>(producer))
      return builder.clone(*producer, mapping)->getResult(0);
    if (auto load = dyn_cast<tile::LoadOp>(producer)) {
      lookup(builder, stage, index, load.getView(), mapping, types);
      return builder.clone(*load, mapping)->getResult(0);
    }
    // Computed by an earlier stage: load it from its intermediate.
    int64_t intermediate = getIntermediate(value);
    auto tileType = cast<tile::TileType>(value.getType());
    auto view = tile::ViewType::get(builder.getContext(), tileType.getShape(),
                                    tileType.getElementType(),
                                    tile::Direction::In);
    Value viewArg = addArgument(stage, types, view,
                                {-1, intermediate, true, false});
    Value loaded = tile::LoadOp::create(builder, value.getLoc(), tileType,
                                        viewArg, Value(), Value())
                       .getResult();
    mapping.map(value, loaded);
    return loaded;
  }

  Value addOriginal(Stage &stage, BlockArgument argument, IRMapping &mapping,
                    SmallVector<Type> &types, bool reads, bool writes) {
    for (auto [position, existing] : llvm::enumerate(stage.arguments))
      if (existing.original == argument.getArgNumber()) {
        existing.reads |= reads;
        existing.writes |= writes;
        return mapping.lookup(argument);
      }
    Value placeholder = addArgument(stage, types, argument.getType(),
                                    {argument.getArgNumber(), -1, reads, writes});
    mapping.map(argument, placeholder);
    return placeholder;
  }

  /// Appends an argument; its block argument is created when the kernel is.
  Value addArgument(Stage &stage, SmallVector<Type> &types, Type type,
                    StageArgument source) {
    stage.arguments.push_back(source);
    types.push_back(type);
    return pendingBlock->addArgument(type, kernel.getLoc());
  }

  int64_t getIntermediate(Value value) {
    auto found = intermediateOf.find(value);
    if (found != intermediateOf.end())
      return found->second;
    int64_t index = intermediateTypes.size();
    auto tileType = cast<tile::TileType>(value.getType());
    intermediateTypes.push_back(TensorRegionType::get(
        value.getContext(), tileType.getShape(), tileType.getElementType()));
    intermediateOf[value] = index;
    return index;
  }

  void buildStage(OpBuilder &moduleBuilder, Stage &stage, int64_t index,
                  StringRef name) {
    MLIRContext *context = kernel.getContext();
    // The body is built in a detached block first: arguments are found as
    // the operations are cloned.
    auto block = std::make_unique<Block>();
    pendingBlock = block.get();
    OpBuilder builder(context);
    builder.setInsertionPointToStart(block.get());
    IRMapping mapping;
    SmallVector<Type> types;
    for (Operation *op : stage.ops) {
      for (Value operand : op->getOperands())
        lookup(builder, stage, index, operand, mapping, types);
      builder.clone(*op, mapping);
    }
    // Stores of what this stage computed (or of tiles loaded for it), and
    // intermediates for the values later stages use.
    for (Operation &op : kernel.getBody().front()) {
      auto store = dyn_cast<tile::StoreOp>(&op);
      if (!store || getStage(store.getValue()) != index)
        continue;
      Value tileValue = lookup(builder, stage, index, store.getValue(), mapping, types);
      Value view = addOriginal(stage, cast<BlockArgument>(store.getView()),
                               mapping, types, false, true);
      tile::StoreOp::create(builder, store.getLoc(), tileValue, view, Value(),
                            Value());
    }
    for (Operation *op : stage.ops)
      for (Value result : op->getResults())
        if (isUsedAfter(result, index)) {
          int64_t intermediate = getIntermediate(result);
          auto tileType = cast<tile::TileType>(result.getType());
          auto view = tile::ViewType::get(context, tileType.getShape(),
                                          tileType.getElementType(),
                                          tile::Direction::Out);
          Value viewArg = addArgument(stage, types, view,
                                      {-1, intermediate, false, true});
          tile::StoreOp::create(builder, op->getLoc(), mapping.lookup(result),
                                viewArg, Value(), Value());
        }

    // Views the stage uses take its own direction.
    for (auto [position, argument] : llvm::enumerate(stage.arguments)) {
      auto view = dyn_cast<tile::ViewType>(types[position]);
      if (!view || argument.original < 0)
        continue;
      tile::Direction direction = argument.reads && argument.writes
                                      ? tile::Direction::InOut
                                  : argument.writes ? tile::Direction::Out
                                                    : tile::Direction::In;
      auto retyped = tile::ViewType::get(context, view.getShape(),
                                         view.getElementType(), direction);
      types[position] = retyped;
      block->getArgument(position).setType(retyped);
    }
    stage.kernel = tile::KernelOp::create(
        moduleBuilder, kernel.getLoc(), name,
        FunctionType::get(context, types, {}));
    Block &body = stage.kernel.getBody().front();
    // Keep the generated terminator; move the built operations before it.
    body.getOperations().splice(body.begin(), block->getOperations());
    for (auto [argument, replacement] :
         llvm::zip(block->getArguments(), body.getArguments()))
      argument.replaceAllUsesWith(replacement);
    pendingBlock = nullptr;
  }

  /// The stage computing `value`; loads and arguments belong to the stage of
  /// their first use (stores of them go with it).
  int64_t getStage(Value value) {
    Operation *producer = value.getDefiningOp();
    if (producer && stageOf.count(producer))
      return stageOf[producer];
    int64_t first = stages.size() - 1;
    for (Operation *user : value.getUsers())
      if (stageOf.count(user))
        first = std::min<int64_t>(first, stageOf[user]);
    return first;
  }

  bool isUsedAfter(Value value, int64_t index) {
    for (Operation *user : value.getUsers())
      if (stageOf.count(user) && stageOf[user] > static_cast<size_t>(index))
        return true;
    return false;
  }

  tile::KernelOp kernel;
  SmallVector<Stage> stages;
  llvm::DenseMap<Operation *, size_t> stageOf;
  llvm::DenseMap<Value, int64_t> intermediateOf;
  SmallVector<Type> intermediateTypes;
  Block *pendingBlock = nullptr;
};

struct SplitByCorePass
    : taskgraph::impl::TaskGraphSplitByCoreBase<SplitByCorePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<SmallVector<SubmitOp>> submits;
    module.walk([&](SubmitOp submit) {
      submits[submit.getKernel()].push_back(submit);
    });
    for (auto kernel :
         llvm::make_early_inc_range(module.getOps<tile::KernelOp>())) {
      auto found = submits.find(kernel.getSymName());
      if (found == submits.end())
        continue;
      separateAccumulationFromMemory(kernel);
      KernelSplitter splitter(kernel);
      if (!splitter.partition())
        continue;
      if (failed(splitter.checkReloads()))
        return signalPassFailure();
      for (SubmitOp submit : found->second)
        if (!submit.getAfter().empty()) {
          submit.emitOpError("has explicit dependencies on a kernel that "
                             "uses both the cube and the vector unit; "
                             "splitting it by unit does not support them");
          return signalPassFailure();
        }
      splitter.buildStages();
      for (SubmitOp submit : found->second)
        splitter.rewriteSubmit(submit);
      kernel.erase();
    }
  }
};

} // namespace
