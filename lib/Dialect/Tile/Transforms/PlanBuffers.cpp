//===- PlanBuffers.cpp - on-chip buffer planning for tile kernels ---------===//
//
// Chooses a buffer (UB, L0A, L0B, L0C) for every tile, inserts tile.move where
// a value must change buffer, and assigns byte offsets by first-fit over live
// ranges. Kernels that do not fit the architecture's buffers are rejected.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"

namespace ptowsp::tile {
#define GEN_PASS_DEF_TILEPLANBUFFERS
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h.inc"
} // namespace ptowsp::tile

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::tile;

namespace {

/// The buffer an operand must be in for its user to read it.
MemorySpace getRequiredSpace(OpOperand &use, MemorySpace home) {
  Operation *user = use.getOwner();
  if (auto matmul = dyn_cast<MatmulOp>(user)) {
    if (use.get() == matmul.getAcc())
      return MemorySpace::L0C;
    return use.getOperandNumber() == 0 ? MemorySpace::L0A : MemorySpace::L0B;
  }
  // TSTORE writes global memory from UB or straight from the accumulator.
  if (isa<StoreOp>(user) && home == MemorySpace::L0C)
    return MemorySpace::L0C;
  return MemorySpace::UB;
}

/// Where a value is produced: matmul results accumulate in L0C; a load that
/// only feeds one side of matmuls goes straight to that cube input buffer.
MemorySpace getHomeSpace(Value value) {
  Operation *producer = value.getDefiningOp();
  if (isa<MatmulOp>(producer))
    return MemorySpace::L0C;
  if (isa<LoadOp>(producer) && !value.use_empty()) {
    std::optional<MemorySpace> common;
    for (OpOperand &use : value.getUses()) {
      MemorySpace wanted = getRequiredSpace(use, MemorySpace::UB);
      if (wanted == MemorySpace::UB || (common && *common != wanted))
        return MemorySpace::UB;
      common = wanted;
    }
    if (common != MemorySpace::L0C)
      return *common;
  }
  return MemorySpace::UB;
}

/// A tile's placement decision and live range (op indices, inclusive).
struct TileInterval {
  Value value;
  MemorySpace space;
  int64_t size;
  int64_t start;
  int64_t end;
  int64_t offset = -1;
};

int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

struct TilePlanBuffersPass
    : ptowsp::tile::impl::TilePlanBuffersBase<TilePlanBuffersPass> {
  using TilePlanBuffersBase::TilePlanBuffersBase;

  void runOnOperation() override {
    llvm::Expected<arch::ArchModel> model =
        arch::ArchModel::load(arch, arch::getDefaultArchDir());
    if (!model) {
      getOperation().emitError(llvm::toString(model.takeError()));
      return signalPassFailure();
    }
    for (auto kernel : getOperation().getOps<KernelOp>())
      if (failed(planKernel(kernel, *model)))
        return signalPassFailure();
  }

  /// Inserts one tile.move per (value, buffer) pair that some user needs,
  /// before the first such user, and records every value's buffer.
  void insertMoves(KernelOp kernel,
                   llvm::MapVector<Value, MemorySpace> &spaces) {
    llvm::DenseMap<std::pair<Value, int>, Value> moved;
    SmallVector<Operation *> ops;
    for (Operation &op : kernel.getBody().front())
      ops.push_back(&op);
    for (Operation *op : ops) {
      for (OpOperand &use : op->getOpOperands()) {
        if (!isa<TileType>(use.get().getType()))
          continue;
        MemorySpace home = spaces.lookup(use.get());
        MemorySpace wanted = getRequiredSpace(use, home);
        if (wanted == home)
          continue;
        Value &copy = moved[{use.get(), static_cast<int>(wanted)}];
        if (!copy) {
          OpBuilder builder(op);
          copy = MoveOp::create(builder, op->getLoc(), use.get());
          spaces[copy] = wanted;
        }
        use.set(copy);
      }
      for (Value result : op->getResults())
        if (isa<TileType>(result.getType()) && !spaces.count(result))
          spaces[result] = getHomeSpace(result);
    }
  }

  LogicalResult planKernel(KernelOp kernel, const arch::ArchModel &model) {
    llvm::MapVector<Value, MemorySpace> spaces;
    insertMoves(kernel, spaces);

    // Live ranges in block order.
    llvm::DenseMap<Operation *, int64_t> position;
    for (auto [index, op] : llvm::enumerate(kernel.getBody().front()))
      position[&op] = index;
    SmallVector<TileInterval> intervals;
    for (auto [value, space] : spaces) {
      int64_t start = position[value.getDefiningOp()];
      int64_t end = start;
      for (Operation *user : value.getUsers())
        end = std::max(end, position[user]);
      auto type = cast<TileType>(value.getType());
      intervals.push_back(
          {value, space, type.getFootprintInBytes(), start, end});
    }

    // First-fit per buffer, in order of definition.
    int64_t alignment = model.getBufferAlignment();
    for (TileInterval &interval : intervals) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (TileInterval &other : intervals)
        if (other.offset >= 0 && other.space == interval.space &&
            other.start <= interval.end && interval.start <= other.end)
          busy.push_back({other.offset, other.offset + other.size});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [begin, finish] : busy) {
        if (offset + interval.size <= begin)
          break;
        offset = std::max(offset, alignTo(finish, alignment));
      }
      interval.offset = offset;
      int64_t capacity =
          model.getBufferCapacity(static_cast<arch::Buffer>(interval.space));
      if (offset + interval.size > capacity)
        return interval.value.getDefiningOp()->emitOpError()
               << "does not fit: kernel @" << kernel.getSymName() << " needs "
               << offset + interval.size << " bytes of "
               << stringifyMemorySpace(interval.space)
               << " here, the architecture '" << model.getName()
               << "' has " << capacity;
    }

    // Record the placements on the producing ops.
    Builder builder(kernel.getContext());
    llvm::DenseMap<Operation *, SmallVector<Attribute>> placements;
    for (TileInterval &interval : intervals) {
      Operation *producer = interval.value.getDefiningOp();
      auto &list = placements[producer];
      list.resize(producer->getNumResults());
      list[cast<OpResult>(interval.value).getResultNumber()] = BufferAttr::get(
          kernel.getContext(), interval.space, interval.offset);
    }
    for (auto &[producer, list] : placements)
      producer->setAttr(kBuffersAttrName, builder.getArrayAttr(list));
    return success();
  }
};

} // namespace
