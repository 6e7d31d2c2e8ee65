// pto/pto-inst.hpp (hostsim) - the PTO-ISA API subset PTO-WSP's Ascend
// kernels use, on the project's own CPU implementation of the instructions
// (pto-wsp/cpu_sim/pto_isa.h), so that emitted kernels compile and run on the
// host unchanged. Tile kinds map to the simulated on-chip buffers (Vec -> UB,
// Mat -> L1, Left/Right -> L0A/L0B, Acc -> L0C) and TASSIGN binds a tile to
// its address there; pipe flags order nothing on a CPU that runs one
// instruction at a time, so they are no-ops.
#pragma once

#include <cstdint>

#include "pto-wsp/cpu_sim/pto_isa.h"

#define PTOWSP_PTO_NAMESPACE pto_host

namespace pto_host {

using half = pto::half;
using bfloat16_t = pto::bfloat16;

enum class TileType { Vec, Mat, Left, Right, Acc };
enum class BLayout { RowMajor, ColMajor };
enum class SLayout { NoneBox, RowMajor, ColMajor };
enum class RoundMode { CAST_NONE, CAST_RINT, CAST_ROUND, CAST_FLOOR, CAST_CEIL, CAST_TRUNC };
enum Pipe { PIPE_S, PIPE_V, PIPE_M, PIPE_MTE1, PIPE_MTE2, PIPE_MTE3, PIPE_FIX, PIPE_ALL };
enum Event { EVENT_ID0, EVENT_ID1, EVENT_ID2, EVENT_ID3, EVENT_ID4, EVENT_ID5, EVENT_ID6, EVENT_ID7 };
constexpr int DYNAMIC = -1;

inline void set_flag(Pipe, Pipe, Event) {}
inline void wait_flag(Pipe, Pipe, Event) {}
inline void pipe_barrier(Pipe) {}

constexpr pto::Space getSpace(TileType kind) {
  return kind == TileType::Vec    ? pto::Space::UB
         : kind == TileType::Mat  ? pto::Space::L1
         : kind == TileType::Left ? pto::Space::L0A
         : kind == TileType::Right ? pto::Space::L0B
                                   : pto::Space::L0C;
}

/// A tile of the valid shape; the padded shape only matters on chip.
template <TileType Kind, typename T, int Rows, int Cols, BLayout Layout = BLayout::RowMajor,
          int ValidRows = Rows, int ValidCols = Cols, SLayout Fractal = SLayout::NoneBox,
          int FractalBytes = 512>
struct Tile {
  using Impl = pto::Tile<T, ValidRows, ValidCols>;
  static constexpr pto::Space space = getSpace(Kind);
  Impl impl;
};

template <typename T, int M, int K, int VM = M, int VK = K>
using TileLeft = Tile<TileType::Left, T, M, K, BLayout::RowMajor, VM, VK>;
template <typename T, int K, int N, int VK = K, int VN = N>
using TileRight = Tile<TileType::Right, T, K, N, BLayout::RowMajor, VK, VN>;
template <typename T, int M, int N, int VM = M, int VN = N>
using TileAcc = Tile<TileType::Acc, T, M, N, BLayout::RowMajor, VM, VN>;

template <typename TileT>
inline void TASSIGN(TileT &tile, uint64_t address) {
  tile.impl = pto::alloc_tile<typename TileT::Impl>(TileT::space, static_cast<int64_t>(address));
}

template <int64_t N1 = DYNAMIC, int64_t N2 = DYNAMIC, int64_t N3 = DYNAMIC, int64_t N4 = DYNAMIC,
          int64_t N5 = DYNAMIC>
struct Shape {
  static constexpr int64_t rows = N4, cols = N5;
};

template <int64_t S1 = DYNAMIC, int64_t S2 = DYNAMIC, int64_t S3 = DYNAMIC, int64_t S4 = DYNAMIC,
          int64_t S5 = DYNAMIC>
struct Stride {
  Stride() = default;
  explicit Stride(int64_t dynamic) : row(dynamic) {}
  int64_t row = S4;
};

/// A 2-D window of global memory (the two innermost dimensions).
template <typename T, typename ShapeT, typename StrideT>
struct GlobalTensor {
  using Shape = ShapeT;
  using Stride = StrideT;
  GlobalTensor(T *data, const ShapeT & = ShapeT(), const StrideT &stride = StrideT())
      : data(data), rowStride(stride.row) {}
  pto::GlobalView<T> view() const { return {data, ShapeT::rows, ShapeT::cols, rowStride}; }
  T *data;
  int64_t rowStride;
};

template <typename TileT, typename T, typename S, typename R>
inline void TLOAD(TileT &dst, const GlobalTensor<T, S, R> &src) {
  pto::TLOAD(dst.impl, src.view());
}
template <typename T, typename S, typename R, typename TileT>
inline void TSTORE(const GlobalTensor<T, S, R> &dst, const TileT &src) {
  pto::TSTORE(dst.view(), src.impl);
}

inline pto::RoundMode toCpu(RoundMode mode) {
  switch (mode) {
  case RoundMode::CAST_ROUND: return pto::RoundMode::ROUND;
  case RoundMode::CAST_FLOOR: return pto::RoundMode::FLOOR;
  case RoundMode::CAST_CEIL: return pto::RoundMode::CEIL;
  case RoundMode::CAST_TRUNC: return pto::RoundMode::TRUNC;
  default: return pto::RoundMode::RINT;
  }
}

// Instructions: the same operands, on the tiles' CPU descriptors.
#define PTOWSP_HOST_UNARY(NAME)                                                \
  template <typename D, typename S> inline void NAME(D &dst, S &src) {         \
    pto::NAME(dst.impl, src.impl);                                             \
  }
#define PTOWSP_HOST_BINARY(NAME)                                               \
  template <typename D, typename A, typename B>                                \
  inline void NAME(D &dst, A &a, B &b) {                                       \
    pto::NAME(dst.impl, a.impl, b.impl);                                       \
  }
#define PTOWSP_HOST_SCALAR(NAME)                                               \
  template <typename D, typename A, typename S>                                \
  inline void NAME(D &dst, A &a, S scalar) {                                   \
    pto::NAME(dst.impl, a.impl, scalar);                                       \
  }
/// Reductions and transposes take a scratch tile on chip; not needed here.
#define PTOWSP_HOST_WITH_SCRATCH(NAME)                                         \
  template <typename D, typename S, typename Scratch>                          \
  inline void NAME(D &dst, S &src, Scratch &) {                                \
    pto::NAME(dst.impl, src.impl);                                             \
  }

PTOWSP_HOST_UNARY(TMOV)
PTOWSP_HOST_UNARY(TEXP)
PTOWSP_HOST_UNARY(TLOG)
PTOWSP_HOST_UNARY(TSQRT)
PTOWSP_HOST_UNARY(TRSQRT)
PTOWSP_HOST_UNARY(TRECIP)
PTOWSP_HOST_UNARY(TABS)
PTOWSP_HOST_UNARY(TNEG)
PTOWSP_HOST_UNARY(TRELU)
PTOWSP_HOST_UNARY(TROWEXPAND)
PTOWSP_HOST_UNARY(TCOLEXPAND)
PTOWSP_HOST_UNARY(TCOLSUM)
PTOWSP_HOST_UNARY(TCOLMAX)
PTOWSP_HOST_UNARY(TCOLMIN)
PTOWSP_HOST_BINARY(TADD)
PTOWSP_HOST_BINARY(TSUB)
PTOWSP_HOST_BINARY(TMUL)
PTOWSP_HOST_BINARY(TDIV)
PTOWSP_HOST_BINARY(TMAX)
PTOWSP_HOST_BINARY(TMIN)
PTOWSP_HOST_BINARY(TROWEXPANDADD)
PTOWSP_HOST_BINARY(TROWEXPANDSUB)
PTOWSP_HOST_BINARY(TROWEXPANDMUL)
PTOWSP_HOST_BINARY(TROWEXPANDDIV)
PTOWSP_HOST_BINARY(TROWEXPANDMAX)
PTOWSP_HOST_BINARY(TROWEXPANDMIN)
PTOWSP_HOST_BINARY(TCOLEXPANDADD)
PTOWSP_HOST_BINARY(TCOLEXPANDSUB)
PTOWSP_HOST_BINARY(TCOLEXPANDMUL)
PTOWSP_HOST_BINARY(TCOLEXPANDDIV)
PTOWSP_HOST_BINARY(TCOLEXPANDMAX)
PTOWSP_HOST_BINARY(TCOLEXPANDMIN)
PTOWSP_HOST_BINARY(TMATMUL)
PTOWSP_HOST_SCALAR(TADDS)
PTOWSP_HOST_SCALAR(TSUBS)
PTOWSP_HOST_SCALAR(TMULS)
PTOWSP_HOST_SCALAR(TDIVS)
PTOWSP_HOST_SCALAR(TMAXS)
PTOWSP_HOST_SCALAR(TMINS)
PTOWSP_HOST_WITH_SCRATCH(TROWSUM)
PTOWSP_HOST_WITH_SCRATCH(TROWMAX)
PTOWSP_HOST_WITH_SCRATCH(TROWMIN)
PTOWSP_HOST_WITH_SCRATCH(TTRANS)

template <typename D, typename C, typename A, typename B>
inline void TMATMUL_ACC(D &dst, C &acc, A &a, B &b) {
  pto::TMATMUL_ACC(dst.impl, acc.impl, a.impl, b.impl);
}
template <typename D, typename S>
inline void TCVT(D &dst, S &src, RoundMode mode) {
  pto::TCVT(dst.impl, src.impl, toCpu(mode));
}
template <typename D, typename V>
inline void TEXPANDS(D &dst, V value) {
  pto::TEXPANDS(dst.impl, value);
}

#undef PTOWSP_HOST_UNARY
#undef PTOWSP_HOST_BINARY
#undef PTOWSP_HOST_SCALAR
#undef PTOWSP_HOST_WITH_SCRATCH

}  // namespace pto_host
