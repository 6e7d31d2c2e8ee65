//===- DesignBuilder.cpp - plan an mlir-aie design from a task graph ------===//
//
// Plans the placed dataflow design an AIE user would write for a task graph
// (Design.h), statically and without unrolling the graph's loops:
//
// * Phases. Each top-level loop nest (or lone submission) of the graph is a
//   phase; the runtime sequence waits for a phase's outputs before it starts
//   feeding the next one, so phases communicate through host memory.
// * Placement. The outer perfect nest of a phase's loops is split over the
//   cores (dispatch round_robin(n): n cores, by default one per column),
//   cyclically from the innermost loop, which keeps every core's share an
//   affine access pattern. The innermost loops that must stay on one core
//   (those along which an output region does not move, e.g. a k loop
//   accumulating into one C tile) are kept inside the work item.
// * Data. Within a work item, a tensor the item writes is *resident*: one
//   buffer covering every region the item touches (an accumulator, a row
//   block), loaded from the host once per item if the item reads it before
//   writing all of it, stored once at the item's end. A tensor the item only
//   reads is *streamed*: one FIFO element per task, in task order. Written
//   boxes of different items must be disjoint (checked symbolically), so
//   cores never race; reads of what other items write cannot happen, since
//   every access to a written tensor is resident.
// * Transfers. Each FIFO's stream over the whole phase is one shim DMA
//   access pattern (placement share x item loops x tile rows x tile columns),
//   collapsed to mlir-aie's 4 dimensions (split into several transfers when
//   more are needed).
// * Checks. Every buffer of a core (FIFO elements x depth, stack) fits its
//   data memory, memtile staging fits the memtile; DMA channels above the
//   hardware's count are reported as warnings (the CPU emulation runs such
//   designs, the hardware would need merged streams).
//
//===----------------------------------------------------------------------===//

#include "Design.h"

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <functional>
#include <map>
#include <set>

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;
using namespace ptowsp::taskgraph;

//===----------------------------------------------------------------------===//
// Model helpers
//===----------------------------------------------------------------------===//

llvm::ArrayRef<DeviceInfo> ptowsp::aie::getDevices() {
  // Ryzen AI NPUs as mlir-aie names them: Phoenix/Hawk Point (npu1, AIE-ML
  // compute tiles with 64 KiB, memtiles with 512 KiB) with 1..4 columns,
  // and Strix (npu2, AIE2P) with 8 columns.
  static const DeviceInfo devices[] = {
      {"npu1_1col", 1, 4}, {"npu1_2col", 2, 4}, {"npu1_3col", 3, 4},
      {"npu1_4col", 4, 4}, {"npu2", 8, 4},
  };
  return devices;
}

const DeviceInfo *ptowsp::aie::lookupDevice(StringRef name) {
  for (const DeviceInfo &device : getDevices())
    if (device.name == name)
      return &device;
  return nullptr;
}

int64_t Affine::getCoefficient(int loop) const {
  for (auto [id, coefficient] : terms)
    if (id == loop)
      return coefficient;
  return 0;
}

void Affine::add(const Affine &other, int64_t scale) {
  constant += other.constant * scale;
  for (auto [id, coefficient] : other.terms) {
    int loop = id;
    auto *it = llvm::find_if(terms, [&](auto &t) { return t.first == loop; });
    if (it != terms.end())
      it->second += coefficient * scale;
    else
      terms.push_back({id, coefficient * scale});
  }
  llvm::erase_if(terms, [](auto &t) { return t.second == 0; });
  llvm::sort(terms);
}

int64_t Fifo::getElementBytes() const {
  int64_t elements = 1;
  for (int64_t dim : shape)
    elements *= dim;
  return elements * std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8);
}

std::string Core::getName() const {
  return llvm::formatv("core({0},{1})", column, row).str();
}

int64_t Design::getCoreMemoryBytes(int core) const {
  int64_t bytes = kCoreStackBytes;
  for (const Fifo &fifo : fifos)
    if (fifo.producerCore == core || fifo.consumerCore == core)
      bytes += fifo.depth * fifo.getElementBytes();
  return bytes;
}

int64_t Design::getMemtileMemoryBytes(int column) const {
  int64_t bytes = 0;
  for (const Fifo &fifo : fifos) {
    if (!fifo.isShim())
      continue;
    int core = fifo.kind == Fifo::Kind::FromShim ? fifo.consumerCore
                                                 : fifo.producerCore;
    if (cores[core].column == column)
      bytes += fifo.depth * fifo.getElementBytes();
  }
  return bytes;
}

int Design::getDmaChannels(int core, bool input) const {
  int channels = 0;
  for (const Fifo &fifo : fifos)
    channels += input ? fifo.consumerCore == core : fifo.producerCore == core;
  return channels;
}

//===----------------------------------------------------------------------===//
// The planner
//===----------------------------------------------------------------------===//

namespace {

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
                                               int64_t cores, Operation *root);
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

LogicalResult DesignBuilder::checkSchedule() {
  ConfigAttr config = graph.getConfigOrDefault();
  auto reject = [&](StringRef knob, StringRef value) {
    return graph.emitOpError("schedule knob '")
           << knob << " " << value
           << "' is not supported by target aie (cores run statically placed "
              "work in program order)";
  };
  if (config.getDispatch() != DispatchPolicy::RoundRobin)
    return reject("dispatch", stringifyDispatchPolicy(config.getDispatch()));
  int64_t maxCores = device.columns * device.coreRows;
  if (config.getDispatchCount() > maxCores)
    return graph.emitOpError("dispatch round_robin(")
           << config.getDispatchCount() << ") asks for more cores than "
           << device.name << "'s " << maxCores;
  if (config.getWindowMode() != WindowMode::Stall)
    return reject("task_window mode", stringifyWindowMode(config.getWindowMode()));
  if (config.getWindow() != 8192)
    return graph.emitOpError("a task window is not supported by target aie: "
                             "object FIFO depths bound the data in flight");
  if (config.getDeps() != DepsMode::Exact && config.getDeps() != DepsMode::Overlap)
    return reject("deps", stringifyDepsMode(config.getDeps()));
  if (config.getReady() != ReadyPolicy::Fifo)
    return reject("ready", stringifyReadyPolicy(config.getReady()));
  if (config.getPools() != PoolPolicy::Single)
    return reject("pools", stringifyPoolPolicy(config.getPools()));
  if (config.getStart() != StartPolicy::AfterOrchestration)
    return reject("start", stringifyStartPolicy(config.getStart()));
  if (config.getStreams() != 0)
    return reject("streams", llvm::utostr(config.getStreams()));
  if (config.getTiming() != TimingPolicy::Immediate)
    return reject("timing", stringifyTimingPolicy(config.getTiming()));
  if (config.getTrace() != TracePolicy::None)
    return reject("trace", stringifyTracePolicy(config.getTrace()));
  return success();
}

LogicalResult DesignBuilder::collectTensors() {
  for (BlockArgument argument : graph.getBody().getArguments()) {
    auto type = dyn_cast<MemRefType>(argument.getType());
    if (!type) {
      // Scalars would be runtime parameters of the design; the planner
      // needs every value that shapes the design at compile time.
      return graph.emitOpError("(target aie): scalar argument #")
             << argument.getArgNumber()
             << " is not supported: an AIE design is fixed when it is "
                "compiled (bind the value as a constant)";
    }
    if (!type.hasStaticShape())
      return graph.emitOpError("(target aie): tensor argument #")
             << argument.getArgNumber() << " has a dynamic shape";
    Type element = type.getElementType();
    if (!element.isF32() && !element.isF16() && !element.isBF16() &&
        !element.isInteger(32) && !element.isInteger(16) && !element.isInteger(8))
      return graph.emitOpError("(target aie): tensor argument #")
             << argument.getArgNumber() << " has element type " << element
             << "; AIE kernels take f32, f16, bf16, i32, i16 or i8";
    HostTensor tensor;
    tensor.argument = argument.getArgNumber();
    tensor.name = llvm::formatv("arg{0}", tensor.argument).str();
    tensor.type = type;
    tensorIndex[argument] = design.tensors.size();
    design.tensors.push_back(tensor);
  }
  return success();
}

LogicalResult DesignBuilder::registerLoop(scf::ForOp loop) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lb || !ub || !step)
    return error(loop) << "a loop whose trip count is only known at run time "
                          "(a dynamic axis or a run-time symbol) cannot be "
                          "placed: an AIE design is static";
  if (!loop.getInitArgs().empty())
    return error(loop) << "loops carrying values are not supported";
  LoopInfo info;
  info.op = loop;
  info.id = design.loops++;
  info.lb = *lb;
  info.step = *step;
  info.count = *ub > *lb ? (*ub - *lb + *step - 1) / *step : 0;
  loops[loop] = info;
  loopById[info.id] = &loops[loop];
  return success();
}

