//===- WorkloadToTaskGraph.cpp - workloads to task-generation programs ----===//
//
// Lowers each workload, under its schedule, to a taskgraph.graph: loops over
// axes become scf.for loops (never unrolled), views become regions, tasks
// become submissions, csp pipelines become joined processes exchanging tokens
// over channels, and the schedule becomes the graph's #taskgraph.config plus
// per-submission key/priority/stream operands.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Conversion/WorkloadToTaskGraph/WorkloadToTaskGraph.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"
#include "pto-wsp/Dialect/Workload/Transforms/AccessSets.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace ptowsp {
#define GEN_PASS_DEF_CONVERTWORKLOADTOTASKGRAPH
#include "pto-wsp/Conversion/Passes.h.inc"
} // namespace ptowsp

using namespace mlir;
using namespace ptowsp;

//===----------------------------------------------------------------------===//
// Schedules
//===----------------------------------------------------------------------===//

namespace {
/// A schedule as the lowering uses it: the graph's config and the key regions
/// to inline at every submission (null where the schedule has none).
struct LoweredSchedule {
  taskgraph::ConfigAttr config;
  Region *dispatchKey = nullptr;
  Region *priorityKey = nullptr;
  Region *streamKey = nullptr;
};
} // namespace

/// Sets `result` to the task graph policy spelled like the schedule policy
/// `policy`: the two dialects define the same enums (so that taskgraph does
/// not depend on schedule) and the mapping is one to one by keyword.
template <typename To, typename From>
static LogicalResult convertPolicy(Operation *knob, From policy, To &result) {
  std::optional<To> converted =
      taskgraph::symbolizeEnum<To>(schedule::stringifyEnum(policy));
  if (!converted)
    return knob->emitOpError("policy '")
           << schedule::stringifyEnum(policy)
           << "' has no #taskgraph.config equivalent";
  result = *converted;
  return success();
}

/// Maps each knob of `scheduleOp` (null: no knobs) to its config field and
/// collects its key regions.
static FailureOr<LoweredSchedule>
lowerSchedule(MLIRContext *context, schedule::ScheduleOp scheduleOp) {
  // The defaults of #taskgraph.config (as in GraphOp::getConfigOrDefault),
  // which are those of the schedule knobs.
  auto dispatch = taskgraph::DispatchPolicy::RoundRobin;
  int64_t dispatchCount = 0, window = 8192, startThreshold = 0, streams = 0,
          timingBatch = 0;
  auto windowMode = taskgraph::WindowMode::Stall;
  auto deps = taskgraph::DepsMode::Exact;
  auto ready = taskgraph::ReadyPolicy::Fifo;
  auto pools = taskgraph::PoolPolicy::Single;
  auto start = taskgraph::StartPolicy::AfterOrchestration;
  auto timing = taskgraph::TimingPolicy::Immediate;
  auto trace = taskgraph::TracePolicy::None;
  LoweredSchedule lowered;
  auto keyOf = [](Region &key) { return key.empty() ? nullptr : &key; };

  if (scheduleOp) {
    for (Operation &knob : scheduleOp.getBody().front()) {
      // Every knob is either mapped or rejected: none is accepted and ignored.
      LogicalResult converted =
          TypeSwitch<Operation *, LogicalResult>(&knob)
              .Case([&](schedule::DispatchOp op) {
                if (IntegerAttr count = op.getCountAttr())
                  dispatchCount = count.getInt();
                lowered.dispatchKey = keyOf(op.getKey());
                return convertPolicy(op, op.getPolicy(), dispatch);
              })
              .Case([&](schedule::TaskWindowOp op) {
                window = op.getSizeAttr().getInt();
                return convertPolicy(op, op.getMode(), windowMode);
              })
              .Case([&](schedule::DepsOp op) {
                return convertPolicy(op, op.getMode(), deps);
              })
              .Case([&](schedule::ReadyOp op) {
                lowered.priorityKey = keyOf(op.getKey());
                return convertPolicy(op, op.getPolicy(), ready);
              })
              .Case([&](schedule::PoolsOp op) {
                return convertPolicy(op, op.getPolicy(), pools);
              })
              .Case([&](schedule::StartOp op) {
                if (IntegerAttr threshold = op.getThresholdAttr())
                  startThreshold = threshold.getInt();
                return convertPolicy(op, op.getPolicy(), start);
              })
              .Case([&](schedule::StreamsOp op) {
                streams = op.getCountAttr().getInt();
                return success();
              })
              .Case([&](schedule::StreamByOp op) {
                lowered.streamKey = keyOf(op.getKey());
                return success();
              })
              .Case([&](schedule::TimingOp op) {
                if (IntegerAttr batch = op.getBatchAttr())
                  timingBatch = batch.getInt();
                return convertPolicy(op, op.getPolicy(), timing);
              })
              .Case([&](schedule::TraceOp op) {
                return convertPolicy(op, op.getPolicy(), trace);
              })
              .Default([](Operation *op) {
                return op->emitOpError(
                    "is a schedule knob without a lowering to taskgraph");
              });
      if (failed(converted))
        return failure();
    }
  }

  Operation *diagnosticAnchor = scheduleOp.getOperation();
  lowered.config = taskgraph::ConfigAttr::getChecked(
      [&] {
        return diagnosticAnchor ? diagnosticAnchor->emitOpError()
                                : emitError(UnknownLoc::get(context));
      },
      context, dispatch, dispatchCount, window, windowMode, deps, ready, pools,
      start, startThreshold, streams, timing, timingBatch, trace);
  if (!lowered.config)
    return failure();
  // The schedule verifier pairs keyed policies with their key regions; the
  // graph verifier will reject any mismatch between config and submissions.
  return lowered;
}

