//===- pto-wsp/cpu_sim/pto_isa_convert.h - PTO-ISA: convert and compare ---===//
//
// Part of PTO-WSP. Header-only, C++17. TCVT (rounding and saturation),
// TEXPANDS, TCMP / TCMPS masks and TSEL. Include pto_isa.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_CONVERT_H
#define PTOWSP_CPU_SIM_PTO_ISA_CONVERT_H

#include "pto-wsp/cpu_sim/pto_isa_detail.h"

namespace pto {

namespace detail {

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

} // namespace pto

#endif // PTOWSP_CPU_SIM_PTO_ISA_CONVERT_H
