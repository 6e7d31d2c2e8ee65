//===- ArchModel.h - architecture data and the tile cost model ----*- C++ -*-===//
//
// An architecture file (arch/<name>.json) describes one target: its cores,
// on-chip buffers, data paths and per-instruction cost formulas. ArchModel
// loads it and turns instruction shapes into simulated cycles.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_ARCH_ARCHMODEL_H
#define PTOWSP_ARCH_ARCHMODEL_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <string>

namespace ptowsp::arch {

/// On-chip buffers of an AI core (same order as tile::MemorySpace).
enum class Buffer : int { UB = 0, L1, L0A, L0B, L0C };
inline constexpr int kNumBuffers = 5;

/// Data paths whose bandwidth the model knows.
enum class Path : int {
  GmToUb = 0, UbToGm, GmToL1, L1ToL0, L0cToGm, L0cToUb, UbToL1, UbToUb
};
inline constexpr int kNumPaths = 8;

/// `head + slope * repeats` cycles, one repeat per `repeat_bytes` processed.
struct VectorCost {
  int64_t head = 0;
  int64_t slope = 0;
};

struct TransferCost {
  double bytesPerCycle = 1.0;
  int64_t headCycles = 0;
};

/// Element precision classes of the cube unit.
enum class CubePrecision { F16, BF16, F32 };

class ArchModel {
public:
  /// Loads an architecture file; errors name the file and the missing or
  /// malformed field.
  static llvm::Expected<ArchModel> loadFile(llvm::StringRef path);
  /// Parses architecture JSON text (`sourceName` is used in errors).
  static llvm::Expected<ArchModel> parse(llvm::StringRef json,
                                         llvm::StringRef sourceName);
  /// Resolves `nameOrPath`: an existing file, or a name looked up as
  /// `<archDir>/<name>.json`.
  static llvm::Expected<ArchModel> load(llvm::StringRef nameOrPath,
                                        llvm::StringRef archDir);

  const std::string &getName() const { return name; }
  double getClockGHz() const { return clockGHz; }
  int64_t getNumSchedulers() const { return numSchedulers; }
  int64_t getNumCubeCores() const { return numCubeCores; }
  int64_t getNumVectorCores() const { return numVectorCores; }
  int64_t getBufferCapacity(Buffer buffer) const {
    return bufferBytes[static_cast<int>(buffer)];
  }
  int64_t getBufferAlignment() const { return bufferAlignment; }
  int64_t getDispatchOverheadCycles() const { return dispatchOverhead; }
  int64_t getVectorRepeatBytes() const { return repeatBytes; }

  //===--------------------------------------------------------------------===//
  // Cost formulas
  //===--------------------------------------------------------------------===//
  // Every formula saturates at INT64_MAX rather than overflowing.

  /// Cost coefficients of a vector instruction (PTO-ISA name, e.g. "TADD");
  /// instructions the file does not list use its "default" entry.
  VectorCost getVectorCost(llvm::StringRef instruction) const;
  /// head + slope * ceil(bytes / repeat_bytes).
  int64_t vectorCycles(llvm::StringRef instruction, int64_t bytes) const;
  /// head + ceil(M/16) * ceil(K/16) * ceil(N/16) * cycles per fractal.
  int64_t matmulCycles(int64_t m, int64_t k, int64_t n,
                       CubePrecision precision) const;
  /// head + ceil(bytes / bytes-per-cycle of the path).
  int64_t transferCycles(Path path, int64_t bytes) const;

private:
  std::string name;
  double clockGHz = 1.0;
  int64_t numSchedulers = 1, numCubeCores = 1, numVectorCores = 1;
  std::array<int64_t, kNumBuffers> bufferBytes{};
  int64_t bufferAlignment = 32;
  std::array<TransferCost, kNumPaths> transfers{};
  int64_t repeatBytes = 256;
  VectorCost defaultVector;
  llvm::StringMap<VectorCost> vectorOps;
  int64_t cubeHead = 0;
  std::array<int64_t, 3> fractal{16, 16, 16};
  std::array<int64_t, 3> cyclesPerFractal{1, 1, 2};
  int64_t dispatchOverhead = 0;
};

/// The directory holding the architecture files shipped with the project.
llvm::StringRef getDefaultArchDir();

} // namespace ptowsp::arch

#endif // PTOWSP_ARCH_ARCHMODEL_H