FailureOr<taskgraph::ConfigAttr>
ptowsp::convertScheduleToConfig(MLIRContext *context,
                                schedule::ScheduleOp scheduleOp) {
  FailureOr<LoweredSchedule> lowered = lowerSchedule(context, scheduleOp);
  if (failed(lowered))
    return failure();
  return lowered->config;
}

//===----------------------------------------------------------------------===//
// Workload bodies
//===----------------------------------------------------------------------===//

/// The graph type of a workload value's type: views become regions and
/// channels carry converted payloads; scalars and tensors keep their types.
static Type convertType(Type type) {
  if (auto view = dyn_cast<workload::ViewType>(type))
    return taskgraph::TensorRegionType::get(type.getContext(), view.getShape(),
                                            view.getElementType());
  if (auto channel = dyn_cast<csp::ChannelType>(type))
    return taskgraph::ChannelType::get(
        type.getContext(),
        llvm::map_to_vector(channel.getPayloadTypes(), convertType));
  return type;
}

namespace {

/// The iteration space of one lowered loop: `lower..upper-1`, and for a
/// `select` the CSR indices tensor whose elements are the loop variable.
struct LoopBounds {
  Value lower, upper;
  Value storedIndices;
};

/// Lowers a workload body into a graph body, operation by operation, at the
/// builder's insertion point. Workload values map to graph values through
/// `mapping`; axes map to nothing, since each loop emits its bounds where it
/// starts (that is when a ragged length or CSR row is read).
class WorkloadLowering {
public:
  WorkloadLowering(OpBuilder &builder, const LoweredSchedule &schedule)
      : builder(builder), loweredSchedule(schedule) {}

  void map(Value from, Value to) { mapping.map(from, to); }
  LogicalResult lowerBlock(Block &block);

private:
  /// The graph values of already lowered workload values.
  SmallVector<Value> lookup(ValueRange values) {
    return llvm::to_vector(llvm::map_range(
        values, [&](Value value) { return mapping.lookup(value); }));
  }

  LogicalResult lowerOp(Operation &op);
  LogicalResult cloneOtherOp(Operation &op);

  // Loops and branches.
  template <typename LoopOp>
  LogicalResult lowerParallelLoop(LoopOp loop, bool iterateStoredIndices);
  LogicalResult lowerForEach(workload::ForEachOp loop);
  LogicalResult lowerChainedForEach(workload::ForEachOp loop);
  FailureOr<SmallVector<Value>> lowerChainedIteration(workload::ForEachOp loop,
                                                      Value variable,
                                                      ValueRange predecessors);
  template <typename LoopOp>
  LogicalResult lowerLoopBody(LoopOp loop, Value variable);
  LogicalResult lowerIf(workload::IfOp branch);
  LogicalResult lowerPipeline(csp::PipelineOp pipeline);
  LogicalResult lowerProcess(csp::ProcessOp process);
  LogicalResult lowerConsume(csp::ConsumeOp consume);
  FailureOr<LoopBounds> emitBounds(Operation *loop, Value axis,
                                   bool iterateStoredIndices);
  Value emitLoopVariable(const LoopBounds &bounds, Value inductionVar,
                         Location loc);

  // Tasks and their schedule values.
  LogicalResult lowerTask(workload::TaskOp task);
  FailureOr<Value> inlineKey(Region &key, workload::TaskOp task,
                             ArrayRef<Value> loweredArgs);
  Value lookupLoopVariable(StringRef name);

