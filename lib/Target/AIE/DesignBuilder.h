//===- DesignBuilder.h - the AIE design planner, shared by its parts -*- C++ -*-===//
//
// The planner that turns a taskgraph.graph into a Design (Design.h), split
// by subject: DesignBuilder.cpp (graph walk, indices, checks), Placement.cpp
// (phases: placement over cores, resident and streamed buffers, core
// programs), Pipeline.cpp (CSP pipelines), Transfers.cpp (shim DMA access
// patterns and affine helpers). Internal to lib/Target/AIE.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_LIB_TARGET_AIE_DESIGNBUILDER_H
#define PTOWSP_LIB_TARGET_AIE_DESIGNBUILDER_H

#include "Design.h"

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <vector>

namespace ptowsp::aie::planner {

using namespace mlir;
using namespace ptowsp::taskgraph;

/// A static loop of the graph: iv = lb + step * counter, counter < count.
struct LoopInfo {
  scf::ForOp op;
  int id = 0;
  int64_t lb = 0, step = 1, count = 0;
};

/// One region argument of one submission.
struct Site {
  SubmitOp submit;
  unsigned operand = 0; // index in submit.getArgs()
  TensorRegionOp region;
  AccessMode mode = AccessMode::Read;
  int tensor = -1;
  SmallVector<Affine> offsets;    // per tensor dimension, over loop counters
  SmallVector<int> innerLoops;    // item loops enclosing the site, outer first
  int64_t rows = 1, cols = 1;     // the tile
  SmallVector<int64_t> sizes;     // the region's size per tensor dimension
};

/// A resident tensor of a work item: the box its accesses cover.
struct Resident {
  int tensor = -1;
  SmallVector<Affine> origin;   // per dim, over placement counters
  SmallVector<int64_t> extent;  // per dim
  bool load = false;
  int loadFifo = -1, storeFifo = -1;
  int64_t rows() const { return extent[extent.size() - 2]; }
  int64_t cols() const { return extent.back(); }
};

/// Read-only sites streamed through one FIFO, one after the other.
struct StreamGroup {
  int tensor = -1;
  SmallVector<unsigned> sites;
  int fifo = -1;
};

/// How a placement loop is split over cores: `parts` consecutive core
/// indices each take every parts-th iteration (cyclic).
struct Split {
  int loop = 0;
  int64_t parts = 1;
};


/// The placement terms of an affine expression (and the rest).
std::pair<Affine, Affine> splitTerms(const Affine &affine,
                                     ArrayRef<LoopInfo *> placement);
/// Row-major strides of a static memref, in elements.
SmallVector<int64_t> getStrides(MemRefType type);
/// Linear element offset of `offsets` (per dim) in a tensor.
Affine linearize(ArrayRef<Affine> offsets, ArrayRef<int64_t> strides);
/// Applies a core's placement substitution: counter -> shift + scale * j.
Affine substitute(const Affine &affine,
                  const DenseMap<int, std::pair<int64_t, int64_t>> &subst);
/// Resolves the resident buffers calls name (by resident index) to the
/// buffers `prologue` acquired, and applies `subst` to offsets and scalars.
void bindCalls(std::vector<Stmt> &stmts, ArrayRef<Stmt> prologue,
               ArrayRef<Resident> residents,
               const DenseMap<int, std::pair<int64_t, int64_t>> &subst);
/// A core's share of the placed loops, outermost first: (iterations it
/// takes, loop id) under its substitution.
SmallVector<std::pair<int64_t, int>>
getShare(ArrayRef<LoopInfo *> placement,
         const DenseMap<int, std::pair<int64_t, int64_t>> &subst);
/// The kernel calls `stmts` make, loops multiplied out.
int64_t countCalls(const std::vector<Stmt> &stmts);

/// Plans one graph; build() is the entry point.
class DesignBuilder {
public:
  DesignBuilder(GraphOp graph, const DeviceInfo &device)
      : graph(graph), device(device) {}