FailureOr<Affine> DesignBuilder::evaluate(Value value, Operation *user) {
  auto token = tokenValues.find(value);
  if (token != tokenValues.end())
    return token->second;
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto loop = dyn_cast<scf::ForOp>(argument.getOwner()->getParentOp());
    if (loop && loop.getInductionVar() == argument && loops.count(loop)) {
      const LoopInfo &info = loops[loop];
      Affine affine;
      affine.constant = info.lb;
      if (info.step != 0)
        affine.terms.push_back({info.id, info.step});
      return affine;
    }
    return error(user) << "an index that depends on a graph argument is not "
                          "supported (the design is static)";
  }
  Operation *def = value.getDefiningOp();
  if (std::optional<int64_t> constant = getConstantIntValue(value)) {
    Affine affine;
    affine.constant = *constant;
    return affine;
  }
  auto binary = [&](bool subtract) -> FailureOr<Affine> {
    FailureOr<Affine> lhs = evaluate(def->getOperand(0), user);
    FailureOr<Affine> rhs = evaluate(def->getOperand(1), user);
    if (failed(lhs) || failed(rhs))
      return failure();
    lhs->add(*rhs, subtract ? -1 : 1);
    return lhs;
  };
  if (isa_and_nonnull<arith::AddIOp>(def))
    return binary(false);
  if (isa_and_nonnull<arith::SubIOp>(def))
    return binary(true);
  if (auto mul = dyn_cast_or_null<arith::MulIOp>(def)) {
    FailureOr<Affine> lhs = evaluate(mul.getLhs(), user);
    FailureOr<Affine> rhs = evaluate(mul.getRhs(), user);
    if (failed(lhs) || failed(rhs))
      return failure();
    if (!lhs->isConstant() && !rhs->isConstant())
      return error(user) << "an index that is not affine in the loop "
                            "variables cannot become a DMA access pattern";
    Affine product;
    if (lhs->isConstant())
      product.add(*rhs, lhs->constant);
    else
      product.add(*lhs, rhs->constant);
    return product;
  }
  if (auto cast = dyn_cast_or_null<arith::IndexCastOp>(def))
    return evaluate(cast.getIn(), user);
  if (isa_and_nonnull<LoadScalarOp>(def))
    return error(user) << "an index read from a tensor at run time (a "
                          "ragged or sparse axis, select) cannot be placed: "
                          "an AIE design is static";
  if (isa_and_nonnull<RuntimeSymbolOp>(def))
    return error(user) << "an index given by a run-time symbol cannot be "
                          "placed: an AIE design is static";
  return error(user) << "an index computed by '"
                     << (def ? def->getName().getStringRef() : "?")
                     << "' is not affine in the loop variables";
}

LogicalResult DesignBuilder::collectSites(Block &body,
                                          SmallVector<int> &enclosing,
                                          std::vector<Site> &sites) {
  for (Operation &op : body)
    if (failed(collectSite(op, enclosing, sites)))
      return failure();
  return success();
}

LogicalResult DesignBuilder::collectSite(Operation &op,
                                         SmallVector<int> &enclosing,
                                         std::vector<Site> &sites) {
  {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      if (!loops.count(loop) && failed(registerLoop(loop)))
        return failure();
      enclosing.push_back(loops[loop].id);
      if (failed(collectSites(*loop.getBody(), enclosing, sites)))
        return failure();
      enclosing.pop_back();
      return success();
    }
    if (auto submit = dyn_cast<SubmitOp>(op)) {
      if (!submit.getAfter().empty())
        return error(submit) << "explicit predecessors are not supported";
      auto modes = llvm::to_vector(submit.getAccess().getAsRange<AccessModeAttr>());
      unsigned regionIndex = 0;
      for (auto [operand, arg] : llvm::enumerate(submit.getArgs())) {
        if (!isa<TensorRegionType>(arg.getType()))
          continue;
        AccessMode mode = modes[regionIndex++].getValue();
        auto region = arg.getDefiningOp<TensorRegionOp>();
        if (!region || !tensorIndex.count(region.getTensor()))
          return error(submit) << "operand #" << operand
                               << " is not a region of a graph tensor "
                                  "(intermediates are not supported)";
        Site site;
        site.submit = submit;
        site.operand = operand;
        site.region = region;
        site.mode = mode;
        site.tensor = tensorIndex[region.getTensor()];
        site.innerLoops = enclosing;
        for (Value offset : region.getOffsets()) {
          FailureOr<Affine> affine = evaluate(offset, region);
          if (failed(affine))
            return failure();
          site.offsets.push_back(*affine);
        }
        auto regionType = cast<TensorRegionType>(region.getType());
        site.sizes = llvm::to_vector(region.getSizes());
        site.rows = regionType.getShape()[0];
        site.cols = regionType.getShape()[1];
        sites.push_back(site);
      }
      return success();
    }
    if (isa<TensorRegionOp, taskgraph::YieldOp, scf::YieldOp, SendOp, CloseOp>(op) ||
        op.getDialect()->getNamespace() == "arith")
      return success();
    if (isa<scf::IfOp>(op))
      return error(&op) << "a conditional on run-time values cannot be "
                           "placed: an AIE design is static";
    if (isa<LoadScalarOp>(op))
      return error(&op) << "reading a tensor element while generating tasks "
                           "(ragged/sparse axes, select) is not supported";
    if (isa<RuntimeSymbolOp>(op))
      return success(); // rejected where it shapes an index or a trip count
    if (isa<IntermediateOp>(op))
      return error(&op) << "intermediate buffers are not supported";
    return error(&op) << "'" << op.getName().getStringRef()
                      << "' is not supported in a task graph for target aie";
  }
}

/// The placement terms of an affine expression (and the rest).
static std::pair<Affine, Affine> splitTerms(const Affine &affine,
                                            ArrayRef<LoopInfo *> placement) {
  Affine placed, rest;
  rest.constant = affine.constant;
  for (auto [id, coefficient] : affine.terms) {
    bool isPlacement = llvm::any_of(
        placement, [&, id = id](LoopInfo *loop) { return loop->id == id; });
    (isPlacement ? placed : rest).terms.push_back({id, coefficient});
  }
  return {placed, rest};
}

FailureOr<Resident>
DesignBuilder::computeResident(int tensor, ArrayRef<Site> sites,
                               ArrayRef<unsigned> indices,
                               ArrayRef<LoopInfo *> placement) {
  MemRefType type = design.tensors[tensor].type;
  int64_t rank = type.getRank();
  Resident resident;
  resident.tensor = tensor;
  resident.origin.resize(rank);
  resident.extent.assign(rank, 0);
  SmallVector<int64_t> low(rank, INT64_MAX), high(rank, INT64_MIN);
  for (auto [n, index] : llvm::enumerate(indices)) {
    const Site &site = sites[index];
    ArrayRef<int64_t> sizes = site.sizes;
    for (int64_t d = 0; d < rank; ++d) {
      auto [placed, rest] = splitTerms(site.offsets[d], placement);
      if (n == 0) {
        resident.origin[d] = placed;
      } else if (placed.terms != resident.origin[d].terms) {
        return error(site.submit)
               << "the regions of " << design.tensors[tensor].name
               << " this work item writes and reads move differently with "
                  "the placed loops; they cannot share one resident buffer";
      }
      int64_t min = rest.constant, max = rest.constant;
      for (auto [id, coefficient] : rest.terms) {
        int64_t span = coefficient * (loopById[id]->count - 1);
        (span < 0 ? min : max) += span;
      }
      low[d] = std::min(low[d], min);
      high[d] = std::max(high[d], max + sizes[d]);
    }
  }
  for (int64_t d = 0; d < rank; ++d) {
    resident.origin[d].constant = low[d];
    resident.extent[d] = high[d] - low[d];
    if (d + 2 < rank && resident.extent[d] != 1)
      return error(sites[indices.front()].submit)
             << "the regions of " << design.tensors[tensor].name
             << " one work item writes span dimension " << d
             << "; a resident buffer covers the last two only";
    // In bounds for every placement value.
    int64_t min = low[d], max = low[d] + resident.extent[d];
    for (auto [id, coefficient] : resident.origin[d].terms) {
      int64_t span = coefficient * (loopById[id]->count - 1);
      (span < 0 ? min : max) += span;
    }
    if (min < 0 || max > type.getDimSize(d))
      return error(sites[indices.front()].submit)
             << "regions of " << design.tensors[tensor].name
             << " reach outside the tensor in dimension " << d;
  }
  if (rank == 1) {
    resident.origin.insert(resident.origin.begin(), Affine());
    resident.extent.insert(resident.extent.begin(), 1);
  }
  return resident;
}

bool DesignBuilder::isDisjointAcrossItems(const Resident &resident,
                                          ArrayRef<LoopInfo *> placement) {
  // Each placement loop that iterates must move the box along exactly one
  // dimension; per dimension, the loops moving it must tile it without
  // overlap (each step at least the extent the finer loops cover).
  int64_t rank = resident.origin.size();
  SmallVector<SmallVector<std::pair<int64_t, int64_t>>> moves(rank);
  for (LoopInfo *loop : placement) {
    if (loop->count <= 1)
      continue;
    int moved = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (int64_t c = resident.origin[d].getCoefficient(loop->id)) {
        moves[d].push_back({std::abs(c), loop->count});
        ++moved;
      }
    if (moved != 1)
      return false;
  }
  for (int64_t d = 0; d < rank; ++d) {
    llvm::sort(moves[d]);
    int64_t covered = resident.extent[d];
    for (auto [stride, count] : moves[d]) {
      if (stride < covered)
        return false;
      covered = stride * count;
    }
  }
  return true;
}

