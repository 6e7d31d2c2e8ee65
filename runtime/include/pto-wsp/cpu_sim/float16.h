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
#include <type_traits>

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

/// cond ? a : b as bit operations. Written this way (not with ?:) because
/// GCC turns a ?: into a branch before its vectoriser runs, and a branch
/// stops a loop from vectorising.
inline uint32_t select(bool cond, uint32_t a, uint32_t b) {
  const uint32_t mask = 0u - static_cast<uint32_t>(cond);
  return (a & mask) | (b & ~mask);
}

//===----------------------------------------------------------------------===//
// binary32 <-> binary16
//===----------------------------------------------------------------------===//

// Both directions are branch-free (every path is computed and one selected)
// so that loops over 16-bit tiles vectorise. The only floating-point step is
// where noted; it relies on the default round-to-nearest-even mode, as does
// all float arithmetic in the simulator. Exhaustively tested in
// unittests/Runtime/PtoIsaTest.cpp.

/// Rounds a float to the nearest binary16, ties to even. Overflow gives
/// +-inf, NaN gives a quiet NaN, tiny values become binary16 subnormals or
/// signed zero.
inline uint16_t floatToHalfBits(float f) {
  const uint32_t u = floatBits(f);
  const uint32_t sign = (u >> 16) & 0x8000u;
  const uint32_t x = u & 0x7fffffffu;
  // The same magnitude as a signed value (it is < 2^31): SSE2 has signed
  // but no unsigned 32-bit compares, so signed ones vectorise much better.
  const int32_t sx = static_cast<int32_t>(x);

  // Normal result (|f| >= 2^-14): rebias the exponent (127 -> 15, i.e.
  // subtract 112 << 23) and round off 13 mantissa bits by adding just under
  // half an ulp plus the lowest kept bit, so exact ties go to even. A carry
  // out of the mantissa bumps the exponent, up to 0x7c00 (inf) for
  // [65520, 65536), which is the correct rounding.
  const uint32_t normal = (x + 0xc8000fffu + ((x >> 13) & 1u)) >> 13;

  // Subnormal or zero result (|f| < 2^-14): in [0.5, 1) the float ulp is
  // 2^-24, the binary16 subnormal quantum, so |f| + 0.5 rounds |f| to a
  // multiple of 2^-24 (ties to even, by the FPU) and leaves the count in the
  // low mantissa bits. A result of 0x400 is the smallest normal, correctly.
  const uint32_t subnormal = floatBits(bitsFloat(x) + 0.5f) - 0x3f000000u;

  // |f| >= 2^16: infinity, or a quiet NaN.
  const uint32_t special =
      0x7c00u | (static_cast<uint32_t>(sx > 0x7f800000) << 9);

  uint32_t r = select(sx < 0x38800000, subnormal, normal);
  r = select(sx >= 0x47800000, special, r);
  return static_cast<uint16_t>(sign | r);
}

/// Exact widening of a binary16 to float.
inline float halfBitsToFloat(uint16_t h) {
  const uint32_t shifted = static_cast<uint32_t>(h & 0x7fffu) << 13;
  const uint32_t exp = shifted & 0x0f800000u;
  // Normal: rebias the exponent (15 -> 127).
  uint32_t o = shifted + 0x38000000u;
  // Inf / NaN: exponent all ones.
  o += static_cast<uint32_t>(exp == 0x0f800000u) * 0x38000000u;
  // Zero / subnormal: (1 + m/1024) * 2^-14 - 2^-14 = m * 2^-24. The
  // subtraction is exact, so it does not depend on the rounding mode.
  const float sub = bitsFloat(o + 0x00800000u) - bitsFloat(0x38800000u);
  o = select(exp == 0, floatBits(sub), o);
  return bitsFloat(o | (static_cast<uint32_t>(h & 0x8000u) << 16));
}

//===----------------------------------------------------------------------===//
// binary32 <-> bfloat16
//===----------------------------------------------------------------------===//

/// Rounds a float to the nearest bfloat16, ties to even. Overflow carries
/// into the exponent and gives +-inf naturally; NaNs are kept quiet.
inline uint16_t floatToBfloat16Bits(float f) {
  const uint32_t x = floatBits(f);
  const uint32_t rounded = (x + 0x7fffu + ((x >> 16) & 1u)) >> 16;
  const uint32_t quietNan = (x >> 16) | 0x0040u;
  return static_cast<uint16_t>(
      select((x & 0x7fffffffu) > 0x7f800000u, quietNan, rounded));
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
  // Like float: default-initialisation leaves the value indeterminate (so
  // the type is trivial and arrays of it cost nothing to declare), while
  // value-initialisation (half{}, std::vector<half>(n)) gives +0.
  uint16_t bits;

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
    half h{};
    h.bits = b;
    return h;
  }
};

/// bfloat16: sign, 8-bit exponent, 7-bit mantissa (a truncated binary32).
struct bfloat16 {
  // Like float: default-initialisation leaves the value indeterminate (so
  // the type is trivial and arrays of it cost nothing to declare), while
  // value-initialisation (bfloat16{}, std::vector<bfloat16>(n)) gives +0.
  uint16_t bits;

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
    bfloat16 h{};
    h.bits = b;
    return h;
  }
};

static_assert(sizeof(half) == 2 && alignof(half) == 2, "half must be 2 bytes");
static_assert(sizeof(bfloat16) == 2 && alignof(bfloat16) == 2,
              "bfloat16 must be 2 bytes");
static_assert(std::is_trivial<half>::value && std::is_trivial<bfloat16>::value,
              "16-bit floats must be trivial types, like float");

} // namespace pto

#endif // PTOWSP_CPU_SIM_FLOAT16_H
