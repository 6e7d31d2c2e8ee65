//===- AIEEmulatorTest.cpp - the AIE design emulator and the XRT stub -----===//
//
// Hand-written designs run on runtime/include/pto-wsp/aie/emu (data movement,
// access patterns, pipelines, and every failure the emulator reports), and a
// host-style flow through the functional XRT stub (runtime/.../aie/xrt).
//
//===----------------------------------------------------------------------===//

#include "ptowsp_aie_emu.h"

#include "xrt/xrt_bo.h"
#include "xrt/xrt_device.h"
#include "xrt/xrt_hw_context.h"
#include "xrt/xrt_kernel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

using namespace ptowsp::aie_emu;
using std::chrono::milliseconds;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The message of the EmulationError that `run` throws ("" if none).
template <typename F> std::string errorOf(F run) {
  try {
    run();
  } catch (const EmulationError &e) {
    return e.what();
  }
  return "";
}

/// Runs `design` on two int32 host buffers.
RunStats runOn(Design &design, std::vector<int32_t> &in,
               std::vector<int32_t> &out,
               milliseconds timeout = milliseconds(5000)) {
  void *buffers[] = {in.data(), out.data()};
  size_t bytes[] = {in.size() * sizeof(int32_t), out.size() * sizeof(int32_t)};
  return design.run(buffers, bytes, 2, timeout);
}

std::vector<int32_t> iota(size_t n, int32_t first = 0) {
  std::vector<int32_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

/// A core that applies `f` to `tiles` tiles of `tileSize` int32 from `in` to
/// `out`.
std::function<void(Core &)> mapCore(int in, int out, int tiles, int tileSize,
                                    std::function<int32_t(int32_t)> f) {
  return [=](Core &core) {
    for (int t = 0; t < tiles; ++t) {
      auto *src = core.acquire_as<int32_t>(in, Port::Consume);
      auto *dst = core.acquire_as<int32_t>(out, Port::Produce);
      for (int i = 0; i < tileSize; ++i)
        dst[i] = f(src[i]);
      core.release(in, Port::Consume);
      core.release(out, Port::Produce);
    }
  };
}

std::function<void(Sequence &)> contiguousSequence(int in, int out,
                                                   int64_t elements) {
  return [=](Sequence &seq) {
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, 0, {1, 1, 1, elements},
                  {0, 0, 0, 1});
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, 1, elements},
                  {0, 0, 0, 1});
    seq.wait(out);
  };
}

