//===- pto-wsp/cpu_sim/pto_isa.h - CPU implementation of PTO-ISA ---------===//
//
// Part of PTO-WSP. Header-only, C++17.
//
// A CPU implementation of the subset of the PTO-ISA tile instruction set
// (Huawei Ascend A2/A3) that PTO-WSP's code generators emit. Kernels lowered
// for the cpu_sim target, and kernels emitted for the Ascend target, are
// compiled against this header and run on the host, so this file is the
// numerical reference of the whole project. Hence:
//
//  * Results are deterministic: 16-bit floats are converted bit-exactly by
//    float16.h (not by compiler or CPU support), every reduction and every
//    matmul element accumulates in a fixed order whatever the blocking or
//    vector width, and float->int rounding does not read the floating-point
//    environment. The default environment is assumed (round to nearest even,
//    no flush-to-zero); with the default x86-64 flags (no FMA contraction)
//    GCC and Clang builds agree bit for bit.
//  * Every op is a template over pto::Tile, with static_asserts on element
//    types and shapes, so a code-generator bug is a compile error that names
//    the op rather than a wrong answer.
//  * Ops are tight loops over contiguous rows with no allocation (after a
//    thread's first matmul on 16-bit inputs) and no virtual dispatch; 16-bit
//    types are computed in float and rounded once. Loops are shaped so that
//    GCC and Clang vectorise them at -O2, the level generated code is built
//    with (see storeRow and kernel4x8).
//
// Valid regions. Each tile carries a dynamic valid region. Unless an op says
// otherwise it reads only inside its sources' valid regions, writes only
// inside the region it computes, sets dst's valid region to that region, and
// leaves dst elements outside it untouched. Exceptions: TLOAD zero-fills the
// rest of the tile (so that padded rows/columns are benign in later matmuls
// and reductions) and TEXPANDS / TCI fill the whole tile.
//
// Aliasing. dst may be the same tile as a source of an elementwise op (e.g.
// TADD(x, x, y)); TMATMUL_ACC's dst may be its acc. Otherwise tiles passed to
// one op must not overlap, as on hardware.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_H
#define PTOWSP_CPU_SIM_PTO_ISA_H

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

//===----------------------------------------------------------------------===//
// Memory: TLOAD / TSTORE / TMOV
//===----------------------------------------------------------------------===//

/// Loads a validRows x validCols region (clamped to the view's extents and
/// the tile shape) from `src` into `dst` and zero-fills the rest of the tile.
template <typename TileT, typename T>
inline void TLOAD(TileT &dst, const GlobalView<T> &src, int64_t validRows,
                  int64_t validCols) {
  static_assert(is_tile<TileT>::value, "TLOAD: dst must be a pto::Tile");
  using E = typename TileT::Element;
  static_assert(
      std::is_same<E, std::remove_const_t<T>>::value,
      "TLOAD: the tile and the global view must have the same element type");
  const int rows =
      detail::clampExtent(std::min(validRows, src.rows), TileT::kRows);
  const int cols =
      detail::clampExtent(std::min(validCols, src.cols), TileT::kCols);
  if (rows > 0 && cols > 0 && src.data == nullptr)
    detail::fatal("TLOAD: global view has a null data pointer");
  for (int r = 0; r < rows; ++r) {
    E *d = dst.row(r);
    if (cols > 0) // an empty view may have a null data pointer
      std::memcpy(d, src.data + r * src.rowStride,
                  sizeof(E) * static_cast<size_t>(cols));
    std::memset(static_cast<void *>(d + cols), 0,
                sizeof(E) * static_cast<size_t>(TileT::kCols - cols));
  }
  if (rows < TileT::kRows)
    std::memset(static_cast<void *>(dst.row(rows)), 0,
                sizeof(E) * static_cast<size_t>(TileT::kRows - rows) *
                    TileT::kCols);
  dst.validRows = rows;
  dst.validCols = cols;
}

/// Loads min(view extent, tile shape) in each dimension.
template <typename TileT, typename T>
inline void TLOAD(TileT &dst, const GlobalView<T> &src) {
  TLOAD(dst, src, src.rows, src.cols);
}

