//===- Design.h - an mlir-aie design, as the AIE target plans it -*- C++ -*-===//
//
// The AIE target does not lower task graphs to mlir-aie ops (the aie/aiex
// dialects are not part of Debian's MLIR): it plans a placed design from a
// taskgraph.graph (DesignBuilder.cpp) and prints that one plan three ways:
//
//   design.mlir         mlir-aie's textual aie/aiex dialects (DesignPrinter)
//   emu/design_emu.cpp  the same design on the CPU emulation (EmulationPrinter)
//   host.cpp            the XRT host program that runs it (HostProgram, EmitC)
//
// so the emulated design is the printed one, statement for statement.
//
// The model: cores run a static program of loops, FIFO acquires/releases,
// kernel calls and copies; object FIFOs connect the shim (host memory, through
// a memtile link) or another core to a core; the runtime sequence issues one
// shim DMA transfer per FIFO and phase (a <= 4-D access pattern over a host
// tensor) and waits for the outputs.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_LIB_TARGET_AIE_DESIGN_H
#define PTOWSP_LIB_TARGET_AIE_DESIGN_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ptowsp::aie {

/// An AIE device mlir-aie knows by name, with the limits the planner checks.
struct DeviceInfo {
  llvm::StringRef name;       // aie.device(<name>)
  int columns = 4;            // columns the design may use
  int coreRows = 4;           // compute rows (rows 2 .. 2 + coreRows - 1)
  int64_t coreMemoryBytes = 64 * 1024;     // AIE-ML compute tile data memory
  int64_t memtileMemoryBytes = 512 * 1024; // AIE-ML memtile
  int coreDmaChannels = 2;    // S2MM and MM2S channels per compute tile
  int shimDmaChannels = 2;    // MM2S and S2MM channels per shim tile
};

/// The devices the target accepts (option `device`).
llvm::ArrayRef<DeviceInfo> getDevices();
const DeviceInfo *lookupDevice(llvm::StringRef name);

/// Bytes a core reserves for its stack (mlir-aie's default stack_size).
constexpr int64_t kCoreStackBytes = 1024;

/// c + sum(coefficient * loop counter), over a core program's loop counters.
struct Affine {
  int64_t constant = 0;
  llvm::SmallVector<std::pair<int, int64_t>> terms; // (loop id, coefficient)

  bool isConstant() const { return terms.empty(); }
  int64_t getCoefficient(int loop) const;
  void add(const Affine &other, int64_t scale = 1);
};

/// A host tensor: a runtime-sequence argument (the graph's tensor argument).
struct HostTensor {
  unsigned argument = 0;      // index among the graph's arguments
  std::string name;           // "arg<argument>"
  mlir::MemRefType type;
  bool read = false, written = false;
  /// Lives in object FIFOs only (a CSP channel carries it): never copied back.
  bool onChip = false;

  int64_t getElementBytes() const;
  int64_t getBytes() const { return type.getNumElements() * getElementBytes(); }
};

/// Bytes of one element of `type` (at least 1: i1 masks are bytes).
int64_t getElementBytes(mlir::Type type);

/// One shim DMA transfer: sizes/strides outermost first, in tensor elements.
struct Transfer {
  int64_t offset = 0;
  std::array<int64_t, 4> sizes = {1, 1, 1, 1};
  std::array<int64_t, 4> strides = {0, 0, 0, 1};
  int64_t getElements() const {
    return sizes[0] * sizes[1] * sizes[2] * sizes[3];
  }
};

/// An object FIFO ending or starting at a core. Shim FIFOs go through the
/// column's memtile: `<name>_L3L2` (shim <-> memtile) linked to `<name>`.
struct Fifo {
  enum class Kind { FromShim, ToShim, CoreToCore };
  std::string name;
  Kind kind = Kind::FromShim;
  int producerCore = -1, consumerCore = -1; // -1: the shim side
  int depth = 2;
  llvm::SmallVector<int64_t, 2> shape;      // element: memref<shape x element>
  mlir::Type element;
  int tensor = -1;                          // HostTensor index (shim FIFOs)
  int phase = 0;                            // sequence phase of its transfers
  std::vector<Transfer> transfers;          // shim FIFOs: runtime sequence