/// shim -> memtile -> core(0,2) doubling -> memtile -> shim, `tiles` tiles of
/// 16 int32.
void buildPassthrough(Design &design, int depth, int tiles) {
  const size_t tileBytes = 16 * sizeof(int32_t);
  int inShim = design.add_fifo("in_shim", depth, tileBytes);
  int inCore = design.add_fifo("in_core", depth, tileBytes);
  int outCore = design.add_fifo("out_core", depth, tileBytes);
  int outShim = design.add_fifo("out_shim", depth, tileBytes);
  design.add_link(inShim, inCore);
  design.add_link(outCore, outShim);
  design.add_core("core(0,2)", mapCore(inCore, outCore, tiles, 16,
                                       [](int32_t x) { return 2 * x; }));
  design.set_sequence(contiguousSequence(inShim, outShim, 16 * tiles));
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

class AIEEmulatorPassthrough : public ::testing::TestWithParam<int> {};

TEST_P(AIEEmulatorPassthrough, DoublesThroughMemtileLinks) {
  const int tiles = 8;
  Design design;
  buildPassthrough(design, GetParam(), tiles);
  std::vector<int32_t> in = iota(16 * tiles, -5), out(16 * tiles, 0);
  RunStats stats = runOn(design, in, out);
  for (size_t i = 0; i < in.size(); ++i)
    ASSERT_EQ(out[i], 2 * in[i]) << "at " << i;
  ASSERT_EQ(stats.fifos.size(), 4u);
  for (const FifoStats &fifo : stats.fifos)
    EXPECT_EQ(fifo.elements, tiles) << fifo.name;
  ASSERT_EQ(stats.cores.size(), 1u);
  EXPECT_EQ(stats.cores[0].name, "core(0,2)");
  EXPECT_EQ(stats.cores[0].acquires, 2 * tiles);
}

INSTANTIATE_TEST_SUITE_P(Depths, AIEEmulatorPassthrough,
                         ::testing::Values(1, 2));

TEST(AIEEmulator, RunsTheSameDesignTwice) {
  Design design;
  buildPassthrough(design, 2, 4);
  for (int round = 0; round < 2; ++round) {
    std::vector<int32_t> in = iota(64, round * 100), out(64, 0);
    runOn(design, in, out);
    for (size_t i = 0; i < in.size(); ++i)
      ASSERT_EQ(out[i], 2 * in[i]) << "round " << round << " at " << i;
  }
}

// A transposing read: the innermost dimension walks a column (stride = row
// length), so every dtype element is its own run.
TEST(AIEEmulator, TransposingReadPattern) {
  const int64_t rows = 6, cols = 8;
  Design design;
  int in = design.add_fifo("in", 2, rows * sizeof(int32_t)); // one column
  int out = design.add_fifo("out", 2, rows * sizeof(int32_t));
  design.add_core("core(0,2)", mapCore(in, out, int(cols), int(rows),
                                       [](int32_t x) { return x; }));
  design.set_sequence([=](Sequence &seq) {
    // out[c][r] = in[r][c]
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, 0, {1, 1, cols, rows},
                  {0, 0, 1, cols});
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, 1, rows * cols},
                  {0, 0, 0, 1});
    seq.wait(out);
  });
  std::vector<int32_t> a = iota(rows * cols), b(rows * cols, -1);
  runOn(design, a, b);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      ASSERT_EQ(b[c * rows + r], a[r * cols + c]) << r << "," << c;
}

// Tiled 4-D patterns on both sides, with FIFO elements (6 int32) that do not
// line up with the read pattern's contiguous rows (4 int32) nor with the
// write pattern's single-element runs: the byte stream is cut across rows.
// The read starts at an offset (skipping the first row).
TEST(AIEEmulator, TiledPatternsCutIntoElements) {
  const int64_t rows = 7, cols = 8, tileRows = 2, tileCols = 4;
  const int64_t tilesDown = (rows - 1) / tileRows,
                tilesAcross = cols / tileCols;
  const int64_t volume = (rows - 1) * cols; // 48 int32
  Design design;
  int in = design.add_fifo("in", 2, 6 * sizeof(int32_t));
  int out = design.add_fifo("out", 1, 6 * sizeof(int32_t));
  design.add_core("core(0,2)", mapCore(in, out, int(volume / 6), 6,
                                       [](int32_t x) { return x + 1000; }));
  design.set_sequence([=](Sequence &seq) {
    // Read the tiles of rows 1..6 in tile order: [tile row][tile
    // col][row][col].
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, /*offset=*/cols,
                  {tilesDown, tilesAcross, tileRows, tileCols},
                  {tileRows * cols, tileCols, cols, 1});
    // Write the stream back transposed, one dtype element per run.
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, cols, rows - 1},
                  {0, 0, 1, cols});
    seq.wait(out);
  });
  std::vector<int32_t> a = iota(rows * cols), b(volume, -1);
  runOn(design, a, b);
  // NumPy-like reference: the read stream, then the transposed write.
  std::vector<int32_t> stream;
  for (int64_t tr = 0; tr < tilesDown; ++tr)
    for (int64_t tc = 0; tc < tilesAcross; ++tc)
      for (int64_t r = 0; r < tileRows; ++r)
        for (int64_t c = 0; c < tileCols; ++c)
          stream.push_back(
              a[cols + (tr * tileRows + r) * cols + tc * tileCols + c] + 1000);
  std::vector<int32_t> expected(volume, -2);
  size_t k = 0;
  for (int64_t i1 = 0; i1 < cols; ++i1)
    for (int64_t i0 = 0; i0 < rows - 1; ++i0)
      expected[i1 + i0 * cols] = stream[k++];
  EXPECT_EQ(b, expected);
}