/// Stores src's valid region, further limited to validRows x validCols and
/// clipped to the view's extents. Nothing else in global memory is written.
template <typename T, typename TileT>
inline void TSTORE(const GlobalView<T> &dst, const TileT &src,
                   int64_t validRows, int64_t validCols) {
  static_assert(is_tile<TileT>::value, "TSTORE: src must be a pto::Tile");
  using E = typename TileT::Element;
  static_assert(
      std::is_same<E, T>::value,
      "TSTORE: the tile and the global view must have the same element type");
  const int rows =
      detail::clampExtent(std::min(validRows, dst.rows), detail::rowsOf(src));
  const int cols =
      detail::clampExtent(std::min(validCols, dst.cols), detail::colsOf(src));
  if (rows == 0 || cols == 0) // an empty view may have a null data pointer
    return;
  if (dst.data == nullptr)
    detail::fatal("TSTORE: global view has a null data pointer");
  for (int r = 0; r < rows; ++r)
    std::memcpy(dst.data + r * dst.rowStride, src.row(r),
                sizeof(E) * static_cast<size_t>(cols));
}

/// Stores src's valid region, clipped to the view's extents.
template <typename T, typename TileT>
inline void TSTORE(const GlobalView<T> &dst, const TileT &src) {
  TSTORE(dst, src, dst.rows, dst.cols);
}

/// Tile-to-tile copy of src's valid region (e.g. UB->UB, or L0C->UB after a
/// matmul). dst.valid = src.valid.
template <typename TD, typename TS> inline void TMOV(TD &dst, const TS &src) {
  static_assert(detail::same_tile<TD, TS>::value,
                "TMOV: dst and src must have the same element type and shape");
  using E = typename TD::Element;
  const int rows = detail::rowsOf(src), cols = detail::colsOf(src);
  if (dst.data != src.data)
    for (int r = 0; r < rows; ++r)
      std::memmove(dst.row(r), src.row(r),
                   sizeof(E) * static_cast<size_t>(cols));
  dst.validRows = rows;
  dst.validCols = cols;
}

/// The valid extents of a tile (clamped to its shape), for generated code
/// that needs them as values, e.g. the divisor of a row mean.
template <typename TileT> inline int valid_rows(const TileT &tile) {
  static_assert(is_tile<TileT>::value, "valid_rows: expects a pto::Tile");
  return detail::rowsOf(tile);
}
template <typename TileT> inline int valid_cols(const TileT &tile) {
  static_assert(is_tile<TileT>::value, "valid_cols: expects a pto::Tile");
  return detail::colsOf(tile);
}

//===----------------------------------------------------------------------===//
// Elementwise binary: dst = op(a, b) over a.valid ∩ b.valid
//===----------------------------------------------------------------------===//

template <typename TD, typename TA, typename TB>
inline void TADD(TD &dst, const TA &a, const TB &b) {
  detail::binaryOp(dst, a, b, [](auto x, auto y) { return x + y; });
}
template <typename TD, typename TA, typename TB>
inline void TSUB(TD &dst, const TA &a, const TB &b) {
  detail::binaryOp(dst, a, b, [](auto x, auto y) { return x - y; });
}
template <typename TD, typename TA, typename TB>
inline void TMUL(TD &dst, const TA &a, const TB &b) {
  detail::binaryOp(dst, a, b, [](auto x, auto y) { return x * y; });
}
/// Floating types only: the Ascend vector unit has no integer divide, and
/// integer division by zero would be undefined behaviour here.
template <typename TD, typename TA, typename TB>
inline void TDIV(TD &dst, const TA &a, const TB &b) {
  static_assert(detail::is_float_like<typename TD::Element>::value,
                "TDIV: only floating-point tiles are supported");
  detail::binaryOp(dst, a, b, [](auto x, auto y) { return x / y; });
}
template <typename TD, typename TA, typename TB>
inline void TMAX(TD &dst, const TA &a, const TB &b) {
  detail::binaryOp(dst, a, b,
                   [](auto x, auto y) { return detail::maxOf(x, y); });
}
template <typename TD, typename TA, typename TB>
inline void TMIN(TD &dst, const TA &a, const TB &b) {
  detail::binaryOp(dst, a, b,
                   [](auto x, auto y) { return detail::minOf(x, y); });
}

//===----------------------------------------------------------------------===//
// Tile-scalar: dst = op(a, s), s rounded to the element type first
//===----------------------------------------------------------------------===//