bool DesignBuilder::coversBox(const Site &site, const Resident &resident,
                              ArrayRef<LoopInfo *> placement) {
  // The site alone writes every element of the box exactly once.
  if (site.mode != AccessMode::Write)
    return false;
  int64_t rank = site.offsets.size();
  int64_t box = 1;
  for (int64_t extent : resident.extent)
    box *= extent;
  auto isPlaced = [&](int loop) {
    return llvm::is_contained(placement, loopById[loop]);
  };
  int64_t written = site.rows * site.cols;
  for (int loop : site.innerLoops)
    if (!isPlaced(loop))
      written *= loopById[loop]->count;
  if (written != box)
    return false;
  // Every inner loop moves the region along one dimension, by whole regions.
  ArrayRef<int64_t> sizes = site.sizes;
  for (int loop : site.innerLoops) {
    if (isPlaced(loop))
      continue;
    int moved = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (int64_t c = splitTerms(site.offsets[d], placement).second.getCoefficient(loop))
        moved += c % sizes[d] == 0 && c > 0 ? 1 : 2;
    if (moved != 1)
      return false;
  }
  return true;
}

FailureOr<SmallVector<Split>>
DesignBuilder::splitOverCores(ArrayRef<LoopInfo *> placement, int64_t cores,
                              Operation *root) {
  SmallVector<Split> splits;
  int64_t remaining = cores;
  for (LoopInfo *loop : llvm::reverse(placement)) {
    if (remaining == 1)
      break;
    if (remaining % loop->count == 0) {
      splits.push_back({loop->id, loop->count});
      remaining /= loop->count;
    } else if (loop->count % remaining == 0) {
      splits.push_back({loop->id, remaining});
      remaining = 1;
    } else {
      break;
    }
  }
  if (remaining != 1)
    return failure();
  return splits;
}

/// Drops unit dimensions and merges contiguous ones (outermost first).
static SmallVector<std::pair<int64_t, int64_t>>
collapseDims(ArrayRef<std::pair<int64_t, int64_t>> dims) {
  SmallVector<std::pair<int64_t, int64_t>> out;
  for (auto [size, stride] : dims) {
    if (size == 1)
      continue;
    if (!out.empty() && out.back().second == size * stride) {
      out.back() = {out.back().first * size, stride};
      continue;
    }
    out.push_back({size, stride});
  }
  if (out.empty() || out.back().second != 1)
    out.push_back({1, 1});
  return out;
}

/// Splits dims[i] = (n, stride) into (n / b, stride * b), (b, stride) with
/// b the largest divisor of n that is at most `limit`.
static void splitDim(SmallVector<std::pair<int64_t, int64_t>> &dims, size_t i,
                     int64_t limit) {
  auto [n, stride] = dims[i];
  int64_t b = std::min(n, limit);
  while (n % b != 0)
    --b;
  dims[i] = {b, stride};
  dims.insert(dims.begin() + i, {n / b, stride * b});
}

LogicalResult
DesignBuilder::emitTransfers(Fifo &fifo, int64_t offset,
                             SmallVector<std::pair<int64_t, int64_t>> dims,
                             Operation *where) {
  // The shim's buffer descriptors, as mlir-aie's dma_memcpy_nd verifier
  // states them: 4 dimensions, innermost first d0..d3; d0 and d1 wrap at
  // 1023 (d0 in 32-bit words), the outermost d3 repeats at most 64 times
  // and is the only one that may have stride 0; strides below 1M words.
  constexpr int64_t kWrap = 1023, kRepeat = 64, kMaxStride = 1 << 20;
  int64_t elementBytes = std::max<int64_t>(1, fifo.element.getIntOrFloatBitWidth() / 8);
  dims = collapseDims(dims);
  int64_t innermost = kWrap * 4 / elementBytes;
  if (dims.back().first > innermost)
    splitDim(dims, dims.size() - 1, innermost);
  if (dims.size() >= 2 && dims[dims.size() - 2].second != 0 &&
      dims[dims.size() - 2].first > kWrap)
    splitDim(dims, dims.size() - 2, kWrap);
  // The transfer window: the innermost dims that satisfy the limits; the
  // dims outside it become separate transfers.
  size_t first = dims.size() > 4 ? dims.size() - 4 : 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = first + 1; i < dims.size(); ++i)
      if (dims[i].second == 0) { // a repeat must be the outermost dim
        first = i;
        changed = true;
      }
    if (first + 1 < dims.size() && dims[first].first > kRepeat) {
      splitDim(dims, first, kRepeat);
      ++first;
      changed = true;
    }
  }
  for (auto [size, stride] : dims)
    if (stride > kMaxStride)
      return error(where) << "the stream of FIFO @" << fifo.name
                          << " needs a DMA stride of " << stride
                          << " elements; shim buffer descriptors reach "
                          << kMaxStride;
  int64_t transfers = 1;
  for (size_t i = 0; i < first; ++i)
    transfers *= dims[i].first;
  constexpr int64_t kMaxTransfers = 256;
  if (transfers > kMaxTransfers)
    return error(where) << "the stream of FIFO @" << fifo.name << " needs "
                        << transfers << " DMA transfers (more than "
                        << kMaxTransfers << "): its access pattern has "
                        << dims.size() << " dimensions";
  for (int64_t t = 0; t < transfers; ++t) {
    Transfer transfer;
    transfer.offset = offset;
    int64_t rest = t;
    for (size_t i = first; i-- > 0;) {
      transfer.offset += (rest % dims[i].first) * dims[i].second;
      rest /= dims[i].first;
    }
    // Right-aligned (innermost last); a repeat (stride 0) goes to d3, the
    // only dimension that may have one, with unit dimensions in between.
    size_t used = dims.size() - first;
    for (size_t i = 0; i < used; ++i) {
      size_t slot = 4 - used + i;
      if (i == 0 && dims[first].second == 0)
        slot = 0;
      transfer.sizes[slot] = dims[first + i].first;
      transfer.strides[slot] = dims[first + i].second;
    }
    fifo.transfers.push_back(transfer);
  }
  return success();
}