  // Scalars.
  Value constantIndex(int64_t value, Location loc) {
    return arith::ConstantIndexOp::create(builder, loc, value);
  }
  Value castToIndex(Value value, Location loc);
  Value loadIndex(Value tensor, ValueRange indices, Location loc);
  /// `size` if it is positive, else 0: a negative size is an empty axis.
  Value clampToZero(Value size, Location loc);

  OpBuilder &builder;
  const LoweredSchedule &loweredSchedule;
  IRMapping mapping;
  /// The lowered variables of the loops enclosing the insertion point, by the
  /// workload loop's name (innermost last), for `schedule.task_axis`.
  SmallVector<std::pair<StringRef, Value>> loopVariables;

  /// The iteration of a chained `for_each` being lowered: its tasks come
  /// after `predecessors` (the tasks of the previous iteration) and their
  /// handles are collected in `submitted` for the next one.
  struct ChainedIteration {
    Block *body;
    ValueRange predecessors;
    SmallVector<Value> submitted;
  };
  ChainedIteration *chain = nullptr;
};

} // namespace

LogicalResult WorkloadLowering::lowerBlock(Block &block) {
  for (Operation &op : block.without_terminator())
    if (failed(lowerOp(op)))
      return failure();
  return success();
}

LogicalResult WorkloadLowering::lowerOp(Operation &op) {
  Location loc = op.getLoc();
  return TypeSwitch<Operation *, LogicalResult>(&op)
      // Axes emit nothing where they are defined: see emitBounds.
      .Case<workload::DenseOp, workload::DenseDynOp, workload::RaggedOp,
            workload::SparseOp>([](Operation *) { return success(); })
      .Case([&](workload::ParallelForOp loop) {
        return lowerParallelLoop(loop, /*iterateStoredIndices=*/false);
      })
      .Case([&](workload::SelectOp loop) {
        return lowerParallelLoop(loop, /*iterateStoredIndices=*/true);
      })
      .Case([&](workload::ForEachOp loop) { return lowerForEach(loop); })
      .Case([&](workload::IfOp branch) { return lowerIf(branch); })
      .Case([&](workload::ViewOp view) {
        Value region = taskgraph::TensorRegionOp::create(
            builder, loc, convertType(view.getResult().getType()),
            mapping.lookup(view.getTensor()), lookup(view.getOffsets()),
            view.getSizesAttr());
        mapping.map(view.getResult(), region);
        return success();
      })
      .Case([&](workload::TaskOp task) { return lowerTask(task); })
      .Case([&](csp::PipelineOp pipeline) { return lowerPipeline(pipeline); })
      .Case([&](csp::SendOp send) {
        taskgraph::SendOp::create(builder, loc,
                                  mapping.lookup(send.getChannel()),
                                  lookup(send.getPayload()));
        return success();
      })
      .Case([&](csp::ConsumeOp consume) { return lowerConsume(consume); })
      .Case([&](workload::RuntimeSymbolOp symbol) {
        Value value = taskgraph::RuntimeSymbolOp::create(
            builder, loc, symbol.getType(), symbol.getNameAttr());
        mapping.map(symbol.getResult(), value);
        return success();
      })
      .Case([&](workload::SlotLoadOp load) {
        Value value = taskgraph::LoadScalarOp::create(
            builder, loc, load.getType(), mapping.lookup(load.getTensor()),
            lookup(load.getIndices()));
        mapping.map(load.getResult(), value);
        return success();
      })
      .Default([&](Operation *other) { return cloneOtherOp(*other); });
}

/// Index arithmetic and other region-free operations on scalars are copied as
/// they are; anything else has no lowering and is rejected, never dropped.
LogicalResult WorkloadLowering::cloneOtherOp(Operation &op) {
  StringRef dialect = op.getName().getDialectNamespace();
  if (dialect == "workload" || dialect == "schedule" || dialect == "csp" ||
      dialect == "taskgraph")
    return op.emitOpError("has no lowering to taskgraph");
  auto isWorkloadType = [](Type type) {
    return isa<workload::AxisType, workload::ViewType, csp::ChannelType>(type);
  };
  if (op.getNumRegions() != 0 ||
      llvm::any_of(op.getOperandTypes(), isWorkloadType) ||
      llvm::any_of(op.getResultTypes(), isWorkloadType))
    return op.emitOpError("has no lowering to taskgraph (only region-free "
                          "operations on scalars are copied into a graph)");
  // A tensor element read outside workload.slot_load would not wait for the
  // tasks writing it.
  if (llvm::any_of(op.getOperandTypes(), llvm::IsaPred<BaseMemRefType>))
    return op.emitOpError("reads a tensor directly; tensor elements are read "
                          "with 'workload.slot_load', which waits for the "
                          "tasks writing them");
  builder.clone(op, mapping);
  return success();
}