TEST(AIEEmulator, TwoCorePipeline) {
  const int tiles = 10, tileSize = 8;
  Design design;
  int in = design.add_fifo("in", 2, tileSize * 4);
  int mid = design.add_fifo("core_to_core", 1, tileSize * 4);
  int out = design.add_fifo("out", 2, tileSize * 4);
  design.add_core("core(0,2)", mapCore(in, mid, tiles, tileSize,
                                       [](int32_t x) { return x + 1; }));
  design.add_core("core(0,3)", mapCore(mid, out, tiles, tileSize,
                                       [](int32_t x) { return 3 * x; }));
  design.set_sequence(contiguousSequence(in, out, tiles * tileSize));
  std::vector<int32_t> a = iota(tiles * tileSize), b(tiles * tileSize);
  RunStats stats = runOn(design, a, b);
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_EQ(b[i], 3 * (a[i] + 1));
  EXPECT_EQ(stats.fifos[mid].elements, tiles);
}

// A memtile distribute link splits each element between two cores, a join
// link concatenates their results; each core holds two elements at a time.
TEST(AIEEmulator, DistributeAndJoinLinks) {
  const int tiles = 6, half = 4;
  Design design;
  int in = design.add_fifo("in", 2, 2 * half * 4);
  int inA = design.add_fifo("in_a", 2, half * 4);
  int inB = design.add_fifo("in_b", 2, half * 4);
  int outA = design.add_fifo("out_a", 2, half * 4);
  int outB = design.add_fifo("out_b", 2, half * 4);
  int out = design.add_fifo("out", 2, 2 * half * 4);
  design.add_link({in}, {inA, inB});
  design.add_link({outA, outB}, {out});
  auto pairwise = [](int from, int to, int32_t add) {
    return [=](Core &core) {
      for (int t = 0; t < tiles; t += 2) {
        auto *x = core.acquire_as<int32_t>(from, Port::Consume);
        auto *y = core.acquire_as<int32_t>(from, Port::Consume);
        auto *u = core.acquire_as<int32_t>(to, Port::Produce);
        auto *v = core.acquire_as<int32_t>(to, Port::Produce);
        for (int i = 0; i < half; ++i) {
          u[i] = x[i] + add;
          v[i] = y[i] + add;
        }
        core.release(from, Port::Consume);
        core.release(from, Port::Consume);
        core.release(to, Port::Produce);
        core.release(to, Port::Produce);
      }
    };
  };
  design.add_core("core(0,2)", pairwise(inA, outA, 100));
  design.add_core("core(1,2)", pairwise(inB, outB, 200));
  design.set_sequence(contiguousSequence(in, out, tiles * 2 * half));
  std::vector<int32_t> a = iota(tiles * 2 * half), b(a.size());
  runOn(design, a, b);
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_EQ(b[i], a[i] + ((i / half) % 2 ? 200 : 100)) << i;
}

TEST(AIEEmulator, BroadcastFifoFeedsEveryConsumer) {
  Design design;
  int in = design.add_fifo("in", 1, 16, /*consumers=*/2);
  int outA = design.add_fifo("out_a", 1, 16);
  int outB = design.add_fifo("out_b", 1, 16);
  design.add_core("core(0,2)",
                  mapCore(in, outA, 4, 4, [](int32_t x) { return -x; }));
  design.add_core("core(1,2)",
                  mapCore(in, outB, 4, 4, [](int32_t x) { return x * x; }));
  design.set_sequence([=](Sequence &seq) {
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, 0, {1, 1, 1, 16},
                  {0, 0, 0, 1});
    seq.memcpy_nd(outA, Direction::FromDevice, 1, 4, 0, {1, 1, 1, 16},
                  {0, 0, 0, 1});
    seq.memcpy_nd(outB, Direction::FromDevice, 1, 4, 16, {1, 1, 1, 16},
                  {0, 0, 0, 1});
    seq.wait(outA);
    seq.wait(outB);
  });
  std::vector<int32_t> a = iota(16, 1), b(32);
  runOn(design, a, b);
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(b[i], -a[i]);
    EXPECT_EQ(b[16 + i], a[i] * a[i]);
  }
}

