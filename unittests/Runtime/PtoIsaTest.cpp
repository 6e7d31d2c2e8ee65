//===- PtoIsaTest.cpp - Tests of the CPU implementation of PTO-ISA --------===//
//
// Part of PTO-WSP.
//
// Every op of runtime/include/pto-wsp/cpu_sim/pto_isa.h is checked against an
// independent plain-loop reference written here (never against another op of
// the header), including the valid-region rules: what is computed, what
// dst's valid region becomes, and that nothing outside it is written.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/cpu_sim/kernel_abi.h"
#include "pto-wsp/cpu_sim/pto_isa.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

using namespace pto;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

constexpr float kSentinel = -12345.0f;

/// A tile whose storage is an owned std::vector (not the arena), so tests do
/// not have to plan byte offsets.
template <typename T, int R, int C> struct Owned {
  std::vector<T> storage = std::vector<T>(static_cast<size_t>(R) * C);
  Tile<T, R, C> tile{storage.data()};

  Owned() = default;
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
};

template <typename T, int R, int C>
void fillRandom(Tile<T, R, C> &t, std::mt19937 &rng, float lo = -4.0f,
                float hi = 4.0f) {
  std::uniform_real_distribution<float> dist(lo, hi);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c)
      t.at(r, c) = static_cast<T>(dist(rng));
}

template <typename T, int R, int C> void fillConst(Tile<T, R, C> &t, T v) {
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c)
      t.at(r, c) = v;
}

/// Expects every element of `t` outside [0,rows)x[0,cols) to equal `v`.
template <typename T, int R, int C>
void expectUntouchedOutside(const Tile<T, R, C> &t, int rows, int cols, T v) {
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c)
      if (r >= rows || c >= cols) {
        ASSERT_EQ(static_cast<float>(t.at(r, c)), static_cast<float>(v))
            << "element (" << r << "," << c
            << ") outside the valid region was written";
      }
}

uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float floatOf(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

//===----------------------------------------------------------------------===//
// Independent 16-bit float references
//===----------------------------------------------------------------------===//

/// binary16 decoded with ldexp, not with bit tricks.
double refHalfValue(uint16_t h) {
  const int sign = (h >> 15) & 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  double v;
  if (e == 0x1f)
    v = m ? std::numeric_limits<double>::quiet_NaN()
          : std::numeric_limits<double>::infinity();
  else if (e == 0)
    v = std::ldexp(static_cast<double>(m), -24);
  else
    v = std::ldexp(static_cast<double>(1024 + m), e - 25);
  return sign ? -v : v;
}

/// Nearest binary16 (ties to even) by searching the sorted table of all
/// positive finite halves.
uint16_t refFloatToHalf(float f) {
  static const std::vector<double> table = [] {
    std::vector<double> t(0x7c00);
    for (uint32_t h = 0; h < 0x7c00; ++h)
      t[h] = refHalfValue(static_cast<uint16_t>(h));
    return t;
  }();
  if (std::isnan(f))
    return 0x7e00;
  const uint16_t sign = std::signbit(f) ? 0x8000 : 0;
  const double a = std::fabs(static_cast<double>(f));
  if (a >= 65520.0) // midpoint of 65504 and 65536
    return sign | 0x7c00;
  // First half >= a.
  const auto it = std::lower_bound(table.begin(), table.end(), a);
  uint32_t hi = static_cast<uint32_t>(it - table.begin());
  if (hi == 0x7c00 || table[hi] == a)
    return static_cast<uint16_t>(sign | std::min<uint32_t>(hi, 0x7bff));
  const uint32_t lo = hi - 1;
  const double dlo = a - table[lo], dhi = table[hi] - a;
  uint32_t pick = dlo < dhi ? lo : dhi < dlo ? hi : ((lo & 1) ? hi : lo);
  return static_cast<uint16_t>(sign | pick);
}

/// Nearest bfloat16 (ties to even) comparing the two neighbours in double.
uint16_t refFloatToBf16(float f) {
  if (std::isnan(f))
    return 0x7fc0;
  const uint32_t x = bitsOf(f);
  const uint32_t lo = x >> 16, hi = lo + 1;
  const double v = std::fabs(static_cast<double>(f));
  const double vlo = std::fabs(static_cast<double>(floatOf(lo << 16)));
  if ((lo & 0x7fff) >= 0x7f80) // already inf
    return static_cast<uint16_t>(lo);
  // Above the largest finite bfloat16 the upper neighbour is inf, which for
  // rounding purposes sits at 2^128 (IEEE overflow rule).
  const double vhi = (hi & 0x7fff) == 0x7f80
                         ? std::ldexp(1.0, 128)
                         : std::fabs(static_cast<double>(floatOf(hi << 16)));
  const double dlo = v - vlo, dhi = vhi - v;
  if (dlo < dhi)
    return static_cast<uint16_t>(lo);
  if (dhi < dlo)
    return static_cast<uint16_t>(hi);
  return static_cast<uint16_t>((lo & 1) ? hi : lo);
}

//===----------------------------------------------------------------------===//
// 16-bit floats
//===----------------------------------------------------------------------===//

TEST(Float16, HalfKnownValues) {
  EXPECT_EQ(half(1.0f).bits, 0x3c00);
  EXPECT_EQ(half(-2.0f).bits, 0xc000);
  EXPECT_EQ(half(0.0f).bits, 0x0000);
  EXPECT_EQ(half(-0.0f).bits, 0x8000);
  EXPECT_EQ(half(65504.0f).bits, 0x7bff);
  EXPECT_EQ(half(65519.0f).bits, 0x7bff); // below the midpoint
  EXPECT_EQ(half(65520.0f).bits, 0x7c00); // midpoint ties to even: inf
  EXPECT_EQ(half(1e10f).bits, 0x7c00);
  EXPECT_EQ(half(-1e10f).bits, 0xfc00);
  EXPECT_EQ(half(1.0f + std::ldexp(1.0f, -11)).bits,
            0x3c00); // tie -> even (down)
  EXPECT_EQ(half(1.0f + 3 * std::ldexp(1.0f, -11)).bits,
            0x3c02); // tie -> even (up)
  EXPECT_EQ(half(0.1f).bits, 0x2e66);
  EXPECT_EQ(half(std::ldexp(1.0f, -14)).bits, 0x0400); // smallest normal
  EXPECT_EQ(half(std::ldexp(1.0f, -24)).bits, 0x0001); // smallest subnormal
  EXPECT_EQ(half(std::ldexp(1.0f, -25)).bits, 0x0000); // tie -> even (zero)
  EXPECT_EQ(half(std::ldexp(1.5f, -25)).bits, 0x0001);
  EXPECT_EQ(half(std::ldexp(3.0f, -25)).bits,
            0x0002); // 1.5 ulp tie -> even (2)
  EXPECT_EQ(half(std::numeric_limits<float>::infinity()).bits, 0x7c00);
  const half nan(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan.bits & 0x7c00, 0x7c00);
  EXPECT_NE(nan.bits & 0x03ff, 0);
  EXPECT_TRUE(std::isnan(static_cast<float>(nan)));
  EXPECT_FLOAT_EQ(static_cast<float>(half::fromBits(0x3555)), 0.333251953125f);
}

TEST(Float16, HalfToFloatIsExactForAllBitPatterns) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    const half h = half::fromBits(static_cast<uint16_t>(b));
    const float f = h;
    const double ref = refHalfValue(static_cast<uint16_t>(b));
    if (std::isnan(ref)) {
      ASSERT_TRUE(std::isnan(f)) << std::hex << b;
      continue;
    }
    ASSERT_EQ(static_cast<double>(f), ref) << std::hex << b;
    ASSERT_EQ(std::signbit(f), (b & 0x8000) != 0) << std::hex << b;
    // Round trip: every non-NaN half survives half -> float -> half.
    ASSERT_EQ(half(f).bits, b) << std::hex << b;
  }
}

