//===- pto-wsp/cpu_sim/tile.h - Tiles, global views and on-chip buffers --===//
//
// Part of PTO-WSP. Header-only, C++17.
//
// The data model of the CPU implementation of PTO-ISA:
//
//  * `Space` and a per-thread arena for each simulated on-chip buffer (UB, L1,
//    L0A, L0B, L0C) with the Ascend A2/A3 capacities. Generated kernels place
//    tiles at byte offsets chosen by the compiler, as real PTO code does with
//    TASSIGN; `alloc_tile` checks those offsets so that a placement bug is a
//    clear error (a `SimulatorFault`), not silent memory corruption. The arenas are thread_local
//    because a kernel invocation runs on one host thread and owns the buffers
//    of the core it models for its whole duration.
//  * `Tile<T, Rows, Cols>`: a non-owning descriptor (pointer + valid region).
//    Copying a Tile aliases its storage, exactly like two PTO tiles assigned
//    to the same address.
//  * `GlobalView<T>`: a strided 2-D window of global memory (GM).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_TILE_H
#define PTOWSP_CPU_SIM_TILE_H

#include "pto-wsp/cpu_sim/float16.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace pto {

//===----------------------------------------------------------------------===//
// Simulated on-chip memory
//===----------------------------------------------------------------------===//

enum class Space : int { UB = 0, L1 = 1, L0A = 2, L0B = 3, L0C = 4 };

constexpr int kNumSpaces = 5;

/// Byte capacity of each buffer on Ascend A2/A3 (one AIV's UB, one AIC's
/// L1/L0A/L0B/L0C). Returns 0 for an invalid Space value.
constexpr int64_t space_capacity(Space space) {
  switch (space) {
  case Space::UB:
    return 192 * 1024;
  case Space::L1:
    return 512 * 1024;
  case Space::L0A:
    return 64 * 1024;
  case Space::L0B:
    return 64 * 1024;
  case Space::L0C:
    return 128 * 1024;
  }
  return 0;
}

inline const char *space_name(Space space) {
  switch (space) {
  case Space::UB:
    return "UB";
  case Space::L1:
    return "L1";
  case Space::L0A:
    return "L0A";
  case Space::L0B:
    return "L0B";
  case Space::L0C:
    return "L0C";
  }
  return "<invalid space>";
}

/// A check of the simulator failed (a mis-placed tile, a null view...).
/// Inside a cpu_sim task the runtime catches it and fails the task
/// (PTOWSP_ERR_KERNEL naming the kernel, task and coords, with this message),
/// so a kernel that traps ends the run with an error instead of killing the
/// process; elsewhere it is an ordinary uncaught exception.
struct SimulatorFault : std::runtime_error {
  explicit SimulatorFault(const std::string &what)
      : std::runtime_error("pto cpu_sim: " + what) {}
};

namespace detail {

/// [[noreturn]] error path shared by every runtime check in the simulator:
/// generated code has no way to recover from a mis-placed tile.
[[noreturn]] inline void fatal(const std::string &what) {
  throw SimulatorFault(what);
}

/// One contiguous, 64-byte aligned, zero-initialised block per host thread,
/// carved into the five spaces. Allocated on first use (not as a static TLS
/// array) so that a dlopen'ed kernel library does not need ~1 MiB of static
/// TLS, and zeroed so that reading a never-written tile is deterministic.
struct SimArena {
  static constexpr int64_t kAlign = 64;
  unsigned char *block = nullptr;
  unsigned char *base[kNumSpaces] = {};

  SimArena() {
    int64_t total = 0;
    for (int s = 0; s < kNumSpaces; ++s)
      total += space_capacity(static_cast<Space>(s)); // all multiples of 64
    block = static_cast<unsigned char *>(
        std::aligned_alloc(kAlign, static_cast<size_t>(total)));
    if (!block)
      fatal("cannot allocate the simulated on-chip buffers");
    std::memset(block, 0, static_cast<size_t>(total));
    int64_t offset = 0;
    for (int s = 0; s < kNumSpaces; ++s) {
      base[s] = block + offset;
      offset += space_capacity(static_cast<Space>(s));
    }
  }
  ~SimArena() { std::free(block); }
  SimArena(const SimArena &) = delete;
  SimArena &operator=(const SimArena &) = delete;
};

inline SimArena &thread_arena() {
  thread_local SimArena arena;
  return arena;
}

} // namespace detail