//===----------------------------------------------------------------------===//
// Loops and branches
//===----------------------------------------------------------------------===//

Value WorkloadLowering::castToIndex(Value value, Location loc) {
  if (value.getType().isIndex())
    return value;
  // An i1 key or length is 0 or 1, not 0 or -1.
  if (value.getType().isInteger(1))
    return arith::IndexCastUIOp::create(builder, loc, builder.getIndexType(),
                                        value);
  return arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                    value);
}

Value WorkloadLowering::loadIndex(Value tensor, ValueRange indices,
                                  Location loc) {
  Type element = cast<MemRefType>(tensor.getType()).getElementType();
  Value value =
      taskgraph::LoadScalarOp::create(builder, loc, element, tensor, indices);
  return castToIndex(value, loc);
}

Value WorkloadLowering::clampToZero(Value size, Location loc) {
  // A negative run-time size is an empty axis. Index arithmetic may become
  // unsigned in generated code, so make the bound explicitly non-negative.
  Value zero = constantIndex(0, loc);
  Value negative = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt,
                                         size, zero);
  return arith::SelectOp::create(builder, loc, negative, zero, size);
}

FailureOr<LoopBounds> WorkloadLowering::emitBounds(Operation *loop, Value axis,
                                                   bool iterateStoredIndices) {
  Location loc = loop->getLoc();
  Operation *producer = axis.getDefiningOp();
  if (auto dense = dyn_cast_or_null<workload::DenseOp>(producer))
    return LoopBounds{constantIndex(0, loc),
                      constantIndex(dense.getSizeAttr().getInt(), loc),
                      {}};
  if (auto dynamic = dyn_cast_or_null<workload::DenseDynOp>(producer))
    return LoopBounds{constantIndex(0, loc),
                      clampToZero(mapping.lookup(dynamic.getSize()), loc), {}};
  if (auto ragged = dyn_cast_or_null<workload::RaggedOp>(producer)) {
    Value length = loadIndex(mapping.lookup(ragged.getLengths()),
                             lookup(ragged.getIndices()), loc);
    return LoopBounds{constantIndex(0, loc), clampToZero(length, loc), {}};
  }
  if (auto sparse = dyn_cast_or_null<workload::SparseOp>(producer)) {
    // Row r of the CSR matrix spans positions indptr[r] .. indptr[r+1]-1.
    Value indptr = mapping.lookup(sparse.getIndptr());
    Value row = mapping.lookup(sparse.getRow());
    Value nextRow =
        arith::AddIOp::create(builder, loc, row, constantIndex(1, loc));
    Value begin = loadIndex(indptr, row, loc);
    Value end = loadIndex(indptr, nextRow, loc);
    if (iterateStoredIndices)
      return LoopBounds{begin, end, mapping.lookup(sparse.getIndices())};
    // parallel_for and for_each over a sparse axis iterate positions.
    Value count = arith::SubIOp::create(builder, loc, end, begin);
    return LoopBounds{constantIndex(0, loc), clampToZero(count, loc), {}};
  }
  return loop->emitOpError("iterates an axis that no workload axis operation "
                           "produces");
}

Value WorkloadLowering::emitLoopVariable(const LoopBounds &bounds,
                                         Value inductionVar, Location loc) {
  if (!bounds.storedIndices)
    return inductionVar;
  // select: the variable is the index stored at the position, not the
  // position.
  return loadIndex(bounds.storedIndices, inductionVar, loc);
}

template <typename LoopOp>
LogicalResult WorkloadLowering::lowerLoopBody(LoopOp loop, Value variable) {
  mapping.map(loop.getInductionVar(), variable);
  loopVariables.emplace_back(loop.getName(), variable);
  LogicalResult result = lowerBlock(loop.getBody().front());
  loopVariables.pop_back();
  return result;
}

template <typename LoopOp>
LogicalResult WorkloadLowering::lowerParallelLoop(LoopOp loop,
                                                  bool iterateStoredIndices) {
  Location loc = loop.getLoc();
  FailureOr<LoopBounds> bounds =
      emitBounds(loop, loop.getAxis(), iterateStoredIndices);
  if (failed(bounds))
    return failure();
  auto forOp = scf::ForOp::create(builder, loc, bounds->lower, bounds->upper,
                                  constantIndex(1, loc));
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(forOp.getBody()->getTerminator());
  Value variable = emitLoopVariable(*bounds, forOp.getInductionVar(), loc);
  return lowerLoopBody(loop, variable);
}

