//===- pto-wsp/cpu_sim/pto_isa_detail.h - PTO-ISA: shared internals -------===//
//
// Part of PTO-WSP. Header-only, C++17. What the op families of pto_isa.h
// share: the rounding and compare modes, element-type helpers and the
// elementwise loop skeletons. PTO_CHUNK_LOOP stays defined for the family
// headers; pto_isa.h undefines it. Include pto_isa.h, not this file.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_DETAIL_H
#define PTOWSP_CPU_SIM_PTO_ISA_DETAIL_H

#include "pto-wsp/cpu_sim/float16.h"
#include "pto-wsp/cpu_sim/tile.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace pto {

enum class RoundMode : int { RINT = 0, ROUND, FLOOR, CEIL, TRUNC };
enum class CmpMode : int { EQ = 0, NE, LT, LE, GT, GE };

namespace detail {

//===----------------------------------------------------------------------===//
// Type helpers
//===----------------------------------------------------------------------===//

/// half, bfloat16 and the native floating types.
template <typename T>
struct is_float_like
    : std::integral_constant<bool, std::is_floating_point<T>::value ||
                                       std::is_same<T, half>::value ||
                                       std::is_same<T, bfloat16>::value> {};

/// The type an element is computed in: float for 16-bit floats (computed in
/// float, rounded once on store), int64 for 32-bit signed integers (so that
/// overflow wraps on the store instead of being undefined behaviour), the
/// element type otherwise (narrow integers promote to int by themselves).
template <typename T> struct compute_type { using type = T; };
template <> struct compute_type<half> { using type = float; };
template <> struct compute_type<bfloat16> { using type = float; };
template <> struct compute_type<int32_t> { using type = int64_t; };
template <typename T> using compute_t = typename compute_type<T>::type;

/// Accumulator for sums: float for every floating type (the hardware
/// accumulates fp16 reductions in fp32), int64 for integers.
template <typename T>
using sum_t = std::conditional_t<is_float_like<T>::value, float, int64_t>;

template <typename T> inline compute_t<T> widen(T x) {
  return static_cast<compute_t<T>>(x);
}
template <typename T, typename V> inline T narrow(V v) {
  return static_cast<T>(v);
}

/// Valid extents clamped to the tile shape, so that a corrupt descriptor can
/// never index outside the tile's storage.
template <typename TileT> inline int rowsOf(const TileT &t) {
  return std::min(std::max(t.validRows, 0), TileT::kRows);
}
template <typename TileT> inline int colsOf(const TileT &t) {
  return std::min(std::max(t.validCols, 0), TileT::kCols);
}

inline int clampExtent(int64_t extent, int limit) {
  return static_cast<int>(
      std::min<int64_t>(std::max<int64_t>(extent, 0), limit));
}

template <typename A, typename B> struct same_tile : std::is_same<A, B> {};

//===----------------------------------------------------------------------===//
// Elementwise loop skeletons
//===----------------------------------------------------------------------===//

/// Elements per chunk in storeRow, colReduce and the matmul loops.
constexpr int kLanes = 8;

// Placed before a loop over chunks of kLanes. Clang would otherwise
// vectorise the chunk loop itself, behind runtime overlap checks, which
// measures 2-3x slower than vectorising each fixed-size chunk (and falls back
// to scalar code for in-place ops). GCC needs nothing.
#if defined(__clang__)
#define PTO_CHUNK_LOOP                                                         \
  _Pragma("clang loop vectorize(disable) interleave(disable)")
#else
#define PTO_CHUNK_LOOP
#endif

/// d[c] = elem(c) for c in [0, n), converted to T.
///
/// Rows are processed in chunks of kLanes: each chunk is computed into a
/// local array and then copied out. This has two purposes. It keeps the
/// semantics exact when d is also a source (the chunk is fully read before
/// it is written), and it gives GCC's -O2 vectoriser (the "very cheap" cost
/// model, which refuses loops needing a runtime overlap check or a scalar
/// epilogue) a fixed-trip-count loop with no aliasing question, so the float
/// paths are SIMD at -O2 on every compiler.
template <typename T, typename Elem>
inline void storeRow(T *d, int n, Elem elem) {
  int c = 0;
  PTO_CHUNK_LOOP
  for (; c + kLanes <= n; c += kLanes) {
    T out[kLanes];
    for (int j = 0; j < kLanes; ++j)
      out[j] = narrow<T>(elem(c + j));
    std::memcpy(static_cast<void *>(d + c), out, sizeof out);
  }
  for (; c < n; ++c)
    d[c] = narrow<T>(elem(c));
}

template <typename TD, typename TA, typename TB, typename Op>
inline void binaryOp(TD &dst, const TA &a, const TB &b, Op op) {
  static_assert(is_tile<TD>::value, "elementwise op: dst must be a pto::Tile");
  static_assert(
      same_tile<TD, TA>::value && same_tile<TD, TB>::value,
      "elementwise op: dst, a and b must have the same element type and shape");
  using T = typename TD::Element;
  const int rows = std::min(rowsOf(a), rowsOf(b));
  const int cols = std::min(colsOf(a), colsOf(b));
  for (int r = 0; r < rows; ++r) {
    const T *x = a.row(r);
    const T *y = b.row(r);
    storeRow(dst.row(r), cols,
             [&](int c) { return op(widen(x[c]), widen(y[c])); });
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

template <typename TD, typename TA, typename S, typename Op>
inline void scalarOp(TD &dst, const TA &a, S scalar, Op op) {
  static_assert(is_tile<TD>::value, "tile-scalar op: dst must be a pto::Tile");
  static_assert(
      same_tile<TD, TA>::value,
      "tile-scalar op: dst and a must have the same element type and shape");
  using T = typename TD::Element;
  static_assert(
      std::is_constructible<T, S>::value,
      "tile-scalar op: the scalar must convert to the tile element type");
  // The hardware scalar operand has the element type: round it to T first.
  const compute_t<T> s = widen(static_cast<T>(scalar));
  const int rows = rowsOf(a), cols = colsOf(a);
  for (int r = 0; r < rows; ++r) {
    const T *x = a.row(r);
    storeRow(dst.row(r), cols, [&](int c) { return op(widen(x[c]), s); });
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

template <typename TD, typename TS, typename Op>
inline void unaryOp(TD &dst, const TS &src, Op op) {
  static_assert(is_tile<TD>::value, "unary op: dst must be a pto::Tile");
  static_assert(
      same_tile<TD, TS>::value,
      "unary op: dst and src must have the same element type and shape");
  using T = typename TD::Element;
  const int rows = rowsOf(src), cols = colsOf(src);
  for (int r = 0; r < rows; ++r) {
    const T *x = src.row(r);
    storeRow(dst.row(r), cols, [&](int c) { return op(widen(x[c])); });
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

/// dst[r][c] = op(src0[r][c], src1[r][0]) with src1 an Rx1 tile.
template <typename TD, typename T0, typename T1, typename Op>
inline void rowExpandOp(TD &dst, const T0 &src0, const T1 &src1, Op op) {
  static_assert(
      same_tile<TD, T0>::value,
      "TROWEXPAND<op>: dst and src0 must have the same element type and shape");
  static_assert(std::is_same<typename TD::Element, typename T1::Element>::value,
                "TROWEXPAND<op>: src1 must have the element type of dst");
  static_assert(T1::kRows == TD::kRows && T1::kCols == 1,
                "TROWEXPAND<op>: src1 must be an Rx1 tile with R = dst rows");
  using T = typename TD::Element;
  const int rows = std::min(rowsOf(src0), rowsOf(src1));
  const int cols = colsOf(src0);
  for (int r = 0; r < rows; ++r) {
    const T *x = src0.row(r);
    const compute_t<T> s = widen(src1.at(r, 0));
    storeRow(dst.row(r), cols, [&](int c) { return op(widen(x[c]), s); });
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

/// dst[r][c] = op(src0[r][c], src1[0][c]) with src1 a 1xC tile.
template <typename TD, typename T0, typename T1, typename Op>
inline void colExpandOp(TD &dst, const T0 &src0, const T1 &src1, Op op) {
  static_assert(
      same_tile<TD, T0>::value,
      "TCOLEXPAND<op>: dst and src0 must have the same element type and shape");
  static_assert(std::is_same<typename TD::Element, typename T1::Element>::value,
                "TCOLEXPAND<op>: src1 must have the element type of dst");
  static_assert(T1::kRows == 1 && T1::kCols == TD::kCols,
                "TCOLEXPAND<op>: src1 must be a 1xC tile with C = dst cols");
  using T = typename TD::Element;
  const int rows = rowsOf(src0);
  const int cols = std::min(colsOf(src0), colsOf(src1));
  const T *y = src1.row(0);
  for (int r = 0; r < rows; ++r) {
    const T *x = src0.row(r);
    storeRow(dst.row(r), cols,
             [&](int c) { return op(widen(x[c]), widen(y[c])); });
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

/// max/min without std::max's reference arguments, for the op lambdas.
template <typename X> inline X maxOf(X a, X b) { return a > b ? a : b; }
template <typename X> inline X minOf(X a, X b) { return a < b ? a : b; }

} // namespace detail

} // namespace pto

#endif // PTOWSP_CPU_SIM_PTO_ISA_DETAIL_H
