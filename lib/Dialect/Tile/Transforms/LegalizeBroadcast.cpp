//===- LegalizeBroadcast.cpp - move broadcast operands to the right -------===//
//
// PTO-ISA broadcasts only the second source of TROWEXPAND*/TCOLEXPAND*. This
// pass swaps a left broadcast operand of a commutative operation and
// materialises one of a non-commutative operation with tile.broadcast.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

namespace ptowsp::tile {
#define GEN_PASS_DEF_TILELEGALIZEBROADCAST
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h.inc"
} // namespace ptowsp::tile

using namespace mlir;
using namespace ptowsp::tile;

namespace {

template <typename OpT> void legalize(OpT op) {
  auto result = cast<TileType>(op.getResult().getType());
  if (op.getLhs().getType() == result)
    return;
  if constexpr (OpT::isCommutative()) {
    Value lhs = op.getLhs();
    op.getLhsMutable().assign(op.getRhs());
    op.getRhsMutable().assign(lhs);
  } else {
    OpBuilder builder(op);
    Value full = BroadcastOp::create(builder, op.getLoc(), result, op.getLhs());
    op.getLhsMutable().assign(full);
  }
}

struct TileLegalizeBroadcastPass
    : ptowsp::tile::impl::TileLegalizeBroadcastBase<TileLegalizeBroadcastPass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      TypeSwitch<Operation *>(op)
          .Case<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp>(
              [](auto binary) { legalize(binary); });
    });
  }
};

} // namespace
