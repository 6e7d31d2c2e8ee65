//===- pto-wsp/cpu_sim/pto_isa_detail.h - PTO-ISA on CPU: shared internals -===//
//
// Part of PTO-WSP. Header-only, C++17. What the instructions of pto_isa.h
// share: the rounding and compare modes, element-type helpers, the loop
// skeletons of the op families, the matmul kernel and the element
// conversions. Include pto_isa.h, not this file.
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

/// Total order used by TSORT32/TTOPK: descending, NaN ranks above +inf, and
/// equal keys are left in index order by the (stable) callers.
template <typename C> inline bool ranksBefore(C x, C y) {
  if constexpr (std::is_floating_point<C>::value) {
    if (x != x)
      return y == y;
    if (y != y)
      return false;
  }
  return x > y;
}

/// Per-thread scratch buffers for ops that widen 16-bit operands (matmul).
/// They grow to the largest request and are then reused: no allocation per
/// op in steady state.
inline float *scratchFloats(int slot, int64_t count) {
  thread_local std::vector<float> buffers[2];
  std::vector<float> &buf = buffers[slot];
  if (static_cast<int64_t>(buf.size()) < count)
    buf.resize(static_cast<size_t>(count));
  return buf.data();
}

//===----------------------------------------------------------------------===//
// Loop skeletons shared by the op families
//===----------------------------------------------------------------------===//

/// Elements per chunk in storeRow / colReduce / the matmul loops.
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

/// Row reduction into an Rx1 tile. Each row accumulates left to right in Acc
/// (a fixed order, so the result never depends on the compiler or on vector
/// width). Four rows are reduced together: four independent dependency
/// chains hide the latency of the adds without reordering any row's sum.
template <typename Acc, typename TD, typename TS, typename Op>
inline void rowReduce(TD &dst, const TS &src, Acc init, Op op) {
  static_assert(std::is_same<typename TD::Element, typename TS::Element>::value,
                "TROW<reduce>: dst and src must have the same element type");
  static_assert(TD::kCols == 1 && TD::kRows == TS::kRows,
                "TROW<reduce>: dst must be an Rx1 tile with R = src rows");
  using T = typename TD::Element;
  const int rows = rowsOf(src), cols = colsOf(src);
  int r = 0;
  for (; r + 4 <= rows; r += 4) {
    const T *x0 = src.row(r), *x1 = src.row(r + 1);
    const T *x2 = src.row(r + 2), *x3 = src.row(r + 3);
    Acc a0 = init, a1 = init, a2 = init, a3 = init;
    for (int c = 0; c < cols; ++c) {
      a0 = op(a0, static_cast<Acc>(widen(x0[c])));
      a1 = op(a1, static_cast<Acc>(widen(x1[c])));
      a2 = op(a2, static_cast<Acc>(widen(x2[c])));
      a3 = op(a3, static_cast<Acc>(widen(x3[c])));
    }
    dst.at(r, 0) = narrow<T>(a0);
    dst.at(r + 1, 0) = narrow<T>(a1);
    dst.at(r + 2, 0) = narrow<T>(a2);
    dst.at(r + 3, 0) = narrow<T>(a3);
  }
  for (; r < rows; ++r) {
    const T *x = src.row(r);
    Acc acc = init;
    for (int c = 0; c < cols; ++c)
      acc = op(acc, static_cast<Acc>(widen(x[c])));
    dst.at(r, 0) = narrow<T>(acc);
  }
  dst.validRows = rows;
  dst.validCols = 1;
}

/// Column reduction into a 1xC tile. Each column accumulates top to bottom
/// in Acc; columns go in blocks of kBlock accumulators kept in a local array
/// so the inner loop is contiguous and (in chunks of kLanes) vectorisable.
template <typename Acc, typename TD, typename TS, typename Op>
inline void colReduce(TD &dst, const TS &src, Acc init, Op op) {
  static_assert(std::is_same<typename TD::Element, typename TS::Element>::value,
                "TCOL<reduce>: dst and src must have the same element type");
  static_assert(TD::kRows == 1 && TD::kCols == TS::kCols,
                "TCOL<reduce>: dst must be a 1xC tile with C = src cols");
  using T = typename TD::Element;
  constexpr int kBlock = 64;
  const int rows = rowsOf(src), cols = colsOf(src);
  T *d = dst.row(0);
  for (int c0 = 0; c0 < cols; c0 += kBlock) {
    const int n = std::min(kBlock, cols - c0);
    Acc acc[kBlock];
    std::fill_n(acc, kBlock, init);
    for (int r = 0; r < rows; ++r) {
      const T *x = src.row(r) + c0;
      int c = 0;
      PTO_CHUNK_LOOP
      for (; c + kLanes <= n; c += kLanes)
        for (int j = 0; j < kLanes; ++j)
          acc[c + j] = op(acc[c + j], static_cast<Acc>(widen(x[c + j])));
      for (; c < n; ++c)
        acc[c] = op(acc[c], static_cast<Acc>(widen(x[c])));
    }
    for (int c = 0; c < n; ++c)
      d[c0 + c] = narrow<T>(acc[c]);
  }
  dst.validRows = 1;
  dst.validCols = cols;
}