//===----------------------------------------------------------------------===//
// Failures
//===----------------------------------------------------------------------===//

TEST(AIEEmulatorErrors, DeadlockIsReportedWithoutWaitingForTheTimeout) {
  Design design;
  int in = design.add_fifo("x_in_0", 2, 16); // nobody fills it
  int out = design.add_fifo("y_out_0", 2, 16);
  design.add_core("core(0,2)",
                  mapCore(in, out, 1, 4, [](int32_t x) { return x; }));
  design.set_sequence([=](Sequence &seq) {
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, 1, 4},
                  {0, 0, 0, 1});
    seq.wait(out);
  });
  std::vector<int32_t> a(4), b(4);
  auto start = std::chrono::steady_clock::now();
  std::string error =
      errorOf([&] { runOn(design, a, b, milliseconds(60000)); });
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(10)); // far below the 60 s timeout
  EXPECT_NE(error.find("deadlock"), std::string::npos) << error;
  EXPECT_NE(error.find("core(0,2) waits to acquire @x_in_0 (Consume): 0 of 2 "
                       "elements filled"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("shim DMA @y_out_0 (S2MM) waits for data"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("runtime sequence waits for @y_out_0"),
            std::string::npos)
      << error;
}

// A core busy in its body (not waiting on the emulator) while the others wait
// is only noticed by the stall timeout.
TEST(AIEEmulatorErrors, StallIsReportedAfterTheTimeout) {
  Design design;
  int in = design.add_fifo("in", 1, 16);
  int out = design.add_fifo("out", 1, 16);
  design.add_core("core(0,2)", [=](Core &core) {
    std::this_thread::sleep_for(milliseconds(400));
    core.acquire(in, Port::Consume); // unwinds: the run has been stopped
    core.release(in, Port::Consume);
    (void)out;
  });
  design.set_sequence([=](Sequence &seq) {
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, 0, {1, 1, 1, 4}, {0, 0, 0, 1});
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, 1, 4},
                  {0, 0, 0, 1});
    seq.wait(out);
  });
  std::vector<int32_t> a(4), b(4);
  std::string error = errorOf([&] { runOn(design, a, b, milliseconds(100)); });
  EXPECT_NE(error.find("stall: no progress for 100 ms"), std::string::npos)
      << error;
  EXPECT_NE(error.find("core(0,2) is running"), std::string::npos) << error;
  EXPECT_NE(error.find("runtime sequence waits for @out"), std::string::npos)
      << error;
}

TEST(AIEEmulatorErrors, OutOfBoundsTransferIsRejected) {
  Design design;
  buildPassthrough(design, 2, 4);
  design.set_sequence([](Sequence &seq) {
    // 5 rows of 16 int32 from a 64-int32 buffer.
    seq.memcpy_nd(0, Direction::ToDevice, 0, 4, 0, {1, 1, 5, 16},
                  {0, 0, 16, 1});
  });
  std::vector<int32_t> a(64), b(64);
  std::string error = errorOf([&] { runOn(design, a, b); });
  EXPECT_NE(error.find("memcpy_nd on @in_shim (MM2S)"), std::string::npos)
      << error;
  EXPECT_NE(error.find("bytes [0, 320) of buffer 0, which has 256 bytes"),
            std::string::npos)
      << error;
}