TEST(Float16, HalfRoundingMatchesReference) {
  // Every midpoint between adjacent finite halves (the tie cases), and the
  // floats one ulp either side of it.
  for (uint32_t h = 0; h < 0x7bff; ++h) {
    const double mid = (refHalfValue(static_cast<uint16_t>(h)) +
                        refHalfValue(static_cast<uint16_t>(h + 1))) /
                       2;
    const float m = static_cast<float>(mid);
    ASSERT_EQ(static_cast<double>(m), mid); // midpoints are floats
    for (float f : {m, std::nextafter(m, 0.0f), std::nextafter(m, 1e30f), -m}) {
      ASSERT_EQ(half(f).bits, refFloatToHalf(f)) << "f=" << f;
    }
  }
  // Random floats over the whole exponent range.
  std::mt19937 rng(7);
  std::uniform_int_distribution<uint32_t> mant(0, 0x7fffff);
  std::uniform_int_distribution<uint32_t> expo(90, 150); // 2^-37 .. 2^23
  for (int i = 0; i < 300000; ++i) {
    const float f =
        floatOf(((rng() & 1u) << 31) | (expo(rng) << 23) | mant(rng));
    ASSERT_EQ(half(f).bits, refFloatToHalf(f)) << "f=" << f;
  }
}

TEST(Float16, Bfloat16RoundingMatchesReference) {
  EXPECT_EQ(bfloat16(1.0f).bits, 0x3f80);
  EXPECT_EQ(bfloat16(floatOf(0x3f808000u)).bits, 0x3f80); // tie -> even (down)
  EXPECT_EQ(bfloat16(floatOf(0x3f818000u)).bits, 0x3f82); // tie -> even (up)
  EXPECT_EQ(bfloat16(floatOf(0x3f808001u)).bits, 0x3f81);
  EXPECT_EQ(bfloat16(std::numeric_limits<float>::max()).bits,
            0x7f80); // rounds to inf
  EXPECT_TRUE(std::isnan(static_cast<float>(bfloat16(std::nanf("")))));
  EXPECT_EQ(static_cast<float>(bfloat16::fromBits(0x4049)), 3.140625f);
  // Round trip of every non-NaN bfloat16.
  for (uint32_t b = 0; b < 0x10000; ++b) {
    const float f = bfloat16::fromBits(static_cast<uint16_t>(b));
    if (!std::isnan(f)) {
      ASSERT_EQ(bfloat16(f).bits, b);
    }
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 300000; ++i) {
    float f = floatOf(static_cast<uint32_t>(rng()));
    if (i % 4 == 0) // force exact ties
      f = floatOf((bitsOf(f) & 0xffff0000u) | 0x8000u);
    if (std::isnan(f))
      continue;
    ASSERT_EQ(bfloat16(f).bits, refFloatToBf16(f)) << "f=" << f;
  }
}

TEST(Float16, ArithmeticGoesThroughFloat) {
  half a(1.5f), b(2.25f);
  half c = a + b;
  EXPECT_EQ(static_cast<float>(c), 3.75f);
  c *= 2.0f;
  EXPECT_EQ(static_cast<float>(c), 7.5f);
  bfloat16 d = 3;
  d -= 1.0f;
  EXPECT_EQ(static_cast<float>(d), 2.0f);
  EXPECT_TRUE(a < b);
}

//===----------------------------------------------------------------------===//
// Arena and alloc_tile
//===----------------------------------------------------------------------===//

TEST(AllocTile, PlacesTilesInTheirSpace) {
  auto ub0 = alloc_tile<Tile<float, 64, 128>>(Space::UB, 0);
  auto ub1 = alloc_tile<Tile<float, 64, 128>>(Space::UB, 32 * 1024);
  // The last 32 KiB of UB: fits exactly.
  auto ubEnd =
      alloc_tile<Tile<float, 64, 128>>(Space::UB, 192 * 1024 - 32 * 1024);
  auto l1 = alloc_tile<Tile<half, 128, 256>>(Space::L1, 0);
  auto l0c = alloc_tile<Tile<float, 128, 256>>(Space::L0C, 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(ub0.data) % 64, 0u);
  EXPECT_EQ(reinterpret_cast<unsigned char *>(ub1.data) -
                reinterpret_cast<unsigned char *>(ub0.data),
            32 * 1024);
  EXPECT_EQ(reinterpret_cast<unsigned char *>(ubEnd.data),
            space_base(Space::UB) + 160 * 1024);
  EXPECT_EQ(reinterpret_cast<unsigned char *>(l1.data), space_base(Space::L1));
  EXPECT_EQ(reinterpret_cast<unsigned char *>(l0c.data),
            space_base(Space::L0C));
  EXPECT_EQ(ub0.validRows, 64);
  EXPECT_EQ(ub0.validCols, 128);
  // The spaces are disjoint.
  for (int s = 0; s + 1 < kNumSpaces; ++s)
    EXPECT_GE(space_base(static_cast<Space>(s + 1)),
              space_base(static_cast<Space>(s)) +
                  space_capacity(static_cast<Space>(s)));
  // Copying a tile aliases the storage.
  auto alias = ub0;
  alias.at(3, 4) = 42.0f;
  EXPECT_EQ(ub0.at(3, 4), 42.0f);
}

TEST(AllocTileDeathTest, AbortsWhenTileDoesNotFit) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  using Tile32K = Tile<float, 64, 128>;   // 32 KiB
  using Tile128K = Tile<float, 128, 256>; // 128 KiB
  using Small = Tile<float, 8, 8>;
  // At offset 161 KiB a 32 KiB tile overruns the 192 KiB UB.
  EXPECT_DEATH((void)alloc_tile<Tile32K>(Space::UB, 161 * 1024),
               "does not fit in UB");
  // 128 KiB never fits the 64 KiB L0A.
  EXPECT_DEATH((void)alloc_tile<Tile128K>(Space::L0A, 0),
               "does not fit in L0A");
  EXPECT_DEATH((void)alloc_tile<Small>(Space::UB, -64), "does not fit in UB");
  EXPECT_DEATH((void)alloc_tile<Small>(Space::L1, 2), "not a multiple");
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

