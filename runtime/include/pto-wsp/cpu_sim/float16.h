//===- pto-wsp/cpu_sim/float16.h - 16-bit floats for the CPU simulator ---===//
//
// Part of PTO-WSP. Header-only, C++17.
//
// `pto::half` (IEEE 754 binary16) and `pto::bfloat16` (the upper half of an
// IEEE binary32) as plain 16-bit storage types. Conversions are written with
// integer bit manipulation, not with _Float16 / __bf16 / F16C intrinsics, so
// that the results are identical on every host compiler and CPU: the CPU
// simulator is the project's numerical reference, and it must not change its
// answers with the build machine.
//
// Arithmetic is done in float: both types convert implicitly to float, so
// `a + b` on two halves is a float addition, and assigning the result back to
// a half rounds once (round-to-nearest-even). This is what the Ascend vector
// unit does for fp16 elementwise ops up to the final rounding.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_FLOAT16_H
#define PTOWSP_CPU_SIM_FLOAT16_H

#include <cstdint>
#include <cstring>

namespace pto {
namespace detail {

//===----------------------------------------------------------------------===//
// Bit casts (std::bit_cast is C++20; memcpy compiles to a register move)
//===----------------------------------------------------------------------===//

inline uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

inline float bitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

//===----------------------------------------------------------------------===//
// binary32 <-> binary16
//===----------------------------------------------------------------------===//

/// Rounds a float to the nearest binary16, ties to even. Overflow gives
/// +-inf, NaN stays NaN (quiet, payload truncated), tiny values become
/// binary16 subnormals or signed zero.
inline uint16_t floatToHalfBits(float f) {
  uint32_t x = floatBits(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  x &= 0x7fffffffu;

  if (x >= 0x7f800000u) // inf or NaN; keep NaNs quiet and non-zero.
    return static_cast<uint16_t>(
        sign | 0x7c00u | (x > 0x7f800000u ? 0x0200u | ((x >> 13) & 0x3ffu) : 0u));

  // 65520 is the midpoint between the largest half (65504, odd mantissa) and
  // 2^16; ties-to-even sends it and everything above to infinity.
  if (x >= 0x477ff000u)
    return static_cast<uint16_t>(sign | 0x7c00u);

  if (x >= 0x38800000u) { // result is a normal half (|f| >= 2^-14)
    // Rebias the exponent (127 -> 15), then round the 13 dropped mantissa
    // bits: add just under one half ulp plus the lowest kept bit, so exact
    // ties round to even. A mantissa carry correctly bumps the exponent.
    const uint32_t lsb = (x >> 13) & 1u;
    x = x - (static_cast<uint32_t>(127 - 15) << 23) + 0xfffu + lsb;
    return static_cast<uint16_t>(sign | (x >> 13));
  }

  // Subnormal half: value = m * 2^-24 with m in [0, 1024]. Anything at or
  // below 2^-25 (the midpoint between 0 and the smallest subnormal) rounds to
  // zero, including every float subnormal.
  const int exp = static_cast<int>(x >> 23);
  if (exp < 102)
    return static_cast<uint16_t>(sign);
  const uint32_t mant = (x & 0x7fffffu) | 0x800000u; // make implicit bit explicit
  const int shift = 126 - exp;                         // in [14, 24]
  uint32_t r = mant >> shift;
  const uint32_t rem = mant & ((1u << shift) - 1u);
  const uint32_t halfway = 1u << (shift - 1);
  if (rem > halfway || (rem == halfway && (r & 1u)))
    ++r; // may carry into 0x400, which is exactly the smallest normal
  return static_cast<uint16_t>(sign | r);
}

/// Exact widening of a binary16 to float.
inline float halfBitsToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t mant = h & 0x3ffu;

  if (exp == 0x1fu) // inf / NaN
    return bitsFloat(sign | 0x7f800000u | (mant << 13));
  if (exp != 0) // normal
    return bitsFloat(sign | ((exp + 112u) << 23) | (mant << 13));
  if (mant == 0) // signed zero
    return bitsFloat(sign);

  // Subnormal: normalise the mantissa into a float normal.
  int e = 1;
  while (!(mant & 0x400u)) {
    mant <<= 1;
    --e;
  }
  mant &= 0x3ffu;
  return bitsFloat(sign | (static_cast<uint32_t>(e + 112) << 23) | (mant << 13));
}

//===----------------------------------------------------------------------===//
// binary32 <-> bfloat16
//===----------------------------------------------------------------------===//

/// Rounds a float to the nearest bfloat16, ties to even. Overflow carries
/// into the exponent and gives +-inf naturally; NaNs are kept quiet.
inline uint16_t floatToBfloat16Bits(float f) {
  const uint32_t x = floatBits(f);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((x >> 16) | 0x0040u);
  const uint32_t lsb = (x >> 16) & 1u;
  return static_cast<uint16_t>((x + 0x7fffu + lsb) >> 16);
}

inline float bfloat16BitsToFloat(uint16_t b) {
  return bitsFloat(static_cast<uint32_t>(b) << 16);
}

} // namespace detail

//===----------------------------------------------------------------------===//
// Storage types
//===----------------------------------------------------------------------===//

/// IEEE 754 binary16. Implicit from/to float so generated code can mix it
/// with float literals; every operation happens in float.
struct half {
  uint16_t bits = 0;

  half() = default;
  half(float f) : bits(detail::floatToHalfBits(f)) {}
  operator float() const { return detail::halfBitsToFloat(bits); }

  // Compound assignment, so element code such as `x += y` works on 16-bit
  // storage as it does on float (computed in float, rounded once).
  half &operator+=(float o) { return *this = half(float(*this) + o); }
  half &operator-=(float o) { return *this = half(float(*this) - o); }
  half &operator*=(float o) { return *this = half(float(*this) * o); }
  half &operator/=(float o) { return *this = half(float(*this) / o); }

  static half fromBits(uint16_t b) {
    half h;
    h.bits = b;
    return h;
  }
};

/// bfloat16: sign, 8-bit exponent, 7-bit mantissa (a truncated binary32).
struct bfloat16 {
  uint16_t bits = 0;

  bfloat16() = default;
  bfloat16(float f) : bits(detail::floatToBfloat16Bits(f)) {}
  operator float() const { return detail::bfloat16BitsToFloat(bits); }

  // Compound assignment, so element code such as `x += y` works on 16-bit
  // storage as it does on float (computed in float, rounded once).
  bfloat16 &operator+=(float o) { return *this = bfloat16(float(*this) + o); }
  bfloat16 &operator-=(float o) { return *this = bfloat16(float(*this) - o); }
  bfloat16 &operator*=(float o) { return *this = bfloat16(float(*this) * o); }
  bfloat16 &operator/=(float o) { return *this = bfloat16(float(*this) / o); }

  static bfloat16 fromBits(uint16_t b) {
    bfloat16 h;
    h.bits = b;
    return h;
  }
};

static_assert(sizeof(half) == 2 && alignof(half) == 2, "half must be 2 bytes");
static_assert(sizeof(bfloat16) == 2 && alignof(bfloat16) == 2,
              "bfloat16 must be 2 bytes");

} // namespace pto

#endif // PTOWSP_CPU_SIM_FLOAT16_H
