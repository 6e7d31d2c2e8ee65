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
// This file: the walk over the graph (phases, the pipeline), tensors and
// loops, affine indices, sites, the schedule and resource checks.
//
//===----------------------------------------------------------------------===//

#include "DesignBuilder.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <functional>
#include <set>

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;
using namespace ptowsp::aie::planner;
using namespace ptowsp::taskgraph;

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



FailureOr<Design> ptowsp::aie::buildDesign(Operation *op,
                                           const DeviceInfo &device) {
  auto graph = dyn_cast<GraphOp>(op);
  if (!graph)
    return op->emitOpError("is not a taskgraph.graph");
  return DesignBuilder(graph, device).build();
}

