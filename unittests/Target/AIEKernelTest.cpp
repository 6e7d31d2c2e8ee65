//===- AIEKernelTest.cpp - the AIE kernel header against cpu_sim ----------===//
//
// Calls every template of runtime/include/pto-wsp/aie/ptowsp_aie_kernel.h on
// small random tiles and compares the result bit for bit with the project's
// numerical reference, cpu_sim's PTO-ISA (pto_isa.h), and for the basic
// operations also with straightforward loops. The two headers use different
// 16-bit types (_Float16 / __bf16 here, pto::half / pto::bfloat16 there);
// values are moved between them by their bits.
//
//===----------------------------------------------------------------------===//

#include "ptowsp_aie_kernel.h"

#include "pto-wsp/cpu_sim/pto_isa.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace aie = ptowsp::aie;

namespace {

//===----------------------------------------------------------------------===//
// Tiles held by both implementations
//===----------------------------------------------------------------------===//

/// cpu_sim's element type for an AIE element type.
template <typename T> struct SimType { using type = T; };
template <> struct SimType<_Float16> { using type = pto::half; };
template <> struct SimType<__bf16> { using type = pto::bfloat16; };
template <typename T> using sim_t = typename SimType<T>::type;

/// An R x C tile: the AIE array and a cpu_sim tile over a separate copy.
template <typename T, int R, int C> struct Both {
  static_assert(sizeof(T) == sizeof(sim_t<T>), "same storage size");
  alignas(64) T data[R * C] = {};
  alignas(64) sim_t<T> simData[R * C] = {};
  pto::Tile<sim_t<T>, R, C> sim;

  Both() { sim.data = simData; }
  /// Copies the AIE array into the cpu_sim tile (bits).
  void share() { std::memcpy(simData, data, sizeof data); }
  /// True if both hold the same bits.
  ::testing::AssertionResult same() const {
    for (int i = 0; i < R * C; ++i)
      if (std::memcmp(&data[i], &simData[i], sizeof(T)) != 0)
        return ::testing::AssertionFailure()
               << "element " << i << " (row " << i / C << ", column " << i % C
               << "): aie " << static_cast<double>(data[i]) << ", cpu_sim "
               << static_cast<double>(
                      static_cast<typename pto::detail::compute_t<sim_t<T>>>(
                          simData[i]));
    return ::testing::AssertionSuccess();
  }
};

std::mt19937 &generator() {
  static std::mt19937 engine(20240607);
  return engine;
}

/// Random elements: floats in [lo, hi) rounded to T, integers in [lo, hi].
template <typename T, int R, int C>
void randomize(Both<T, R, C> &tile, double lo = -4, double hi = 4) {
  for (T &x : tile.data) {
    if constexpr (aie::detail::kIsFloat<T>)
      x = aie::detail::narrow<T>(static_cast<float>(
          std::uniform_real_distribution<double>(lo, hi)(generator())));
    else
      x = static_cast<T>(std::uniform_int_distribution<int64_t>(
          static_cast<int64_t>(lo), static_cast<int64_t>(hi))(generator()));
  }
  tile.share();
}

/// Integer tiles get their type's whole range, to exercise wrapping.
template <typename T, int R, int C> void randomizeWide(Both<T, R, C> &tile) {
  if constexpr (aie::detail::kIsFloat<T>)
    randomize(tile);
  else
    randomize(tile, static_cast<double>(std::numeric_limits<T>::lowest()),
              static_cast<double>(std::numeric_limits<T>::max()));
}

template <typename T> float asFloat(T x) { return static_cast<float>(x); }

//===----------------------------------------------------------------------===//
// Typed suites
//===----------------------------------------------------------------------===//

/// An element type as a type parameter (gtest names type parameters with
/// typeid, and libstdc++ has no typeinfo for _Float16).
template <typename T> struct Element { using type = T; };
template <typename T> class AIEKernelAllTypes : public ::testing::Test {};
template <typename T> class AIEKernelFloat : public ::testing::Test {};
using AllTypes =
    ::testing::Types<Element<float>, Element<_Float16>, Element<__bf16>,
                     Element<int32_t>, Element<int16_t>, Element<int8_t>>;
using FloatTypes =
    ::testing::Types<Element<float>, Element<_Float16>, Element<__bf16>>;
TYPED_TEST_SUITE(AIEKernelAllTypes, AllTypes);
TYPED_TEST_SUITE(AIEKernelFloat, FloatTypes);

TEST(AIEKernel, VectorLanesAreOne512BitRegister) {
  EXPECT_EQ(aie::kVectorLanes<float>, 16);
  EXPECT_EQ(aie::kVectorLanes<int32_t>, 16);
  EXPECT_EQ(aie::kVectorLanes<__bf16>, 32);
  EXPECT_EQ(aie::kVectorLanes<_Float16>, 32);
  EXPECT_EQ(aie::kVectorLanes<int8_t>, 64);
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

TEST(AIEKernel, LoadAndStoreFollowOffsetAndRowStride) {
  constexpr int kRows = 3, kCols = 20, kLd = 37, kOffset = 5;
  std::vector<float> global(kOffset + kRows * kLd, -1.0f);
  for (size_t i = 0; i < global.size(); ++i)
    global[i] = static_cast<float>(i);
  alignas(64) float tile[kRows * kCols];
  aie::load<kRows, kCols>(tile, global.data(), kOffset, kLd);
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c)
      ASSERT_EQ(tile[r * kCols + c], global[kOffset + r * kLd + c]);

  std::vector<float> out(global.size(), -1.0f);
  aie::store<kRows, kCols>(out.data(), kOffset, kLd, tile);
  for (int i = 0; i < static_cast<int>(out.size()); ++i) {
    int r = (i - kOffset) / kLd, c = (i - kOffset) % kLd;
    bool inside = i >= kOffset && r < kRows && c < kCols;
    ASSERT_EQ(out[i], inside ? global[i] : -1.0f) << "at " << i;
  }

  alignas(64) float copy[kRows * kCols];
  aie::move<kRows, kCols>(copy, tile);
  EXPECT_EQ(std::memcmp(copy, tile, sizeof tile), 0);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Runs one binary op on both implementations over full-shaped operands.
#define CHECK_BINARY(AIE_OP, SIM_OP, T)                                        \
  do {                                                                         \
    Both<T, 5, 40> a, b, d;                                                    \
    randomizeWide(a);                                                          \
    randomizeWide(b);                                                          \
    aie::AIE_OP<5, 40>(d.data, a.data, b.data);                                \
    pto::SIM_OP(d.sim, a.sim, b.sim);                                          \
    EXPECT_TRUE(d.same()) << #AIE_OP;                                          \
  } while (false)

TYPED_TEST(AIEKernelAllTypes, BinaryOpsMatchCpuSim) {
  using T = typename TypeParam::type;
  CHECK_BINARY(add, TADD, T);
  CHECK_BINARY(sub, TSUB, T);
  CHECK_BINARY(mul, TMUL, T);
  CHECK_BINARY(max, TMAX, T);
  CHECK_BINARY(min, TMIN, T);
  if constexpr (aie::detail::kIsFloat<T>)
    CHECK_BINARY(div, TDIV, T);
}

TEST(AIEKernel, AddIsTheElementwiseSum) {
  Both<float, 4, 33> a, b, d;
  randomize(a);
  randomize(b);
  aie::add<4, 33>(d.data, a.data, b.data);
  for (int i = 0; i < 4 * 33; ++i)
    ASSERT_EQ(d.data[i], a.data[i] + b.data[i]);
}

/// A 16-bit add rounds the float sum once.
TEST(AIEKernel, HalfArithmeticRoundsTheFloatResultOnce) {
  Both<_Float16, 1, 64> a, b, d;
  randomize(a, -1000, 1000);
  randomize(b, -1, 1);
  aie::mul<1, 64>(d.data, a.data, b.data);
  for (int i = 0; i < 64; ++i) {
    pto::half expected(asFloat(a.data[i]) * asFloat(b.data[i]));
    uint16_t bits;
    std::memcpy(&bits, &d.data[i], 2);
    ASSERT_EQ(bits, expected.bits);
  }
}

TYPED_TEST(AIEKernelAllTypes, BroadcastOperandsOnEitherSide) {
  using T = typename TypeParam::type;
  constexpr int R = 6, C = 40;
  Both<T, R, C> full, d;
  Both<T, R, 1> column;
  Both<T, 1, C> row;
  randomizeWide(full);
  randomizeWide(column);
  randomizeWide(row);
  // Right operand broadcast: cpu_sim's TROWEXPAND<op> / TCOLEXPAND<op>.
  aie::sub<R, C, aie::Operand::Full, aie::Operand::Column>(d.data, full.data,
                                                          column.data);
  pto::TROWEXPANDSUB(d.sim, full.sim, column.sim);
  EXPECT_TRUE(d.same());
  aie::max<R, C, aie::Operand::Full, aie::Operand::Row>(d.data, full.data,
                                                       row.data);
  pto::TCOLEXPANDMAX(d.sim, full.sim, row.sim);
  EXPECT_TRUE(d.same());
  // Left operand broadcast: what -tile-legalize-broadcast makes of it for
  // cpu_sim (an explicit broadcast, then the full op).
  Both<T, R, C> expanded;
  aie::sub<R, C, aie::Operand::Column, aie::Operand::Full>(d.data, column.data,
                                                          full.data);
  pto::TROWEXPAND(expanded.sim, column.sim);
  pto::TSUB(d.sim, expanded.sim, full.sim);
  EXPECT_TRUE(d.same());
  aie::mul<R, C, aie::Operand::Row, aie::Operand::Full>(d.data, row.data,
                                                       full.data);
  pto::TCOLEXPAND(expanded.sim, row.sim);
  pto::TMUL(d.sim, expanded.sim, full.sim);
  EXPECT_TRUE(d.same());
  // The broadcasts themselves.
  aie::broadcast<R, C, aie::Operand::Column>(d.data, column.data);
  pto::TROWEXPAND(d.sim, column.sim);
  EXPECT_TRUE(d.same());
  aie::broadcast<R, C, aie::Operand::Row>(d.data, row.data);
  pto::TCOLEXPAND(d.sim, row.sim);
  EXPECT_TRUE(d.same());
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c)
      ASSERT_EQ(std::memcmp(&d.data[r * C + c], &row.data[c], sizeof(T)), 0);
}

#define CHECK_SCALAR(AIE_OP, SIM_OP, T, S)                                     \
  do {                                                                         \
    Both<T, 3, 50> a, d;                                                       \
    randomizeWide(a);                                                          \
    aie::AIE_OP<3, 50>(d.data, a.data, S);                                     \
    pto::SIM_OP(d.sim, a.sim, S);                                              \
    EXPECT_TRUE(d.same()) << #AIE_OP;                                          \
  } while (false)

TYPED_TEST(AIEKernelAllTypes, ScalarOpsRoundTheScalarFirst) {
  using T = typename TypeParam::type;
  if constexpr (aie::detail::kIsFloat<T>) {
    // 0.1 is not a 16-bit float: the scalar is rounded to T first.
    const float s = 0.1f;
    CHECK_SCALAR(adds, TADDS, T, s);
    CHECK_SCALAR(subs, TSUBS, T, s);
    CHECK_SCALAR(muls, TMULS, T, s);
    CHECK_SCALAR(divs, TDIVS, T, s);
    CHECK_SCALAR(maxs, TMAXS, T, s);
    CHECK_SCALAR(mins, TMINS, T, s);
    CHECK_SCALAR(divs, TDIVS, T, 3.0); // a double scalar
  } else {
    const int64_t s = 300; // wraps for int8
    CHECK_SCALAR(adds, TADDS, T, s);
    CHECK_SCALAR(subs, TSUBS, T, s);
    CHECK_SCALAR(muls, TMULS, T, s);
    CHECK_SCALAR(maxs, TMAXS, T, -s);
    CHECK_SCALAR(mins, TMINS, T, s);
  }
}

#define CHECK_UNARY(AIE_OP, SIM_OP, T)                                         \
  do {                                                                         \
    aie::AIE_OP<4, 40>(d.data, a.data);                                        \
    pto::SIM_OP(d.sim, a.sim);                                                 \
    EXPECT_TRUE(d.same()) << #AIE_OP;                                          \
  } while (false)

TYPED_TEST(AIEKernelAllTypes, UnaryOpsMatchCpuSim) {
  using T = typename TypeParam::type;
  Both<T, 4, 40> a, d;
  randomizeWide(a);
  CHECK_UNARY(abs, TABS, T);
  CHECK_UNARY(neg, TNEG, T);
  CHECK_UNARY(relu, TRELU, T);
  if constexpr (aie::detail::kIsFloat<T>) {
    CHECK_UNARY(exp, TEXP, T);
    CHECK_UNARY(recip, TRECIP, T);
    randomize(a, 0.01, 100);
    CHECK_UNARY(log, TLOG, T);
    CHECK_UNARY(sqrt, TSQRT, T);
    CHECK_UNARY(rsqrt, TRSQRT, T);
  }
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

TYPED_TEST(AIEKernelAllTypes, ReductionsMatchCpuSimInOrder) {
  using T = typename TypeParam::type;
  // 37 rows: two blocks of 16 rows reduced across lanes, then 5 single rows.
  constexpr int R = 37, C = 70;
  Both<T, R, C> a;
  Both<T, R, 1> rows;
  Both<T, 1, C> cols;
  randomizeWide(a);
  aie::rowsum<R, C>(rows.data, a.data);
  pto::TROWSUM(rows.sim, a.sim);
  EXPECT_TRUE(rows.same());
  aie::rowmax<R, C>(rows.data, a.data);
  pto::TROWMAX(rows.sim, a.sim);
  EXPECT_TRUE(rows.same());
  aie::rowmin<R, C>(rows.data, a.data);
  pto::TROWMIN(rows.sim, a.sim);
  EXPECT_TRUE(rows.same());
  aie::colsum<R, C>(cols.data, a.data);
  pto::TCOLSUM(cols.sim, a.sim);
  EXPECT_TRUE(cols.same());
  aie::colmax<R, C>(cols.data, a.data);
  pto::TCOLMAX(cols.sim, a.sim);
  EXPECT_TRUE(cols.same());
  aie::colmin<R, C>(cols.data, a.data);
  pto::TCOLMIN(cols.sim, a.sim);
  EXPECT_TRUE(cols.same());
}

/// rowmean is cpu_sim's lowering of tile.rowmean: TROWSUM, then TDIVS by
/// the column count.
TYPED_TEST(AIEKernelFloat, RowMeanIsSumThenDivide) {
  using T = typename TypeParam::type;
  constexpr int R = 20, C = 48;
  Both<T, R, C> a;
  Both<T, R, 1> mean;
  randomize(a);
  aie::rowmean<R, C>(mean.data, a.data);
  pto::TROWSUM(mean.sim, a.sim);
  pto::TDIVS(mean.sim, mean.sim, static_cast<float>(C));
  EXPECT_TRUE(mean.same());
}

TEST(AIEKernel, RowSumAccumulatesLeftToRightInFloat) {
  constexpr int R = 17, C = 100;
  Both<float, R, C> a;
  Both<float, R, 1> sums;
  randomize(a, -1e6, 1e6);
  aie::rowsum<R, C>(sums.data, a.data);
  for (int r = 0; r < R; ++r) {
    float acc = 0;
    for (int c = 0; c < C; ++c)
      acc += a.data[r * C + c];
    ASSERT_EQ(sums.data[r], acc) << "row " << r;
  }
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

template <typename T, int M, int K, int N> void checkMatmul() {
  Both<T, M, K> a;
  Both<T, K, N> b;
  Both<float, M, N> acc, d;
  randomize(a);
  randomize(b);
  randomize(acc, -100, 100);
  aie::matmul<M, K, N>(d.data, a.data, b.data);
  pto::TMATMUL(d.sim, a.sim, b.sim);
  EXPECT_TRUE(d.same()) << "matmul " << M << "x" << K << "x" << N;
  // The straightforward loop: one product at a time, ascending k, in float.
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      float sum = 0;
      for (int k = 0; k < K; ++k) {
        float product = asFloat(a.data[i * K + k]) * asFloat(b.data[k * N + j]);
        sum = sum + product;
      }
      ASSERT_EQ(d.data[i * N + j], sum);
    }
  aie::matmul_acc<M, K, N>(d.data, acc.data, a.data, b.data);
  pto::TMATMUL_ACC(d.sim, acc.sim, a.sim, b.sim);
  EXPECT_TRUE(d.same()) << "matmul_acc " << M << "x" << K << "x" << N;
}

TYPED_TEST(AIEKernelFloat, MatmulAccumulatesInFloatInAscendingK) {
  using T = typename TypeParam::type;
  checkMatmul<T, 16, 32, 16>();
  checkMatmul<T, 5, 7, 19>();
}

/// Splitting K over matmul_acc gives the unsplit product bit for bit.
TEST(AIEKernel, MatmulSplitOverKEqualsTheWholeProduct) {
  Both<_Float16, 8, 32> a;
  Both<_Float16, 32, 8> b;
  randomize(a);
  randomize(b);
  alignas(64) float whole[64], split[64];
  alignas(64) _Float16 a0[8 * 16], a1[8 * 16];
  for (int i = 0; i < 8; ++i)
    for (int k = 0; k < 16; ++k) {
      a0[i * 16 + k] = a.data[i * 32 + k];
      a1[i * 16 + k] = a.data[i * 32 + 16 + k];
    }
  aie::matmul<8, 32, 8>(whole, a.data, b.data);
  aie::matmul<8, 16, 8>(split, a0, b.data);
  aie::matmul_acc<8, 16, 8>(split, split, a1, b.data + 16 * 8);
  EXPECT_EQ(std::memcmp(whole, split, sizeof whole), 0);
}

//===----------------------------------------------------------------------===//
// Conversion, fill, compare, select
//===----------------------------------------------------------------------===//

/// Float-to-int32 conversion of awkward values under every rounding mode.
template <aie::Round Mode> void checkRounding(pto::RoundMode simMode) {
  const float inf = std::numeric_limits<float>::infinity();
  const float values[] = {0.5f,  1.5f,   2.5f,   -0.5f,  -1.5f, -2.5f,  0.49f,
                          -7.7f, 7.7f,   3e9f,   -3e9f,  inf,   -inf,   NAN,
                          2147483520.0f, -2147483648.0f, 1e-30f, -0.0f, 123.5f,
                          -123.5f, 8388609.0f, 16777217.0f, 0.0f, 1.0f};
  constexpr int kCount = sizeof(values) / sizeof(values[0]);
  Both<float, 1, kCount> src;
  Both<int32_t, 1, kCount> dst;
  Both<int8_t, 1, kCount> narrow;
  std::memcpy(src.data, values, sizeof values);
  src.share();
  aie::cast<1, kCount, Mode>(dst.data, src.data);
  pto::TCVT(dst.sim, src.sim, simMode);
  EXPECT_TRUE(dst.same()) << "mode " << static_cast<int>(Mode);
  aie::cast<1, kCount, Mode>(narrow.data, src.data);
  pto::TCVT(narrow.sim, src.sim, simMode);
  EXPECT_TRUE(narrow.same()) << "mode " << static_cast<int>(Mode);
}

TEST(AIEKernel, FloatToIntegerCastsRoundAndSaturateLikeCpuSim) {
  checkRounding<aie::Round::Rint>(pto::RoundMode::RINT);
  checkRounding<aie::Round::Round>(pto::RoundMode::ROUND);
  checkRounding<aie::Round::Floor>(pto::RoundMode::FLOOR);
  checkRounding<aie::Round::Ceil>(pto::RoundMode::CEIL);
  checkRounding<aie::Round::Trunc>(pto::RoundMode::TRUNC);
}

template <typename D, typename S> void checkCast(double lo, double hi) {
  Both<S, 4, 40> src;
  Both<D, 4, 40> dst;
  randomize(src, lo, hi);
  aie::cast<4, 40>(dst.data, src.data);
  pto::TCVT(dst.sim, src.sim);
  EXPECT_TRUE(dst.same());
}

TEST(AIEKernel, CastsBetweenElementTypesMatchCpuSim) {
  checkCast<_Float16, float>(-70000, 70000); // overflows to inf
  checkCast<__bf16, float>(-1e5, 1e5);
  checkCast<float, _Float16>(-100, 100);
  checkCast<float, __bf16>(-100, 100);
  checkCast<_Float16, __bf16>(-100, 100);
  checkCast<int8_t, int32_t>(-1000, 1000); // saturates
  checkCast<int16_t, int32_t>(-100000, 100000);
  checkCast<float, int32_t>(-100000000, 100000000);
  checkCast<_Float16, int16_t>(-30000, 30000);
  checkCast<uint8_t, float>(-300, 300);
  checkCast<int32_t, _Float16>(-1000, 1000);
}

TYPED_TEST(AIEKernelAllTypes, FillConvertsItsScalar) {
  using T = typename TypeParam::type;
  Both<T, 3, 33> d;
  if constexpr (aie::detail::kIsFloat<T>) {
    aie::fill<3, 33>(d.data, 0.3f);
    pto::TEXPANDS(d.sim, 0.3f);
    EXPECT_TRUE(d.same());
    aie::fill<3, 33>(d.data, 1.0 / 3.0);
    pto::TEXPANDS(d.sim, 1.0 / 3.0);
  } else {
    aie::fill<3, 33>(d.data, int64_t(-7));
    pto::TEXPANDS(d.sim, int64_t(-7));
  }
  EXPECT_TRUE(d.same());
}

template <typename T, aie::Cmp Mode> void checkCompare(pto::CmpMode simMode) {
  Both<T, 3, 40> a, b;
  Both<uint8_t, 3, 40> mask;
  randomize(a, -3, 3);
  randomize(b, -3, 3);
  // Some equal elements, so EQ/LE/GE see ties.
  for (int i = 0; i < 3 * 40; i += 3)
    b.data[i] = a.data[i];
  b.share();
  aie::cmp<3, 40, Mode>(mask.data, a.data, b.data);
  pto::TCMP(mask.sim, a.sim, b.sim, simMode);
  EXPECT_TRUE(mask.same()) << "cmp mode " << static_cast<int>(Mode);
  const float s = 0.7f;
  aie::cmps<3, 40, Mode>(mask.data, a.data, s);
  pto::TCMPS(mask.sim, a.sim, s, simMode);
  EXPECT_TRUE(mask.same()) << "cmps mode " << static_cast<int>(Mode);

  Both<T, 3, 40> d;
  aie::select<3, 40>(d.data, mask.data, a.data, b.data);
  pto::TSEL(d.sim, mask.sim, a.sim, b.sim);
  EXPECT_TRUE(d.same());
  for (int i = 0; i < 3 * 40; ++i)
    ASSERT_EQ(std::memcmp(&d.data[i], mask.data[i] ? &a.data[i] : &b.data[i],
                          sizeof(T)),
              0);
}

TYPED_TEST(AIEKernelAllTypes, CompareAndSelectMatchCpuSim) {
  using T = typename TypeParam::type;
  checkCompare<T, aie::Cmp::EQ>(pto::CmpMode::EQ);
  checkCompare<T, aie::Cmp::NE>(pto::CmpMode::NE);
  checkCompare<T, aie::Cmp::LT>(pto::CmpMode::LT);
  checkCompare<T, aie::Cmp::LE>(pto::CmpMode::LE);
  checkCompare<T, aie::Cmp::GT>(pto::CmpMode::GT);
  checkCompare<T, aie::Cmp::GE>(pto::CmpMode::GE);
}

//===----------------------------------------------------------------------===//
// Layout and routing
//===----------------------------------------------------------------------===//

TYPED_TEST(AIEKernelAllTypes, TransposeMatchesCpuSim) {
  using T = typename TypeParam::type;
  Both<T, 7, 45> a;
  Both<T, 45, 7> d;
  randomizeWide(a);
  aie::transpose<7, 45>(d.data, a.data);
  pto::TTRANS(d.sim, a.sim);
  EXPECT_TRUE(d.same());
}

TEST(AIEKernel, IotaCountsColumnsFromStart) {
  Both<int32_t, 3, 20> d;
  aie::iota<3, 20>(d.data, -5);
  pto::TCI(d.sim, -5);
  EXPECT_TRUE(d.same());
  EXPECT_EQ(d.data[2 * 20 + 7], 2);
}

/// Values with ties and NaNs: the order is descending, NaN first, ties in
/// column order.
template <typename T, int R, int C> void randomizeWithTies(Both<T, R, C> &a) {
  randomize(a, -3, 3);
  for (int i = 0; i < R * C; i += 5)
    a.data[i] = aie::detail::narrow<T>(1.0f);
  if constexpr (aie::detail::kIsFloat<T>)
    a.data[7] = aie::detail::narrow<T>(NAN);
  a.share();
}

TYPED_TEST(AIEKernelAllTypes, Sort32AndTopKMatchCpuSim) {
  using T = typename TypeParam::type;
  Both<T, 3, 64> a, values;
  Both<int32_t, 3, 64> indices;
  randomizeWithTies(a);
  aie::sort32<3, 64>(values.data, indices.data, a.data);
  pto::TSORT32(values.sim, indices.sim, a.sim);
  EXPECT_TRUE(values.same());
  EXPECT_TRUE(indices.same());

  Both<T, 3, 10> top;
  Both<int32_t, 3, 10> topIndices;
  aie::topk<3, 64, 10>(top.data, topIndices.data, a.data);
  pto::TTOPK(top.sim, topIndices.sim, a.sim);
  EXPECT_TRUE(top.same());
  EXPECT_TRUE(topIndices.same());
}

} // namespace