TEST(AIEEmulatorErrors, InvalidTransfersAreRejected) {
  struct Case {
    std::function<void(Sequence &)> issue;
    const char *message;
  } cases[] = {
      {[](Sequence &s) {
         s.memcpy_nd(0, Direction::ToDevice, 2, 4, 0, {1, 1, 1, 16},
                     {0, 0, 0, 1});
       },
       "buffer index 2 is out of range"},
      {[](Sequence &s) {
         s.memcpy_nd(0, Direction::ToDevice, 0, 4, 0, {1, 0, 1, 16},
                     {0, 0, 0, 1});
       },
       "size 0 in dimension 1"},
      {[](Sequence &s) {
         s.memcpy_nd(0, Direction::ToDevice, 0, 4, -1, {1, 1, 1, 16},
                     {0, 0, 0, 1});
       },
       "touches bytes [-4, 60)"},
      {[](Sequence &s) {
         s.memcpy_nd(0, Direction::ToDevice, 0, 4, 0, {1, 1, 1, 10},
                     {0, 0, 0, 1});
       },
       "moves 40 bytes, not a whole number of 64-byte elements"},
      {[](Sequence &s) {
         s.memcpy_nd(9, Direction::ToDevice, 0, 4, 0, {1, 1, 1, 16},
                     {0, 0, 0, 1});
       },
       "FIFO id 9 is out of range"},
      {[](Sequence &s) { s.wait(3); }, "has no shim DMA transfer issued"},
      {[](Sequence &s) {
         s.memcpy_nd(0, Direction::ToDevice, 0, 4, 0, {1, 1, 1, 16},
                     {0, 0, 0, 1});
         s.memcpy_nd(0, Direction::FromDevice, 1, 4, 0, {1, 1, 1, 16},
                     {0, 0, 0, 1});
       },
       "already has MM2S transfers"},
  };
  for (const Case &c : cases) {
    Design design;
    buildPassthrough(design, 1, 1);
    design.set_sequence(c.issue);
    std::vector<int32_t> a(16), b(16);
    std::string error = errorOf([&] { runOn(design, a, b); });
    EXPECT_NE(error.find(c.message), std::string::npos) << error;
    EXPECT_EQ(error.rfind("runtime sequence", 0), 0u) << error;
  }
}

TEST(AIEEmulatorErrors, ElementsLeftInAFifoAreAVolumeMismatch) {
  Design design;
  int in = design.add_fifo("in", 2, 16);
  int out = design.add_fifo("out", 2, 16);
  design.add_core("core(0,2)",
                  mapCore(in, out, 1, 4, [](int32_t x) { return x; }));
  design.set_sequence([=](Sequence &seq) {
    // Two elements in, the core takes one.
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, 0, {1, 1, 1, 8}, {0, 0, 0, 1});
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, 1, 4},
                  {0, 0, 0, 1});
    seq.wait(out);
  });
  std::vector<int32_t> a(8), b(4);
  std::string error = errorOf([&] { runOn(design, a, b); });
  EXPECT_NE(error.find("data volume mismatch"), std::string::npos) << error;
  EXPECT_NE(
      error.find("FIFO @in still holds 1 filled element(s) that core(0,2) "
                 "did not consume"),
      std::string::npos)
      << error;
}

