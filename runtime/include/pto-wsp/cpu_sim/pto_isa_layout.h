//===- pto-wsp/cpu_sim/pto_isa_layout.h - PTO-ISA: layout and routing -----===//
//
// Part of PTO-WSP. Header-only, C++17. TTRANS, and the routing helpers: TCI
// index generation, TSORT32 and TTOPK. Include pto_isa.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_LAYOUT_H
#define PTOWSP_CPU_SIM_PTO_ISA_LAYOUT_H

#include "pto-wsp/cpu_sim/pto_isa_detail.h"

namespace pto {

namespace detail {

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

} // namespace detail

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

#endif // PTOWSP_CPU_SIM_PTO_ISA_LAYOUT_H