TEST(Memory, TloadPartialRegionPadsWithZero) {
  std::vector<float> gm(10 * 20);
  std::iota(gm.begin(), gm.end(), 1.0f);
  Owned<float, 8, 16> t;
  fillConst(t.tile, kSentinel);

  // A 5x7 window at (2, 3) of a 10x20 matrix.
  GlobalView<float> view{gm.data() + 2 * 20 + 3, 5, 7, 20};
  TLOAD(t.tile, view);
  EXPECT_EQ(t.tile.validRows, 5);
  EXPECT_EQ(t.tile.validCols, 7);
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 16; ++c)
      EXPECT_EQ(t.tile.at(r, c),
                (r < 5 && c < 7) ? gm[(2 + r) * 20 + 3 + c] : 0.0f)
          << r << "," << c;

  // A view larger than the tile: valid region clamps to the tile shape.
  GlobalView<float> big{gm.data(), 10, 20, 20};
  TLOAD(t.tile, big);
  EXPECT_EQ(t.tile.validRows, 8);
  EXPECT_EQ(t.tile.validCols, 16);
  EXPECT_EQ(t.tile.at(7, 15), gm[7 * 20 + 15]);

  // Explicit partial region, clamped to the view extents.
  fillConst(t.tile, kSentinel);
  TLOAD(t.tile, view, 3, 100);
  EXPECT_EQ(t.tile.validRows, 3);
  EXPECT_EQ(t.tile.validCols, 7);
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 16; ++c)
      EXPECT_EQ(t.tile.at(r, c),
                (r < 3 && c < 7) ? gm[(2 + r) * 20 + 3 + c] : 0.0f);

  // Empty view: everything zero, nothing valid.
  TLOAD(t.tile, GlobalView<float>{gm.data(), 0, 7, 20});
  EXPECT_EQ(t.tile.validRows, 0);
  EXPECT_EQ(t.tile.at(0, 0), 0.0f);
}

TEST(Memory, TstoreWritesOnlyTheValidRegion) {
  Owned<float, 8, 8> t;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c)
      t.tile.at(r, c) = static_cast<float>(r * 8 + c);
  t.tile.validRows = 3;
  t.tile.validCols = 5;

  // Store into a 4x4 window of a 6x10 matrix: writes 3x4.
  std::vector<float> gm(6 * 10, kSentinel);
  TSTORE(GlobalView<float>{gm.data() + 10 + 2, 4, 4, 10}, t.tile);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 10; ++c) {
      const bool written = r >= 1 && r < 4 && c >= 2 && c < 6;
      EXPECT_EQ(gm[r * 10 + c], written ? t.tile.at(r - 1, c - 2) : kSentinel)
          << r << "," << c;
    }
}

TEST(Memory, TstoreWithExplicitRegionAndValidExtents) {
  Owned<float, 8, 8> t;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c)
      t.tile.at(r, c) = static_cast<float>(r * 8 + c);
  t.tile.validRows = 6;
  t.tile.validCols = 7;
  EXPECT_EQ(valid_rows(t.tile), 6);
  EXPECT_EQ(valid_cols(t.tile), 7);

  // Limited to 2x100 (columns then clipped to the tile's 7 valid and the
  // view's 5).
  std::vector<float> gm(4 * 6, kSentinel);
  TSTORE(GlobalView<float>{gm.data(), 4, 5, 6}, t.tile, 2, 100);
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 6; ++c)
      EXPECT_EQ(gm[r * 6 + c], (r < 2 && c < 5) ? t.tile.at(r, c) : kSentinel)
          << r << "," << c;
}

TEST(Memory, TmovCopiesTheValidRegion) {
  Owned<half, 4, 8> a, b;
  std::mt19937 rng(1);
  fillRandom(a.tile, rng);
  fillConst(b.tile, half(kSentinel));
  a.tile.validRows = 3;
  a.tile.validCols = 6;
  TMOV(b.tile, a.tile);
  EXPECT_EQ(b.tile.validRows, 3);
  EXPECT_EQ(b.tile.validCols, 6);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 6; ++c)
      EXPECT_EQ(b.tile.at(r, c).bits, a.tile.at(r, c).bits);
  expectUntouchedOutside(b.tile, 3, 6, half(kSentinel));
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

template <typename T, typename Op, typename Ref>
void checkBinary(Op op, Ref ref, const char *name) {
  SCOPED_TRACE(name);
  constexpr int R = 16, C = 40;
  Owned<T, R, C> a, b, d;
  std::mt19937 rng(3);
  fillRandom(a.tile, rng, 0.5f, 4.0f);
  fillRandom(b.tile, rng, 0.5f, 4.0f);
  fillConst(d.tile, T(kSentinel));
  a.tile.validRows = 10;
  a.tile.validCols = 33;
  b.tile.validRows = 12;
  b.tile.validCols = 20;
  op(d.tile, a.tile, b.tile);
  ASSERT_EQ(d.tile.validRows, 10);
  ASSERT_EQ(d.tile.validCols, 20);
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 20; ++c) {
      const T expect = static_cast<T>(ref(static_cast<float>(a.tile.at(r, c)),
                                          static_cast<float>(b.tile.at(r, c))));
      ASSERT_EQ(static_cast<float>(d.tile.at(r, c)), static_cast<float>(expect))
          << r << "," << c;
    }
  expectUntouchedOutside(d.tile, 10, 20, T(kSentinel));
}

