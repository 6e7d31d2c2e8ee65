//===- VerifyDeadlockFree.cpp - reject pipelines that cannot end ----------===//
//
// Proves deadlocks of csp pipelines from the channel operations each process
// certainly executes; everything the rules cannot prove is left to the
// runtime's deadlock detection.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/CSP/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <functional>

namespace ptowsp::csp {
#define GEN_PASS_DEF_CSPVERIFYDEADLOCKFREE
#include "pto-wsp/Dialect/CSP/Transforms/Passes.h.inc"
} // namespace ptowsp::csp

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::csp;

namespace {

//===----------------------------------------------------------------------===//
// What each process certainly does
//===----------------------------------------------------------------------===//

/// A `csp.send` or `csp.consume`.
struct ChannelOperation {
  Operation *op;
  Value channel;
  bool isSend;
};

/// The facts about one process that the rules use.
struct ProcessFacts {
  ProcessOp process;
  /// The channel operation every instance executes before any other, if the
  /// body makes it certain.
  std::optional<ChannelOperation> first;
  /// The consumes every complete run of an instance executes.
  SmallVector<ConsumeOp> certainConsumes;
  /// The channels the body consumes anywhere (whether or not it runs).
  llvm::SmallDenseSet<Value> consumed;
};

enum class Search { NotFound, Found, Unknown };

} // namespace

