//===- KernelCyclesTest.cpp - kernel cycles equal the model's formula -----===//
//
// Runs buffer planning and cycle estimation on kernels and checks that the
// cycles the compiler reports equal the sum of the architecture model's
// formulas over the PTO-ISA instructions each kernel executes.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"
#include "pto-wsp/InitAllDialects.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace ptowsp;
using arch::CubePrecision;
using arch::Path;

namespace {

class KernelCycles : public ::testing::Test {
protected:
  KernelCycles() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    llvm::Expected<arch::ArchModel> loaded =
        arch::ArchModel::load("a2a3", arch::getDefaultArchDir());
    EXPECT_TRUE(static_cast<bool>(loaded));
    if (loaded)
      model = std::move(*loaded);
  }

  /// The cycles the compiler reports for kernel `name` in `source`.
  int64_t compilerCycles(llvm::StringRef source, llvm::StringRef name) {
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    PassManager pm(&context);
    pm.addPass(tile::createTilePlanBuffers());
    pm.addPass(tile::createTileEstimateCycles());
    EXPECT_TRUE(succeeded(pm.run(*module)));
    auto kernel = module->lookupSymbol<tile::KernelOp>(name);
    EXPECT_TRUE(kernel);
    std::optional<int64_t> cycles = kernel.getEstimatedCycles();
    EXPECT_TRUE(cycles.has_value());
    return cycles.value_or(-1);
  }

  MLIRContext context;
  arch::ArchModel model;
};

// The RMSNorm tile of the earlier implementation's e2e example.
TEST_F(KernelCycles, RmsNormIsTheSumOfItsInstructions) {
  const char *source = R"mlir(
    tile.kernel @rmsnorm(%x: !tile.view<16x16xf32, in>, %y: !tile.view<16x16xf32, out>) {
      %t = tile.load %x : !tile.view<16x16xf32, in> -> !tile.tile<16x16xf32>
      %sq = tile.mul %t, %t : !tile.tile<16x16xf32>, !tile.tile<16x16xf32> -> !tile.tile<16x16xf32>
      %m = tile.rowmean %sq : !tile.tile<16x16xf32> -> !tile.tile<16x1xf32>
      %r = tile.rsqrt %m : !tile.tile<16x1xf32>
      %n = tile.mul %t, %r : !tile.tile<16x16xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x16xf32>
      tile.store %n, %y : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
    })mlir";
  int64_t tile = 16 * 16 * 4, column = 16 * 4;
  int64_t expected = model.transferCycles(Path::GmToUb, tile) +
                     model.vectorCycles("TMUL", tile) +
                     model.vectorCycles("TROWSUM", tile) +
                     model.vectorCycles("TDIVS", column) +
                     model.vectorCycles("TRSQRT", column) +
                     model.vectorCycles("TROWEXPANDMUL", tile) +
                     model.transferCycles(Path::UbToGm, tile);
  EXPECT_EQ(compilerCycles(source, "rmsnorm"), expected);
}

// A cube kernel: operands staged through L1 into L0A/L0B, the product moved
// from L0C to UB for a vector op, and stored from UB.
TEST_F(KernelCycles, MatmulChargesCubeAndMoves) {
  const char *source = R"mlir(
    tile.kernel @mm(%a: !tile.view<32x64xf16, in>, %b: !tile.view<64x48xf16, in>,
                    %c: !tile.view<32x48xf32, out>) {
      %ta = tile.load %a : !tile.view<32x64xf16, in> -> !tile.tile<32x64xf16>
      %tb = tile.load %b : !tile.view<64x48xf16, in> -> !tile.tile<64x48xf16>
      %p = tile.matmul %ta, %tb : !tile.tile<32x64xf16>, !tile.tile<64x48xf16> -> !tile.tile<32x48xf32>
      %r = tile.relu %p : !tile.tile<32x48xf32>
      tile.store %r, %c : !tile.tile<32x48xf32>, !tile.view<32x48xf32, out>
    })mlir";
  int64_t aBytes = 32 * 64 * 2, bBytes = 64 * 48 * 2, cBytes = 32 * 48 * 4;
  auto staged = [&](int64_t bytes) {
    return model.transferCycles(Path::GmToL1, bytes) +
           model.transferCycles(Path::L1ToL0, bytes);
  };
  int64_t expected = staged(aBytes) + staged(bBytes) +
                     model.matmulCycles(32, 64, 48, CubePrecision::F16) +
                     model.transferCycles(Path::L0cToUb, cBytes) +
                     model.vectorCycles("TRELU", cBytes) +
                     model.transferCycles(Path::UbToGm, cBytes);
  EXPECT_EQ(compilerCycles(source, "mm"), expected);
}

} // namespace
