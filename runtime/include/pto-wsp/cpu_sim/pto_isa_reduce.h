//===- pto-wsp/cpu_sim/pto_isa_reduce.h - PTO-ISA: reductions -------------===//
//
// Part of PTO-WSP. Header-only, C++17. Row and column reductions (sum, max,
// min) and their fixed-order loops. Include pto_isa.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_REDUCE_H
#define PTOWSP_CPU_SIM_PTO_ISA_REDUCE_H

#include "pto-wsp/cpu_sim/pto_isa_detail.h"

namespace pto {

namespace detail {

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

} // namespace detail

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

} // namespace pto

#endif // PTOWSP_CPU_SIM_PTO_ISA_REDUCE_H