/// Identity elements of max/min for reductions over an empty region.
template <typename Acc> constexpr Acc lowestOf() {
  return std::numeric_limits<Acc>::has_infinity
             ? -std::numeric_limits<Acc>::infinity()
             : std::numeric_limits<Acc>::lowest();
}
template <typename Acc> constexpr Acc highestOf() {
  return std::numeric_limits<Acc>::has_infinity
             ? std::numeric_limits<Acc>::infinity()
             : std::numeric_limits<Acc>::max();
}
template <typename T>
using minmax_t =
    std::conditional_t<is_float_like<T>::value, float, compute_t<T>>;

template <typename X> inline X maxOf(X a, X b) { return a > b ? a : b; }
template <typename X> inline X minOf(X a, X b) { return a < b ? a : b; }

//===----------------------------------------------------------------------===//
// Matmul kernel
//===----------------------------------------------------------------------===//

/// c_r[j] += x_r * b[j] for j in [0, n) and four rows r of C. The restrict
/// parameters (C rows and the B row are distinct tiles) and the fixed-size
/// chunks let GCC vectorise at -O2; see storeRow.
inline void axpy4(float *__restrict c0, float *__restrict c1,
                  float *__restrict c2, float *__restrict c3,
                  const float *__restrict b, float x0, float x1, float x2,
                  float x3, int n) {
  int j = 0;
  PTO_CHUNK_LOOP
  for (; j + kLanes <= n; j += kLanes)
    for (int u = 0; u < kLanes; ++u) {
      const float y = b[j + u];
      c0[j + u] += x0 * y;
      c1[j + u] += x1 * y;
      c2[j + u] += x2 * y;
      c3[j + u] += x3 * y;
    }
  for (; j < n; ++j) {
    const float y = b[j];
    c0[j] += x0 * y;
    c1[j] += x1 * y;
    c2[j] += x2 * y;
    c3[j] += x3 * y;
  }
}

/// c[j] += x * b[j] for j in [0, n).
inline void axpy1(float *__restrict c, const float *__restrict b, float x,
                  int n) {
  int j = 0;
  PTO_CHUNK_LOOP
  for (; j + kLanes <= n; j += kLanes)
    for (int u = 0; u < kLanes; ++u)
      c[j + u] += x * b[j + u];
  for (; j < n; ++j)
    c[j] += x * b[j];
}

#if defined(__GNUC__) || defined(__clang__)
#define PTO_GEMM_VECTOR_KERNEL 1
/// Four floats in a SIMD register (GCC/Clang vector extension: SSE on
/// x86-64, NEON on AArch64, no intrinsics needed).
typedef float v4f __attribute__((vector_size(16)));