#define BINARY_CASE(T, OP, EXPR)                                               \
  checkBinary<T>([](auto &d, auto &x, auto &y) { OP(d, x, y); },               \
                 [](float x, float y) { return EXPR; }, #OP " " #T)

TEST(Elementwise, BinaryOps) {
  BINARY_CASE(float, TADD, x + y);
  BINARY_CASE(float, TSUB, x - y);
  BINARY_CASE(float, TMUL, x *y);
  BINARY_CASE(float, TDIV, x / y);
  BINARY_CASE(float, TMAX, std::max(x, y));
  BINARY_CASE(float, TMIN, std::min(x, y));
  // 16-bit types: computed in float, rounded once.
  BINARY_CASE(half, TADD, x + y);
  BINARY_CASE(half, TDIV, x / y);
  BINARY_CASE(bfloat16, TMUL, x * y);
  BINARY_CASE(bfloat16, TMAX, std::max(x, y));

  // In place: dst is a.
  Owned<float, 4, 16> a, b;
  std::mt19937 rng(5);
  fillRandom(a.tile, rng);
  fillRandom(b.tile, rng);
  std::vector<float> before(a.storage);
  TADD(a.tile, a.tile, b.tile);
  for (int i = 0; i < 64; ++i)
    ASSERT_EQ(a.storage[i], before[i] + b.storage[i]);

  // Integers wrap on overflow instead of invoking undefined behaviour.
  Owned<int32_t, 1, 4> ia, ib, id;
  fillConst(ia.tile, std::numeric_limits<int32_t>::max());
  fillConst(ib.tile, 1);
  TADD(id.tile, ia.tile, ib.tile);
  EXPECT_EQ(id.tile.at(0, 0), std::numeric_limits<int32_t>::min());
  Owned<int8_t, 1, 4> ca, cb, cd;
  fillConst(ca.tile, int8_t(-100));
  fillConst(cb.tile, int8_t(7));
  TMIN(cd.tile, ca.tile, cb.tile);
  EXPECT_EQ(cd.tile.at(0, 3), -100);
}

TEST(Elementwise, ScalarOps) {
  Owned<float, 8, 24> a, d;
  std::mt19937 rng(9);
  fillRandom(a.tile, rng);
  a.tile.validRows = 5;
  a.tile.validCols = 17;
  struct Case {
    const char *name;
    void (*op)(Tile<float, 8, 24> &, const Tile<float, 8, 24> &, float);
    float (*ref)(float, float);
  };
  const Case cases[] = {
      {"TADDS", [](auto &out, auto &x, float s) { TADDS(out, x, s); },
       [](float x, float s) { return x + s; }},
      {"TSUBS", [](auto &out, auto &x, float s) { TSUBS(out, x, s); },
       [](float x, float s) { return x - s; }},
      {"TMULS", [](auto &out, auto &x, float s) { TMULS(out, x, s); },
       [](float x, float s) { return x * s; }},
      {"TDIVS", [](auto &out, auto &x, float s) { TDIVS(out, x, s); },
       [](float x, float s) { return x / s; }},
      {"TMAXS", [](auto &out, auto &x, float s) { TMAXS(out, x, s); },
       [](float x, float s) { return std::max(x, s); }},
      {"TMINS", [](auto &out, auto &x, float s) { TMINS(out, x, s); },
       [](float x, float s) { return std::min(x, s); }},
  };
  for (const Case &k : cases) {
    SCOPED_TRACE(k.name);
    fillConst(d.tile, kSentinel);
    k.op(d.tile, a.tile, 0.75f);
    ASSERT_EQ(d.tile.validRows, 5);
    ASSERT_EQ(d.tile.validCols, 17);
    for (int r = 0; r < 5; ++r)
      for (int c = 0; c < 17; ++c)
        ASSERT_EQ(d.tile.at(r, c), k.ref(a.tile.at(r, c), 0.75f));
    expectUntouchedOutside(d.tile, 5, 17, kSentinel);
  }

  // The scalar takes the element type first: 0.1 becomes half(0.1).
  Owned<half, 2, 16> h, hd;
  fillConst(h.tile, half(1.0f));
  TADDS(hd.tile, h.tile, 0.1);
  EXPECT_EQ(hd.tile.at(1, 15).bits,
            half(1.0f + static_cast<float>(half(0.1f))).bits);
  // In place, as generated code does for a row mean: TDIVS(sum, sum, n).
  Owned<half, 4, 20> m;
  fillRandom(m.tile, rng);
  const std::vector<half> m0(m.storage);
  TDIVS(m.tile, m.tile, 3.0f);
  for (size_t k = 0; k < m0.size(); ++k)
    ASSERT_EQ(m.storage[k].bits, half(static_cast<float>(m0[k]) / 3.0f).bits);
  // Integer scalar on an integer tile.
  Owned<int32_t, 2, 8> i, id;
  fillConst(i.tile, 7);
  TMULS(id.tile, i.tile, 3);
  EXPECT_EQ(id.tile.at(1, 7), 21);
}

TEST(Elementwise, UnaryOps) {
  Owned<float, 8, 32> a, d;
  std::mt19937 rng(13);
  fillRandom(a.tile, rng, 0.05f, 9.0f);
  a.tile.validRows = 6;
  a.tile.validCols = 30;
  struct Case {
    const char *name;
    void (*op)(Tile<float, 8, 32> &, const Tile<float, 8, 32> &);
    float (*ref)(float);
    bool signedInput; // the op is defined (and interesting) for x < 0
  };
  const Case cases[] = {
      {"TEXP", [](auto &out, auto &x) { TEXP(out, x); },
       [](float x) { return std::exp(x); }, true},
      {"TLOG", [](auto &out, auto &x) { TLOG(out, x); },
       [](float x) { return std::log(x); }, false},
      {"TSQRT", [](auto &out, auto &x) { TSQRT(out, x); },
       [](float x) { return std::sqrt(x); }, false},
      {"TRSQRT", [](auto &out, auto &x) { TRSQRT(out, x); },
       [](float x) { return 1.0f / std::sqrt(x); }, false},
      {"TRECIP", [](auto &out, auto &x) { TRECIP(out, x); },
       [](float x) { return 1.0f / x; }, true},
      {"TABS", [](auto &out, auto &x) { TABS(out, x); },
       [](float x) { return x < 0 ? -x : x; }, true},
      {"TNEG", [](auto &out, auto &x) { TNEG(out, x); },
       [](float x) { return -x; }, true},
      {"TRELU", [](auto &out, auto &x) { TRELU(out, x); },
       [](float x) { return x > 0 ? x : 0.0f; }, true},
  };
  // Negative inputs for the sign-sensitive ops.
  Owned<float, 8, 32> s;
  fillRandom(s.tile, rng, -5.0f, 5.0f);
  s.tile.validRows = 6;
  s.tile.validCols = 30;
  for (const Case &k : cases) {
    SCOPED_TRACE(k.name);
    const auto &src = k.signedInput ? s.tile : a.tile;
    fillConst(d.tile, kSentinel);
    k.op(d.tile, src);
    ASSERT_EQ(d.tile.validRows, 6);
    ASSERT_EQ(d.tile.validCols, 30);
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 30; ++c)
        ASSERT_FLOAT_EQ(d.tile.at(r, c), k.ref(src.at(r, c))) << r << "," << c;
    expectUntouchedOutside(d.tile, 6, 30, kSentinel);
  }

  // half: computed in float and rounded once.
  Owned<half, 4, 16> h, hd;
  fillRandom(h.tile, rng, 0.1f, 3.0f);
  TEXP(hd.tile, h.tile);
  for (int i = 0; i < 64; ++i)
    ASSERT_EQ(hd.storage[i].bits,
              half(std::exp(static_cast<float>(h.storage[i]))).bits);

  // Integer abs / neg / relu.
  Owned<int16_t, 1, 4> iv, io;
  iv.tile.at(0, 0) = -3;
  iv.tile.at(0, 1) = 5;
  iv.tile.at(0, 2) = 0;
  iv.tile.at(0, 3) = -32767;
  TABS(io.tile, iv.tile);
  EXPECT_EQ(io.tile.at(0, 0), 3);
  EXPECT_EQ(io.tile.at(0, 3), 32767);
  TNEG(io.tile, iv.tile);
  EXPECT_EQ(io.tile.at(0, 1), -5);
  TRELU(io.tile, iv.tile);
  EXPECT_EQ(io.tile.at(0, 0), 0);
  EXPECT_EQ(io.tile.at(0, 1), 5);
}

