//===- ArchModelTest.cpp - architecture files and cost formulas -----------===//
//
// The formulas are checked against values computed here from the published
// coefficients, on the shipped a2a3 file and on a hand-made one.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <utility>

using namespace ptowsp::arch;

namespace {

ArchModel loadA2A3() {
  llvm::Expected<ArchModel> model = ArchModel::load("a2a3", getDefaultArchDir());
  if (!model) {
    ADD_FAILURE() << llvm::toString(model.takeError());
    return ArchModel();
  }
  return std::move(*model);
}

TEST(ArchModel, A2A3Machine) {
  ArchModel model = loadA2A3();
  EXPECT_EQ(model.getName(), "a2a3");
  EXPECT_DOUBLE_EQ(model.getClockGHz(), 1.85);
  EXPECT_EQ(model.getNumCubeCores(), 24);
  EXPECT_EQ(model.getNumVectorCores(), 48);
  EXPECT_EQ(model.getNumSchedulers(), 4);
  EXPECT_EQ(model.getBufferCapacity(Buffer::UB), 192 * 1024);
  EXPECT_EQ(model.getBufferCapacity(Buffer::L1), 512 * 1024);
  EXPECT_EQ(model.getBufferCapacity(Buffer::L0A), 64 * 1024);
  EXPECT_EQ(model.getBufferCapacity(Buffer::L0B), 64 * 1024);
  EXPECT_EQ(model.getBufferCapacity(Buffer::L0C), 128 * 1024);
}

// Vector ops: head + slope x ceil(bytes / 256).
TEST(ArchModel, VectorFormula) {
  ArchModel model = loadA2A3();
  // add 10 + 2r, div 11 + 4r, exp 13 + 2r (ARCHITECTURE.md §4.1).
  EXPECT_EQ(model.vectorCycles("TADD", 256), 10 + 2 * 1);
  EXPECT_EQ(model.vectorCycles("TADD", 16 * 128 * 4), 10 + 2 * 32);
  EXPECT_EQ(model.vectorCycles("TDIV", 16 * 128 * 4), 11 + 4 * 32);
  EXPECT_EQ(model.vectorCycles("TEXP", 16 * 128 * 4), 13 + 2 * 32);
  // A partial repeat costs a whole one.
  EXPECT_EQ(model.vectorCycles("TADD", 257), 10 + 2 * 2);
  EXPECT_EQ(model.vectorCycles("TMAX", 64), 10 + 2 * 1);
}

// Cube: head + ceil(M/16) ceil(K/16) ceil(N/16) fractals, f32 at half rate.
TEST(ArchModel, CubeFormula) {
  ArchModel model = loadA2A3();
  EXPECT_EQ(model.matmulCycles(16, 16, 16, CubePrecision::F16), 16 + 1);
  EXPECT_EQ(model.matmulCycles(64, 64, 64, CubePrecision::BF16), 16 + 64);
  EXPECT_EQ(model.matmulCycles(64, 64, 64, CubePrecision::F32), 16 + 128);
  EXPECT_EQ(model.matmulCycles(17, 16, 16, CubePrecision::F16), 16 + 2);
}

// Transfers: bytes over the path bandwidth at the core clock.
TEST(ArchModel, TransferFormula) {
  ArchModel model = loadA2A3();
  double bytesPerCycle = 101.0 * 1073741824.0 / 1.85e9;
  int64_t bytes = 16 * 128 * 4;
  EXPECT_EQ(model.transferCycles(Path::GmToUb, bytes),
            static_cast<int64_t>(std::ceil(bytes / bytesPerCycle)));
  EXPECT_EQ(model.transferCycles(Path::UbToGm, bytes),
            static_cast<int64_t>(std::ceil(bytes / bytesPerCycle)));
}

constexpr const char *kSmallArch = R"({
  "name": "small", "clock_ghz": 1.073741824,
  "cores": {"aicpu_schedulers": 1, "aic": 2, "aiv": 4},
  "buffers_bytes": {"ub": 1024, "l1": 2048, "l0a": 512, "l0b": 512, "l0c": 512},
  "buffer_alignment_bytes": 32,
  "transfers": {
    "gm_to_ub": {"gib_per_s": 8, "head_cycles": 7}, "ub_to_gm": {"gib_per_s": 8, "head_cycles": 0},
    "gm_to_l1": {"gib_per_s": 8, "head_cycles": 0}, "l1_to_l0": {"gib_per_s": 8, "head_cycles": 0},
    "l0c_to_gm": {"gib_per_s": 8, "head_cycles": 0}, "l0c_to_ub": {"gib_per_s": 8, "head_cycles": 0},
    "ub_to_l1": {"gib_per_s": 8, "head_cycles": 0}, "ub_to_ub": {"gib_per_s": 8, "head_cycles": 0}},
  "vector": {"repeat_bytes": 128, "default": {"head": 4, "slope": 3},
             "ops": {"TADD": {"head": 1, "slope": 1}}},
  "cube": {"head_cycles": 0, "fractal": [8, 8, 8],
           "cycles_per_fractal": {"f16": 2, "bf16": 2, "f32": 4}},
  "dispatch_overhead_cycles": 9
})";