/// Row-major strides of a static memref, in elements.
static SmallVector<int64_t> getStrides(MemRefType type) {
  SmallVector<int64_t> strides(type.getRank(), 1);
  for (int64_t d = type.getRank() - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * type.getDimSize(d + 1);
  return strides;
}

/// Linear element offset of `offsets` (per dim) in a tensor.
static Affine linearize(ArrayRef<Affine> offsets, ArrayRef<int64_t> strides) {
  Affine linear;
  for (auto [offset, stride] : llvm::zip(offsets, strides))
    linear.add(offset, stride);
  return linear;
}

/// Applies a core's placement substitution: counter -> shift + scale * j.
static Affine substitute(const Affine &affine,
                         const DenseMap<int, std::pair<int64_t, int64_t>> &subst) {
  Affine out;
  out.constant = affine.constant;
  for (auto [id, coefficient] : affine.terms) {
    auto it = subst.find(id);
    if (it == subst.end()) {
      Affine term;
      term.terms.push_back({id, coefficient});
      out.add(term);
      continue;
    }
    auto [shift, scale] = it->second;
    out.constant += coefficient * shift;
    Affine term;
    term.terms.push_back({id, coefficient * scale});
    out.add(term);
  }
  return out;
}

LogicalResult DesignBuilder::buildItem(
    Block &body, const std::vector<Site> &sites, ArrayRef<StreamGroup> groups,
    ArrayRef<Resident> residents,
    const DenseMap<Operation *, SmallVector<int>> &siteOf,
    std::vector<Stmt> &out) {
  for (Operation &op : body)
    if (failed(buildStmt(op, sites, groups, residents, siteOf, out)))
      return failure();
  return success();
}

LogicalResult DesignBuilder::buildStmt(
    Operation &op, const std::vector<Site> &sites, ArrayRef<StreamGroup> groups,
    ArrayRef<Resident> residents,
    const DenseMap<Operation *, SmallVector<int>> &siteOf,
    std::vector<Stmt> &out) {
  {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      Stmt stmt;
      stmt.kind = Stmt::Kind::For;
      stmt.loop = loops[loop].id;
      stmt.count = loops[loop].count;
      if (failed(buildItem(*loop.getBody(), sites, groups, residents, siteOf,
                           stmt.body)))
        return failure();
      out.push_back(std::move(stmt));
      return success();
    }
    auto submit = dyn_cast<SubmitOp>(op);
    if (!submit)
      return success();
    auto kernel = SymbolTable::lookupNearestSymbolFrom<tile::KernelOp>(
        submit, submit.getKernelAttr());
    if (!kernel)
      return error(submit) << "kernel @" << submit.getKernel() << " not found";
    Stmt call;
    call.kind = Stmt::Kind::Call;
    call.kernel = submit.getKernel().str();
    std::vector<Stmt> releases;
    const SmallVector<int> &siteIndices = siteOf.lookup(submit);
    unsigned nextSite = 0;
    KernelDecl decl;
    decl.name = call.kernel;
    for (auto [operand, arg] : llvm::enumerate(submit.getArgs())) {
      CallArgument argument;
      if (!isa<TensorRegionType>(arg.getType())) {
        decl.isView.push_back(false);
        Type type = arg.getType();
        decl.scalarTypes.push_back(type);
        argument.type = type;
        if (type.isIndex() || type.isInteger(64) || type.isInteger(32)) {
          FailureOr<Affine> value = evaluate(arg, submit);
          if (failed(value))
            return failure();
          argument.kind = type.isIndex() ? CallArgument::Kind::IndexScalar
                                         : CallArgument::Kind::IntScalar;
          argument.index = *value;
          argument.intValue = value->constant;
        } else if (auto constant = arg.getDefiningOp<arith::ConstantFloatOp>()) {
          argument.kind = CallArgument::Kind::FloatScalar;
          argument.floatValue = constant.value().convertToDouble();
        } else {
          return error(submit) << "scalar operand #" << operand
                               << " must be a constant or an affine index";
        }
        call.args.push_back(argument);
        continue;
      }
      decl.isView.push_back(true);
      unsigned siteIndex = siteIndices[nextSite++];
      const Site &site = sites[siteIndex];
      auto carried = channelSites.find(siteIndex);
      if (carried != channelSites.end()) {
        // An element of a channel's object FIFO: the producer writes it,
        // the consumer reads it; releasing the produced element is the send.
        Stmt acquire;
        acquire.kind = Stmt::Kind::Acquire;
        acquire.fifo = carried->second.first;
        acquire.produce = carried->second.second;
        acquire.result = design.buffers++;
        out.push_back(acquire);
        Stmt release = acquire;
        release.kind = Stmt::Kind::Release;
        releases.push_back(release);
        argument.buffer = acquire.result;
        argument.ld = site.cols;
        decl.bufferTypes.push_back(
            MemRefType::get({site.rows, site.cols},
                            design.tensors[site.tensor].type.getElementType()));
        call.args.push_back(argument);
        continue;
      }
      const Resident *resident = llvm::find_if(
          residents, [&](const Resident &r) { return r.tensor == site.tensor; });
      if (resident != residents.end()) {
        // An element of the resident buffer: offset relative to the box.
        MemRefType type = design.tensors[site.tensor].type;
        int64_t rank = type.getRank();
        SmallVector<Affine> inner;
        for (int64_t d = 0; d < rank; ++d)
          inner.push_back(splitTerms(site.offsets[d], {}).second);
        Affine offset;
        if (rank >= 2) {
          Affine row = inner[rank - 2], col = inner[rank - 1];
          // Placement terms cancel against the box origin.
          Affine originRow = resident->origin[resident->origin.size() - 2];
          Affine originCol = resident->origin.back();
          row.add(originRow, -1);
          col.add(originCol, -1);
          offset.add(row, resident->cols());
          offset.add(col);
        } else {
          Affine col = inner[0];
          col.add(resident->origin.back(), -1);
          offset.add(col);
        }
        if (!offset.terms.empty()) {
          // Only item loops may remain.
          for (auto [id, c] : offset.terms)
            if (!llvm::is_contained(site.innerLoops, id))
              return error(submit) << "internal: resident offset depends on a "
                                      "placed loop";
        }
        argument.buffer = -(resident - residents.begin()) - 2; // patched below
        argument.offset = offset;
        argument.ld = resident->cols();
        decl.bufferTypes.push_back(
            MemRefType::get({resident->rows(), resident->cols()},
                            type.getElementType()));
      } else {
        const StreamGroup *group = llvm::find_if(groups, [&](const StreamGroup &g) {
          return llvm::is_contained(g.sites, siteIndices[nextSite - 1]);
        });
        Stmt acquire;
        acquire.kind = Stmt::Kind::Acquire;
        acquire.fifo = group->fifo;
        acquire.produce = false;
        acquire.result = design.buffers++;
        out.push_back(acquire);
        Stmt release;
        release.kind = Stmt::Kind::Release;
        release.fifo = group->fifo;
        release.produce = false;
        releases.push_back(release);
        argument.buffer = acquire.result;
        argument.ld = site.cols;
        decl.bufferTypes.push_back(
            MemRefType::get({site.rows, site.cols},
                            design.tensors[site.tensor].type.getElementType()));
      }
      call.args.push_back(argument);
    }
    // One declaration per kernel: every call passes buffers of one shape.
    auto existing = llvm::find_if(design.kernels, [&](const KernelDecl &k) {
      return k.name == decl.name;
    });
    if (existing == design.kernels.end())
      design.kernels.push_back(decl);
    else if (existing->bufferTypes != decl.bufferTypes)
      return error(submit) << "kernel @" << decl.name
                           << " is called with buffers of different shapes "
                              "(a FIFO tile here, a larger resident buffer "
                              "elsewhere); the AIE target declares one "
                              "signature per kernel";
    out.push_back(std::move(call));
    for (Stmt &release : llvm::reverse(releases))
      out.push_back(release);
  }
  return success();
}