LogicalResult WorkloadLowering::lowerForEach(workload::ForEachOp loop) {
  // In exact and overlap modes the runtime orders tasks by their regions
  // only: a for_each is an ordinary loop.
  if (!loweredSchedule.config.usesExplicitDeps())
    return lowerParallelLoop(loop, /*iterateStoredIndices=*/false);

  // In explicit and hybrid modes the ordering of iterations is stated with
  // `after`. Handles are SSA values, so a fixed set of them (the tasks
  // directly in the body) is carried from one iteration to the next; tasks
  // whose number per iteration varies (in nested loops, branches or
  // pipeline processes) would need a run-time join and are rejected.
  Block &body = loop.getBody().front();
  bool hasTasks = false;
  auto visit = [&](Operation *op) {
    auto task = dyn_cast<workload::TaskOp>(op);
    if (!task || task->getBlock() == &body) {
      hasTasks |= bool(task);
      return WalkResult::advance();
    }
    InFlightDiagnostic diag =
        task.emitOpError(
            "cannot be ordered after the previous iteration of the enclosing "
            "'workload.for_each' with deps = ")
        << stringifyEnum(loweredSchedule.config.getDeps())
        << ": only tasks directly in a for_each body are chained with "
           "'after', not tasks in nested loops, branches or processes";
    diag.attachNote(loop.getLoc()) << "for_each here";
    return WalkResult::interrupt();
  };
  if (loop.getBody().walk<WalkOrder::PreOrder>(visit).wasInterrupted())
    return failure();
  if (!hasTasks)
    return lowerParallelLoop(loop, /*iterateStoredIndices=*/false);
  return lowerChainedForEach(loop);
}

/// Lowers a for_each whose iteration i+1 tasks come `after` all tasks of
/// iteration i:
///
///   scf.if lower < upper {                      // omitted when known
///     %h0... = <iteration `lower`, tasks without after>
///     scf.for %i = lower+1 to upper iter_args(%prev... = %h0...) {
///       %h... = <iteration %i, each task after(%prev...)>
///       scf.yield %h...
///     }
///   }
///
/// The first iteration is peeled because it has no predecessors to carry;
/// the IR stays twice the body, whatever the trip count.
LogicalResult WorkloadLowering::lowerChainedForEach(workload::ForEachOp loop) {
  Location loc = loop.getLoc();
  FailureOr<LoopBounds> bounds =
      emitBounds(loop, loop.getAxis(), /*iterateStoredIndices=*/false);
  if (failed(bounds))
    return failure();
  OpBuilder::InsertionGuard guard(builder);
  std::optional<int64_t> lower = getConstantIntValue(bounds->lower);
  std::optional<int64_t> upper = getConstantIntValue(bounds->upper);
  if (!lower || !upper || *lower >= *upper) {
    Value nonEmpty = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::slt, bounds->lower, bounds->upper);
    auto ifOp = scf::IfOp::create(builder, loc, nonEmpty,
                                  /*withElseRegion=*/false);
    builder.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  }
  FailureOr<SmallVector<Value>> first =
      lowerChainedIteration(loop, bounds->lower, /*predecessors=*/{});
  if (failed(first))
    return failure();
  Value second =
      arith::AddIOp::create(builder, loc, bounds->lower, constantIndex(1, loc));
  auto forOp = scf::ForOp::create(builder, loc, second, bounds->upper,
                                  constantIndex(1, loc), *first);
  builder.setInsertionPointToStart(forOp.getBody());
  FailureOr<SmallVector<Value>> next = lowerChainedIteration(
      loop, forOp.getInductionVar(), forOp.getRegionIterArgs());
  if (failed(next))
    return failure();
  scf::YieldOp::create(builder, loc, *next);
  return success();
}

FailureOr<SmallVector<Value>> WorkloadLowering::lowerChainedIteration(
    workload::ForEachOp loop, Value variable, ValueRange predecessors) {
  ChainedIteration iteration{&loop.getBody().front(), predecessors, {}};
  ChainedIteration *outer = std::exchange(chain, &iteration);
  LogicalResult result = lowerLoopBody(loop, variable);
  chain = outer;
  if (failed(result))
    return failure();
  return std::move(iteration.submitted);
}

LogicalResult WorkloadLowering::lowerIf(workload::IfOp branch) {
  bool hasElse = !branch.getElseRegion().empty();
  auto ifOp = scf::IfOp::create(builder, branch.getLoc(),
                                mapping.lookup(branch.getCondition()), hasElse);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  if (failed(lowerBlock(branch.getThenRegion().front())))
    return failure();
  if (!hasElse)
    return success();
  builder.setInsertionPoint(ifOp.elseBlock()->getTerminator());
  return lowerBlock(branch.getElseRegion().front());
}

