//===- ptowsp_aie_kernel.h - tile operations for AMD AIE core kernels ----===//
//
// Part of PTO-WSP. Header-only, C++17, no STL containers, exceptions or I/O
// (AIE cores have none). Kernels emitted by -convert-tile-to-aie include this
// header and call one template per tile operation:
//
//   alignas(64) float t3[1024];
//   ptowsp::aie::load<16, 64>(t3, x, x_offset, x_ld);
//   ptowsp::aie::add<16, 64, ptowsp::aie::Operand::Full,
//                    ptowsp::aie::Operand::Column>(t5, t3, t4);
//
// Data model. A local tile is a dense row-major R x C array; shapes are
// template arguments, so every loop has a compile-time trip count. Loops run
// over blocks of kVectorLanes<T> elements (one 512-bit AIE vector) so that a
// vectorising compiler (Peano/llvm-aie, or a host compiler) maps each block
// to vector instructions. A tile in global memory is the elements
// `ptr[offset + r * ld + c]`.
//
// Numerics follow the project's reference, the cpu_sim PTO-ISA
// implementation (runtime/include/pto-wsp/cpu_sim/pto_isa*.h), so a kernel
// gives cpu_sim's bits on the host (unittests/Target/AIEKernelTest.cpp):
//  * _Float16 and __bf16 are storage types: every operation widens to float,
//    computes in float and rounds to the element type once (to nearest
//    even), like cpu_sim's pto::half / pto::bfloat16; int32 computes in
//    int64 and wraps when stored.
//  * A tile-scalar operation first rounds the scalar to the element type.
//  * Sums accumulate in float (floating types) or int64 (integers); each
//    row accumulates left to right and each column top to bottom, whatever
//    the vector width.
//  * Each matmul element accumulates its products one at a time in
//    ascending k from 0 (or the accumulator), the product and the sum
//    rounded separately (no FMA contraction).
//  * Float-to-integer casts round per mode and saturate; NaN gives 0.
// Transcendentals (exp, log, sqrt) come from <cmath>: they match cpu_sim
// when both use the same math library.
//
// Operands never alias: the kernel lowering gives every result its own
// array.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_AIE_KERNEL_H
#define PTOWSP_AIE_KERNEL_H

#include <cmath>
#include <cstdint>

// Element code must not be contracted into fused multiply-adds: cpu_sim
// rounds products and sums separately. (Clang contracts within one
// expression by default; the matmul also keeps them in separate statements.)
#if defined(__clang__)
#define PTOWSP_AIE_NO_CONTRACT _Pragma("clang fp contract(off)")
#else
#define PTOWSP_AIE_NO_CONTRACT
#endif

