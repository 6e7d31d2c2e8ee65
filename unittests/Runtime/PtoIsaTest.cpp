//===- PtoIsaTest.cpp - Tests of the CPU implementation of PTO-ISA ----===//
//
// Part of PTO-WSP. 16-bit floats, the arena, memory, elementwise and broadcast ops. Every op of
// runtime/include/pto-wsp/cpu_sim/pto_isa.h is checked against an
// independent plain-loop reference.
//
//===----------------------------------------------------------------------===//

#include "PtoIsaTestSupport.h"

using namespace pto;
using namespace ptoisa_test;

namespace {

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

/// The message of the SimulatorFault `statement` throws ("" if none).
template <typename Statement> std::string faultMessage(Statement statement) {
  try {
    statement();
  } catch (const SimulatorFault &fault) {
    return fault.what();
  }
  return "";
}

TEST(AllocTileTest, ThrowsWhenTileDoesNotFit) {
  using Tile32K = Tile<float, 64, 128>;   // 32 KiB
  using Tile128K = Tile<float, 128, 256>; // 128 KiB
  using Small = Tile<float, 8, 8>;
  // At offset 161 KiB a 32 KiB tile overruns the 192 KiB UB.
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "does not fit in UB",
                      faultMessage([] { (void)alloc_tile<Tile32K>(Space::UB, 161 * 1024); }));
  // 128 KiB never fits the 64 KiB L0A.
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "does not fit in L0A",
                      faultMessage([] { (void)alloc_tile<Tile128K>(Space::L0A, 0); }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "does not fit in UB",
                      faultMessage([] { (void)alloc_tile<Small>(Space::UB, -64); }));
  EXPECT_PRED_FORMAT2(::testing::IsSubstring, "not a multiple",
                      faultMessage([] { (void)alloc_tile<Small>(Space::L1, 2); }));
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

} // namespace