//===----------------------------------------------------------------------===//
// Broadcast
//===----------------------------------------------------------------------===//

TEST(Broadcast, RowAndColumnExpand) {
  constexpr int R = 8, C = 24;
  Owned<float, R, C> x, d;
  Owned<float, R, 1> rowv;
  Owned<float, 1, C> colv;
  std::mt19937 rng(17);
  fillRandom(x.tile, rng, 0.5f, 3.0f);
  fillRandom(rowv.tile, rng, 0.5f, 3.0f);
  fillRandom(colv.tile, rng, 0.5f, 3.0f);

  // Plain broadcasts fill the whole (fresh) dst in the broadcast dimension.
  fillConst(d.tile, kSentinel);
  rowv.tile.validRows = 6;
  TROWEXPAND(d.tile, rowv.tile);
  EXPECT_EQ(d.tile.validRows, 6);
  EXPECT_EQ(d.tile.validCols, C);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < C; ++c)
      ASSERT_EQ(d.tile.at(r, c), rowv.tile.at(r, 0));
  expectUntouchedOutside(d.tile, 6, C, kSentinel);

  Owned<float, R, C> e;
  fillConst(e.tile, kSentinel);
  colv.tile.validCols = 20;
  TCOLEXPAND(e.tile, colv.tile);
  EXPECT_EQ(e.tile.validRows, R);
  EXPECT_EQ(e.tile.validCols, 20);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < 20; ++c)
      ASSERT_EQ(e.tile.at(r, c), colv.tile.at(0, c));
  expectUntouchedOutside(e.tile, R, 20, kSentinel);

  // Binary broadcasts: valid = src0.valid ∩ src1 in the broadcast dimension.
  x.tile.validRows = 7;
  x.tile.validCols = 22;
  using Fn = void (*)(Tile<float, R, C> &, const Tile<float, R, C> &,
                      const Tile<float, R, 1> &);
  using Gn = void (*)(Tile<float, R, C> &, const Tile<float, R, C> &,
                      const Tile<float, 1, C> &);
  using RefFn = float (*)(float, float);
  struct Case {
    const char *name;
    Fn row;
    Gn col;
    RefFn ref;
  };
  const Case cases[] = {
      {"ADD", [](auto &out, auto &a, auto &b) { TROWEXPANDADD(out, a, b); },
       [](auto &out, auto &a, auto &b) { TCOLEXPANDADD(out, a, b); },
       [](float a, float b) { return a + b; }},
      {"SUB", [](auto &out, auto &a, auto &b) { TROWEXPANDSUB(out, a, b); },
       [](auto &out, auto &a, auto &b) { TCOLEXPANDSUB(out, a, b); },
       [](float a, float b) { return a - b; }},
      {"MUL", [](auto &out, auto &a, auto &b) { TROWEXPANDMUL(out, a, b); },
       [](auto &out, auto &a, auto &b) { TCOLEXPANDMUL(out, a, b); },
       [](float a, float b) { return a * b; }},
      {"DIV", [](auto &out, auto &a, auto &b) { TROWEXPANDDIV(out, a, b); },
       [](auto &out, auto &a, auto &b) { TCOLEXPANDDIV(out, a, b); },
       [](float a, float b) { return a / b; }},
      {"MAX", [](auto &out, auto &a, auto &b) { TROWEXPANDMAX(out, a, b); },
       [](auto &out, auto &a, auto &b) { TCOLEXPANDMAX(out, a, b); },
       [](float a, float b) { return std::max(a, b); }},
      {"MIN", [](auto &out, auto &a, auto &b) { TROWEXPANDMIN(out, a, b); },
       [](auto &out, auto &a, auto &b) { TCOLEXPANDMIN(out, a, b); },
       [](float a, float b) { return std::min(a, b); }},
  };
  for (const Case &k : cases) {
    SCOPED_TRACE(k.name);
    fillConst(d.tile, kSentinel);
    k.row(d.tile, x.tile, rowv.tile); // rows: min(7, 6)
    ASSERT_EQ(d.tile.validRows, 6);
    ASSERT_EQ(d.tile.validCols, 22);
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 22; ++c)
        ASSERT_EQ(d.tile.at(r, c), k.ref(x.tile.at(r, c), rowv.tile.at(r, 0)));
    expectUntouchedOutside(d.tile, 6, 22, kSentinel);

    fillConst(d.tile, kSentinel);
    k.col(d.tile, x.tile, colv.tile); // cols: min(22, 20)
    ASSERT_EQ(d.tile.validRows, 7);
    ASSERT_EQ(d.tile.validCols, 20);
    for (int r = 0; r < 7; ++r)
      for (int c = 0; c < 20; ++c)
        ASSERT_EQ(d.tile.at(r, c), k.ref(x.tile.at(r, c), colv.tile.at(0, c)));
    expectUntouchedOutside(d.tile, 7, 20, kSentinel);
  }
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