TEST(ArchModel, CustomFileDrivesEveryFormula) {
  llvm::Expected<ArchModel> model = ArchModel::parse(kSmallArch, "small.json");
  ASSERT_TRUE(static_cast<bool>(model)) << llvm::toString(model.takeError());
  EXPECT_EQ(model->vectorCycles("TADD", 256), 1 + 1 * 2);
  // Unlisted instructions use the default entry.
  EXPECT_EQ(model->vectorCycles("TSQRT", 256), 4 + 3 * 2);
  EXPECT_EQ(model->matmulCycles(16, 16, 16, CubePrecision::F16), 8 * 2);
  EXPECT_EQ(model->matmulCycles(16, 16, 16, CubePrecision::F32), 8 * 4);
  // 2^30 Hz clock: 8 GiB/s is exactly 8 bytes per cycle.
  EXPECT_EQ(model->transferCycles(Path::GmToUb, 64), 7 + 8);
  EXPECT_EQ(model->getDispatchOverheadCycles(), 9);
  EXPECT_EQ(model->getBufferAlignment(), 32);
}

/// kSmallArch with the first occurrence of `from` replaced by `to`.
std::string smallArchWith(llvm::StringRef from, llvm::StringRef to) {
  std::string text = kSmallArch;
  size_t at = text.find(from.str());
  EXPECT_NE(at, std::string::npos) << from.str();
  if (at != std::string::npos)
    text.replace(at, from.size(), to.str());
  return text;
}

// Found by ptowsp-fuzz-arch: an overflowing coefficient made the cube formula
// overflow int64 (undefined behaviour); such files are rejected now.
TEST(ArchModel, FuzzRejectsAbsurdCoefficients) {
  for (auto [from, to] :
       {std::pair<llvm::StringRef, llvm::StringRef>{
            "\"bf16\": 2", "\"bf16\": 1444444444444444444"},
        {"\"slope\": 3", "\"slope\": 4294967297"},
        {"\"fractal\": [8, 8, 8]", "\"fractal\": [8, 8, 8589934592]"},
        {"\"clock_ghz\": 1.073741824", "\"clock_ghz\": 1e999"}}) {
    llvm::Expected<ArchModel> model =
        ArchModel::parse(smallArchWith(from, to), "absurd.json");
    ASSERT_FALSE(static_cast<bool>(model)) << to.str();
    std::string message = llvm::toString(model.takeError());
    EXPECT_NE(message.find("absurd.json"), std::string::npos) << message;
  }
}

// The formulas saturate instead of overflowing on huge shapes.
TEST(ArchModel, FuzzFormulasSaturate) {
  llvm::Expected<ArchModel> model = ArchModel::parse(
      smallArchWith("\"gib_per_s\": 8, \"head_cycles\": 7",
                    "\"gib_per_s\": 1e-300, \"head_cycles\": 7"),
      "slow.json");
  ASSERT_TRUE(static_cast<bool>(model)) << llvm::toString(model.takeError());
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // ceil(kMax / 128) without computing kMax + 127.
  EXPECT_EQ(model->vectorCycles("TSQRT", kMax), 4 + 3 * (int64_t(1) << 56));
  EXPECT_EQ(model->matmulCycles(kMax, kMax, kMax, CubePrecision::F32), kMax);
  EXPECT_EQ(model->transferCycles(Path::GmToUb, 64), kMax);
  EXPECT_EQ(model->transferCycles(Path::GmToUb, 0), 7);
  EXPECT_EQ(model->vectorCycles("TSQRT", 129), 4 + 3 * 2);
}

TEST(ArchModel, ErrorsNameTheProblem) {
  llvm::Expected<ArchModel> broken = ArchModel::parse("{\"name\": 3}", "x.json");
  ASSERT_FALSE(static_cast<bool>(broken));
  std::string message = llvm::toString(broken.takeError());
  EXPECT_NE(message.find("x.json"), std::string::npos) << message;
  EXPECT_NE(message.find("'name'"), std::string::npos) << message;

  llvm::Expected<ArchModel> notJson = ArchModel::parse("{", "y.json");
  ASSERT_FALSE(static_cast<bool>(notJson));
  EXPECT_NE(llvm::toString(notJson.takeError()).find("invalid JSON"),
            std::string::npos);

  llvm::Expected<ArchModel> unknown = ArchModel::load("nope", getDefaultArchDir());
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_NE(llvm::toString(unknown.takeError()).find("unknown architecture 'nope'"),
            std::string::npos);
}

} // namespace