inline v4f loadV4(const float *p) {
  v4f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void storeV4(float *p, v4f v) { std::memcpy(p, &v, sizeof v); }

/// C[0:4][0:8] += A[0:4][0:K] @ B[0:K][0:8]. The 4x8 block of C stays in
/// eight registers for the whole k loop, so each step costs two loads of B
/// and four scalar loads of A for 32 multiply-adds. Written out by hand
/// because GCC at -O2 does not keep an accumulator array in registers.
inline void kernel4x8(float *C, int64_t ldc, const float *A, int64_t lda,
                      const float *B, int64_t ldb, int K) {
  v4f l0 = loadV4(C), h0 = loadV4(C + 4);
  v4f l1 = loadV4(C + ldc), h1 = loadV4(C + ldc + 4);
  v4f l2 = loadV4(C + 2 * ldc), h2 = loadV4(C + 2 * ldc + 4);
  v4f l3 = loadV4(C + 3 * ldc), h3 = loadV4(C + 3 * ldc + 4);
  for (int k = 0; k < K; ++k) {
    const v4f b0 = loadV4(B + k * ldb), b1 = loadV4(B + k * ldb + 4);
    const float x0 = A[k], x1 = A[lda + k], x2 = A[2 * lda + k],
                x3 = A[3 * lda + k];
    l0 += x0 * b0;
    h0 += x0 * b1;
    l1 += x1 * b0;
    h1 += x1 * b1;
    l2 += x2 * b0;
    h2 += x2 * b1;
    l3 += x3 * b0;
    h3 += x3 * b1;
  }
  storeV4(C, l0);
  storeV4(C + 4, h0);
  storeV4(C + ldc, l1);
  storeV4(C + ldc + 4, h1);
  storeV4(C + 2 * ldc, l2);
  storeV4(C + 2 * ldc + 4, h2);
  storeV4(C + 3 * ldc, l3);
  storeV4(C + 3 * ldc + 4, h3);
}
#endif

/// C[i][j] += sum_k A[i][k] * B[k][j] on row-major float matrices.
///
/// Blocks of 4 rows x 8 columns go through kernel4x8 (register-blocked);
/// leftover columns and rows use the i-k-j loops above. In every path each
/// C element accumulates its products one at a time in ascending k, so the
/// result does not depend on the blocking or on the tile shape, and a matmul
/// split over K with TMATMUL_ACC equals the unsplit one bit for bit.
inline void gemmF32(float *C, int64_t ldc, const float *A, int64_t lda,
                    const float *B, int64_t ldb, int M, int N, int K) {
#ifdef PTO_GEMM_VECTOR_KERNEL
  const int nBlocked = N - N % 8;
#else
  const int nBlocked = 0;
#endif
  int i = 0;
  for (; i + 4 <= M; i += 4) {
    float *c = C + i * ldc;
    const float *a = A + i * lda;
#ifdef PTO_GEMM_VECTOR_KERNEL
    for (int j = 0; j < nBlocked; j += 8)
      kernel4x8(c + j, ldc, a, lda, B + j, ldb, K);
#endif
    if (nBlocked < N)
      for (int k = 0; k < K; ++k)
        axpy4(c + nBlocked, c + ldc + nBlocked, c + 2 * ldc + nBlocked,
              c + 3 * ldc + nBlocked, B + k * ldb + nBlocked, a[k], a[lda + k],
              a[2 * lda + k], a[3 * lda + k], N - nBlocked);
  }
  for (; i < M; ++i) {
    const float *a = A + i * lda;
    for (int k = 0; k < K; ++k)
      axpy1(C + i * ldc, B + k * ldb, a[k], N);
  }
}

/// Returns a float view of rows x cols of a matmul operand: the tile itself
/// for float, else a widened copy in scratch slot `slot` (same pitch).
template <typename TileT>
inline const float *matmulOperand(const TileT &t, int rows, int cols,
                                  int slot) {
  using T = typename TileT::Element;
  if constexpr (std::is_same<T, float>::value) {
    (void)rows;
    (void)cols;
    (void)slot;
    return t.data;
  } else {
    float *buf = scratchFloats(slot, TileT::kNumel);
    for (int r = 0; r < rows; ++r) {
      const T *x = t.row(r);
      float *y = buf + static_cast<int64_t>(r) * TileT::kCols;
      for (int c = 0; c < cols; ++c)
        y[c] = static_cast<float>(x[c]);
    }
    return buf;
  }
}

template <typename TD, typename TA, typename TB> inline void checkMatmul() {
  static_assert(is_tile<TD>::value && is_tile<TA>::value && is_tile<TB>::value,
                "TMATMUL: operands must be pto::Tile");
  using A = typename TA::Element;
  using B = typename TB::Element;
  static_assert(std::is_same<typename TD::Element, float>::value,
                "TMATMUL: dst must be a float tile (fp32 accumulation)");
  static_assert(
      std::is_same<A, B>::value &&
          (std::is_same<A, half>::value || std::is_same<A, bfloat16>::value ||
           std::is_same<A, float>::value),
      "TMATMUL: a and b must both be half, both bfloat16 or both float");
  static_assert(TA::kCols == TB::kRows, "TMATMUL: a is MxK and b must be KxN");
  static_assert(TD::kRows == TA::kRows && TD::kCols == TB::kCols,
                "TMATMUL: dst must be MxN for a MxK and b KxN");
}

/// dst (already initialised over M x N) += a @ b. The inner dimension is
/// the part valid in both operands: rows of b past its valid region may hold
/// stale data (a TMOV copies only the valid region).
template <typename TD, typename TA, typename TB>
inline void matmulAccumulate(TD &dst, const TA &a, const TB &b, int M, int N) {
  const int K = colsOf(a) < rowsOf(b) ? colsOf(a) : rowsOf(b);
  const float *A = matmulOperand(a, M, K, 0);
  const float *B = matmulOperand(b, K, N, 1);
  gemmF32(dst.data, TD::kCols, A, TA::kCols, B, TB::kCols, M, N, K);
  dst.validRows = M;
  dst.validCols = N;
}

//===----------------------------------------------------------------------===//
// Conversion
//===----------------------------------------------------------------------===//

/// Rounds to an integral value per mode, in double (exact for float input)
/// and without touching the floating-point environment.
inline double roundIntegral(double x, RoundMode mode) {
  switch (mode) {
  case RoundMode::RINT: {
    const double f = std::floor(x);
    const double diff = x - f;
    if (diff > 0.5 || (diff == 0.5 && std::fmod(f, 2.0) != 0.0))
      return f + 1.0;
    return f;
  }
  case RoundMode::ROUND:
    return std::round(x);
  case RoundMode::FLOOR:
    return std::floor(x);
  case RoundMode::CEIL:
    return std::ceil(x);
  case RoundMode::TRUNC:
    return std::trunc(x);
  }
  return std::trunc(x);
}

/// One element of TCVT. Float to integer rounds per mode and saturates (NaN
/// gives 0); integer to narrower integer saturates; anything to a floating
/// type rounds to nearest even (the mode applies to float->int only).
template <typename D, typename S> inline D convertValue(S x, RoundMode mode) {
  if constexpr (is_float_like<D>::value) {
    if constexpr (std::is_same<D, float>::value ||
                  std::is_same<D, double>::value)
      return static_cast<D>(x);
    else
      return D(static_cast<float>(x)); // half / bfloat16: via float, RNE once
  } else {
    static_assert(std::is_integral<D>::value,
                  "TCVT: unsupported destination type");
    constexpr double lo = static_cast<double>(std::numeric_limits<D>::lowest());
    constexpr double hi = static_cast<double>(std::numeric_limits<D>::max());
    if constexpr (is_float_like<S>::value) {
      const double v = static_cast<double>(static_cast<float>(x));
      if (v != v)
        return D(0);
      const double r = roundIntegral(v, mode);
      if (r <= lo)
        return std::numeric_limits<D>::lowest();
      if (r >= hi)
        return std::numeric_limits<D>::max();
      return static_cast<D>(r);
    } else {
      static_assert(std::is_integral<S>::value,
                    "TCVT: unsupported source type");
      (void)mode;
      const int64_t v = static_cast<int64_t>(x);
      if (static_cast<double>(v) <= lo)
        return std::numeric_limits<D>::lowest();
      if (static_cast<double>(v) >= hi)
        return std::numeric_limits<D>::max();
      return static_cast<D>(v);
    }
  }
}

//===----------------------------------------------------------------------===//
// Compare
//===----------------------------------------------------------------------===//

template <typename TM, typename TA, typename GetB, typename Cmp>
inline void compareLoop(TM &mask, const TA &a, GetB getB, int rows, int cols,
                        Cmp cmp) {
  for (int r = 0; r < rows; ++r) {
    uint8_t *m = mask.row(r);
    const auto *x = a.row(r);
    for (int c = 0; c < cols; ++c)
      m[c] = cmp(widen(x[c]), getB(r, c)) ? 1 : 0;
  }
}

template <typename TM, typename TA, typename GetB>
inline void compareDispatch(TM &mask, const TA &a, GetB getB, int rows,
                            int cols, CmpMode mode) {
  // Switch once per op, not per element.
  switch (mode) {
  case CmpMode::EQ:
    return compareLoop(mask, a, getB, rows, cols,
                       [](auto x, auto y) { return x == y; });
  case CmpMode::NE:
    return compareLoop(mask, a, getB, rows, cols,
                       [](auto x, auto y) { return x != y; });
  case CmpMode::LT:
    return compareLoop(mask, a, getB, rows, cols,
                       [](auto x, auto y) { return x < y; });
  case CmpMode::LE:
    return compareLoop(mask, a, getB, rows, cols,
                       [](auto x, auto y) { return x <= y; });
  case CmpMode::GT:
    return compareLoop(mask, a, getB, rows, cols,
                       [](auto x, auto y) { return x > y; });
  case CmpMode::GE:
    return compareLoop(mask, a, getB, rows, cols,
                       [](auto x, auto y) { return x >= y; });
  }
  fatal("TCMP: invalid pto::CmpMode value");
}

template <typename TM, typename TA> inline void checkMask() {
  static_assert(is_tile<TM>::value && is_tile<TA>::value,
                "TCMP: operands must be pto::Tile");
  static_assert(std::is_same<typename TM::Element, uint8_t>::value,
                "TCMP/TSEL: the mask must be a Tile<uint8_t, R, C>");
  static_assert(TM::kRows == TA::kRows && TM::kCols == TA::kCols,
                "TCMP/TSEL: the mask must have the shape of the data tiles");
}

} // namespace detail

} // namespace pto

#undef PTO_CHUNK_LOOP

#endif // PTOWSP_CPU_SIM_PTO_ISA_DETAIL_H
