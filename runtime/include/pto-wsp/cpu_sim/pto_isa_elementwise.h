//===- pto-wsp/cpu_sim/pto_isa_elementwise.h - PTO-ISA: elementwise ops ---===//
//
// Part of PTO-WSP. Header-only, C++17. Elementwise binary, tile-scalar and
// unary ops and the row/column broadcasts. Include pto_isa.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_ELEMENTWISE_H
#define PTOWSP_CPU_SIM_PTO_ISA_ELEMENTWISE_H

#include "pto-wsp/cpu_sim/pto_isa_detail.h"

namespace pto {

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

} // namespace pto

#endif // PTOWSP_CPU_SIM_PTO_ISA_ELEMENTWISE_H
