//===- PtoIsaTestSupport.h - helpers of the PTO-ISA CPU tests ------------===//
//
// Part of PTO-WSP. Owned tiles, fills and checks, and independent
// references for 16-bit floats, shared by PtoIsaTest.cpp (memory,
// elementwise, broadcast) and PtoIsaComputeTest.cpp (reductions, matmul,
// conversion, compare, sort, the kernel ABI).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_UNITTESTS_RUNTIME_PTOISATESTSUPPORT_H
#define PTOWSP_UNITTESTS_RUNTIME_PTOISATESTSUPPORT_H

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


namespace ptoisa_test {

using namespace pto;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

inline constexpr float kSentinel = -12345.0f;

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

inline uint32_t bitsOf(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float floatOf(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

//===----------------------------------------------------------------------===//
// Independent 16-bit float references
//===----------------------------------------------------------------------===//

/// binary16 decoded with ldexp, not with bit tricks.
inline double refHalfValue(uint16_t h) {
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
inline uint16_t refFloatToHalf(float f) {
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
inline uint16_t refFloatToBf16(float f) {
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


} // namespace ptoisa_test

#endif // PTOWSP_UNITTESTS_RUNTIME_PTOISATESTSUPPORT_H
