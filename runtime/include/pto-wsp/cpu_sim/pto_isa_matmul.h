//===- pto-wsp/cpu_sim/pto_isa_matmul.h - PTO-ISA: matmul -----------------===//
//
// Part of PTO-WSP. Header-only, C++17. TMATMUL / TMATMUL_ACC (the cube unit)
// and the register-blocked float kernel behind them. Include pto_isa.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_MATMUL_H
#define PTOWSP_CPU_SIM_PTO_ISA_MATMUL_H

#include "pto-wsp/cpu_sim/pto_isa_detail.h"

namespace pto {

namespace detail {

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

} // namespace detail

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

} // namespace pto

#endif // PTOWSP_CPU_SIM_PTO_ISA_MATMUL_H
