//===- ScheduleOps.cpp - schedule dialect operations ----------------------===//
//
// Verifiers of the schedule, its knobs and their key regions, and the check
// of a schedule's key regions against the workload it names.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace ptowsp::schedule;
namespace workload = ptowsp::workload;

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/Schedule/IR/ScheduleOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Key regions
//===----------------------------------------------------------------------===//

/// A key is a pure integer expression of the task, so that the lowering can
/// evaluate it wherever the task is generated.
static LogicalResult verifyKeyRegion(Operation *knob, Region &key) {
  Block &block = key.front();
  if (block.getNumArguments() != 1 ||
      !isa<TaskType>(block.getArgument(0).getType()))
    return knob->emitOpError(
        "key region must have exactly one '!schedule.task' argument");
  if (block.empty() || !isa<YieldOp>(block.back()))
    return knob->emitOpError("key region must end with 'schedule.yield'");
  for (Operation &op : block) {
    if (isa<TaskAxisOp, TaskParamOp, YieldOp>(op))
      continue;
    Dialect *dialect = op.getDialect();
    if (dialect && dialect->getNamespace() == "arith")
      continue;
    return op.emitOpError("is not allowed in a key region; keys are computed "
                          "with 'arith' operations, 'schedule.task_axis' and "
                          "'schedule.task_param'");
  }
  return success();
}

/// The signed value of an optional I64Attr (whose getters are unsigned).
static std::optional<int64_t> getSignedValue(IntegerAttr attr) {
  if (!attr)
    return std::nullopt;
  return attr.getInt();
}

/// Checks an optional positive count that exactly one policy requires.
static LogicalResult verifyPolicyCount(Operation *knob, bool required,
                                       std::optional<int64_t> count,
                                       StringRef policy, StringRef what) {
  if (required && !count)
    return knob->emitOpError("'")
           << policy << "' requires a " << what << ": " << policy << "(n)";
  if (!required && count)
    return knob->emitOpError("'") << policy << "' takes no " << what;
  if (count && *count <= 0)
    return knob->emitOpError() << what << " must be positive, got " << *count;
  return success();
}

/// Checks that a key region is present exactly when the policy needs one.
static LogicalResult verifyPolicyKey(Operation *knob, bool required,
                                     Region &key, StringRef policy) {
  if (required && key.empty())
    return knob->emitOpError("'") << policy << "' requires a key region";
  if (!required && !key.empty())
    return knob->emitOpError("'") << policy << "' takes no key region";
  if (key.empty())
    return success();
  return verifyKeyRegion(knob, key);
}

//===----------------------------------------------------------------------===//
// Knobs
//===----------------------------------------------------------------------===//

LogicalResult DispatchOp::verify() {
  DispatchPolicy policy = getPolicy();
  StringRef name = stringifyDispatchPolicy(policy);
  if (failed(verifyPolicyCount(*this, policy == DispatchPolicy::RoundRobin,
                               getSignedValue(getCountAttr()), name,
                               "scheduler count")))
    return failure();
  bool keyed = policy == DispatchPolicy::Hash ||
               policy == DispatchPolicy::Affinity ||
               policy == DispatchPolicy::Custom;
  return verifyPolicyKey(*this, keyed, getKey(), name);
}

LogicalResult TaskWindowOp::verify() {
  int64_t size = getSizeAttr().getInt();
  if (size <= 0)
    return emitOpError("window size must be positive, got ") << size;
  return success();
}

LogicalResult ReadyOp::verify() {
  return verifyPolicyKey(*this, getPolicy() == ReadyPolicy::Priority, getKey(),
                         stringifyReadyPolicy(getPolicy()));
}

LogicalResult StartOp::verify() {
  return verifyPolicyCount(*this, getPolicy() == StartPolicy::Threshold,
                           getSignedValue(getThresholdAttr()),
                           stringifyStartPolicy(getPolicy()), "task count");
}

LogicalResult StreamsOp::verify() {
  int64_t count = getCountAttr().getInt();
  if (count <= 0)
    return emitOpError("stream count must be positive, got ") << count;
  return success();
}