//===----------------------------------------------------------------------===//
// CSP pipelines
//===----------------------------------------------------------------------===//

/// Lowers a pipeline to a `taskgraph.pipeline` (which joins the processes it
/// starts, so each run of the pipeline ends before the code after it runs)
/// holding its channels and processes, where P is the number of producer
/// instances of the channel:
///
///   taskgraph.pipeline {
///     %c = taskgraph.channel "c" capacity C producers P
///     taskgraph.process "p" instances(n) {
///     ^bb0(%instance: index):
///       <body>
///       taskgraph.close %c        // one per channel the process produces
///     }
///   }
LogicalResult WorkloadLowering::lowerPipeline(csp::PipelineOp pipeline) {
  Location loc = pipeline.getLoc();
  // Every producer instance releases its reference when it ends: the
  // channel closes after as many closes as there are producer instances.
  llvm::DenseMap<Value, int64_t> produced;
  for (auto process : pipeline.getBody().getOps<csp::ProcessOp>())
    for (Value channel : process.getProduces())
      produced[channel] += process.getReplicasAttr().getInt();

  auto lowered = taskgraph::PipelineOp::create(builder, loc);
  lowered.getBody().emplaceBlock();
  taskgraph::PipelineOp::ensureTerminator(lowered.getBody(), builder, loc);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(lowered.getBody().front().getTerminator());
  for (Operation &op : pipeline.getBody().front()) {
    if (auto channel = dyn_cast<csp::ChannelOp>(op)) {
      Value value = taskgraph::ChannelOp::create(
          builder, channel.getLoc(), convertType(channel.getType()),
          channel.getNameAttr(), channel.getCapacityAttr(),
          builder.getI64IntegerAttr(produced.lookup(channel.getChannel())));
      mapping.map(channel.getChannel(), value);
      continue;
    }
    if (failed(lowerProcess(cast<csp::ProcessOp>(op))))
      return failure();
  }
  return success();
}

LogicalResult WorkloadLowering::lowerProcess(csp::ProcessOp process) {
  Location loc = process.getLoc();
  auto lowered = taskgraph::ProcessOp::create(
      builder, loc, process.getNameAttr(), process.getReplicasAttr());
  Block &body = process.getBody().front();
  OpBuilder::InsertionGuard guard(builder);
  Block *loweredBody =
      builder.createBlock(&lowered.getBody(), {}, builder.getIndexType(), loc);
  mapping.map(body.getArgument(0), loweredBody->getArgument(0));
  // Task handles do not cross process boundaries: no chaining inside.
  ChainedIteration *outer = std::exchange(chain, nullptr);
  LogicalResult result = lowerBlock(body);
  chain = outer;
  if (failed(result))
    return failure();
  // The implicit close of CSP: this instance releases its references.
  for (Value channel : process.getProduces())
    taskgraph::CloseOp::create(builder, loc, mapping.lookup(channel));
  taskgraph::YieldOp::create(builder, loc);
  return success();
}

/// Lowers `csp.consume %c -> (%v...) {body}` to a loop that receives until
/// the channel is closed and drained:
///
///   scf.while : () -> (T...) {
///     %ok, %v... = taskgraph.recv %c
///     scf.condition(%ok) %v...
///   } do {
///   ^bb0(%v...):
///     <body>
///     scf.yield
///   }
LogicalResult WorkloadLowering::lowerConsume(csp::ConsumeOp consume) {
  Location loc = consume.getLoc();
  Value channel = mapping.lookup(consume.getChannel());
  ArrayRef<Type> payloadTypes =
      cast<taskgraph::ChannelType>(channel.getType()).getPayloadTypes();
  auto loop = scf::WhileOp::create(builder, loc, payloadTypes, ValueRange());
  OpBuilder::InsertionGuard guard(builder);
  builder.createBlock(&loop.getBefore());
  auto recv = taskgraph::RecvOp::create(builder, loc, channel);
  scf::ConditionOp::create(builder, loc, recv.getOk(), recv.getPayload());

  Block &body = consume.getBody().front();
  SmallVector<Location> locs(payloadTypes.size(), loc);
  Block *after = builder.createBlock(&loop.getAfter(), {}, payloadTypes, locs);
  for (auto [from, to] :
       llvm::zip_equal(body.getArguments(), after->getArguments()))
    mapping.map(from, to);
  if (failed(lowerBlock(body)))
    return failure();
  scf::YieldOp::create(builder, loc);
  return success();
}