LogicalResult DesignBuilder::planPhase(Operation *root, int phase) {
  // The placement candidates: the outer perfect nest of loops.
  SmallVector<LoopInfo *> nest;
  if (auto loop = dyn_cast<scf::ForOp>(root)) {
    while (loop) {
      if (!loops.count(loop) && failed(registerLoop(loop)))
        return failure();
      nest.push_back(&loops[loop]);
      scf::ForOp inner;
      bool perfect = true;
      for (Operation &op : *loop.getBody()) {
        if (auto child = dyn_cast<scf::ForOp>(op)) {
          perfect &= !inner;
          inner = child;
        } else if (isa<SubmitOp>(op)) {
          perfect = false;
        }
      }
      loop = perfect ? inner : scf::ForOp();
    }
  }

  // Sites of the whole phase (loop ids are registered on the way).
  std::vector<Site> sites;
  SmallVector<int> enclosing;
  if (failed(collectSite(*root, enclosing, sites)))
    return failure();
  if (sites.empty())
    return success();

  // Written tensors of the phase are resident in every item.
  SmallVector<int> written;
  for (const Site &site : sites) {
    design.tensors[site.tensor].read |= site.mode != AccessMode::Write;
    if (site.mode != AccessMode::Read && !llvm::is_contained(written, site.tensor)) {
      written.push_back(site.tensor);
      design.tensors[site.tensor].written = true;
    }
  }

  // The deepest placement whose written boxes are disjoint across items.
  size_t depth = nest.size();
  SmallVector<Resident> residents;
  for (;; --depth) {
    ArrayRef<LoopInfo *> placement(nest.data(), depth);
    residents.clear();
    bool disjoint = true;
    for (int tensor : written) {
      SmallVector<unsigned> indices;
      for (auto [i, site] : llvm::enumerate(sites))
        if (site.tensor == tensor)
          indices.push_back(i);
      FailureOr<Resident> resident =
          computeResident(tensor, sites, indices, placement);
      if (failed(resident))
        return failure();
      disjoint &= isDisjointAcrossItems(*resident, placement);
      // Load unless the first access writes the whole box.
      resident->load = !coversBox(sites[indices.front()], *resident, placement);
      residents.push_back(*resident);
    }
    if (disjoint || depth == 0)
      break;
  }
  ArrayRef<LoopInfo *> placement(nest.data(), depth);
  int64_t items = 1;
  for (LoopInfo *loop : placement)
    items *= loop->count;

  // Cores: round_robin(n) asks for n; by default one per column (each
  // column's shim and memtile feed its own core).
  int64_t requested = graph.getConfigOrDefault().getDispatchCount();
  int64_t cores = requested > 0 ? requested : device.columns;
  FailureOr<SmallVector<Split>> splits = failure();
  if (requested > 0) {
    splits = splitOverCores(placement, cores, root);
    if (failed(splits))
      return error(root) << "dispatch round_robin(" << requested
                         << "): the " << items
                         << " work items of the placed loops cannot be split "
                            "evenly over "
                         << requested << " cores";
  } else {
    for (; cores > 1; --cores)
      if (succeeded(splits = splitOverCores(placement, cores, root)))
        break;
    if (cores <= 1)
      splits = SmallVector<Split>();
  }
  if (coreCount == 0) {
    coreCount = cores;
    for (int64_t q = 0; q < cores; ++q) {
      Core core;
      core.column = q % device.columns;
      core.row = 2 + q / device.columns;
      design.cores.push_back(core);
    }
    coreSubst.resize(cores);
  } else if (cores > coreCount) {
    return error(root) << "this phase would use " << cores
                       << " cores, an earlier one " << coreCount
                       << "; phases of one design share their cores";
  }
  design.notes.push_back(llvm::formatv(
      "phase {0}: {1} work item{2} ({3} placed loop{4}) on {5} core{6}", phase,
      items, items == 1 ? "" : "s", depth, depth == 1 ? "" : "s", cores,
      cores == 1 ? "" : "s").str());

  // Per core: which counter values of the split loops it takes.
  for (int64_t q = 0; q < cores; ++q) {
    DenseMap<int, std::pair<int64_t, int64_t>> subst;
    int64_t rest = q;
    for (const Split &split : *splits) {
      subst[split.loop] = {rest % split.parts, split.parts};
      rest /= split.parts;
    }
    coreSubst[q] = subst;
  }

  // Streams: read-only sites, grouped when consecutive and equal.
  SmallVector<StreamGroup> groups;
  for (unsigned i = 0, e = sites.size(); i < e; ++i) {
    const Site &site = sites[i];
    if (llvm::is_contained(written, site.tensor))
      continue;
    auto sameStream = [&](const StreamGroup &group) {
      const Site &first = sites[group.sites.front()];
      if (first.tensor != site.tensor || first.rows != site.rows ||
          first.cols != site.cols)
        return false;
      // Sequential (no shared item loop) and the same pattern per item.
      for (unsigned other : group.sites)
        for (int loop : sites[other].innerLoops)
          if (!llvm::is_contained(ArrayRef<LoopInfo *>(placement),
                                  loopById[loop]) &&
              llvm::is_contained(site.innerLoops, loop))
            return false;
      SmallVector<int64_t> a, b;
      for (int loop : first.innerLoops)
        a.push_back(loopById[loop]->count);
      for (int loop : site.innerLoops)
        b.push_back(loopById[loop]->count);
      if (a != b)
        return false;
      // Offsets equal up to renaming the item loops positionally.
      for (auto [x, y] : llvm::zip(first.offsets, site.offsets)) {
        if (x.constant != y.constant)
          return false;
        Affine rx = splitTerms(x, placement).first, ry = splitTerms(y, placement).first;
        if (rx.terms != ry.terms)
          return false;
        for (auto [lx, ly] : llvm::zip(first.innerLoops, site.innerLoops))
          if (x.getCoefficient(lx) != y.getCoefficient(ly))
            return false;
      }
      return true;
    };
    auto *group = llvm::find_if(groups, sameStream);
    if (group != groups.end()) {
      group->sites.push_back(i);
      continue;
    }
    StreamGroup fresh;
    fresh.tensor = site.tensor;
    fresh.sites.push_back(i);
    groups.push_back(fresh);
  }

  DenseMap<Operation *, SmallVector<int>> siteOf;
  for (auto [i, site] : llvm::enumerate(sites))
    siteOf[site.submit].push_back(i);

  std::string prefix = phase == 0 ? "" : llvm::formatv("p{0}_", phase).str();
  for (int64_t q = 0; q < cores; ++q) {
    const auto &subst = coreSubst[q];
    auto newFifo = [&](std::string name, Fifo::Kind kind, int tensor,
                       SmallVector<int64_t, 2> shape, int depth) {
      Fifo fifo;
      fifo.name = prefix + name + llvm::formatv("_c{0}", q).str();
      fifo.kind = kind;
      (kind == Fifo::Kind::FromShim ? fifo.consumerCore : fifo.producerCore) = q;
      fifo.depth = depth;
      fifo.shape = shape;
      fifo.element = design.tensors[tensor].type.getElementType();
      fifo.tensor = tensor;
      fifo.phase = phase;
      design.fifos.push_back(fifo);
      return static_cast<int>(design.fifos.size() - 1);
    };
    // The placement share of core q, outermost first: (count, counter id).
    SmallVector<std::pair<int64_t, int>> share;
    for (LoopInfo *loop : placement) {
      auto it = subst.find(loop->id);
      share.push_back({it == subst.end() ? loop->count
                                         : loop->count / it->second.second,
                       loop->id});
    }
    auto shareDims = [&](const Affine &linear) {
      SmallVector<std::pair<int64_t, int64_t>> dims;
      Affine placed = substitute(splitTerms(linear, placement).first, subst);
      for (auto [count, id] : share)
        dims.push_back({count, placed.getCoefficient(id)});
      return std::make_pair(dims, placed.constant);
    };

    // Resident buffers.
    SmallVector<Resident> coreResidents(residents.begin(), residents.end());
    std::vector<Stmt> prologue, epilogue;
    for (Resident &resident : coreResidents) {
      const HostTensor &tensor = design.tensors[resident.tensor];
      SmallVector<int64_t> strides = getStrides(tensor.type);
      SmallVector<Affine> origin(resident.origin.begin() +
                                     (tensor.type.getRank() == 1 ? 1 : 0),
                                 resident.origin.end());
      Affine linear = linearize(origin, strides);
      int64_t rowStride = tensor.type.getRank() >= 2
                              ? strides[tensor.type.getRank() - 2]
                              : resident.cols();
      auto [dims, shift] = shareDims(linear);
      dims.push_back({resident.rows(), rowStride});
      dims.push_back({resident.cols(), 1});
      resident.storeFifo = newFifo(tensor.name + "_st", Fifo::Kind::ToShim,
                                   resident.tensor,
                                   {resident.rows(), resident.cols()}, 1);
      if (failed(emitTransfers(design.fifos[resident.storeFifo],
                               linear.constant + shift, dims, root)))
        return failure();
      Stmt acquire;
      acquire.kind = Stmt::Kind::Acquire;
      acquire.fifo = resident.storeFifo;
      acquire.produce = true;
      acquire.result = design.buffers++;
      prologue.push_back(acquire);
      if (resident.load) {
        resident.loadFifo = newFifo(tensor.name + "_ld", Fifo::Kind::FromShim,
                                    resident.tensor,
                                    {resident.rows(), resident.cols()}, 1);
        if (failed(emitTransfers(design.fifos[resident.loadFifo],
                                 linear.constant + shift, dims, root)))
          return failure();
        Stmt load = acquire;
        load.fifo = resident.loadFifo;
        load.produce = false;
        load.result = design.buffers++;
        prologue.push_back(load);
        Stmt copy;
        copy.kind = Stmt::Kind::Copy;
        copy.source = load.result;
        copy.result = acquire.result;
        copy.bytes = design.fifos[resident.loadFifo].getElementBytes();
        prologue.push_back(copy);
        Stmt release;
        release.kind = Stmt::Kind::Release;
        release.fifo = resident.loadFifo;
        release.produce = false;
        prologue.push_back(release);
      }
      Stmt release;
      release.kind = Stmt::Kind::Release;
      release.fifo = resident.storeFifo;
      release.produce = true;
      epilogue.insert(epilogue.begin(), release);
    }
    // Streams.
    SmallVector<StreamGroup> coreGroups(groups.begin(), groups.end());
    for (StreamGroup &group : coreGroups) {
      const Site &first = sites[group.sites.front()];
      const HostTensor &tensor = design.tensors[group.tensor];
      SmallVector<int64_t> strides = getStrides(tensor.type);
      int64_t rank = tensor.type.getRank();
      Affine linear = linearize(first.offsets, strides);
      std::string name = tensor.name + "_in";
      int sameTensor = llvm::count_if(coreGroups, [&](const StreamGroup &g) {
        return g.tensor == group.tensor && g.fifo >= 0;
      });
      if (sameTensor > 0)
        name += llvm::utostr(sameTensor);
      group.fifo = newFifo(name, Fifo::Kind::FromShim, group.tensor,
                           {first.rows, first.cols}, 2);
      auto [dims, shift] = shareDims(linear);
      if (group.sites.size() > 1)
        dims.push_back({static_cast<int64_t>(group.sites.size()), 0});
      for (int loop : first.innerLoops) {
        if (llvm::is_contained(ArrayRef<LoopInfo *>(placement), loopById[loop]))
          continue;
        dims.push_back({loopById[loop]->count, linear.getCoefficient(loop)});
      }
      dims.push_back({first.rows, rank >= 2 ? strides[rank - 2] : first.cols});
      dims.push_back({first.cols, 1});
      Affine rest = splitTerms(linear, placement).second;
      if (failed(emitTransfers(design.fifos[group.fifo], rest.constant + shift,
                               dims, root)))
        return failure();
    }

    // The program: placement share loops around the item.
    std::vector<Stmt> item = prologue;
    std::vector<Stmt> inner;
    LogicalResult built =
        depth == 0
            ? buildStmt(*root, sites, coreGroups, coreResidents, siteOf, inner)
            : buildItem(*placement.back()->op.getBody(), sites, coreGroups,
                        coreResidents, siteOf, inner);
    if (failed(built))
      return failure();
    // Resident buffers are known by the ids of their store acquires.
    std::function<void(std::vector<Stmt> &)> patch = [&](std::vector<Stmt> &stmts) {
      for (Stmt &stmt : stmts) {
        patch(stmt.body);
        for (CallArgument &arg : stmt.args)
          if (arg.kind == CallArgument::Kind::View && arg.buffer <= -2) {
            int r = -arg.buffer - 2;
            for (const Stmt &p : prologue)
              if (p.kind == Stmt::Kind::Acquire && p.produce &&
                  p.fifo == coreResidents[r].storeFifo)
                arg.buffer = p.result;
          }
        for (CallArgument &arg : stmt.args) {
          arg.offset = substitute(arg.offset, subst);
          arg.index = substitute(arg.index, subst);
        }
      }
    };
    patch(inner);
    item.insert(item.end(), inner.begin(), inner.end());
    item.insert(item.end(), epilogue.begin(), epilogue.end());
    std::vector<Stmt> program = std::move(item);
    for (auto [count, id] : llvm::reverse(share)) {
      Stmt loop;
      loop.kind = Stmt::Kind::For;
      loop.loop = id;
      loop.count = count;
      loop.body = std::move(program);
      program.clear();
      program.push_back(std::move(loop));
    }
    Core &core = design.cores[q];
    core.program.insert(core.program.end(), program.begin(), program.end());
    core.items += items / cores;
    std::function<int64_t(const std::vector<Stmt> &)> countCalls =
        [&](const std::vector<Stmt> &stmts) {
          int64_t n = 0;
          for (const Stmt &stmt : stmts)
            n += stmt.kind == Stmt::Kind::Call ? 1
                 : stmt.kind == Stmt::Kind::For ? stmt.count * countCalls(stmt.body)
                                                : 0;
          return n;
        };
    core.calls += countCalls(program);
  }
  return success();
}

