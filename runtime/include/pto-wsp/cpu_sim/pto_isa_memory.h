//===- pto-wsp/cpu_sim/pto_isa_memory.h - PTO-ISA: memory -----------------===//
//
// Part of PTO-WSP. Header-only, C++17. TLOAD / TSTORE between global views
// and tiles, TMOV between tiles, and the valid extents. Include pto_isa.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_MEMORY_H
#define PTOWSP_CPU_SIM_PTO_ISA_MEMORY_H

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

} // namespace pto

#endif // PTOWSP_CPU_SIM_PTO_ISA_MEMORY_H