//===----------------------------------------------------------------------===//
// Tasks
//===----------------------------------------------------------------------===//

Value WorkloadLowering::lookupLoopVariable(StringRef name) {
  for (auto &[loopName, variable] : llvm::reverse(loopVariables))
    if (loopName == name)
      return variable;
  return nullptr;
}

/// Evaluates a schedule key region for `task` at the insertion point: the
/// region's arith operations are copied, `task_axis "b"` becomes the lowered
/// variable of the enclosing loop named "b", `task_param i` the task's i-th
/// scalar argument, and the yielded key is returned as an index.
FailureOr<Value> WorkloadLowering::inlineKey(Region &key, workload::TaskOp task,
                                             ArrayRef<Value> loweredArgs) {
  SmallVector<Value> scalars;
  for (auto [original, lowered] : llvm::zip(task.getArgs(), loweredArgs))
    if (!isa<workload::ViewType>(original.getType()))
      scalars.push_back(lowered);

  IRMapping keyMapping;
  for (Operation &op : key.front()) {
    if (auto axis = dyn_cast<schedule::TaskAxisOp>(op)) {
      Value variable = lookupLoopVariable(axis.getName());
      if (!variable) {
        InFlightDiagnostic diag = task.emitOpError("is not nested in a loop "
                                                   "named '")
                                  << axis.getName()
                                  << "', which the schedule's key reads";
        diag.attachNote(axis.getLoc()) << "key read here";
        return diag;
      }
      keyMapping.map(axis.getResult(), variable);
      continue;
    }
    if (auto param = dyn_cast<schedule::TaskParamOp>(op)) {
      uint64_t index = param.getIndex();
      if (index >= scalars.size() ||
          scalars[index].getType() != param.getType()) {
        InFlightDiagnostic diag = task.emitOpError("has no scalar argument #")
                                  << index << " of type " << param.getType()
                                  << ", which the schedule's key reads";
        diag.attachNote(param.getLoc()) << "key read here";
        return diag;
      }
      keyMapping.map(param.getResult(), scalars[index]);
      continue;
    }
    if (auto yield = dyn_cast<schedule::YieldOp>(op))
      return castToIndex(keyMapping.lookup(yield.getKey()), task.getLoc());
    builder.clone(op, keyMapping);
  }
  return task.emitOpError("schedule key region does not yield a key");
}

LogicalResult WorkloadLowering::lowerTask(workload::TaskOp task) {
  SmallVector<Value> args = lookup(task.getArgs());
  // The access sets and core type -workload-infer-access recorded.
  FailureOr<ArrayAttr> access = workload::getTaskAccess(task);
  if (failed(access))
    return failure();
  FailureOr<taskgraph::CoreType> core = workload::getTaskCore(task);
  if (failed(core))
    return failure();

  // The per-task values of keyed policies, present exactly when the config
  // uses them (as the graph verifier requires).
  Value dispatchKey, priority, stream;
  for (auto [region, value] :
       {std::pair{loweredSchedule.dispatchKey, &dispatchKey},
        std::pair{loweredSchedule.priorityKey, &priority},
        std::pair{loweredSchedule.streamKey, &stream}}) {
    if (!region)
      continue;
    FailureOr<Value> key = inlineKey(*region, task, args);
    if (failed(key))
      return failure();
    *value = *key;
  }

  bool chained = chain && task->getBlock() == chain->body;
  ValueRange after = chained ? chain->predecessors : ValueRange();
  // The enclosing loop variables identify the task in traces and errors.
  SmallVector<Value> coords;
  for (auto &[loopName, variable] : loopVariables)
    coords.push_back(variable);
  auto submit = taskgraph::SubmitOp::create(
      builder, task.getLoc(), task.getKernelAttr(), args, *access,
      taskgraph::CoreTypeAttr::get(builder.getContext(), *core), dispatchKey,
      priority, stream, after, coords);
  if (chained)
    chain->submitted.push_back(submit.getTask());
  return success();
}

//===----------------------------------------------------------------------===//
// Workloads
//===----------------------------------------------------------------------===//

