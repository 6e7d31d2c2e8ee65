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

#include "pto-wsp/cpu_sim/pto_isa_detail.h"

namespace pto {

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

#endif // PTOWSP_CPU_SIM_PTO_ISA_H