/// Whether `op` is, or contains, a send or consume of `process` itself (not
/// of the processes of a pipeline nested in it).
static bool hasChannelOperationsOf(Operation *op, ProcessOp process) {
  WalkResult result = op->walk([&](Operation *nested) {
    if (isa<SendOp, ConsumeOp>(nested) &&
        nested->getParentOfType<ProcessOp>() == process)
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

/// The number of iterations of a loop over a static dense axis; none for
/// other loops (run-time trip counts) and other operations.
static std::optional<int64_t> getStaticTripCount(Operation *op) {
  Value axis;
  if (auto loop = dyn_cast<workload::ParallelForOp>(op))
    axis = loop.getAxis();
  else if (auto loop = dyn_cast<workload::ForEachOp>(op))
    axis = loop.getAxis();
  else
    return std::nullopt;
  if (auto dense = axis.getDefiningOp<workload::DenseOp>())
    return dense.getSizeAttr().getInt();
  return std::nullopt;
}

/// Finds the first channel operation of `process` in `block` that is
/// certainly the first executed: channel-free operations and loops that never
/// run are skipped, loops that certainly run are entered, and anything else
/// holding channel operations (branches, run-time trip counts) makes the
/// first operation unknown.
static Search findFirstChannelOperation(Block &block, ProcessOp process,
                                        ChannelOperation &first) {
  for (Operation &op : block) {
    if (auto send = dyn_cast<SendOp>(op)) {
      first = {send, send.getChannel(), /*isSend=*/true};
      return Search::Found;
    }
    if (auto consume = dyn_cast<ConsumeOp>(op)) {
      first = {consume, consume.getChannel(), /*isSend=*/false};
      return Search::Found;
    }
    if (!hasChannelOperationsOf(&op, process))
      continue;
    std::optional<int64_t> tripCount = getStaticTripCount(&op);
    if (!tripCount)
      return Search::Unknown;
    if (*tripCount == 0)
      continue;
    Search inner =
        findFirstChannelOperation(op.getRegion(0).front(), process, first);
    if (inner != Search::NotFound)
      return inner;
  }
  return Search::NotFound;
}

/// Collects the consumes of `process` in `block` that run whenever the block
/// runs: directly in it or in loops that certainly run, not in branches,
/// run-time loops or consume bodies.
static void collectCertainConsumes(Block &block, ProcessOp process,
                                   SmallVectorImpl<ConsumeOp> &consumes) {
  for (Operation &op : block) {
    if (auto consume = dyn_cast<ConsumeOp>(op)) {
      consumes.push_back(consume);
      continue;
    }
    std::optional<int64_t> tripCount = getStaticTripCount(&op);
    if (tripCount && *tripCount > 0 && hasChannelOperationsOf(&op, process))
      collectCertainConsumes(op.getRegion(0).front(), process, consumes);
  }
}

static ProcessFacts analyzeProcess(ProcessOp process) {
  ProcessFacts facts{process, std::nullopt, {}, {}};
  Block &body = process.getBody().front();
  ChannelOperation first;
  if (findFirstChannelOperation(body, process, first) == Search::Found)
    facts.first = first;
  collectCertainConsumes(body, process, facts.certainConsumes);
  process.getBody().walk([&](ConsumeOp consume) {
    if (consume->getParentOfType<ProcessOp>() == process)
      facts.consumed.insert(consume.getChannel());
  });
  return facts;
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

static StringRef getChannelName(Value channel) {
  return channel.getDefiningOp<ChannelOp>().getName();
}

static int64_t getCapacity(Value channel) {
  return channel.getDefiningOp<ChannelOp>().getCapacityAttr().getInt();
}

/// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`.
static std::string quoteList(ArrayRef<StringRef> names) {
  std::string text;
  for (auto [index, name] : llvm::enumerate(names)) {
    if (index != 0)
      text += index + 1 == names.size() ? " and " : ", ";
    text += ("'" + name + "'").str();
  }
  return text;
}

static std::string processNames(ArrayRef<ProcessOp> processes) {
  SmallVector<StringRef> names;
  for (ProcessOp process : processes)
    names.push_back(process.getName());
  return quoteList(names);
}

//===----------------------------------------------------------------------===//
// The rules
//===----------------------------------------------------------------------===//

namespace {

/// One pipeline's processes and who produces and consumes each channel.
class PipelineAnalysis {
public:
  explicit PipelineAnalysis(PipelineOp pipeline) : pipeline(pipeline) {
    for (ProcessOp process : pipeline.getBody().getOps<ProcessOp>()) {
      indexOf[process] = facts.size();
      facts.push_back(analyzeProcess(process));
      for (Value channel : process.getProduces())
        producers[channel].push_back(process);
    }
    for (ProcessFacts &process : facts)
      for (Value channel : process.consumed)
        receivers[channel].push_back(process.process);
    // Sets iterate in hash order; diagnostics list processes in IR order.
    for (auto &entry : receivers)
      llvm::sort(entry.second, [&](ProcessOp a, ProcessOp b) {
        return indexOf.lookup(a) < indexOf.lookup(b);
      });
  }

  LogicalResult checkFirstOperations();
  LogicalResult checkConsumeCycles();

private:
  ProcessFacts &factsOf(ProcessOp process) { return facts[indexOf[process]]; }
  ArrayRef<ProcessOp> producersOf(Value channel) const {
    auto it = producers.find(channel);
    return it == producers.end() ? ArrayRef<ProcessOp>() : it->second;
  }
  ArrayRef<ProcessOp> receiversOf(Value channel) const {
    auto it = receivers.find(channel);
    return it == receivers.end() ? ArrayRef<ProcessOp>() : it->second;
  }

  PipelineOp pipeline;
  SmallVector<ProcessFacts> facts;
  llvm::DenseMap<Operation *, size_t> indexOf;
  /// The processes listing each channel in `produces` (they close it).
  llvm::DenseMap<Value, SmallVector<ProcessOp>> producers;
  /// The processes with a `csp.consume` of each channel (they receive it).
  llvm::DenseMap<Value, SmallVector<ProcessOp>> receivers;
};

} // namespace

/// Rule 1: the largest set of processes whose first channel operations all
/// wait for partners in the set that are themselves waiting elsewhere.
LogicalResult PipelineAnalysis::checkFirstOperations() {
  llvm::SmallPtrSet<Operation *, 8> blocked;
  for (ProcessFacts &process : facts)
    if (process.first)
      blocked.insert(process.process);

  // Whether `partner` stays blocked on something other than the counterpart
  // of `waiting` (receiving what it sends, sending what it receives).
  auto staysBlocked = [&](ProcessOp partner, const ChannelOperation &waiting) {
    if (!blocked.contains(partner))
      return false;
    const ChannelOperation &partnerFirst = *factsOf(partner).first;
    return partnerFirst.channel != waiting.channel ||
           partnerFirst.isSend == waiting.isSend;
  };
  auto canStayBlocked = [&](ProcessFacts &process) {
    const ChannelOperation &first = *process.first;
    // A buffered send can complete without a receiver.
    if (first.isSend && getCapacity(first.channel) != 0)
      return false;
    ArrayRef<ProcessOp> partners =
        first.isSend ? receiversOf(first.channel) : producersOf(first.channel);
    return llvm::all_of(partners, [&](ProcessOp partner) {
      return staysBlocked(partner, first);
    });
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (ProcessFacts &process : facts)
      if (blocked.contains(process.process) && !canStayBlocked(process)) {
        blocked.erase(process.process);
        changed = true;
      }
  }
  if (blocked.empty())
    return success();

  SmallVector<ProcessOp> stuck;
  for (ProcessFacts &process : facts)
    if (blocked.contains(process.process))
      stuck.push_back(process.process);
  InFlightDiagnostic diag = pipeline.emitOpError("deadlocks: ");
  if (stuck.size() == 1)
    diag << "process " << processNames(stuck)
         << " blocks forever on its first channel operation";
  else
    diag << "processes " << processNames(stuck)
         << " block forever on their first channel operation";
  for (ProcessOp process : stuck) {
    const ChannelOperation &first = *factsOf(process).first;
    StringRef channel = getChannelName(first.channel);
    if (first.isSend) {
      ArrayRef<ProcessOp> partners = receiversOf(first.channel);
      Diagnostic &note = diag.attachNote(first.op->getLoc());
      note << "process '" << process.getName()
           << "' waits here to send on rendezvous channel '" << channel << "'";
      if (partners.empty())
        note << ", which no process ever consumes";
      else
        note << " until " << (partners.size() == 1 ? "" : "one of ")
             << processNames(partners) << " receives from it";
    } else {
      ArrayRef<ProcessOp> partners = producersOf(first.channel);
      Diagnostic &note = diag.attachNote(first.op->getLoc());
      note << "process '" << process.getName()
           << "' waits here to receive from channel '" << channel << "' until ";
      if (partners.size() == 1)
        note << processNames(partners) << " sends on it or ends";
      else
        note << "one of " << processNames(partners)
             << " sends on it or they all end";
    }
  }
  return diag;
}

/// Rule 2: a cycle of processes each of which certainly consumes a channel
/// that closes only when the next one has ended.
LogicalResult PipelineAnalysis::checkConsumeCycles() {
  // Depth-first search for a back edge; `path` holds the consumes that lead
  // from the root to the current process.
  enum class Color { White, Grey, Black };
  SmallVector<Color> color(facts.size(), Color::White);
  SmallVector<std::pair<size_t, ConsumeOp>> path;
  std::optional<size_t> cycleStart;

  std::function<bool(size_t)> visit = [&](size_t index) {
    color[index] = Color::Grey;
    for (ConsumeOp consume : facts[index].certainConsumes) {
      for (ProcessOp producer : producersOf(consume.getChannel())) {
        size_t next = indexOf[producer];
        path.emplace_back(index, consume);
        if (color[next] == Color::Grey) {
          cycleStart = next;
          return true;
        }
        if (color[next] == Color::White && visit(next))
          return true;
        path.pop_back();
      }
    }
    color[index] = Color::Black;
    return false;
  };
  for (size_t index = 0; index < facts.size() && !cycleStart; ++index)
    if (color[index] == Color::White)
      visit(index);
  if (!cycleStart)
    return success();

  // The cycle is the tail of the path that starts at `cycleStart`.
  auto begin = llvm::find_if(
      path, [&](auto &step) { return step.first == *cycleStart; });
  ArrayRef<std::pair<size_t, ConsumeOp>> cycle(&*begin, path.end() - begin);
  // No process lists a channel both as consumed and produced (the verifier
  // rejects it), so cycles have at least two processes.
  SmallVector<ProcessOp> processes;
  for (auto [index, consume] : cycle)
    processes.push_back(facts[index].process);
  InFlightDiagnostic diag = pipeline.emitOpError("deadlocks: processes ")
                            << processNames(processes)
                            << " never end: each consumes a channel that "
                               "closes only after the next one has ended";
  for (auto [index, consume] : cycle) {
    ArrayRef<ProcessOp> closers = producersOf(consume.getChannel());
    diag.attachNote(consume.getLoc())
        << "process '" << facts[index].process.getName()
        << "' consumes channel '" << getChannelName(consume.getChannel())
        << "' here until it closes, after " << processNames(closers)
        << (closers.size() == 1 ? " has" : " have") << " ended";
  }
  return diag;
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {

struct CSPVerifyDeadlockFreePass
    : csp::impl::CSPVerifyDeadlockFreeBase<CSPVerifyDeadlockFreePass> {
  void runOnOperation() override {
    bool failed = false;
    getOperation().walk([&](PipelineOp pipeline) {
      PipelineAnalysis analysis(pipeline);
      // One diagnostic per pipeline: a pipeline stuck at start-up also
      // fails to end, which would only repeat the news.
      if (mlir::failed(analysis.checkFirstOperations()) ||
          mlir::failed(analysis.checkConsumeCycles()))
        failed = true;
    });
    if (failed)
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