FailureOr<taskgraph::GraphOp>
ptowsp::lowerWorkloadToTaskGraph(workload::WorkloadOp workloadOp,
                                 schedule::ScheduleOp scheduleOp) {
  MLIRContext *context = workloadOp.getContext();
  FailureOr<LoweredSchedule> lowered = lowerSchedule(context, scheduleOp);
  if (failed(lowered))
    return failure();

  // Built detached: the graph takes the workload's symbol name, and the
  // caller swaps one for the other.
  OpBuilder builder(context);
  auto graph = taskgraph::GraphOp::create(builder, workloadOp.getLoc(),
                                          workloadOp.getSymName(),
                                          workloadOp.getFunctionType());
  graph.setConfigAttr(lowered->config);
  if (ArrayAttr argAttrs = workloadOp.getArgAttrsAttr())
    graph.setArgAttrsAttr(argAttrs);

  WorkloadLowering lowering(builder, *lowered);
  Block &graphBody = graph.getBody().front();
  for (auto [from, to] :
       llvm::zip(workloadOp.getBody().getArguments(), graphBody.getArguments()))
    lowering.map(from, to);
  builder.setInsertionPoint(graphBody.getTerminator());
  if (failed(lowering.lowerBlock(workloadOp.getBody().front()))) {
    graph->erase();
    return failure();
  }
  return graph;
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

/// The schedule `workloadOp` is lowered with, among `candidates` (the
/// schedules naming it): the one the `schedule` option names, else the only
/// one, else none (null: the default config). Several schedules and no choice
/// is an error, since picking one silently would ignore the others.
static FailureOr<schedule::ScheduleOp>
chooseSchedule(workload::WorkloadOp workloadOp,
               ArrayRef<schedule::ScheduleOp> candidates, StringRef requested) {
  for (schedule::ScheduleOp candidate : candidates)
    if (candidate.getSymName() == requested)
      return candidate;
  if (candidates.empty())
    return schedule::ScheduleOp();
  if (candidates.size() == 1)
    return candidates.front();
  InFlightDiagnostic diag = workloadOp.emitOpError("has ")
                            << candidates.size() << " schedules and ";
  if (requested.empty())
    diag << "no schedule was chosen: pass 'schedule=<name>' to "
            "-convert-workload-to-taskgraph";
  else
    diag << "'schedule=" << requested << "' names none of them";
  for (schedule::ScheduleOp candidate : candidates)
    diag.attachNote(candidate.getLoc())
        << "schedule @" << candidate.getSymName();
  return diag;
}

namespace {

/// The workload's structure changes (axes disappear, loops gain bounds and
/// iter_args, schedule regions are copied to every submission), so the pass
/// walks each workload and builds its graph directly rather than using the
/// dialect conversion framework; nothing of the workload dialect survives.
struct ConvertWorkloadToTaskGraphPass
    : ptowsp::impl::ConvertWorkloadToTaskGraphBase<
          ConvertWorkloadToTaskGraphPass> {
  using Base::Base;

  void runOnOperation() override;
};

} // namespace

void ConvertWorkloadToTaskGraphPass::runOnOperation() {
  ModuleOp module = getOperation();
  StringRef requested = StringRef(scheduleName).ltrim('@');

  SmallVector<workload::WorkloadOp> workloads;
  module.walk([&](workload::WorkloadOp op) { workloads.push_back(op); });
  llvm::MapVector<Operation *, SmallVector<schedule::ScheduleOp>> schedulesOf;
  bool requestedExists = requested.empty();
  WalkResult collected = module.walk([&](schedule::ScheduleOp op) {
    auto target = SymbolTable::lookupNearestSymbolFrom<workload::WorkloadOp>(
        op, op.getWorkloadAttr());
    if (!target) {
      op.emitOpError("'") << op.getWorkload()
                          << "' does not name a workload.workload";
      return WalkResult::interrupt();
    }
    schedulesOf[target].push_back(op);
    requestedExists |= op.getSymName() == requested;
    return WalkResult::advance();
  });
  if (collected.wasInterrupted())
    return signalPassFailure();
  if (!requestedExists) {
    module.emitError("'schedule=")
        << requested << "' names no schedule.schedule in the module";
    return signalPassFailure();
  }

  for (workload::WorkloadOp workloadOp : workloads) {
    SmallVector<schedule::ScheduleOp> candidates =
        schedulesOf.lookup(workloadOp);
    FailureOr<schedule::ScheduleOp> chosen =
        chooseSchedule(workloadOp, candidates, requested);
    if (failed(chosen))
      return signalPassFailure();
    FailureOr<taskgraph::GraphOp> graph =
        lowerWorkloadToTaskGraph(workloadOp, *chosen);
    if (failed(graph))
      return signalPassFailure();
    // Schedules name the workload's symbol, which the graph takes over.
    for (schedule::ScheduleOp candidate : candidates)
      candidate.erase();
    workloadOp->getBlock()->getOperations().insert(workloadOp->getIterator(),
                                                   graph->getOperation());
    workloadOp.erase();
  }
}