namespace ptowsp {
namespace aie {

//===----------------------------------------------------------------------===//
// Vector width and operation modes
//===----------------------------------------------------------------------===//

/// Elements of T in one 512-bit AIE vector register: 16 for 32-bit types,
/// 32 for 16-bit types, 64 for bytes.
template <typename T>
constexpr int kVectorLanes = sizeof(T) >= 4 ? 16 : (sizeof(T) == 2 ? 32 : 64);

/// How an operand of a broadcasting operation relates to the R x C result:
/// the whole tile, an R x 1 column repeated along each row, or a 1 x C row
/// repeated down each column.
enum class Operand : int { Full = 0, Column, Row };

/// The comparison of cmp / cmps.
enum class Cmp : int { EQ = 0, NE, LT, LE, GT, GE };

/// Float-to-integer rounding of cast (conversions to a floating type always
/// round to nearest even): Rint is ties-to-even, Round ties away from zero.
enum class Round : int { Rint = 0, Round, Floor, Ceil, Trunc };

namespace detail {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

template <typename A, typename B> struct IsSame {
  static constexpr bool value = false;
};
template <typename A> struct IsSame<A, A> {
  static constexpr bool value = true;
};

template <bool Condition, typename A, typename B> struct Choose {
  using type = A;
};
template <typename A, typename B> struct Choose<false, A, B> {
  using type = B;
};

/// The type an element is computed in (cpu_sim's compute_t): float for the
/// 16-bit floats, int64 for int32 (so overflow wraps on the store instead of
/// being undefined), the element type otherwise.
template <typename T> struct Compute { using type = T; };
#if defined(__clang__) || defined(__BFLT16_MAX__) // compilers with __bf16
template <> struct Compute<__bf16> { using type = float; };
#endif
#if defined(__FLT16_MAX__) // targets with _Float16
template <> struct Compute<_Float16> { using type = float; };
#endif
template <> struct Compute<int32_t> { using type = int64_t; };
template <typename T> using compute_t = typename Compute<T>::type;

/// Floating element types: the ones computed in float or double.
template <typename T>
constexpr bool kIsFloat = IsSame<compute_t<T>, float>::value ||
                          IsSame<compute_t<T>, double>::value;

/// Accumulator of sums: float for every floating type, int64 for integers.
template <typename T>
using sum_t = typename Choose<kIsFloat<T>, float, int64_t>::type;
/// Accumulator of max/min: float for floating types, else the compute type.
template <typename T>
using minmax_t = typename Choose<kIsFloat<T>, float, compute_t<T>>::type;

/// An element in its compute type. __bf16 widens by its bits on hosts (it
/// is the upper half of a float): a plain conversion lets the optimiser
/// fold comparisons of widened values back to bf16 comparisons, which x86
/// code generation implements with a bf16 rounding routine (see narrow).
template <typename T> inline compute_t<T> widen(T x) {
#if (defined(__clang__) || defined(__BFLT16_MAX__)) && !defined(__AIENGINE__)
  if constexpr (IsSame<T, __bf16>::value) {
    uint16_t bits;
    __builtin_memcpy(&bits, &x, sizeof bits);
    const uint32_t wide = static_cast<uint32_t>(bits) << 16;
    float result;
    __builtin_memcpy(&result, &wide, sizeof result);
    return result;
  } else
#endif
    return static_cast<compute_t<T>>(x);
}

/// A computed value stored as element type T. Float to __bf16 rounds to
/// nearest even with integer operations, as cpu_sim's bfloat16 does: host
/// runtimes need not provide the conversion (libgcc before 13 has no
/// __truncsfbf2), and NaNs stay quiet NaNs with cpu_sim's bits. AIE cores
/// convert natively.
template <typename T, typename V> inline T narrow(V value) {
#if (defined(__clang__) || defined(__BFLT16_MAX__)) && !defined(__AIENGINE__)
  if constexpr (IsSame<T, __bf16>::value) {
    const float f = static_cast<float>(value);
    uint32_t x;
    __builtin_memcpy(&x, &f, sizeof x);
    const uint32_t rounded = (x + 0x7fffu + ((x >> 16) & 1u)) >> 16;
    const uint32_t quietNan = (x >> 16) | 0x0040u;
    const uint16_t bits = static_cast<uint16_t>(
        (x & 0x7fffffffu) > 0x7f800000u ? quietNan : rounded);
    T result;
    __builtin_memcpy(&result, &bits, sizeof result);
    return result;
  } else
#endif
    return static_cast<T>(value);
}

/// dst = src by their bits; every element move of the kernels uses it. A
/// __bf16 moved as a value can become a float round trip on hosts without
/// bf16 registers (x86; kept so by sanitizer instrumentation or -O0), which
/// needs a conversion routine old runtimes lack (__truncsfbf2).
template <typename T> inline void copyElement(T &dst, const T &src) {
  __builtin_memcpy(&dst, &src, sizeof(T));
}

/// A scalar operand as element type T: 16-bit floats through float (so a
/// double rounds as in cpu_sim, first to float), others directly.
template <typename T, typename S> inline T toElement(S value) {
  if constexpr (kIsFloat<T>)
    return narrow<T>(static_cast<float>(value));
  else
    return static_cast<T>(value);
}

/// The range of integer type D.
template <typename D> constexpr int64_t lowestOf() {
  return IsSame<D, int8_t>::value    ? INT8_MIN
         : IsSame<D, int16_t>::value ? INT16_MIN
         : IsSame<D, int32_t>::value ? INT32_MIN
         : IsSame<D, uint8_t>::value ? 0
                                     : INT64_MIN;
}
template <typename D> constexpr int64_t highestOf() {
  return IsSame<D, int8_t>::value    ? INT8_MAX
         : IsSame<D, int16_t>::value ? INT16_MAX
         : IsSame<D, int32_t>::value ? INT32_MAX
         : IsSame<D, uint8_t>::value ? UINT8_MAX
                                     : INT64_MAX;
}

/// Identities of max and min in accumulator type Acc.
template <typename Acc> inline Acc maxIdentity() {
  if constexpr (IsSame<Acc, float>::value)
    return -__builtin_inff();
  else
    return static_cast<Acc>(lowestOf<Acc>());
}
template <typename Acc> inline Acc minIdentity() {
  if constexpr (IsSame<Acc, float>::value)
    return __builtin_inff();
  else
    return static_cast<Acc>(highestOf<Acc>());
}

/// max/min exactly as cpu_sim writes them (a NaN operand propagates from
/// the right).
template <typename X> inline X maxOf(X a, X b) { return a > b ? a : b; }
template <typename X> inline X minOf(X a, X b) { return a < b ? a : b; }

//===----------------------------------------------------------------------===//
// Loop skeletons
//===----------------------------------------------------------------------===//

/// body(i) for i in [0, N): blocks of `Lanes` (one vector each), then the
/// remainder.
template <int N, int Lanes, typename Body> inline void forBlocks(Body body) {
  constexpr int kBlocked = N / Lanes * Lanes;
  for (int i = 0; i < kBlocked; i += Lanes)
    for (int lane = 0; lane < Lanes; ++lane)
      body(i + lane);
  for (int i = kBlocked; i < N; ++i)
    body(i);
}

/// The element of operand `x` (of kind K) at (r, c) of an R x C result.
template <Operand K, int C, typename T>
inline const T &operandAt(const T *x, int r, int c) {
  if constexpr (K == Operand::Full)
    return x[r * C + c];
  else if constexpr (K == Operand::Column)
    return x[r];
  else
    return x[c];
}

/// dst = op(a, b) over R x C, either operand possibly broadcast.
template <int R, int C, Operand A, Operand B, typename T, typename Op>
inline void binary(T *dst, const T *a, const T *b, Op op) {
  static_assert(A == Operand::Full || B == Operand::Full,
                "binary op: at least one operand must have the result's shape");
  if constexpr (A == Operand::Full && B == Operand::Full) {
    forBlocks<R * C, kVectorLanes<T>>([&](int i) {
      dst[i] = narrow<T>(op(widen(a[i]), widen(b[i])));
    });
  } else {
    for (int r = 0; r < R; ++r)
      forBlocks<C, kVectorLanes<T>>([&](int c) {
        dst[r * C + c] = narrow<T>(op(widen(operandAt<A, C>(a, r, c)),
                                      widen(operandAt<B, C>(b, r, c))));
      });
  }
}

/// dst = op(src, scalar) with the scalar rounded to T first.
template <int R, int C, typename T, typename S, typename Op>
inline void scalar(T *dst, const T *src, S value, Op op) {
  const compute_t<T> s = widen(toElement<T>(value));
  forBlocks<R * C, kVectorLanes<T>>(
      [&](int i) { dst[i] = narrow<T>(op(widen(src[i]), s)); });
}

/// dst = op(src).
template <int R, int C, typename T, typename Op>
inline void unary(T *dst, const T *src, Op op) {
  forBlocks<R * C, kVectorLanes<T>>(
      [&](int i) { dst[i] = narrow<T>(op(widen(src[i]))); });
}

/// Each row of src (R x C) reduced left to right into dst[r]. Rows go in
/// blocks of one vector: lane j accumulates row r0 + j, so the vector unit
/// works on many rows while each keeps cpu_sim's order.
template <int R, int C, typename Acc, typename T, typename Op>
inline void rowReduce(T *dst, const T *src, Acc init, Op op) {
  constexpr int kLanes = kVectorLanes<Acc>;
  int r0 = 0;
  for (; r0 + kLanes <= R; r0 += kLanes) {
    Acc acc[kLanes];
    for (int j = 0; j < kLanes; ++j)
      acc[j] = init;
    for (int c = 0; c < C; ++c)
      for (int j = 0; j < kLanes; ++j)
        acc[j] = op(acc[j], static_cast<Acc>(widen(src[(r0 + j) * C + c])));
    for (int j = 0; j < kLanes; ++j)
      dst[r0 + j] = narrow<T>(acc[j]);
  }
  for (; r0 < R; ++r0) {
    Acc acc = init;
    for (int c = 0; c < C; ++c)
      acc = op(acc, static_cast<Acc>(widen(src[r0 * C + c])));
    dst[r0] = narrow<T>(acc);
  }
}

/// Each column of src (R x C) reduced top to bottom into dst[c].
template <int R, int C, typename Acc, typename T, typename Op>
inline void colReduce(T *dst, const T *src, Acc init, Op op) {
  Acc acc[C];
  forBlocks<C, kVectorLanes<Acc>>([&](int c) { acc[c] = init; });
  for (int r = 0; r < R; ++r)
    forBlocks<C, kVectorLanes<Acc>>([&](int c) {
      acc[c] = op(acc[c], static_cast<Acc>(widen(src[r * C + c])));
    });
  forBlocks<C, kVectorLanes<Acc>>(
      [&](int c) { dst[c] = narrow<T>(acc[c]); });
}

/// The comparison `mode` of x and y.
template <Cmp Mode, typename X> inline bool compare(X x, X y) {
  if constexpr (Mode == Cmp::EQ)
    return x == y;
  else if constexpr (Mode == Cmp::NE)
    return x != y;
  else if constexpr (Mode == Cmp::LT)
    return x < y;
  else if constexpr (Mode == Cmp::LE)
    return x <= y;
  else if constexpr (Mode == Cmp::GT)
    return x > y;
  else
    return x >= y;
}

/// An integral float rounded per Mode (cpu_sim's roundIntegral; exact in
/// float because every float of magnitude >= 2^23 is already integral).
template <Round Mode> inline float roundIntegral(float x) {
  if constexpr (Mode == Round::Rint) {
    const float f = std::floor(x);
    const float diff = x - f;
    if (diff > 0.5f || (diff == 0.5f && std::fmod(f, 2.0f) != 0.0f))
      return f + 1.0f;
    return f;
  } else if constexpr (Mode == Round::Round) {
    return std::round(x);
  } else if constexpr (Mode == Round::Floor) {
    return std::floor(x);
  } else if constexpr (Mode == Round::Ceil) {
    return std::ceil(x);
  } else {
    return std::trunc(x);
  }
}

/// One element of cast (cpu_sim's convertValue).
template <typename D, Round Mode, typename S> inline D convert(S x) {
  if constexpr (kIsFloat<D>) {
    return narrow<D>(static_cast<float>(x)); // via float, RNE once
  } else if constexpr (kIsFloat<S>) {
    const float v = static_cast<float>(x);
    if (v != v)
      return D(0);
    const float r = roundIntegral<Mode>(v);
    // The bounds as floats: 2^31 for int32 (the float above INT32_MAX), so
    // `r >= hi` saturates exactly the values that do not fit.
    if (r <= static_cast<float>(lowestOf<D>()))
      return static_cast<D>(lowestOf<D>());
    if (r >= static_cast<float>(highestOf<D>()))
      return static_cast<D>(highestOf<D>());
    return static_cast<D>(r);
  } else {
    const int64_t v = static_cast<int64_t>(x);
    if (v <= lowestOf<D>())
      return static_cast<D>(lowestOf<D>());
    if (v >= highestOf<D>())
      return static_cast<D>(highestOf<D>());
    return static_cast<D>(v);
  }
}

/// The order of sort32/topk: descending, NaN above +inf.
template <typename X> inline bool ranksBefore(X x, X y) {
  if constexpr (kIsFloat<X>) {
    if (x != x)
      return y == y;
    if (y != y)
      return false;
  }
  return x > y;
}

} // namespace detail

//===----------------------------------------------------------------------===//
// Memory: global <-> local tiles
//===----------------------------------------------------------------------===//

/// dst (R x C, dense) = the tile at src + offset with row stride ld.
template <int R, int C, typename T>
inline void load(T *dst, const T *src, int32_t offset, int32_t ld) {
  const T *row = src + offset;
  for (int r = 0; r < R; ++r, row += ld)
    detail::forBlocks<C, kVectorLanes<T>>(
        [&](int c) { detail::copyElement(dst[r * C + c], row[c]); });
}

/// The tile at dst + offset with row stride ld = src (R x C, dense).
template <int R, int C, typename T>
inline void store(T *dst, int32_t offset, int32_t ld, const T *src) {
  T *row = dst + offset;
  for (int r = 0; r < R; ++r, row += ld)
    detail::forBlocks<C, kVectorLanes<T>>(
        [&](int c) { detail::copyElement(row[c], src[r * C + c]); });
}

/// dst = src (tile.move: a copy between local tiles).
template <int R, int C, typename T> inline void move(T *dst, const T *src) {
  detail::forBlocks<R * C, kVectorLanes<T>>(
      [&](int i) { detail::copyElement(dst[i], src[i]); });
}

//===----------------------------------------------------------------------===//
// Elementwise binary, with row/column broadcast of either operand
//===----------------------------------------------------------------------===//

#define PTOWSP_AIE_BINARY(NAME, EXPR, FLOAT_ONLY)                              \
  template <int R, int C, Operand A = Operand::Full,                           \
            Operand B = Operand::Full, typename T>                             \
  inline void NAME(T *dst, const T *a, const T *b) {                           \
    static_assert(!(FLOAT_ONLY) || detail::kIsFloat<T>,                        \
                  #NAME ": only floating-point tiles are supported");          \
    detail::binary<R, C, A, B>(dst, a, b, [](auto x, auto y) { return EXPR; }); \
  }

PTOWSP_AIE_BINARY(add, x + y, false)
PTOWSP_AIE_BINARY(sub, x - y, false)
PTOWSP_AIE_BINARY(mul, x * y, false)
PTOWSP_AIE_BINARY(div, x / y, true)
PTOWSP_AIE_BINARY(max, detail::maxOf(x, y), false)
PTOWSP_AIE_BINARY(min, detail::minOf(x, y), false)
#undef PTOWSP_AIE_BINARY

/// dst (R x C) = src repeated: an R x 1 column along each row (Column) or a
/// 1 x C row down each column (Row).
template <int R, int C, Operand K, typename T>
inline void broadcast(T *dst, const T *src) {
  static_assert(K != Operand::Full, "broadcast: the source is a row or column");
  for (int r = 0; r < R; ++r)
    detail::forBlocks<C, kVectorLanes<T>>(
        [&](int c) {
          detail::copyElement(dst[r * C + c], detail::operandAt<K, C>(src, r, c));
        });
}

//===----------------------------------------------------------------------===//
// Tile-scalar
//===----------------------------------------------------------------------===//

#define PTOWSP_AIE_SCALAR(NAME, EXPR, FLOAT_ONLY)                              \
  template <int R, int C, typename T, typename S>                              \
  inline void NAME(T *dst, const T *src, S s) {                                \
    static_assert(!(FLOAT_ONLY) || detail::kIsFloat<T>,                        \
                  #NAME ": only floating-point tiles are supported");          \
    detail::scalar<R, C>(dst, src, s, [](auto x, auto y) { return EXPR; });    \
  }

PTOWSP_AIE_SCALAR(adds, x + y, false)
PTOWSP_AIE_SCALAR(subs, x - y, false)
PTOWSP_AIE_SCALAR(muls, x * y, false)
PTOWSP_AIE_SCALAR(divs, x / y, true)
PTOWSP_AIE_SCALAR(maxs, detail::maxOf(x, y), false)
PTOWSP_AIE_SCALAR(mins, detail::minOf(x, y), false)
#undef PTOWSP_AIE_SCALAR

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

#define PTOWSP_AIE_UNARY(NAME, EXPR, FLOAT_ONLY)                               \
  template <int R, int C, typename T>                                          \
  inline void NAME(T *dst, const T *src) {                                     \
    static_assert(!(FLOAT_ONLY) || detail::kIsFloat<T>,                        \
                  #NAME ": only floating-point tiles are supported");          \
    detail::unary<R, C>(dst, src, [](auto x) { return EXPR; });                \
  }

PTOWSP_AIE_UNARY(exp, std::exp(x), true)
PTOWSP_AIE_UNARY(log, std::log(x), true)
PTOWSP_AIE_UNARY(sqrt, std::sqrt(x), true)
PTOWSP_AIE_UNARY(rsqrt, decltype(x)(1) / std::sqrt(x), true)
PTOWSP_AIE_UNARY(recip, decltype(x)(1) / x, true)
PTOWSP_AIE_UNARY(neg, -x, false)
/// max(x, 0); NaN gives 0.
PTOWSP_AIE_UNARY(relu, x > decltype(x)(0) ? x : decltype(x)(0), false)
#undef PTOWSP_AIE_UNARY

template <int R, int C, typename T> inline void abs(T *dst, const T *src) {
  detail::unary<R, C>(dst, src, [](auto x) {
    if constexpr (detail::kIsFloat<T>)
      return std::fabs(x);
    else
      return x < 0 ? -x : x;
  });
}

//===----------------------------------------------------------------------===//
// Reductions: rows into R x 1, columns into 1 x C
//===----------------------------------------------------------------------===//

template <int R, int C, typename T> inline void rowsum(T *dst, const T *src) {
  using Acc = detail::sum_t<T>;
  detail::rowReduce<R, C>(dst, src, Acc(0), [](Acc a, Acc x) { return a + x; });
}
template <int R, int C, typename T> inline void rowmax(T *dst, const T *src) {
  using Acc = detail::minmax_t<T>;
  detail::rowReduce<R, C>(dst, src, detail::maxIdentity<Acc>(),
                          [](Acc a, Acc x) { return detail::maxOf(a, x); });
}
template <int R, int C, typename T> inline void rowmin(T *dst, const T *src) {
  using Acc = detail::minmax_t<T>;
  detail::rowReduce<R, C>(dst, src, detail::minIdentity<Acc>(),
                          [](Acc a, Acc x) { return detail::minOf(a, x); });
}
/// The row sum (rounded to T), then divided by C rounded to T: cpu_sim's
/// TROWSUM followed by TDIVS.
template <int R, int C, typename T> inline void rowmean(T *dst, const T *src) {
  static_assert(detail::kIsFloat<T>, "rowmean: only floating-point tiles");
  rowsum<R, C>(dst, src);
  divs<R, 1>(dst, dst, static_cast<float>(C));
}
template <int R, int C, typename T> inline void colsum(T *dst, const T *src) {
  using Acc = detail::sum_t<T>;
  detail::colReduce<R, C>(dst, src, Acc(0), [](Acc a, Acc x) { return a + x; });
}
template <int R, int C, typename T> inline void colmax(T *dst, const T *src) {
  using Acc = detail::minmax_t<T>;
  detail::colReduce<R, C>(dst, src, detail::maxIdentity<Acc>(),
                          [](Acc a, Acc x) { return detail::maxOf(a, x); });
}
template <int R, int C, typename T> inline void colmin(T *dst, const T *src) {
  using Acc = detail::minmax_t<T>;
  detail::colReduce<R, C>(dst, src, detail::minIdentity<Acc>(),
                          [](Acc a, Acc x) { return detail::minOf(a, x); });
}

//===----------------------------------------------------------------------===//
// Matmul: M x K times K x N into an M x N float tile
//===----------------------------------------------------------------------===//

/// dst = acc + a @ b (acc may be null: start from 0). Row by row: the row
/// of dst is the accumulator, and for each k one product per element is
/// added in ascending k, vectorised along the row.
template <int M, int K, int N, typename T>
inline void matmulInto(float *dst, const float *acc, const T *a, const T *b) {
  PTOWSP_AIE_NO_CONTRACT
  static_assert(detail::kIsFloat<T>, "matmul: f16, bf16 or f32 operands");
  for (int i = 0; i < M; ++i) {
    float *row = dst + i * N;
    detail::forBlocks<N, kVectorLanes<float>>(
        [&](int j) { row[j] = acc ? acc[i * N + j] : 0.0f; });
    for (int k = 0; k < K; ++k) {
      const float x = static_cast<float>(a[i * K + k]);
      const T *bRow = b + k * N;
      detail::forBlocks<N, kVectorLanes<float>>([&](int j) {
        const float product = x * static_cast<float>(bRow[j]);
        row[j] = row[j] + product;
      });
    }
  }
}

template <int M, int K, int N, typename T>
inline void matmul(float *dst, const T *a, const T *b) {
  matmulInto<M, K, N>(dst, nullptr, a, b);
}
template <int M, int K, int N, typename T>
inline void matmul_acc(float *dst, const float *acc, const T *a, const T *b) {
  matmulInto<M, K, N>(dst, acc, a, b);
}

//===----------------------------------------------------------------------===//
// Conversion, fill, compare and select
//===----------------------------------------------------------------------===//

/// dst = src converted elementwise (see detail::convert).
template <int R, int C, Round Mode = Round::Rint, typename D, typename S>
inline void cast(D *dst, const S *src) {
  detail::forBlocks<R * C, kVectorLanes<D>>(
      [&](int i) { dst[i] = detail::convert<D, Mode>(src[i]); });
}

/// Every element = value converted to T (tile.fill and tile.constant).
template <int R, int C, typename T, typename S>
inline void fill(T *dst, S value) {
  const T v = detail::toElement<T>(value);
  detail::forBlocks<R * C, kVectorLanes<T>>(
      [&](int i) { detail::copyElement(dst[i], v); });
}

/// mask = (a <Mode> b) as 0/1 bytes.
template <int R, int C, Cmp Mode, typename T>
inline void cmp(uint8_t *mask, const T *a, const T *b) {
  detail::forBlocks<R * C, kVectorLanes<T>>([&](int i) {
    mask[i] = detail::compare<Mode>(detail::widen(a[i]), detail::widen(b[i]));
  });
}

/// mask = (a <Mode> s), s rounded to T first.
template <int R, int C, Cmp Mode, typename T, typename S>
inline void cmps(uint8_t *mask, const T *a, S value) {
  const detail::compute_t<T> s = detail::widen(detail::toElement<T>(value));
  detail::forBlocks<R * C, kVectorLanes<T>>([&](int i) {
    mask[i] = detail::compare<Mode>(detail::widen(a[i]), s);
  });
}

/// dst = mask ? a : b.
template <int R, int C, typename T>
inline void select(T *dst, const uint8_t *mask, const T *a, const T *b) {
  detail::forBlocks<R * C, kVectorLanes<T>>([&](int i) {
    detail::copyElement(dst[i], mask[i] ? a[i] : b[i]);
  });
}

//===----------------------------------------------------------------------===//
// Layout and routing
//===----------------------------------------------------------------------===//

/// dst (C x R) = transpose of src (R x C).
template <int R, int C, typename T> inline void transpose(T *dst, const T *src) {
  for (int r = 0; r < R; ++r)
    detail::forBlocks<C, kVectorLanes<T>>(
        [&](int c) { detail::copyElement(dst[c * R + r], src[r * C + c]); });
}

/// dst[r][c] = start + c (tile.iota).
template <int R, int C, typename T> inline void iota(T *dst, int32_t start) {
  for (int r = 0; r < R; ++r)
    detail::forBlocks<C, kVectorLanes<T>>(
        [&](int c) { dst[r * C + c] = static_cast<T>(start + c); });
}

/// Every aligned block of 32 columns of each row sorted descending (NaN
/// first, equal values in column order), with the original column indices.
/// Sorting moves keys and indices only; the values are gathered at the end.
template <int R, int C, typename T>
inline void sort32(T *values, int32_t *indices, const T *src) {
  static_assert(C % 32 == 0, "sort32: the column count is a multiple of 32");
  using Key = detail::compute_t<T>;
  for (int r = 0; r < R; ++r)
    for (int base = 0; base < C; base += 32) {
      const T *x = src + r * C + base;
      Key key[32];
      int32_t idx[32];
      // Stable insertion sort: an element moves left only past strictly
      // lower-ranked ones.
      for (int i = 0; i < 32; ++i) {
        const Key k = detail::widen(x[i]);
        int j = i;
        for (; j > 0 && detail::ranksBefore(k, key[j - 1]); --j) {
          key[j] = key[j - 1];
          idx[j] = idx[j - 1];
        }
        key[j] = k;
        idx[j] = i;
      }
      for (int i = 0; i < 32; ++i) {
        detail::copyElement(values[r * C + base + i], x[idx[i]]);
        indices[r * C + base + i] = base + idx[i];
      }
    }
}

/// The K largest elements of each row of src (R x C) in descending order
/// (NaN first, ties by lower column) and their column indices (R x K): a
/// bounded insertion of each element into the row's top K.
template <int R, int C, int K, typename T>
inline void topk(T *values, int32_t *indices, const T *src) {
  static_assert(K <= C, "topk: K exceeds the row length");
  using Key = detail::compute_t<T>;
  for (int r = 0; r < R; ++r) {
    const T *x = src + r * C;
    Key key[K];
    int32_t idx[K];
    int count = 0;
    for (int c = 0; c < C; ++c) {
      const Key k = detail::widen(x[c]);
      // Skip unless it beats the current K-th (strictly: ties keep the
      // earlier column).
      if (count == K && !detail::ranksBefore(k, key[K - 1]))
        continue;
      int j = count < K ? count++ : K - 1;
      for (; j > 0 && detail::ranksBefore(k, key[j - 1]); --j) {
        key[j] = key[j - 1];
        idx[j] = idx[j - 1];
      }
      key[j] = k;
      idx[j] = c;
    }
    for (int j = 0; j < K; ++j) {
      detail::copyElement(values[r * K + j], x[idx[j]]);
      indices[r * K + j] = idx[j];
    }
  }
}

} // namespace aie
} // namespace ptowsp

#undef PTOWSP_AIE_NO_CONTRACT

#endif // PTOWSP_AIE_KERNEL_H