/// Base address of `space` for the calling thread (64-byte aligned).
inline unsigned char *space_base(Space space) {
  const int s = static_cast<int>(space);
  if (s < 0 || s >= kNumSpaces)
    detail::fatal("invalid pto::Space value");
  return detail::thread_arena().base[s];
}

//===----------------------------------------------------------------------===//
// Tile
//===----------------------------------------------------------------------===//

/// A Rows x Cols tile of T, row-major with row pitch Cols, plus a dynamic
/// valid region [0, validRows) x [0, validCols). Operations read and write
/// only inside valid regions; see pto_isa.h for each op's rule.
template <typename T, int Rows, int Cols> struct Tile {
  static_assert(Rows > 0 && Cols > 0, "tile dimensions must be positive");

  using Element = T;
  static constexpr int kRows = Rows;
  static constexpr int kCols = Cols;
  static constexpr int64_t kNumel = static_cast<int64_t>(Rows) * Cols;
  static constexpr int64_t kBytes = kNumel * static_cast<int64_t>(sizeof(T));

  T *data = nullptr;
  int validRows = Rows;
  int validCols = Cols;

  T &at(int r, int c) { return data[static_cast<int64_t>(r) * Cols + c]; }
  const T &at(int r, int c) const {
    return data[static_cast<int64_t>(r) * Cols + c];
  }
  T *row(int r) { return data + static_cast<int64_t>(r) * Cols; }
  const T *row(int r) const { return data + static_cast<int64_t>(r) * Cols; }
};

template <typename X> struct is_tile : std::false_type {};
template <typename T, int R, int C>
struct is_tile<Tile<T, R, C>> : std::true_type {};

/// Binds a tile descriptor to `byteOffset` in `space` (the CPU analogue of
/// PTO's TASSIGN). The valid region is the full tile. Throws SimulatorFault if
/// the tile does not fit in the space or the offset is misaligned for T.
template <typename TileT> TileT alloc_tile(Space space, int64_t byteOffset) {
  static_assert(is_tile<TileT>::value,
                "alloc_tile<TileT>: TileT must be a pto::Tile");
  using T = typename TileT::Element;
  const int64_t capacity = space_capacity(space);
  if (capacity == 0)
    detail::fatal("alloc_tile: invalid pto::Space value");
  if (byteOffset < 0 || byteOffset > capacity - TileT::kBytes)
    detail::fatal("alloc_tile: tile of " + std::to_string(TileT::kRows) + "x" +
                  std::to_string(TileT::kCols) + " elements (" +
                  std::to_string(TileT::kBytes) + " bytes) at byte offset " +
                  std::to_string(byteOffset) + " does not fit in " +
                  space_name(space) + " (" + std::to_string(capacity) +
                  " bytes)");
  if (byteOffset % static_cast<int64_t>(alignof(T)) != 0)
    detail::fatal("alloc_tile: byte offset " + std::to_string(byteOffset) +
                  " in " + space_name(space) +
                  " is not a multiple of the element alignment " +
                  std::to_string(alignof(T)));
  TileT tile;
  tile.data = reinterpret_cast<T *>(space_base(space) + byteOffset);
  return tile;
}

//===----------------------------------------------------------------------===//
// Global memory view
//===----------------------------------------------------------------------===//

/// A rows x cols window of global memory, row-major with a row stride in
/// elements. rows/cols are the real extents: loads and stores clip to them.
template <typename T> struct GlobalView {
  T *data;
  int64_t rows;
  int64_t cols;
  int64_t rowStride;

  T &at(int64_t r, int64_t c) const { return data[r * rowStride + c]; }
};

} // namespace pto

#endif // PTOWSP_CPU_SIM_TILE_H
