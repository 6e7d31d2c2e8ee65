//===- TileIsa.cpp - tile operation to PTO-ISA instruction names ----------===//

#include "pto-wsp/Dialect/Tile/IR/TileIsa.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ptowsp::tile;

/// tile.add with a full right operand is TADD, with a column TROWEXPANDADD,
/// with a row TCOLEXPANDADD.
static FailureOr<std::string> getBinaryInstruction(Operation *op) {
  auto lhs = cast<TileType>(op->getOperand(0).getType());
  auto rhs = cast<TileType>(op->getOperand(1).getType());
  auto result = cast<TileType>(op->getResult(0).getType());
  std::string base = op->getName().stripDialect().upper();
  if (lhs.getShape() != result.getShape())
    return op->emitOpError("has its broadcast operand on the left; run "
                           "-tile-legalize-broadcast before lowering");
  if (rhs.getShape() == result.getShape())
    return "T" + base;
  if (rhs.getCols() == 1 && result.getCols() != 1)
    return "TROWEXPAND" + base;
  return "TCOLEXPAND" + base;
}

FailureOr<std::string> ptowsp::tile::getIsaInstruction(Operation *op) {
  return TypeSwitch<Operation *, FailureOr<std::string>>(op)
      .Case<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp>(
          [](Operation *binary) { return getBinaryInstruction(binary); })
      .Case([](BroadcastOp broadcast) -> std::string {
        auto source = cast<TileType>(broadcast.getSource().getType());
        auto result = cast<TileType>(broadcast.getResult().getType());
        return source.getCols() == 1 && result.getCols() != 1 ? "TROWEXPAND"
                                                               : "TCOLEXPAND";
      })
      .Case([](MatmulOp matmul) -> std::string {
        return matmul.getAcc() ? "TMATMUL_ACC" : "TMATMUL";
      })
      .Case([](RowMeanOp) -> std::string { return "TROWSUM"; })
      .Case([](MoveOp) -> std::string { return "TMOV"; })
      .Case([](CastOp) -> std::string { return "TCVT"; })
      .Case<FillOp, ConstantOp>([](Operation *) -> std::string {
        return "TEXPANDS";
      })
      .Case([](SelectOp) -> std::string { return "TSEL"; })
      .Case([](TransposeOp) -> std::string { return "TTRANS"; })
      .Case([](IotaOp) -> std::string { return "TCI"; })
      // The rest are named T<MNEMONIC>: TLOAD, TSTORE, TADDS, TEXP, TROWSUM,
      // TCOLMAX, TCMP, TCMPS, TSORT32, TTOPK, ...
      .Case<LoadOp, StoreOp, AddSOp, SubSOp, MulSOp, DivSOp, MaxSOp, MinSOp,
            ExpOp, LogOp, SqrtOp, RsqrtOp, RecipOp, AbsOp, NegOp, ReluOp,
            RowSumOp, RowMaxOp, RowMinOp, ColSumOp, ColMaxOp, ColMinOp,
            CmpOp, CmpSOp, Sort32Op, TopKOp>([](Operation *named) {
        return "T" + named->getName().stripDialect().upper();
      })
      .Default([](Operation *other) -> FailureOr<std::string> {
        return other->emitOpError("is not a tile instruction");
      });
}
