//===- EstimateCycles.cpp - per-kernel cycle estimates from the arch model ===//
//
// Charges every tile operation its cost from the architecture file and sums
// them per kernel. Transfers are priced by the path between the buffers that
// -tile-plan-buffers chose.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"
#include "pto-wsp/Dialect/Tile/IR/TileIsa.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

namespace ptowsp::tile {
#define GEN_PASS_DEF_TILEESTIMATECYCLES
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h.inc"
} // namespace ptowsp::tile

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::tile;
using arch::Path;

namespace {

/// The buffer -tile-plan-buffers placed `value` in.
FailureOr<MemorySpace> getSpace(Value value) {
  Operation *producer = value.getDefiningOp();
  auto buffers = producer->getAttrOfType<ArrayAttr>(kBuffersAttrName);
  if (!buffers)
    return producer->emitOpError("has no buffer placement; run "
                                 "-tile-plan-buffers first");
  return cast<BufferAttr>(buffers[cast<OpResult>(value).getResultNumber()])
      .getSpace();
}

int64_t bytesOf(Value value) {
  return cast<TileType>(value.getType()).getSizeInBytes();
}

/// Cycles to bring `bytes` from global memory into `space`: the cube inputs
/// are staged through L1.
int64_t loadCycles(const arch::ArchModel &model, MemorySpace space,
                   int64_t bytes) {
  if (space == MemorySpace::L0A || space == MemorySpace::L0B)
    return model.transferCycles(Path::GmToL1, bytes) +
           model.transferCycles(Path::L1ToL0, bytes);
  return model.transferCycles(Path::GmToUb, bytes);
}

/// Cycles of a TMOV between buffers.
int64_t moveCycles(const arch::ArchModel &model, MemorySpace from,
                   MemorySpace to, int64_t bytes) {
  if (from == MemorySpace::L0C)
    return model.transferCycles(Path::L0cToUb, bytes) +
           (to == MemorySpace::UB ? 0
                                  : model.transferCycles(Path::UbToL1, bytes) +
                                        model.transferCycles(Path::L1ToL0, bytes));
  if (to == MemorySpace::UB)
    return model.transferCycles(Path::UbToUb, bytes);
  // UB -> L0A/L0B/L0C goes through L1.
  return model.transferCycles(Path::UbToL1, bytes) +
         model.transferCycles(Path::L1ToL0, bytes);
}

arch::CubePrecision getPrecision(Type element) {
  if (element.isF16())
    return arch::CubePrecision::F16;
  if (element.isBF16())
    return arch::CubePrecision::BF16;
  return arch::CubePrecision::F32;
}

/// The bytes a vector instruction streams through: its widest tile.
int64_t vectorBytes(Operation *op) {
  int64_t bytes = 0;
  for (Value value : llvm::concat<Value>(op->getOperands(), op->getResults()))
    if (isa<TileType>(value.getType()))
      bytes = std::max(bytes, bytesOf(value));
  return bytes;
}

FailureOr<int64_t> estimate(Operation *op, const arch::ArchModel &model) {
  return TypeSwitch<Operation *, FailureOr<int64_t>>(op)
      .Case([&](LoadOp load) -> FailureOr<int64_t> {
        FailureOr<MemorySpace> space = getSpace(load.getResult());
        if (failed(space))
          return failure();
        return loadCycles(model, *space, bytesOf(load.getResult()));
      })
      .Case([&](StoreOp store) -> FailureOr<int64_t> {
        FailureOr<MemorySpace> space = getSpace(store.getValue());
        if (failed(space))
          return failure();
        Path path = *space == MemorySpace::L0C ? Path::L0cToGm : Path::UbToGm;
        return model.transferCycles(path, bytesOf(store.getValue()));
      })
      .Case([&](MoveOp move) -> FailureOr<int64_t> {
        FailureOr<MemorySpace> from = getSpace(move.getSource());
        FailureOr<MemorySpace> to = getSpace(move.getResult());
        if (failed(from) || failed(to))
          return failure();
        return moveCycles(model, *from, *to, bytesOf(move.getResult()));
      })
      .Case([&](MatmulOp matmul) -> FailureOr<int64_t> {
        auto lhs = cast<TileType>(matmul.getLhs().getType());
        auto rhs = cast<TileType>(matmul.getRhs().getType());
        return model.matmulCycles(lhs.getRows(), lhs.getCols(), rhs.getCols(),
                                  getPrecision(lhs.getElementType()));
      })
      .Case([&](RowMeanOp mean) -> FailureOr<int64_t> {
        // TROWSUM over the source, then TDIVS of the column by the count.
        return model.vectorCycles("TROWSUM", bytesOf(mean.getSource())) +
               model.vectorCycles("TDIVS", bytesOf(mean.getResult()));
      })
      .Default([&](Operation *other) -> FailureOr<int64_t> {
        FailureOr<std::string> instruction = getIsaInstruction(other);
        if (failed(instruction))
          return failure();
        return model.vectorCycles(*instruction, vectorBytes(other));
      });
}

/// Larger estimates are no real kernel's (2^52 cycles is weeks at 2 GHz);
/// the bound leaves the runtime room to add them up without overflow.
constexpr int64_t kMaxCycles = int64_t(1) << 52;

struct TileEstimateCyclesPass
    : ptowsp::tile::impl::TileEstimateCyclesBase<TileEstimateCyclesPass> {
  using TileEstimateCyclesBase::TileEstimateCyclesBase;

  void runOnOperation() override {
    llvm::Expected<arch::ArchModel> model =
        arch::ArchModel::load(arch, arch::getDefaultArchDir());
    if (!model) {
      getOperation().emitError(llvm::toString(model.takeError()));
      return signalPassFailure();
    }
    Builder builder(&getContext());
    for (auto kernel : getOperation().getOps<KernelOp>()) {
      int64_t total = 0;
      for (Operation &op : kernel.getBody().front()) {
        if (isa<ReturnOp>(op) || op.getDialect() != kernel->getDialect())
          continue;
        FailureOr<int64_t> cycles = estimate(&op, *model);
        if (failed(cycles))
          return signalPassFailure();
        // The formulas saturate on absurd coefficients; such an estimate
        // (or a sum of them) must not wrap into a negative task cost.
        if (*cycles < 0 || *cycles > kMaxCycles ||
            __builtin_add_overflow(total, *cycles, &total) ||
            total > kMaxCycles) {
          op.emitError() << "the cycle estimate overflows: the architecture '"
                         << std::string(arch) << "' gives absurd costs (check its clock and "
                            "bandwidths)";
          return signalPassFailure();
        }
        op.setAttr(kCyclesAttrName, builder.getI64IntegerAttr(*cycles));
      }
      kernel->setAttr(kCyclesAttrName, builder.getI64IntegerAttr(total));
    }
  }
};

} // namespace