LogicalResult StreamByOp::verify() { return verifyKeyRegion(*this, getKey()); }

LogicalResult TimingOp::verify() {
  return verifyPolicyCount(*this, getPolicy() == TimingPolicy::Batched,
                           getSignedValue(getBatchAttr()),
                           stringifyTimingPolicy(getPolicy()), "batch size");
}

//===----------------------------------------------------------------------===//
// ScheduleOp
//===----------------------------------------------------------------------===//

LogicalResult ScheduleOp::verifyRegions() {
  llvm::StringMap<Operation *> knobs;
  for (Operation &op : getBody().front()) {
    if (!op.hasTrait<OpTrait::ScheduleKnob>())
      return op.emitOpError(
          "is not a schedule knob; a schedule holds only knob operations");
    auto [it, inserted] = knobs.try_emplace(op.getName().getStringRef(), &op);
    if (!inserted) {
      InFlightDiagnostic diag =
          op.emitOpError("sets a knob this schedule already sets");
      diag.attachNote(it->second->getLoc()) << "first set here";
      return diag;
    }
  }
  // A stream count without an assignment (or the reverse) would be ignored.
  if (knobs.contains(StreamsOp::getOperationName()) !=
      knobs.contains(StreamByOp::getOperationName()))
    return emitOpError("'schedule.streams' and 'schedule.stream_by' must be "
                       "set together");
  return success();
}

/// The scalar (non-view) argument types of a task, which task_param indexes.
static SmallVector<Type> getScalarArgumentTypes(workload::TaskOp task) {
  SmallVector<Type> scalars;
  for (Type type : task.getArgs().getTypes())
    if (!isa<workload::ViewType>(type))
      scalars.push_back(type);
  return scalars;
}

/// A key must be defined for every task the workload generates: each loop
/// variable it reads must enclose every task, and each scalar parameter it
/// reads must exist, with the same type, in every task.
static LogicalResult verifyKeyOperand(Operation *keyOp,
                                      workload::WorkloadOp target,
                                      ArrayRef<workload::TaskOp> tasks) {
  for (workload::TaskOp task : tasks) {
    if (auto axis = dyn_cast<TaskAxisOp>(keyOp)) {
      if (workload::findEnclosingLoop(task, axis.getName()))
        continue;
      InFlightDiagnostic diag = axis.emitOpError("loop variable '")
                                << axis.getName()
                                << "' does not enclose every task of @"
                                << target.getSymName();
      diag.attachNote(task.getLoc())
          << "this task is not nested in a loop named '" << axis.getName()
          << "'";
      return diag;
    }
    auto param = cast<TaskParamOp>(keyOp);
    SmallVector<Type> scalars = getScalarArgumentTypes(task);
    uint64_t index = param.getIndex();
    if (index >= scalars.size()) {
      InFlightDiagnostic diag = param.emitOpError("scalar parameter #")
                                << index
                                << " is not defined for every task of @"
                                << target.getSymName();
      diag.attachNote(task.getLoc())
          << "this task has " << scalars.size() << " scalar arguments";
      return diag;
    }
    if (scalars[index] != param.getType()) {
      InFlightDiagnostic diag = param.emitOpError("scalar parameter #")
                                << index << " is read as " << param.getType()
                                << " but has type " << scalars[index]
                                << " in a task";
      diag.attachNote(task.getLoc()) << "task here";
      return diag;
    }
  }
  return success();
}

LogicalResult ScheduleOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto target = symbolTable.lookupNearestSymbolFrom<workload::WorkloadOp>(
      *this, getWorkloadAttr());
  if (!target)
    return emitOpError("'")
           << getWorkload() << "' does not name a workload.workload";
  SmallVector<workload::TaskOp> tasks;
  target.walk([&](workload::TaskOp task) { tasks.push_back(task); });
  WalkResult result = getBody().walk([&](Operation *op) {
    if (!isa<TaskAxisOp, TaskParamOp>(op))
      return WalkResult::advance();
    if (failed(verifyKeyOperand(op, target, tasks)))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}