TEST(Reduce, RowAndColumnReductions) {
  constexpr int R = 12, C = 100; // C > 64 exercises the column blocking
  Owned<float, R, C> x;
  std::mt19937 rng(19);
  fillRandom(x.tile, rng);
  x.tile.validRows = 11;
  x.tile.validCols = 97;

  Owned<float, R, 1> rs, rmax, rmin;
  fillConst(rs.tile, kSentinel);
  TROWSUM(rs.tile, x.tile);
  TROWMAX(rmax.tile, x.tile);
  TROWMIN(rmin.tile, x.tile);
  EXPECT_EQ(rs.tile.validRows, 11);
  EXPECT_EQ(rs.tile.validCols, 1);
  EXPECT_EQ(rs.tile.at(11, 0), kSentinel);
  for (int r = 0; r < 11; ++r) {
    float sum = 0, mx = -INFINITY, mn = INFINITY;
    for (int c = 0; c < 97; ++c) {
      sum += x.tile.at(r, c);
      mx = std::max(mx, x.tile.at(r, c));
      mn = std::min(mn, x.tile.at(r, c));
    }
    EXPECT_EQ(rs.tile.at(r, 0), sum);
    EXPECT_EQ(rmax.tile.at(r, 0), mx);
    EXPECT_EQ(rmin.tile.at(r, 0), mn);
  }

  Owned<float, 1, C> cs, cmax, cmin;
  fillConst(cs.tile, kSentinel);
  TCOLSUM(cs.tile, x.tile);
  TCOLMAX(cmax.tile, x.tile);
  TCOLMIN(cmin.tile, x.tile);
  EXPECT_EQ(cs.tile.validRows, 1);
  EXPECT_EQ(cs.tile.validCols, 97);
  EXPECT_EQ(cs.tile.at(0, 98), kSentinel);
  for (int c = 0; c < 97; ++c) {
    float sum = 0, mx = -INFINITY, mn = INFINITY;
    for (int r = 0; r < 11; ++r) {
      sum += x.tile.at(r, c);
      mx = std::max(mx, x.tile.at(r, c));
      mn = std::min(mn, x.tile.at(r, c));
    }
    EXPECT_EQ(cs.tile.at(0, c), sum);
    EXPECT_EQ(cmax.tile.at(0, c), mx);
    EXPECT_EQ(cmin.tile.at(0, c), mn);
  }

  // half: accumulated in float, rounded once. 2048 x 1.0 in half would stall
  // at 2048 with half accumulation; in float the row sums are exact.
  Owned<half, 2, 4096> h;
  fillConst(h.tile, half(1.0f));
  h.tile.at(0, 0) = half(0.5f);
  Owned<half, 2, 1> hs;
  TROWSUM(hs.tile, h.tile);
  EXPECT_EQ(static_cast<float>(hs.tile.at(0, 0)),
            4096.0f); // 4095.5 rounds to 4096
  EXPECT_EQ(static_cast<float>(hs.tile.at(1, 0)), 4096.0f);
  Owned<half, 4, 64> hc;
  fillRandom(hc.tile, rng);
  Owned<half, 1, 64> hcs;
  TCOLSUM(hcs.tile, hc.tile);
  for (int c = 0; c < 64; ++c) {
    float sum = 0;
    for (int r = 0; r < 4; ++r)
      sum += static_cast<float>(hc.tile.at(r, c));
    ASSERT_EQ(hcs.tile.at(0, c).bits, half(sum).bits);
  }

  // Integer sums.
  Owned<int32_t, 2, 3> iv;
  int32_t k = 0;
  for (auto &v : iv.storage)
    v = ++k * 100;
  Owned<int32_t, 2, 1> isum;
  TROWSUM(isum.tile, iv.tile);
  EXPECT_EQ(isum.tile.at(1, 0), 400 + 500 + 600);
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

template <typename In, int M, int K, int N>
std::vector<double> refMatmul(const Tile<In, M, K> &a, const Tile<In, K, N> &b,
                              int m, int k, int n) {
  std::vector<double> out(static_cast<size_t>(m) * n, 0.0);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j)
      for (int p = 0; p < k; ++p)
        out[i * n + j] += static_cast<double>(static_cast<float>(a.at(i, p))) *
                          static_cast<float>(b.at(p, j));
  return out;
}

TEST(Matmul, Float32WithPartialValidRegion) {
  constexpr int M = 32, K = 48, N = 24;
  Owned<float, M, K> a;
  Owned<float, K, N> b;
  Owned<float, M, N> d;
  std::mt19937 rng(23);
  fillRandom(a.tile, rng, -1, 1);
  fillRandom(b.tile, rng, -1, 1);

  TMATMUL(d.tile, a.tile, b.tile);
  EXPECT_EQ(d.tile.validRows, M);
  EXPECT_EQ(d.tile.validCols, N);
  auto ref = refMatmul(a.tile, b.tile, M, K, N);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j)
      ASSERT_NEAR(d.tile.at(i, j), ref[i * N + j], 1e-5) << i << "," << j;

  // M = a.validRows (odd, so the 4-row kernel has a tail), K = a.validCols,
  // N = b.validCols.
  a.tile.validRows = 29;
  a.tile.validCols = 45;
  b.tile.validCols = 19;
  fillConst(d.tile, kSentinel);
  TMATMUL(d.tile, a.tile, b.tile);
  EXPECT_EQ(d.tile.validRows, 29);
  EXPECT_EQ(d.tile.validCols, 19);
  ref = refMatmul(a.tile, b.tile, 29, 45, 19);
  for (int i = 0; i < 29; ++i)
    for (int j = 0; j < 19; ++j)
      ASSERT_NEAR(d.tile.at(i, j), ref[i * 19 + j], 1e-5) << i << "," << j;
  expectUntouchedOutside(d.tile, 29, 19, kSentinel);
}

TEST(Matmul, HalfAndBfloat16WithAccumulator) {
  constexpr int M = 16, K = 32, N = 16;
  Owned<half, M, K> a;
  Owned<half, K, N> b;
  Owned<float, M, N> acc;
  std::mt19937 rng(29);
  fillRandom(a.tile, rng, -2, 2);
  fillRandom(b.tile, rng, -2, 2);
  fillRandom(acc.tile, rng, -10, 10);
  const std::vector<float> acc0(acc.storage);

  // In place: dst is acc.
  TMATMUL_ACC(acc.tile, acc.tile, a.tile, b.tile);
  auto ref = refMatmul(a.tile, b.tile, M, K, N);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j)
      ASSERT_NEAR(acc.tile.at(i, j), acc0[i * N + j] + ref[i * N + j], 1e-4);

  // Splitting K over TMATMUL + TMATMUL_ACC gives the unsplit result exactly.
  Owned<half, M, K / 2> a0, a1;
  Owned<half, K / 2, N> b0, b1;
  for (int i = 0; i < M; ++i)
    for (int p = 0; p < K / 2; ++p) {
      a0.tile.at(i, p) = a.tile.at(i, p);
      a1.tile.at(i, p) = a.tile.at(i, K / 2 + p);
    }
  for (int p = 0; p < K / 2; ++p)
    for (int j = 0; j < N; ++j) {
      b0.tile.at(p, j) = b.tile.at(p, j);
      b1.tile.at(p, j) = b.tile.at(K / 2 + p, j);
    }
  Owned<float, M, N> whole, split, other;
  TMATMUL(whole.tile, a.tile, b.tile);
  TMATMUL(split.tile, a0.tile, b0.tile);
  TMATMUL_ACC(other.tile, split.tile, a1.tile, b1.tile); // dst != acc
  for (int i = 0; i < M * N; ++i)
    ASSERT_EQ(other.storage[i], whole.storage[i]);

  // bfloat16 inputs.
  Owned<bfloat16, M, K> ba;
  Owned<bfloat16, K, N> bb;
  Owned<float, M, N> bd;
  fillRandom(ba.tile, rng, -2, 2);
  fillRandom(bb.tile, rng, -2, 2);
  TMATMUL(bd.tile, ba.tile, bb.tile);
  ref = refMatmul(ba.tile, bb.tile, M, K, N);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j)
      ASSERT_NEAR(bd.tile.at(i, j), ref[i * N + j], 1e-4);
}

//===----------------------------------------------------------------------===//
// Conversion and fill
//===----------------------------------------------------------------------===//

