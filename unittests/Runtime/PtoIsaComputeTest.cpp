//===- PtoIsaComputeTest.cpp - Tests of the CPU implementation of PTO-ISA ----===//
//
// Part of PTO-WSP. Reductions, matmul, conversion and fill, compare/select/transpose,
// sort/top-k and the kernel ABI. Every op of
// runtime/include/pto-wsp/cpu_sim/pto_isa.h is checked against an
// independent plain-loop reference.
//
//===----------------------------------------------------------------------===//

#include "PtoIsaTestSupport.h"

using namespace pto;
using namespace ptoisa_test;

namespace {

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