/// One process of a CSP pipeline, as the AIE target maps it.
struct ProcessPlan {
  ProcessOp op;
  int64_t instances = 1;
  Block *body = nullptr;        // the per-token body
  ChannelOp input, output;      // at most one each
  int firstCore = 0;
  std::vector<Site> sites;
};

LogicalResult DesignBuilder::planPipeline(PipelineOp pipeline) {
  // A pipeline maps to cores when it is a chain: one source process looping
  // over a static token sequence, then processes each receiving tokens on
  // one channel and sending them on at most one. Tokens are distributed
  // round-robin over a process's instances (a static schedule of what
  // cpu_sim's channels do dynamically), every instance is a core, and every
  // channel an object FIFO per pair of instances carrying the tile the
  // sender's task wrote and the receiver's task reads.
  SmallVector<ProcessPlan> processes;
  SmallVector<ChannelOp> channels;
  for (Operation &op : pipeline.getBody().front()) {
    if (auto channel = dyn_cast<ChannelOp>(op)) {
      channels.push_back(channel);
    } else if (auto process = dyn_cast<ProcessOp>(op)) {
      ProcessPlan plan;
      plan.op = process;
      plan.instances = process.getInstances();
      processes.push_back(plan);
    } else if (!isa<taskgraph::YieldOp>(op) &&
               op.getDialect()->getNamespace() != "arith") {
      return error(&op) << "only channels and processes are supported in a "
                           "pipeline for target aie";
    }
  }
  // The token sequence: the source's loop.
  ProcessPlan *source = nullptr;
  LoopInfo *tokens = nullptr;
  for (ProcessPlan &plan : processes) {
    Block &block = plan.op.getBody().front();
    if (!block.getArgument(0).use_empty())
      return error(plan.op) << "process \"" << plan.op.getName()
                            << "\" uses its instance number; target aie "
                               "distributes tokens over instances itself";
    for (Operation &op : block) {
      if (auto loop = dyn_cast<scf::ForOp>(op)) {
        if (source)
          return error(plan.op) << "a pipeline for target aie has one source "
                                   "process (a loop over the tokens); \""
                                << source->op.getName() << "\" is one already";
        if (plan.instances != 1)
          return error(plan.op) << "the source process must have one instance";
        if (failed(registerLoop(loop)))
          return failure();
        source = &plan;
        tokens = loopById[loops[loop].id];
        plan.body = loop.getBody();
      } else if (auto loop = dyn_cast<scf::WhileOp>(op)) {
        auto recv = dyn_cast<RecvOp>(&loop.getBefore().front().front());
        if (!recv || loop.getAfter().front().getNumArguments() != 1)
          return error(loop) << "a process receives one token per iteration "
                                "of a loop over one channel";
        plan.input = recv.getChannel().getDefiningOp<ChannelOp>();
        plan.body = &loop.getAfter().front();
      } else if (!isa<CloseOp, taskgraph::YieldOp>(op) &&
                 op.getDialect()->getNamespace() != "arith") {
        return error(&op) << "'" << op.getName().getStringRef()
                          << "' is not supported in a process for target aie";
      }
    }
    if (!plan.body)
      return error(plan.op) << "process \"" << plan.op.getName()
                            << "\" neither loops over tokens nor receives them";
    // Sends: all of the token, on one channel.
    plan.body->walk([&](SendOp send) {
      plan.output = send.getChannel().getDefiningOp<ChannelOp>();
    });
  }
  if (!source)
    return error(pipeline) << "a pipeline for target aie needs a source "
                              "process looping over a static token sequence";
  // Token values: the source's loop variable; every received token is the
  // value sent, i.e. the same sequence.
  Affine token;
  token.constant = tokens->lb;
  token.terms.push_back({tokens->id, tokens->step});
  tokenValues[cast<scf::ForOp>(source->body->getParentOp()).getInductionVar()] =
      token;
  for (ProcessPlan &plan : processes) {
    if (&plan != source)
      tokenValues[plan.body->getArgument(0)] = token;
    WalkResult sends = plan.body->walk([&](SendOp send) {
      if (send.getPayload().size() != 1 ||
          !tokenValues.count(send.getPayload()[0]) ||
          send.getChannel().getDefiningOp<ChannelOp>() != plan.output) {
        error(send) << "a process sends the token it works on, on one channel";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (sends.wasInterrupted())
      return failure();
  }
  // The chain, from the source: each channel has one sender and one receiver.
  SmallVector<ProcessPlan *> chain = {source};
  while (chain.back()->output) {
    ChannelOp channel = chain.back()->output;
    ProcessPlan *next = nullptr;
    for (ProcessPlan &plan : processes)
      if (plan.input == channel) {
        if (next)
          return error(channel) << "channel \"" << channel.getName()
                                << "\" has two receiving processes";
        next = &plan;
      }
    if (!next)
      return error(channel) << "nothing receives channel \"" << channel.getName()
                            << "\"";
    if (llvm::is_contained(chain, next))
      return error(channel) << "the stream graph is not a DAG: channel \""
                            << channel.getName() << "\" closes a cycle";
    chain.push_back(next);
  }
  if (chain.size() != processes.size())
    return error(pipeline) << "every process must be on the chain from the "
                              "source (one input and one output channel each)";

  // Cores and the token share of each instance.
  int64_t total = 0;
  for (ProcessPlan *plan : chain) {
    plan->firstCore = total;
    total += plan->instances;
    if (tokens->count % plan->instances != 0)
      return error(plan->op) << "process \"" << plan->op.getName() << "\": "
                             << tokens->count << " tokens cannot be split evenly "
                             << "over " << plan->instances << " instances";
  }
  if (total > device.columns * device.coreRows)
    return error(pipeline) << "the pipeline needs " << total << " cores, "
                           << device.name << " has "
                           << device.columns * device.coreRows;
  for (int64_t q = 0; q < total; ++q) {
    Core core;
    core.column = q % device.columns;
    core.row = 2 + q / device.columns;
    design.cores.push_back(core);
  }
  coreCount = total;
  coreSubst.resize(total);

  // Sites per process; the tensors channels carry.
  for (ProcessPlan *plan : chain) {
    SmallVector<int> enclosing = {tokens->id};
    if (failed(collectSites(*plan->body, enclosing, plan->sites)))
      return failure();
  }
  // carried[(process index, site index)] = true for channel-carried sites.
  std::set<std::pair<unsigned, unsigned>> carried;
  SmallVector<int> carriedTensor(chain.size(), -1);
  for (unsigned p = 0; p + 1 < chain.size(); ++p) {
    for (auto [w, write] : llvm::enumerate(chain[p]->sites)) {
      if (write.mode != AccessMode::Write)
        continue;
      for (auto [r, read] : llvm::enumerate(chain[p + 1]->sites)) {
        if (read.tensor != write.tensor || read.mode != AccessMode::Read)
          continue;
        bool same = read.rows == write.rows && read.cols == write.cols;
        for (auto [a, b] : llvm::zip(read.offsets, write.offsets))
          same &= a.constant == b.constant && a.terms == b.terms;
        if (!same)
          return error(read.submit)
                 << "reads a region of " << design.tensors[read.tensor].name
                 << " other than the one the sending process wrote for this "
                    "token; a channel carries exactly that tile";
        if (carriedTensor[p] != -1 && carriedTensor[p] != read.tensor)
          return error(read.submit) << "a channel carries one tile per token "
                                       "for target aie";
        carriedTensor[p] = read.tensor;
        carried.insert({p, static_cast<unsigned>(w)});
        carried.insert({p + 1, static_cast<unsigned>(r)});
        design.tensors[read.tensor].onChip = true;
      }
    }
    if (carriedTensor[p] == -1)
      return error(chain[p]->output)
             << "channel \"" << chain[p]->output.getName()
             << "\" carries no tile: the receiving process reads nothing the "
                "sending one wrote (token-only channels are not supported)";
  }
  // A carried tensor lives in FIFOs only: no other access may touch it.
  for (auto [p, plan] : llvm::enumerate(chain))
    for (auto [i, site] : llvm::enumerate(plan->sites))
      if (design.tensors[site.tensor].onChip && !carried.count({p, i}))
        return error(site.submit)
               << design.tensors[site.tensor].name
               << " travels through a channel; target aie keeps it in object "
                  "FIFOs, so it cannot also be accessed here";

  // Channel FIFOs, one per pair of instances that exchange tokens.
  // fifoOf[p][(sender instance, receiver instance)].
  SmallVector<std::map<std::pair<int64_t, int64_t>, int>> fifoOf(chain.size());
  for (unsigned p = 0; p + 1 < chain.size(); ++p) {
    int64_t senders = chain[p]->instances, receivers = chain[p + 1]->instances;
    if (senders != 1 && receivers != 1 && senders != receivers)
      return error(chain[p]->output)
             << "channel \"" << chain[p]->output.getName() << "\" joins "
             << senders << " senders to " << receivers
             << " receivers; target aie pairs them 1:n, n:1 or n:n";
    const Site &site = *llvm::find_if(chain[p]->sites, [&](const Site &s) {
      return s.tensor == carriedTensor[p] && s.mode == AccessMode::Write;
    });
    int64_t pairs = std::max(senders, receivers);
    for (int64_t k = 0; k < pairs; ++k) {
      int64_t s = senders == 1 ? 0 : k, r = receivers == 1 ? 0 : k;
      Fifo fifo;
      fifo.name = llvm::formatv("{0}_{1}_{2}", chain[p]->output.getName(), s, r).str();
      fifo.kind = Fifo::Kind::CoreToCore;
      fifo.producerCore = chain[p]->firstCore + s;
      fifo.consumerCore = chain[p + 1]->firstCore + r;
      fifo.depth = std::max<int64_t>(1, chain[p]->output.getCapacity());
      fifo.shape = {site.rows, site.cols};
      fifo.element = design.tensors[site.tensor].type.getElementType();
      fifo.tensor = site.tensor;
      design.fifos.push_back(fifo);
      fifoOf[p][{s, r}] = design.fifos.size() - 1;
    }
  }
  design.notes.push_back(llvm::formatv(
      "pipeline: {0} tokens through {1} processes on {2} cores", tokens->count,
      chain.size(), total).str());

  // Each instance: its tokens j = i + instances * m, in order.
  for (auto [p, plan] : llvm::enumerate(chain)) {
    int64_t q = plan->instances;
    // Instances of a neighbour that take turns (n:1) unroll the body.
    int64_t in = p > 0 ? chain[p - 1]->instances : 1;
    int64_t outN = p + 1 < chain.size() ? chain[p + 1]->instances : 1;
    int64_t unroll = q == 1 ? std::max(in, outN) : 1;
    if (q == 1 && in > 1 && outN > 1 && in != outN)
      return error(plan->op) << "process \"" << plan->op.getName()
                             << "\" alternates between " << in << " senders and "
                             << outN << " receivers";
    if ((tokens->count / q) % unroll != 0)
      return error(plan->op) << "process \"" << plan->op.getName() << "\": "
                             << tokens->count / q << " tokens do not divide "
                             << "into turns of " << unroll;
    // The placement machinery: the token loop, split over the instances.
    SmallVector<LoopInfo *> placement = {tokens};
    SmallVector<int> written;
    for (auto [i, site] : llvm::enumerate(plan->sites)) {
      design.tensors[site.tensor].read |= site.mode != AccessMode::Write;
      if (site.mode != AccessMode::Read && !carried.count({p, i})) {
        design.tensors[site.tensor].written = true;
        if (!llvm::is_contained(written, site.tensor))
          written.push_back(site.tensor);
      }
    }
    SmallVector<Resident> residents;
    for (int tensor : written) {
      SmallVector<unsigned> indices;
      for (auto [i, site] : llvm::enumerate(plan->sites))
        if (site.tensor == tensor)
          indices.push_back(i);
      FailureOr<Resident> resident =
          computeResident(tensor, plan->sites, indices, placement);
      if (failed(resident))
        return failure();
      if (!isDisjointAcrossItems(*resident, placement))
        return error(plan->sites[indices.front()].submit)
               << "tokens of process \"" << plan->op.getName()
               << "\" write overlapping regions of "
               << design.tensors[tensor].name;
      resident->load = !coversBox(plan->sites[indices.front()], *resident, placement);
      residents.push_back(*resident);
    }
    SmallVector<StreamGroup> groups;
    for (auto [i, site] : llvm::enumerate(plan->sites))
      if (!carried.count({p, i}) && !llvm::is_contained(written, site.tensor)) {
        StreamGroup group;
        group.tensor = site.tensor;
        group.sites.push_back(i);
        groups.push_back(group);
      }
    DenseMap<Operation *, SmallVector<int>> siteOf;
    for (auto [i, site] : llvm::enumerate(plan->sites))
      siteOf[site.submit].push_back(i);

    for (int64_t instance = 0; instance < q; ++instance) {
      int core = plan->firstCore + instance;
      std::string prefix = (plan->op.getName() + "_" + llvm::utostr(instance) + "_").str();
      std::vector<Stmt> item;
      // Host-side FIFOs of this instance (streams and residents), as for a
      // phase: the token loop split over the instances.
      DenseMap<int, std::pair<int64_t, int64_t>> subst;
      subst[tokens->id] = {instance, q};
      auto newFifo = [&](std::string name, Fifo::Kind kind, int tensor,
                         SmallVector<int64_t, 2> shape, int depth) {
        Fifo fifo;
        fifo.name = prefix + name;
        fifo.kind = kind;
        (kind == Fifo::Kind::FromShim ? fifo.consumerCore : fifo.producerCore) = core;
        fifo.depth = depth;
        fifo.shape = shape;
        fifo.element = design.tensors[tensor].type.getElementType();
        fifo.tensor = tensor;
        design.fifos.push_back(fifo);
        return static_cast<int>(design.fifos.size() - 1);
      };
      auto shareDims = [&](const Affine &linear) {
        Affine placed = substitute(splitTerms(linear, placement).first, subst);
        SmallVector<std::pair<int64_t, int64_t>> dims = {
            {tokens->count / q, placed.getCoefficient(tokens->id)}};
        return std::make_pair(dims, placed.constant);
      };
      std::vector<Stmt> prologue, epilogue;
      SmallVector<Resident> coreResidents(residents.begin(), residents.end());
      for (Resident &resident : coreResidents) {
        const HostTensor &tensor = design.tensors[resident.tensor];
        SmallVector<int64_t> strides = getStrides(tensor.type);
        SmallVector<Affine> origin(resident.origin.begin() +
                                       (tensor.type.getRank() == 1 ? 1 : 0),
                                   resident.origin.end());
        Affine linear = linearize(origin, strides);
        int64_t rowStride = tensor.type.getRank() >= 2
                                ? strides[tensor.type.getRank() - 2]
                                : resident.cols();
        auto [dims, shift] = shareDims(linear);
        dims.push_back({resident.rows(), rowStride});
        dims.push_back({resident.cols(), 1});
        resident.storeFifo = newFifo(tensor.name + "_st", Fifo::Kind::ToShim,
                                     resident.tensor,
                                     {resident.rows(), resident.cols()}, 2);
        if (failed(emitTransfers(design.fifos[resident.storeFifo],
                                 linear.constant + shift, dims, plan->op)))
          return failure();
        if (resident.load)
          return error(plan->op) << "process \"" << plan->op.getName()
                                 << "\" reads and writes "
                                 << design.tensors[resident.tensor].name
                                 << "; target aie supports write-only "
                                    "outputs in pipelines";
      }
      SmallVector<StreamGroup> coreGroups(groups.begin(), groups.end());
      for (StreamGroup &group : coreGroups) {
        const Site &first = plan->sites[group.sites.front()];
        const HostTensor &tensor = design.tensors[group.tensor];
        SmallVector<int64_t> strides = getStrides(tensor.type);
        int64_t rank = tensor.type.getRank();
        Affine linear = linearize(first.offsets, strides);
        group.fifo = newFifo(tensor.name + "_in", Fifo::Kind::FromShim,
                             group.tensor, {first.rows, first.cols}, 2);
        auto [dims, shift] = shareDims(linear);
        for (int loop : first.innerLoops)
          if (loop != tokens->id)
            dims.push_back({loopById[loop]->count, linear.getCoefficient(loop)});
        dims.push_back({first.rows, rank >= 2 ? strides[rank - 2] : first.cols});
        dims.push_back({first.cols, 1});
        Affine rest = splitTerms(linear, placement).second;
        if (failed(emitTransfers(design.fifos[group.fifo], rest.constant + shift,
                                 dims, plan->op)))
          return failure();
      }
      // The body, once per turn of the alternating neighbour.
      std::vector<Stmt> turns;
      for (int64_t turn = 0; turn < unroll; ++turn) {
        // Each output buffer: acquired at the token's start, released (sent
        // to the shim) at its end.
        prologue.clear();
        epilogue.clear();
        for (Resident &resident : coreResidents) {
          Stmt acquire;
          acquire.kind = Stmt::Kind::Acquire;
          acquire.fifo = resident.storeFifo;
          acquire.produce = true;
          acquire.result = design.buffers++;
          prologue.push_back(acquire);
          Stmt release = acquire;
          release.kind = Stmt::Kind::Release;
          epilogue.insert(epilogue.begin(), release);
        }
        channelSites.clear();
        // Global token index of this turn: instance + q * (unroll * m + turn).
        for (auto [i, site] : llvm::enumerate(plan->sites)) {
          if (!carried.count({p, i}))
            continue;
          // Token j goes from sender j mod S to receiver j mod R; a single
          // instance facing several takes them in turns.
          bool sends = site.mode == AccessMode::Write;
          unsigned channel = sends ? p : p - 1;
          int64_t senders = chain[channel]->instances;
          int64_t receivers = chain[channel + 1]->instances;
          int64_t s, r;
          if (sends) {
            s = senders == 1 ? 0 : instance;
            r = receivers == 1 ? 0 : (senders == 1 ? turn : instance);
          } else {
            r = receivers == 1 ? 0 : instance;
            s = senders == 1 ? 0 : (receivers == 1 ? turn : instance);
          }
          channelSites[i] = {fifoOf[channel].at({s, r}), sends};
        }
        std::vector<Stmt> body;
        if (failed(buildItem(*plan->body, plan->sites, coreGroups, coreResidents,
                             siteOf, body)))
          return failure();
        // This turn's token: j = instance + q * (unroll * m + turn).
        DenseMap<int, std::pair<int64_t, int64_t>> turnSubst;
        turnSubst[tokens->id] = {instance + q * turn, q * unroll};
        std::vector<Stmt> full = prologue;
        full.insert(full.end(), body.begin(), body.end());
        full.insert(full.end(), epilogue.begin(), epilogue.end());
        std::function<void(std::vector<Stmt> &)> patch = [&](std::vector<Stmt> &stmts) {
          for (Stmt &stmt : stmts) {
            patch(stmt.body);
            for (CallArgument &arg : stmt.args) {
              if (arg.kind == CallArgument::Kind::View && arg.buffer <= -2) {
                int res = -arg.buffer - 2;
                for (const Stmt &pro : prologue)
                  if (pro.kind == Stmt::Kind::Acquire && pro.produce &&
                      pro.fifo == coreResidents[res].storeFifo)
                    arg.buffer = pro.result;
              }
              arg.offset = substitute(arg.offset, turnSubst);
              arg.index = substitute(arg.index, turnSubst);
            }
          }
        };
        patch(full);
        turns.insert(turns.end(), full.begin(), full.end());
      }
      Stmt loop;
      loop.kind = Stmt::Kind::For;
      loop.loop = tokens->id;
      loop.count = tokens->count / q / unroll;
      loop.body = std::move(turns);
      Core &coreInfo = design.cores[core];
      coreInfo.items = tokens->count / q;
      std::function<int64_t(const std::vector<Stmt> &)> countCalls =
          [&](const std::vector<Stmt> &stmts) {
            int64_t n = 0;
            for (const Stmt &stmt : stmts)
              n += stmt.kind == Stmt::Kind::Call ? 1
                   : stmt.kind == Stmt::Kind::For ? stmt.count * countCalls(stmt.body)
                                                  : 0;
            return n;
          };
      coreInfo.program.push_back(std::move(loop));
      coreInfo.calls = countCalls(coreInfo.program);
    }
  }
  channelSites.clear();
  return success();
}

LogicalResult DesignBuilder::finish() {
  // Memory: every core's FIFO buffers and stack fit its data memory, with
  // double-buffered streams where they fit and single buffers otherwise.
  for (int q = 0, e = design.cores.size(); q < e; ++q) {
    if (design.getCoreMemoryBytes(q) > device.coreMemoryBytes)
      for (Fifo &fifo : design.fifos)
        if (fifo.consumerCore == q && fifo.depth > 1)
          fifo.depth = 1;
    int64_t bytes = design.getCoreMemoryBytes(q);
    if (bytes > device.coreMemoryBytes) {
      InFlightDiagnostic diag = graph.emitOpError("(target aie): ")
                                << design.cores[q].getName() << " needs "
                                << bytes << " bytes of data memory, "
                                << device.name << "'s compute tiles have "
                                << device.coreMemoryBytes << ":";
      for (const Fifo &fifo : design.fifos)
        if (fifo.producerCore == q || fifo.consumerCore == q)
          diag << " @" << fifo.name << " " << fifo.depth << "x"
               << fifo.getElementBytes();
      diag << " + stack " << kCoreStackBytes;
      return diag;
    }
  }
  for (int column = 0; column < device.columns; ++column) {
    int64_t bytes = design.getMemtileMemoryBytes(column);
    if (bytes > device.memtileMemoryBytes)
      return graph.emitOpError("(target aie): the memtile of column ")
             << column << " stages " << bytes << " bytes, more than its "
             << device.memtileMemoryBytes;
  }
  // DMA channels: warn (the emulation runs it; hardware needs merging).
  for (int q = 0, e = design.cores.size(); q < e; ++q)
    for (bool input : {true, false}) {
      int channels = design.getDmaChannels(q, input);
      if (channels > device.coreDmaChannels)
        design.warnings.push_back(llvm::formatv(
            "{0} uses {1} {2} DMA channels; {3}'s compute tiles have {4} "
            "(streams would have to be merged on hardware)",
            design.cores[q].getName(), channels, input ? "input" : "output",
            device.name, device.coreDmaChannels).str());
    }
  for (int column = 0; column < device.columns; ++column)
    for (bool toShim : {false, true})
      for (int phase = 0; phase < design.phases; ++phase) {
        int channels = 0;
        for (const Fifo &fifo : design.fifos) {
          if (!fifo.isShim() || fifo.phase != phase ||
              (fifo.kind == Fifo::Kind::ToShim) != toShim)
            continue;
          int core = toShim ? fifo.producerCore : fifo.consumerCore;
          channels += design.cores[core].column == column;
        }
        if (channels > device.shimDmaChannels)
          design.warnings.push_back(llvm::formatv(
              "the shim of column {0} uses {1} {2} channels in phase {3}; it "
              "has {4}",
              column, channels, toShim ? "S2MM" : "MM2S", phase,
              device.shimDmaChannels).str());
      }
  return success();
}

FailureOr<Design> DesignBuilder::build() {
  design.graph = graph.getSymName().str();
  design.device = &device;
  if (failed(checkSchedule()) || failed(collectTensors()))
    return failure();
  int phase = 0;
  bool pipelined = false;
  for (Operation &op : graph.getBody().front()) {
    if (isa<scf::ForOp, SubmitOp>(op) && pipelined)
      return error(&op) << "a CSP pipeline must be the only statement of "
                           "its workload for target aie";
    if (isa<scf::ForOp, SubmitOp>(op)) {
      if (failed(planPhase(&op, phase)))
        return failure();
      ++phase;
      continue;
    }
    if (isa<TensorRegionOp, taskgraph::YieldOp, WaitAllOp>(op) ||
        op.getDialect()->getNamespace() == "arith")
      continue;
    if (auto pipeline = dyn_cast<PipelineOp>(op)) {
      if (phase != 0 || !design.cores.empty())
        return error(&op) << "a CSP pipeline must be the only statement of "
                             "its workload for target aie";
      if (failed(planPipeline(pipeline)))
        return failure();
      pipelined = true;
      ++phase;
      continue;
    }
    if (isa<ProcessOp, ChannelOp>(op))
      return error(&op) << "processes and channels outside a pipeline are "
                           "not supported by target aie";
    if (isa<scf::IfOp>(op))
      return error(&op) << "a conditional on run-time values cannot be "
                           "placed: an AIE design is static";
    if (isa<ScopeOp>(op))
      return error(&op) << "taskgraph.scope is not supported";
    if (isa<RuntimeSymbolOp>(op))
      continue;
    return error(&op) << "'" << op.getName().getStringRef()
                      << "' is not supported in a task graph for target aie";
  }
  if (design.cores.empty())
    return graph.emitOpError("(target aie): the graph submits no tasks");
  design.phases = std::max(phase, 1);
  if (failed(finish()))
    return failure();
  return design;
}

} // namespace

FailureOr<Design> ptowsp::aie::buildDesign(Operation *op,
                                           const DeviceInfo &device) {
  auto graph = dyn_cast<GraphOp>(op);
  if (!graph)
    return op->emitOpError("is not a taskgraph.graph");
  return DesignBuilder(graph, device).build();
}