template <typename TD, typename TA, typename S>
inline void TADDS(TD &dst, const TA &a, S s) {
  detail::scalarOp(dst, a, s, [](auto x, auto y) { return x + y; });
}
template <typename TD, typename TA, typename S>
inline void TSUBS(TD &dst, const TA &a, S s) {
  detail::scalarOp(dst, a, s, [](auto x, auto y) { return x - y; });
}
template <typename TD, typename TA, typename S>
inline void TMULS(TD &dst, const TA &a, S s) {
  detail::scalarOp(dst, a, s, [](auto x, auto y) { return x * y; });
}
template <typename TD, typename TA, typename S>
inline void TDIVS(TD &dst, const TA &a, S s) {
  static_assert(detail::is_float_like<typename TD::Element>::value,
                "TDIVS: only floating-point tiles are supported");
  detail::scalarOp(dst, a, s, [](auto x, auto y) { return x / y; });
}
template <typename TD, typename TA, typename S>
inline void TMAXS(TD &dst, const TA &a, S s) {
  detail::scalarOp(dst, a, s,
                   [](auto x, auto y) { return detail::maxOf(x, y); });
}
template <typename TD, typename TA, typename S>
inline void TMINS(TD &dst, const TA &a, S s) {
  detail::scalarOp(dst, a, s,
                   [](auto x, auto y) { return detail::minOf(x, y); });
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

#define PTO_FLOAT_ONLY(OP)                                                     \
  static_assert(detail::is_float_like<typename TD::Element>::value,            \
                OP ": only floating-point tiles are supported")

template <typename TD, typename TS> inline void TEXP(TD &dst, const TS &src) {
  PTO_FLOAT_ONLY("TEXP");
  detail::unaryOp(dst, src, [](auto x) { return std::exp(x); });
}
template <typename TD, typename TS> inline void TLOG(TD &dst, const TS &src) {
  PTO_FLOAT_ONLY("TLOG");
  detail::unaryOp(dst, src, [](auto x) { return std::log(x); });
}
template <typename TD, typename TS> inline void TSQRT(TD &dst, const TS &src) {
  PTO_FLOAT_ONLY("TSQRT");
  detail::unaryOp(dst, src, [](auto x) { return std::sqrt(x); });
}
template <typename TD, typename TS> inline void TRSQRT(TD &dst, const TS &src) {
  PTO_FLOAT_ONLY("TRSQRT");
  detail::unaryOp(dst, src,
                  [](auto x) { return decltype(x)(1) / std::sqrt(x); });
}
template <typename TD, typename TS> inline void TRECIP(TD &dst, const TS &src) {
  PTO_FLOAT_ONLY("TRECIP");
  detail::unaryOp(dst, src, [](auto x) { return decltype(x)(1) / x; });
}
template <typename TD, typename TS> inline void TABS(TD &dst, const TS &src) {
  detail::unaryOp(dst, src, [](auto x) {
    if constexpr (std::is_floating_point<decltype(x)>::value)
      return std::fabs(x);
    else
      return x < 0 ? -x : x;
  });
}
template <typename TD, typename TS> inline void TNEG(TD &dst, const TS &src) {
  detail::unaryOp(dst, src, [](auto x) { return -x; });
}
/// max(x, 0); NaN gives 0.
template <typename TD, typename TS> inline void TRELU(TD &dst, const TS &src) {
  detail::unaryOp(
      dst, src, [](auto x) { return x > decltype(x)(0) ? x : decltype(x)(0); });
}

#undef PTO_FLOAT_ONLY

//===----------------------------------------------------------------------===//
// Row / column broadcast
//===----------------------------------------------------------------------===//

/// dst[r][c] = src[r][0] for r < src.validRows and c < dst.validCols (the
/// whole row of a freshly allocated dst). dst.validRows = src.validRows.
template <typename TD, typename TS>
inline void TROWEXPAND(TD &dst, const TS &src) {
  static_assert(std::is_same<typename TD::Element, typename TS::Element>::value,
                "TROWEXPAND: dst and src must have the same element type");
  static_assert(TS::kRows == TD::kRows && TS::kCols == 1,
                "TROWEXPAND: src must be an Rx1 tile with R = dst rows");
  using T = typename TD::Element;
  const int rows = detail::rowsOf(src), cols = detail::colsOf(dst);
  for (int r = 0; r < rows; ++r)
    std::fill_n(dst.row(r), cols, T(src.at(r, 0)));
  dst.validRows = rows;
  dst.validCols = cols;
}

/// dst[r][c] = src[0][c] for r < dst.validRows and c < src.validCols.
/// dst.validCols = src.validCols.
template <typename TD, typename TS>
inline void TCOLEXPAND(TD &dst, const TS &src) {
  static_assert(std::is_same<typename TD::Element, typename TS::Element>::value,
                "TCOLEXPAND: dst and src must have the same element type");
  static_assert(TS::kRows == 1 && TS::kCols == TD::kCols,
                "TCOLEXPAND: src must be a 1xC tile with C = dst cols");
  const int rows = detail::rowsOf(dst), cols = detail::colsOf(src);
  for (int r = 0; r < rows; ++r)
    std::copy_n(src.row(0), cols, dst.row(r));
  dst.validRows = rows;
  dst.validCols = cols;
}

// Broadcasting binary ops, <op> in ADD SUB MUL DIV MAX MIN:
//   TROWEXPAND<op>(dst, src0, src1 /*Rx1*/):
//     dst[r][c] = op(src0[r][c], src1[r][0])
//     over (min(src0.validRows, src1.validRows), src0.validCols)
//   TCOLEXPAND<op>(dst, src0, src1 /*1xC*/):
//     dst[r][c] = op(src0[r][c], src1[0][c])
//     over (src0.validRows, min(src0.validCols, src1.validCols))
// DIV is for floating-point tiles only, like TDIV.
// clang-format off
#define PTO_EXPAND_OPS(NAME, EXPR, FLOAT_ONLY)                                 \
  template <typename TD, typename T0, typename T1>                             \
  inline void TROWEXPAND##NAME(TD &dst, const T0 &src0, const T1 &src1) {      \
    static_assert(!(FLOAT_ONLY) ||                                             \
                      detail::is_float_like<typename TD::Element>::value,      \
                  "TROWEXPAND" #NAME ": only floating-point tiles are supported"); \
    detail::rowExpandOp(dst, src0, src1, [](auto x, auto y) { return EXPR; }); \
  }                                                                            \
  template <typename TD, typename T0, typename T1>                             \
  inline void TCOLEXPAND##NAME(TD &dst, const T0 &src0, const T1 &src1) {      \
    static_assert(!(FLOAT_ONLY) ||                                             \
                      detail::is_float_like<typename TD::Element>::value,      \
                  "TCOLEXPAND" #NAME ": only floating-point tiles are supported"); \
    detail::colExpandOp(dst, src0, src1, [](auto x, auto y) { return EXPR; }); \
  }

PTO_EXPAND_OPS(ADD, x + y, false)
PTO_EXPAND_OPS(SUB, x - y, false)
PTO_EXPAND_OPS(MUL, x * y, false)
PTO_EXPAND_OPS(DIV, x / y, true)
PTO_EXPAND_OPS(MAX, detail::maxOf(x, y), false)
PTO_EXPAND_OPS(MIN, detail::minOf(x, y), false)
// clang-format on

#undef PTO_EXPAND_OPS

//===----------------------------------------------------------------------===//
// Reductions (float accumulation for every floating type)
//===----------------------------------------------------------------------===//

template <typename TD, typename TS>
inline void TROWSUM(TD &dst, const TS &src) {
  using Acc = detail::sum_t<typename TS::Element>;
  detail::rowReduce(dst, src, Acc(0), [](Acc a, Acc x) { return a + x; });
}
template <typename TD, typename TS>
inline void TROWMAX(TD &dst, const TS &src) {
  using Acc = detail::minmax_t<typename TS::Element>;
  detail::rowReduce(dst, src, detail::lowestOf<Acc>(),
                    [](Acc a, Acc x) { return detail::maxOf(a, x); });
}
template <typename TD, typename TS>
inline void TROWMIN(TD &dst, const TS &src) {
  using Acc = detail::minmax_t<typename TS::Element>;
  detail::rowReduce(dst, src, detail::highestOf<Acc>(),
                    [](Acc a, Acc x) { return detail::minOf(a, x); });
}
template <typename TD, typename TS>
inline void TCOLSUM(TD &dst, const TS &src) {
  using Acc = detail::sum_t<typename TS::Element>;
  detail::colReduce(dst, src, Acc(0), [](Acc a, Acc x) { return a + x; });
}
template <typename TD, typename TS>
inline void TCOLMAX(TD &dst, const TS &src) {
  using Acc = detail::minmax_t<typename TS::Element>;
  detail::colReduce(dst, src, detail::lowestOf<Acc>(),
                    [](Acc a, Acc x) { return detail::maxOf(a, x); });
}
template <typename TD, typename TS>
inline void TCOLMIN(TD &dst, const TS &src) {
  using Acc = detail::minmax_t<typename TS::Element>;
  detail::colReduce(dst, src, detail::highestOf<Acc>(),
                    [](Acc a, Acc x) { return detail::minOf(a, x); });
}

//===----------------------------------------------------------------------===//
// Matmul (cube unit): float accumulation, K = a.validCols
//===----------------------------------------------------------------------===//

/// dst = a @ b over M = a.validRows, N = b.validCols, K = a.validCols.
template <typename TD, typename TA, typename TB>
inline void TMATMUL(TD &dst, const TA &a, const TB &b) {
  detail::checkMatmul<TD, TA, TB>();
  const int M = detail::rowsOf(a), N = detail::colsOf(b);
  for (int i = 0; i < M; ++i)
    std::fill_n(dst.row(i), N, 0.0f);
  detail::matmulAccumulate(dst, a, b, M, N);
}

/// dst = acc + a @ b; dst may be acc itself. Elements of the M x N result
/// outside acc's valid region start from 0.
template <typename TD, typename TC, typename TA, typename TB>
inline void TMATMUL_ACC(TD &dst, const TC &acc, const TA &a, const TB &b) {
  detail::checkMatmul<TD, TA, TB>();
  static_assert(detail::same_tile<TD, TC>::value,
                "TMATMUL_ACC: acc must have the tile type of dst");
  const int M = detail::rowsOf(a), N = detail::colsOf(b);
  const int accRows = detail::rowsOf(acc),
            accCols = std::min(detail::colsOf(acc), N);
  for (int i = 0; i < M; ++i) {
    float *d = dst.row(i);
    const int keep = i < accRows ? accCols : 0;
    if (keep > 0 && d != acc.row(i))
      std::memmove(d, acc.row(i), sizeof(float) * static_cast<size_t>(keep));
    std::fill(d + keep, d + N, 0.0f);
  }
  detail::matmulAccumulate(dst, a, b, M, N);
}

//===----------------------------------------------------------------------===//
// Conversion and fill
//===----------------------------------------------------------------------===//

/// Elementwise conversion between float, half, bfloat16, int32/16/8, uint8
/// (see detail::convertValue for rounding and saturation). dst.valid =
/// src.valid.
template <typename TD, typename TS>
inline void TCVT(TD &dst, const TS &src, RoundMode mode = RoundMode::RINT) {
  static_assert(is_tile<TD>::value && is_tile<TS>::value,
                "TCVT: operands must be pto::Tile");
  static_assert(TD::kRows == TS::kRows && TD::kCols == TS::kCols,
                "TCVT: dst and src must have the same shape");
  using D = typename TD::Element;
  const int rows = detail::rowsOf(src), cols = detail::colsOf(src);
  for (int r = 0; r < rows; ++r) {
    D *d = dst.row(r);
    const auto *x = src.row(r);
    for (int c = 0; c < cols; ++c)
      d[c] = detail::convertValue<D>(x[c], mode);
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

/// Fills the whole tile with `scalar` (converted to the element type) and
/// makes the whole tile valid.
template <typename TD, typename S> inline void TEXPANDS(TD &dst, S scalar) {
  static_assert(is_tile<TD>::value, "TEXPANDS: dst must be a pto::Tile");
  using T = typename TD::Element;
  std::fill_n(dst.data, TD::kNumel, static_cast<T>(scalar));
  dst.validRows = TD::kRows;
  dst.validCols = TD::kCols;
}

//===----------------------------------------------------------------------===//
// Compare / select
//===----------------------------------------------------------------------===//

/// mask = (a <mode> b) as 0/1 over a.valid ∩ b.valid.
template <typename TM, typename TA, typename TB>
inline void TCMP(TM &mask, const TA &a, const TB &b, CmpMode mode) {
  detail::checkMask<TM, TA>();
  static_assert(detail::same_tile<TA, TB>::value,
                "TCMP: a and b must have the same element type and shape");
  const int rows = std::min(detail::rowsOf(a), detail::rowsOf(b));
  const int cols = std::min(detail::colsOf(a), detail::colsOf(b));
  detail::compareDispatch(
      mask, a, [&b](int r, int c) { return detail::widen(b.at(r, c)); }, rows,
      cols, mode);
  mask.validRows = rows;
  mask.validCols = cols;
}

/// mask = (a <mode> s) as 0/1 over a.valid; s is rounded to the element type.
template <typename TM, typename TA, typename S>
inline void TCMPS(TM &mask, const TA &a, S scalar, CmpMode mode) {
  detail::checkMask<TM, TA>();
  using T = typename TA::Element;
  const auto s = detail::widen(static_cast<T>(scalar));
  const int rows = detail::rowsOf(a), cols = detail::colsOf(a);
  detail::compareDispatch(
      mask, a, [s](int, int) { return s; }, rows, cols, mode);
  mask.validRows = rows;
  mask.validCols = cols;
}

/// dst = mask ? a : b over mask.valid ∩ a.valid ∩ b.valid.
template <typename TD, typename TM, typename TA, typename TB>
inline void TSEL(TD &dst, const TM &mask, const TA &a, const TB &b) {
  detail::checkMask<TM, TD>();
  static_assert(detail::same_tile<TD, TA>::value &&
                    detail::same_tile<TD, TB>::value,
                "TSEL: dst, a and b must have the same element type and shape");
  using T = typename TD::Element;
  const int rows =
      std::min({detail::rowsOf(mask), detail::rowsOf(a), detail::rowsOf(b)});
  const int cols =
      std::min({detail::colsOf(mask), detail::colsOf(a), detail::colsOf(b)});
  for (int r = 0; r < rows; ++r) {
    const uint8_t *m = mask.row(r);
    const T *x = a.row(r);
    const T *y = b.row(r);
    detail::storeRow(dst.row(r), cols, [&](int c) {
      const T xv = x[c], yv = y[c]; // both loads unconditional: a blend
      return m[c] ? xv : yv;
    });
  }
  dst.validRows = rows;
  dst.validCols = cols;
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

/// dst (CxR) = transpose(src (RxC)); dst.valid = (src.validCols,
/// src.validRows).
template <typename TD, typename TS> inline void TTRANS(TD &dst, const TS &src) {
  static_assert(std::is_same<typename TD::Element, typename TS::Element>::value,
                "TTRANS: dst and src must have the same element type");
  static_assert(TD::kRows == TS::kCols && TD::kCols == TS::kRows,
                "TTRANS: dst must be CxR for an RxC src");
  using T = typename TD::Element;
  const int rows = detail::rowsOf(src), cols = detail::colsOf(src);
  // 16x16 blocks keep both the reads and the strided writes in L1.
  constexpr int kB = 16;
  for (int r0 = 0; r0 < rows; r0 += kB)
    for (int c0 = 0; c0 < cols; c0 += kB) {
      const int r1 = std::min(rows, r0 + kB), c1 = std::min(cols, c0 + kB);
      for (int r = r0; r < r1; ++r) {
        const T *x = src.row(r);
        for (int c = c0; c < c1; ++c)
          dst.at(c, r) = x[c];
      }
    }
  dst.validRows = cols;
  dst.validCols = rows;
}

//===----------------------------------------------------------------------===//
// Routing helpers: index generation, sort, top-k
//===----------------------------------------------------------------------===//

/// dst[r][c] = start + c for the whole tile (an integer tile); valid = full.
template <typename TD> inline void TCI(TD &dst, int32_t start) {
  static_assert(is_tile<TD>::value &&
                    std::is_integral<typename TD::Element>::value,
                "TCI: dst must be an integer tile");
  using T = typename TD::Element;
  for (int r = 0; r < TD::kRows; ++r) {
    T *d = dst.row(r);
    for (int c = 0; c < TD::kCols; ++c)
      d[c] = static_cast<T>(start + c);
  }
  dst.validRows = TD::kRows;
  dst.validCols = TD::kCols;
}

/// For every row and every aligned block of 32 columns, sorts the block's
/// valid elements in descending order (NaN first, equal values in column
/// order) into dstValues and their original column indices into dstIndices.
/// Both outputs get src's valid region. dstValues may be src itself.
template <typename TV, typename TI, typename TS>
inline void TSORT32(TV &dstValues, TI &dstIndices, const TS &src) {
  static_assert(
      detail::same_tile<TV, TS>::value,
      "TSORT32: dstValues and src must have the same element type and shape");
  static_assert(
      std::is_same<typename TI::Element, int32_t>::value &&
          TI::kRows == TS::kRows && TI::kCols == TS::kCols,
      "TSORT32: dstIndices must be a Tile<int32_t, R, C> of src's shape");
  static_assert(TS::kCols % 32 == 0,
                "TSORT32: the number of columns must be a multiple of 32");
  using T = typename TS::Element;
  using Key = detail::compute_t<T>;
  const int rows = detail::rowsOf(src), cols = detail::colsOf(src);
  for (int r = 0; r < rows; ++r) {
    const T *x = src.row(r);
    for (int base = 0; base < cols; base += 32) {
      const int n = std::min(32, cols - base);
      T val[32];
      Key key[32];
      int32_t idx[32];
      // Stable insertion sort: an element moves left only past strictly
      // lower-ranked ones, so ties keep ascending column order.
      for (int i = 0; i < n; ++i) {
        const T v = x[base + i];
        const Key k = detail::widen(v);
        int j = i;
        for (; j > 0 && detail::ranksBefore(k, key[j - 1]); --j) {
          val[j] = val[j - 1];
          key[j] = key[j - 1];
          idx[j] = idx[j - 1];
        }
        val[j] = v;
        key[j] = k;
        idx[j] = base + i;
      }
      std::copy_n(val, n, dstValues.row(r) + base);
      std::copy_n(idx, n, dstIndices.row(r) + base);
    }
  }
  dstValues.validRows = dstIndices.validRows = rows;
  dstValues.validCols = dstIndices.validCols = cols;
}

/// Per row, the K = dst cols largest valid elements of src in descending
/// order (NaN first, ties by lower column index) and their column indices.
/// Both outputs get valid region (src.validRows, min(K, src.validCols)).
/// On hardware this is composed of TSORT32 and merges; here it is a bounded
/// insertion into the output row, O(C*K) per row, fine for routing sizes.
template <typename TV, typename TI, typename TS>
inline void TTOPK(TV &dstValues, TI &dstIndices, const TS &src) {
  static_assert(std::is_same<typename TV::Element, typename TS::Element>::value,
                "TTOPK: dstValues and src must have the same element type");
  static_assert(TV::kRows == TS::kRows && TV::kCols <= TS::kCols,
                "TTOPK: dstValues must be RxK with K <= src cols");
  static_assert(
      std::is_same<typename TI::Element, int32_t>::value &&
          TI::kRows == TV::kRows && TI::kCols == TV::kCols,
      "TTOPK: dstIndices must be a Tile<int32_t, R, K> like dstValues");
  using T = typename TS::Element;
  const int rows = detail::rowsOf(src), cols = detail::colsOf(src);
  const int k = std::min(TV::kCols, cols);
  for (int r = 0; r < rows; ++r) {
    const T *x = src.row(r);
    T *outV = dstValues.row(r);
    int32_t *outI = dstIndices.row(r);
    int count = 0;
    for (int c = 0; c < cols; ++c) {
      const auto key = detail::widen(x[c]);
      // Skip unless it beats the current k-th (strictly: ties keep the
      // earlier column).
      if (count == k && !detail::ranksBefore(key, detail::widen(outV[k - 1])))
        continue;
      int j = count < k ? count++ : k - 1;
      for (; j > 0 && detail::ranksBefore(key, detail::widen(outV[j - 1]));
           --j) {
        outV[j] = outV[j - 1];
        outI[j] = outI[j - 1];
      }
      outV[j] = x[c];
      outI[j] = c;
    }
  }
  dstValues.validRows = dstIndices.validRows = rows;
  dstValues.validCols = dstIndices.validCols = k;
}

} // namespace pto

#undef PTO_CHUNK_LOOP

#endif // PTOWSP_CPU_SIM_PTO_ISA_H