  FailureOr<Design> build();

private:
  InFlightDiagnostic error(Operation *op) {
    return op->emitOpError() << "(target aie): ";
  }

  LogicalResult checkSchedule();
  LogicalResult collectTensors();
  FailureOr<Affine> evaluate(Value value, Operation *user);
  LogicalResult registerLoop(scf::ForOp loop);
  LogicalResult planPhase(Operation *root, int phase);
  LogicalResult collectSites(Block &body, SmallVector<int> &enclosing,
                             std::vector<Site> &sites);
  LogicalResult collectSite(Operation &op, SmallVector<int> &enclosing,
                            std::vector<Site> &sites);
  bool isDisjointAcrossItems(const Resident &resident,
                             ArrayRef<LoopInfo *> placement);
  FailureOr<Resident> computeResident(int tensor, ArrayRef<Site> sites,
                                      ArrayRef<unsigned> indices,
                                      ArrayRef<LoopInfo *> placement);
  bool coversBox(const Site &site, const Resident &resident,
                 ArrayRef<LoopInfo *> placement);
  FailureOr<SmallVector<Split>> splitOverCores(ArrayRef<LoopInfo *> placement,
                                               int64_t cores);
  LogicalResult emitTransfers(Fifo &fifo, int64_t offset,
                              SmallVector<std::pair<int64_t, int64_t>> dims,
                              Operation *where);
  LogicalResult buildItem(Block &body, const std::vector<Site> &sites,
                          ArrayRef<StreamGroup> groups,
                          ArrayRef<Resident> residents,
                          const DenseMap<Operation *, SmallVector<int>> &siteOf,
                          std::vector<Stmt> &out);
  LogicalResult buildStmt(Operation &op, const std::vector<Site> &sites,
                          ArrayRef<StreamGroup> groups,
                          ArrayRef<Resident> residents,
                          const DenseMap<Operation *, SmallVector<int>> &siteOf,
                          std::vector<Stmt> &out);
  LogicalResult finish();
  /// The host-side FIFOs of one core's share: a store FIFO (and, for a
  /// resident the item reads first, a load FIFO) per resident, one FIFO per
  /// stream group, each with its shim transfers. `subst` maps the placed
  /// counters to the core's share; names are `prefix + <tensor>_<kind> +
  /// suffix`.
  LogicalResult addHostFifos(int core, int phase, StringRef prefix,
                             StringRef suffix, ArrayRef<LoopInfo *> placement,
                             const DenseMap<int, std::pair<int64_t, int64_t>> &subst,
                             ArrayRef<Site> sites,
                             MutableArrayRef<Resident> residents,
                             MutableArrayRef<StreamGroup> groups,
                             int storeDepth, Operation *where);
  /// The statements opening one work item's residents (acquire the store
  /// element; load: acquire, copy, release) and closing them (release).
  void openResidents(ArrayRef<Resident> residents, std::vector<Stmt> &prologue,
                     std::vector<Stmt> &epilogue);

  GraphOp graph;
  const DeviceInfo &device;
  Design design;
  DenseMap<Value, int> tensorIndex;
  /// std::map: LoopInfo pointers (loopById, placement nests) stay valid.
  std::map<Operation *, LoopInfo> loops;
  DenseMap<int, LoopInfo *> loopById;
  /// CSP tokens: the value a process receives (or its source loop's
  /// variable), as an affine function of the pipeline's token counter.
  DenseMap<Value, Affine> tokenValues;
  /// Sites whose region a channel carries: site index -> (FIFO, produce),
  /// for the core being built.
  DenseMap<unsigned, std::pair<int, bool>> channelSites;
  LogicalResult planPipeline(PipelineOp pipeline);
  /// Per core: placement counter substitutions (loop id -> (shift, scale)).
  std::vector<DenseMap<int, std::pair<int64_t, int64_t>>> coreSubst;
  int64_t coreCount = 0;
};

} // namespace ptowsp::aie::planner

#endif // PTOWSP_LIB_TARGET_AIE_DESIGNBUILDER_H