  int64_t getElementBytes() const;
  bool isShim() const { return kind != Kind::CoreToCore; }
  /// The shim-side FIFO of a shim stream, `<name>_L3L2` or `<name>_L2L3`
  /// (the memtile links it to `name`).
  std::string getShimName() const {
    return name + (kind == Kind::FromShim ? "_L3L2" : "_L2L3");
  }
};

/// A kernel-call argument: a FIFO element or buffer at an element offset, or
/// a scalar.
struct CallArgument {
  enum class Kind { View, IndexScalar, FloatScalar, IntScalar };
  Kind kind = Kind::View;
  int buffer = -1;       // View: an acquired element (Stmt::result)
  Affine offset;         // View: first element of the tile in the buffer
  int64_t ld = 0;        // View: row stride of the buffer, elements
  Affine index;          // IndexScalar
  double floatValue = 0; // FloatScalar
  int64_t intValue = 0;  // IntScalar
  mlir::Type type;       // scalar type
};

/// One statement of a core program.
struct Stmt {
  enum class Kind { For, Acquire, Release, Call, Copy };
  Kind kind = Kind::For;
  // For: `loop` counts 0 .. count-1.
  int loop = -1;
  int64_t count = 0;
  std::vector<Stmt> body;
  // Acquire / Release.
  int fifo = -1;
  bool produce = false;
  int result = -1; // Acquire: the buffer id the element is known by
  // Call.
  std::string kernel;
  std::vector<CallArgument> args;
  // Copy: `bytes` from buffer `source` to buffer `result`.
  int source = -1;
  int64_t bytes = 0;
};

/// A compute tile and its program.
struct Core {
  int column = 0, row = 2;
  std::vector<Stmt> program;
  int64_t items = 0;      // work items (iterations of the placed loops)
  int64_t calls = 0;      // kernel calls it makes in all
  std::string getName() const; // "core(c,r)"
};

/// A kernel the cores call: `func.func private` + its object file.
struct KernelDecl {
  std::string name;
  llvm::SmallVector<mlir::Type> bufferTypes; // memref per view parameter
  llvm::SmallVector<mlir::Type> scalarTypes;
  llvm::SmallVector<bool> isView;            // per kernel parameter
};

/// The plan of one graph.
struct Design {
  std::string graph;
  const DeviceInfo *device = nullptr;
  std::vector<HostTensor> tensors;
  std::vector<Fifo> fifos;
  std::vector<Core> cores;
  std::vector<KernelDecl> kernels;
  int phases = 1;
  int buffers = 0; // buffer ids handed out (Stmt::result)
  int loops = 0;   // loop ids handed out (Stmt::loop)
  /// Human-readable notes the planner made (placement, depth choices).
  std::vector<std::string> notes;
  /// Non-fatal findings, e.g. DMA channels above the hardware's count.
  std::vector<std::string> warnings;

  /// The runtime sequence's order within `phase`: the shim FIFOs to the
  /// host first (their S2MM channels ready before data arrives), then those
  /// from it; the sequence then waits for the first group.
  std::vector<const Fifo *> getSequenceOrder(int phase) const;

  int64_t getCoreMemoryBytes(int core) const;
  int64_t getMemtileMemoryBytes(int column) const;
  int getDmaChannels(int core, bool input) const;
};

/// Plans the design of `graph` (a taskgraph.graph after the task-graph
/// pipeline) on `device` (nullptr: the default). Emits located diagnostics
/// and fails on what the target cannot map.
mlir::FailureOr<Design> buildDesign(mlir::Operation *graph,
                                    const DeviceInfo &device);

/// The C++ spelling of an element or scalar type in the tree's sources
/// (the kernels' spelling, index as int64_t).
std::string getCppTypeName(mlir::Type type);

/// design.mlir.
std::string printDesign(const Design &design);
/// emu/design_emu.cpp: the design on the CPU emulation library.
std::string printEmulation(const Design &design);

} // namespace ptowsp::aie

#endif // PTOWSP_LIB_TARGET_AIE_DESIGN_H