TEST(Convert, RoundModesAndSaturation) {
  const float in[] = {-2.5f, -1.5f, -0.5f, 0.5f,  1.5f, 2.5f,
                      -1.7f, 1.2f,  3e9f,  -3e9f, NAN,  7.0f};
  struct Case {
    RoundMode mode;
    int32_t out[12];
  };
  const int32_t kMax = std::numeric_limits<int32_t>::max();
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  const Case cases[] = {
      {RoundMode::RINT, {-2, -2, 0, 0, 2, 2, -2, 1, kMax, kMin, 0, 7}},
      {RoundMode::ROUND, {-3, -2, -1, 1, 2, 3, -2, 1, kMax, kMin, 0, 7}},
      {RoundMode::FLOOR, {-3, -2, -1, 0, 1, 2, -2, 1, kMax, kMin, 0, 7}},
      {RoundMode::CEIL, {-2, -1, 0, 1, 2, 3, -1, 2, kMax, kMin, 0, 7}},
      {RoundMode::TRUNC, {-2, -1, 0, 0, 1, 2, -1, 1, kMax, kMin, 0, 7}},
  };
  Owned<float, 1, 12> f;
  std::copy(std::begin(in), std::end(in), f.storage.begin());
  Owned<int32_t, 1, 12> i;
  for (const Case &k : cases) {
    SCOPED_TRACE(static_cast<int>(k.mode));
    TCVT(i.tile, f.tile, k.mode);
    for (int c = 0; c < 12; ++c)
      EXPECT_EQ(i.tile.at(0, c), k.out[c]) << "input " << in[c];
  }

  // Saturation to narrow integers; half source.
  Owned<half, 1, 4> h;
  h.tile.at(0, 0) = half(300.0f);
  h.tile.at(0, 1) = half(-300.0f);
  h.tile.at(0, 2) = half(-2.5f);
  h.tile.at(0, 3) = half(127.5f);
  Owned<int8_t, 1, 4> i8;
  TCVT(i8.tile, h.tile, RoundMode::RINT);
  EXPECT_EQ(i8.tile.at(0, 0), 127);
  EXPECT_EQ(i8.tile.at(0, 1), -128);
  EXPECT_EQ(i8.tile.at(0, 2), -2);
  EXPECT_EQ(i8.tile.at(0, 3), 127);
  Owned<uint8_t, 1, 4> u8;
  TCVT(u8.tile, h.tile, RoundMode::TRUNC);
  EXPECT_EQ(u8.tile.at(0, 0), 255);
  EXPECT_EQ(u8.tile.at(0, 1), 0);
  EXPECT_EQ(u8.tile.at(0, 3), 127);
  Owned<int16_t, 1, 4> i16;
  TCVT(i16.tile, h.tile, RoundMode::CEIL);
  EXPECT_EQ(i16.tile.at(0, 0), 300);
  EXPECT_EQ(i16.tile.at(0, 2), -2);
  EXPECT_EQ(i16.tile.at(0, 3), 128);

  // Integer -> integer saturates; integer -> float-like.
  Owned<int32_t, 1, 3> iv;
  iv.tile.at(0, 0) = 70000;
  iv.tile.at(0, 1) = -70000;
  iv.tile.at(0, 2) = 1234;
  Owned<int16_t, 1, 3> s16;
  TCVT(s16.tile, iv.tile, RoundMode::RINT);
  EXPECT_EQ(s16.tile.validCols, 3);
  EXPECT_EQ(s16.tile.at(0, 0), 32767);
  EXPECT_EQ(s16.tile.at(0, 1), -32768);
  EXPECT_EQ(s16.tile.at(0, 2), 1234);
  Owned<half, 1, 3> hv;
  TCVT(hv.tile, iv.tile, RoundMode::RINT);
  EXPECT_EQ(hv.tile.at(0, 0).bits, 0x7c00); // 70000 overflows half
  EXPECT_EQ(static_cast<float>(hv.tile.at(0, 2)), 1234.0f);

  // Float-like <-> float-like with RNE, partial valid region preserved.
  Owned<float, 2, 8> fv, back;
  std::mt19937 rng(31);
  fillRandom(fv.tile, rng);
  fv.tile.validCols = 5;
  Owned<half, 2, 8> h2;
  Owned<bfloat16, 2, 8> b2;
  TCVT(h2.tile, fv.tile, RoundMode::RINT);
  TCVT(b2.tile, fv.tile, RoundMode::RINT);
  EXPECT_EQ(h2.tile.validCols, 5);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 5; ++c) {
      EXPECT_EQ(h2.tile.at(r, c).bits, refFloatToHalf(fv.tile.at(r, c)));
      EXPECT_EQ(b2.tile.at(r, c).bits, refFloatToBf16(fv.tile.at(r, c)));
    }
  TCVT(back.tile, h2.tile, RoundMode::RINT);
  EXPECT_EQ(back.tile.at(1, 4), static_cast<float>(h2.tile.at(1, 4)));
}

TEST(Fill, ExpandsAndIndexSequence) {
  Owned<float, 4, 8> t;
  t.tile.validRows = 1;
  TEXPANDS(t.tile, 2.5);
  EXPECT_EQ(t.tile.validRows, 4);
  EXPECT_EQ(t.tile.validCols, 8);
  for (float v : t.storage)
    ASSERT_EQ(v, 2.5f);
  Owned<int32_t, 3, 5> idx;
  TCI(idx.tile, 10);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 5; ++c)
      ASSERT_EQ(idx.tile.at(r, c), 10 + c);
}

//===----------------------------------------------------------------------===//
// Compare / select / transpose
//===----------------------------------------------------------------------===//

TEST(Select, CompareAndSelect) {
  constexpr int R = 4, C = 16;
  Owned<float, R, C> a, b, d;
  std::mt19937 rng(37);
  std::uniform_int_distribution<int> small(-2, 2); // many equal pairs
  for (int i = 0; i < R * C; ++i) {
    a.storage[i] = static_cast<float>(small(rng));
    b.storage[i] = static_cast<float>(small(rng));
  }
  a.tile.validCols = 14;
  Owned<uint8_t, R, C> m;
  using RefFn = bool (*)(float, float);
  const std::pair<CmpMode, RefFn> modes[] = {
      {CmpMode::EQ, [](float x, float y) { return x == y; }},
      {CmpMode::NE, [](float x, float y) { return x != y; }},
      {CmpMode::LT, [](float x, float y) { return x < y; }},
      {CmpMode::LE, [](float x, float y) { return x <= y; }},
      {CmpMode::GT, [](float x, float y) { return x > y; }},
      {CmpMode::GE, [](float x, float y) { return x >= y; }},
  };
  for (const auto &mode : modes) {
    SCOPED_TRACE(static_cast<int>(mode.first));
    fillConst(m.tile, uint8_t(7));
    TCMP(m.tile, a.tile, b.tile, mode.first);
    ASSERT_EQ(m.tile.validCols, 14);
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < 14; ++c)
        ASSERT_EQ(m.tile.at(r, c),
                  mode.second(a.tile.at(r, c), b.tile.at(r, c)) ? 1 : 0);
    expectUntouchedOutside(m.tile, R, 14, uint8_t(7));

    TCMPS(m.tile, a.tile, 1, mode.first);
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < 14; ++c)
        ASSERT_EQ(m.tile.at(r, c), mode.second(a.tile.at(r, c), 1.0f) ? 1 : 0);
  }

  TCMP(m.tile, a.tile, b.tile, CmpMode::GT);
  fillConst(d.tile, kSentinel);
  TSEL(d.tile, m.tile, a.tile, b.tile);
  ASSERT_EQ(d.tile.validCols, 14);
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < 14; ++c)
      ASSERT_EQ(d.tile.at(r, c), std::max(a.tile.at(r, c), b.tile.at(r, c)));
  expectUntouchedOutside(d.tile, R, 14, kSentinel);
}