TEST(AIEEmulatorErrors, IncompleteTransferIsAVolumeMismatch) {
  Design design;
  int in = design.add_fifo("in", 1, 16);
  int out = design.add_fifo("out", 1, 16);
  design.add_core("core(0,2)",
                  mapCore(in, out, 1, 4, [](int32_t x) { return x; }));
  design.set_sequence([=](Sequence &seq) {
    // Four elements in, through a depth-1 FIFO, to a core that takes one.
    seq.memcpy_nd(in, Direction::ToDevice, 0, 4, 0, {1, 1, 4, 4}, {0, 0, 4, 1});
    seq.memcpy_nd(out, Direction::FromDevice, 1, 4, 0, {1, 1, 1, 4},
                  {0, 0, 0, 1});
    seq.wait(out);
  });
  std::vector<int32_t> a(16), b(4);
  std::string error = errorOf([&] { runOn(design, a, b); });
  EXPECT_NE(error.find("shim DMA @in (MM2S) left transfer 1 of 1 (buffer 0) "
                       "incomplete: 2 of 4 elements moved"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("FIFO @in still holds 1 filled element(s)"),
            std::string::npos)
      << error;
}

TEST(AIEEmulatorErrors, ThrowingCoreBodyStopsTheRun) {
  Design design;
  buildPassthrough(design, 2, 4);
  design.add_core("core(0,3)",
                  [](Core &) { throw std::runtime_error("kernel exploded"); });
  std::vector<int32_t> a(64), b(64);
  std::string error = errorOf([&] { runOn(design, a, b); });
  EXPECT_EQ(error, "core(0,3) failed: kernel exploded");
}

TEST(AIEEmulatorErrors, MisuseOfFifos) {
  Design design;
  int a = design.add_fifo("a", 1, 16);
  int b = design.add_fifo("b", 1, 32);
  EXPECT_NE(
      errorOf([&] { design.add_link(a, b); }).find("element sizes differ"),
      std::string::npos);
  EXPECT_NE(errorOf([&] {
              design.add_link({a}, {b, b});
            }).find("add up to 64"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { design.add_fifo("c", 0, 16); }).find("depth 0"),
            std::string::npos);

  Design release;
  int f = release.add_fifo("f", 1, 16);
  release.add_core("core(0,2)",
                   [=](Core &core) { core.release(f, Port::Consume); });
  release.set_sequence([](Sequence &) {});
  EXPECT_EQ(
      errorOf([&] { release.run(nullptr, nullptr, 0); }),
      "core(0,2) releases @f (Consume) without holding an acquired element");

  Design twoConsumers;
  int g = twoConsumers.add_fifo("g", 1, 16);
  for (const char *name : {"core(0,2)", "core(0,3)"})
    twoConsumers.add_core(name,
                          [=](Core &core) { core.acquire(g, Port::Consume); });
  twoConsumers.set_sequence([=](Sequence &seq) {
    seq.memcpy_nd(g, Direction::ToDevice, 0, 1, 0, {1, 1, 1, 16}, {0, 0, 0, 1});
  });
  std::vector<char> bytes(16);
  void *buffers[] = {bytes.data()};
  size_t sizes[] = {bytes.size()};
  EXPECT_NE(errorOf([&] {
              twoConsumers.run(buffers, sizes, 1);
            }).find("that FIFO has 1 consumer(s)"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// The XRT stub driving a design through ptowsp_aie_design_run
//===----------------------------------------------------------------------===//

Design *linkedDesign = nullptr; // what ptowsp_aie_design_run runs

} // namespace

extern "C" int ptowsp_aie_design_run(void *const *buffers, const size_t *bytes,
                                     int count, char *error,
                                     size_t errorBytes) {
  return run_c(*linkedDesign, buffers, bytes, count, error, errorBytes);
}

namespace {

class AIEEmulatorXrtStub : public ::testing::Test {
protected:
  void SetUp() override {
    buildPassthrough(design, 2, 4);
    linkedDesign = &design;
    xclbinPath = ::testing::TempDir() + "ptowsp_aie_emu_test.xclbin";
    std::ofstream(xclbinPath, std::ios::binary) << "not a real xclbin";
  }
  void TearDown() override {
    linkedDesign = nullptr;
    std::remove(xclbinPath.c_str());
  }
  Design design;
  std::string xclbinPath;
};

TEST_F(AIEEmulatorXrtStub, HostFlowRunsTheLinkedDesign) {
  const size_t n = 64;
  xrt::device device(0u);
  xrt::xclbin xclbin(xclbinPath);
  std::vector<xrt::xclbin::kernel> kernels = xclbin.get_kernels();
  auto found =
      std::find_if(kernels.begin(), kernels.end(), [](xrt::xclbin::kernel &k) {
        return k.get_name().rfind("MLIR_AIE", 0) == 0;
      });
  ASSERT_NE(found, kernels.end());
  device.register_xclbin(xclbin);
  xrt::hw_context context(device, xclbin.get_uuid());
  xrt::kernel kernel(context, found->get_name());

  std::vector<uint32_t> instructions(8, 0xdeadbeef);
  xrt::bo boInstr(device, instructions.size() * 4, XCL_BO_FLAGS_CACHEABLE,
                  kernel.group_id(1));
  xrt::bo boIn(device, n * 4, XRT_BO_FLAGS_HOST_ONLY, kernel.group_id(3));
  xrt::bo boOut(device, n * 4, XRT_BO_FLAGS_HOST_ONLY, kernel.group_id(4));
  std::memcpy(boInstr.map<void *>(), instructions.data(),
              instructions.size() * 4);
  int32_t *in = boIn.map<int32_t *>();
  for (size_t i = 0; i < n; ++i)
    in[i] = int32_t(i) - 7;
  boInstr.sync(XCL_BO_SYNC_BO_TO_DEVICE);
  boIn.sync(XCL_BO_SYNC_BO_TO_DEVICE);

  unsigned int opcode = 3;
  xrt::run run = kernel(opcode, boInstr, instructions.size(), boIn, boOut);
  ASSERT_EQ(run.wait(), ERT_CMD_STATE_COMPLETED) << run.ptowsp_error();

  std::vector<int32_t> out(n, 0);
  boOut.read(out.data()); // before the sync: still the stale host copy
  EXPECT_EQ(out, std::vector<int32_t>(n, 0));
  boOut.sync(XCL_BO_SYNC_BO_FROM_DEVICE);
  boOut.read(out.data());
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(out[i], 2 * (int32_t(i) - 7));

  // A second launch on new data.
  in[0] = 1000;
  boIn.sync(XCL_BO_SYNC_BO_TO_DEVICE);
  ASSERT_EQ(kernel(opcode, boInstr, instructions.size(), boIn, boOut).wait(),
            ERT_CMD_STATE_COMPLETED);
  boOut.sync(XCL_BO_SYNC_BO_FROM_DEVICE);
  EXPECT_EQ(boOut.map<int32_t *>()[0], 2000);
}

TEST_F(AIEEmulatorXrtStub, FailedRunReportsErrorState) {
  xrt::device device(0u);
  xrt::xclbin xclbin(xclbinPath);
  device.register_xclbin(xclbin);
  xrt::hw_context context(device, xclbin.get_uuid());
  xrt::kernel kernel(context, "MLIR_AIE");
  xrt::bo boInstr(device, 16, XCL_BO_FLAGS_CACHEABLE, kernel.group_id(1));
  xrt::bo boIn(device, 64 * 4, XRT_BO_FLAGS_HOST_ONLY, kernel.group_id(3));
  xrt::bo boOut(device, 32 * 4, XRT_BO_FLAGS_HOST_ONLY,
                kernel.group_id(4)); // too small
  xrt::run run = kernel(3u, boInstr, 4, boIn, boOut);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run.wait(), ERT_CMD_STATE_ERROR);
  std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(printed.find("kernel run failed: runtime sequence: memcpy_nd on "
                         "@out_shim (S2MM)"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("of buffer 1, which has 128 bytes"), std::string::npos)
      << printed;
}

TEST_F(AIEEmulatorXrtStub, RejectsWhatRealXrtRejects) {
  EXPECT_THROW(xrt::xclbin(xclbinPath + ".missing"), std::runtime_error);
  EXPECT_THROW(xrt::device(1u), std::runtime_error);
  xrt::device device(0u);
  xrt::xclbin xclbin(xclbinPath);
  device.register_xclbin(xclbin);
  xrt::hw_context context(device, xclbin.get_uuid());
  EXPECT_THROW(xrt::kernel(context, "NOT_THERE"), std::runtime_error);
  xrt::bo bo(device, 8, XRT_BO_FLAGS_HOST_ONLY, 0);
  char bytes[16] = {};
  EXPECT_THROW(bo.write(bytes, 16, 0), std::out_of_range);
  EXPECT_THROW(bo.sync(XCL_BO_SYNC_BO_TO_DEVICE, 4, 6), std::out_of_range);
}

} // namespace