TEST(Transpose, PartialValidRegion) {
  Owned<half, 24, 40> s;
  Owned<half, 40, 24> d;
  std::mt19937 rng(41);
  fillRandom(s.tile, rng);
  fillConst(d.tile, half(kSentinel));
  s.tile.validRows = 21;
  s.tile.validCols = 35;
  TTRANS(d.tile, s.tile);
  EXPECT_EQ(d.tile.validRows, 35);
  EXPECT_EQ(d.tile.validCols, 21);
  for (int r = 0; r < 35; ++r)
    for (int c = 0; c < 21; ++c)
      ASSERT_EQ(d.tile.at(r, c).bits, s.tile.at(c, r).bits);
  expectUntouchedOutside(d.tile, 35, 21, half(kSentinel));
}

//===----------------------------------------------------------------------===//
// Sort / top-k
//===----------------------------------------------------------------------===//

/// Reference: (value, index) sorted by value descending, then index ascending.
std::vector<std::pair<float, int>> refSortDesc(const float *x, int n,
                                               int indexBase) {
  std::vector<std::pair<float, int>> v;
  for (int i = 0; i < n; ++i)
    v.push_back({x[i], indexBase + i});
  std::sort(v.begin(), v.end(), [](const auto &p, const auto &q) {
    return p.first > q.first || (p.first == q.first && p.second < q.second);
  });
  return v;
}

TEST(Routing, Sort32BlocksWithTies) {
  constexpr int R = 3, C = 96;
  Owned<float, R, C> x, v;
  Owned<int32_t, R, C> idx;
  std::mt19937 rng(43);
  std::uniform_int_distribution<int> few(0, 5); // heavy ties
  for (auto &e : x.storage)
    e = static_cast<float>(few(rng));
  x.tile.validCols = 80; // last block partially valid (16 of 32)

  // Hand-checked ties at the start of row 0: columns 0..3 = 1, 3, 1, 3.
  x.tile.at(0, 0) = 1;
  x.tile.at(0, 1) = 3;
  x.tile.at(0, 2) = 1;
  x.tile.at(0, 3) = 3;
  for (int c = 4; c < 32; ++c)
    x.tile.at(0, c) = 0;

  TSORT32(v.tile, idx.tile, x.tile);
  EXPECT_EQ(v.tile.validCols, 80);
  EXPECT_EQ(idx.tile.validCols, 80);
  EXPECT_EQ(idx.tile.at(0, 0), 1);
  EXPECT_EQ(idx.tile.at(0, 1), 3);
  EXPECT_EQ(idx.tile.at(0, 2), 0);
  EXPECT_EQ(idx.tile.at(0, 3), 2);
  EXPECT_EQ(idx.tile.at(0, 4), 4);
  for (int r = 0; r < R; ++r)
    for (int base = 0; base < 80; base += 32) {
      const int n = std::min(32, 80 - base);
      auto ref = refSortDesc(x.tile.row(r) + base, n, base);
      for (int i = 0; i < n; ++i) {
        ASSERT_EQ(v.tile.at(r, base + i), ref[i].first) << r << "," << base + i;
        ASSERT_EQ(idx.tile.at(r, base + i), ref[i].second)
            << r << "," << base + i;
      }
    }

  // In place on the values, and NaN ranks first.
  x.tile.at(1, 40) = NAN;
  TSORT32(x.tile, idx.tile, x.tile);
  EXPECT_TRUE(std::isnan(x.tile.at(1, 32)));
  EXPECT_EQ(idx.tile.at(1, 32), 40);
}

TEST(Routing, TopK) {
  constexpr int R = 5, C = 64, K = 8;
  Owned<float, R, C> x;
  Owned<float, R, K> v;
  Owned<int32_t, R, K> idx;
  std::mt19937 rng(47);
  std::uniform_int_distribution<int> few(0, 9);
  for (auto &e : x.storage)
    e = static_cast<float>(few(rng)) * 0.5f;
  x.tile.validCols = 61;
  TTOPK(v.tile, idx.tile, x.tile);
  EXPECT_EQ(v.tile.validRows, R);
  EXPECT_EQ(v.tile.validCols, K);
  for (int r = 0; r < R; ++r) {
    auto ref = refSortDesc(x.tile.row(r), 61, 0);
    for (int i = 0; i < K; ++i) {
      ASSERT_EQ(v.tile.at(r, i), ref[i].first) << r << "," << i;
      ASSERT_EQ(idx.tile.at(r, i), ref[i].second) << r << "," << i;
    }
  }

  // Ascending input is the worst case for the insertion; fewer valid columns
  // than K shrinks the output's valid region.
  Owned<half, 2, 64> h;
  for (int c = 0; c < 64; ++c) {
    h.tile.at(0, c) = half(static_cast<float>(c));
    h.tile.at(1, c) = half(1.0f);
  }
  Owned<half, 2, 16> hv;
  Owned<int32_t, 2, 16> hi;
  TTOPK(hv.tile, hi.tile, h.tile);
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(static_cast<float>(hv.tile.at(0, i)), 63.0f - i);
    EXPECT_EQ(hi.tile.at(0, i), 63 - i);
    EXPECT_EQ(hi.tile.at(1, i), i); // all equal: lowest indices, in order
  }
  h.tile.validCols = 5;
  TTOPK(hv.tile, hi.tile, h.tile);
  EXPECT_EQ(hv.tile.validCols, 5);
  EXPECT_EQ(hi.tile.at(0, 0), 4);
}

//===----------------------------------------------------------------------===//
// Kernel ABI
//===----------------------------------------------------------------------===//

TEST(KernelAbi, UnpacksArguments) {
  static_assert(sizeof(ptowsp_view) == 32, "view layout");
  static_assert(sizeof(ptowsp_arg) == 32, "arg layout");
  std::vector<half> buf(6 * 8);
  ptowsp_arg args[3];
  args[0].view = ptowsp_view{buf.data(), 6, 5, 8};
  args[1].f64 = 0.25;
  args[2].i64 = -7;
  GlobalView<half> v = arg_view<half>(args, 0);
  EXPECT_EQ(v.data, buf.data());
  EXPECT_EQ(v.rows, 6);
  EXPECT_EQ(v.cols, 5);
  EXPECT_EQ(v.rowStride, 8);
  EXPECT_EQ(arg_f64(args, 1), 0.25);
  EXPECT_EQ(arg_i64(args, 2), -7);
}

} // namespace
