//===- Simulator.cpp - Discrete-event simulation of the modelled machine --===//
//
// Part of PTO-WSP.
//
// Time advances from event to event (a task ends, a scheduler's dispatch
// finishes). At each instant, in this fixed order: ends are applied (cores
// freed, successors released), the orchestrator issues what the window and
// its recorded waits allow, then schedulers 0..n-1 dispatch. A dispatch
// occupies the scheduler for dispatch_overhead_cycles and reserves the core
// from the moment it begins; the kernel starts when the dispatch ends. All
// choices break ties by task id or index, so the result is a function of the
// graph and the options alone.
//
//===----------------------------------------------------------------------===//

#include "Simulator.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <tuple>

namespace ptowsp::runtime {

CoreRange schedulerCores(const ptowsp_machine &machine, int32_t scheduler, int32_t core) {
  int64_t count = core == PTOWSP_CORE_CUBE ? machine.cube_cores : machine.vector_cores;
  int64_t base = core == PTOWSP_CORE_CUBE ? 0 : machine.cube_cores;
  int64_t s = scheduler, n = machine.schedulers;
  return {static_cast<int32_t>(base + s * count / n),
          static_cast<int32_t>(base + (s + 1) * count / n)};
}

namespace {

constexpr int kUnits = 2; // indexed by ptowsp_core

/// A ready queue ordered by the ready policy: oldest first, or highest
/// priority first with ties oldest first.
class ReadyQueue {
public:
  ReadyQueue(const TaskGraph *graph, bool byPriority, const std::vector<int64_t> *rank)
      : order_{graph, byPriority, rank}, heap_(Inverted{order_}) {}
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  int64_t top() const { return heap_.top(); }
  void push(int64_t task) { heap_.push(task); }
  void pop() { heap_.pop(); }
  /// Whether `a` is served before `b`.
  bool before(int64_t a, int64_t b) const { return order_.first(a, b); }

private:
  struct Order {
    const TaskGraph *graph;
    bool byPriority;
    const std::vector<int64_t> *rank;
    bool first(int64_t a, int64_t b) const {
      if (byPriority) {
        int64_t pa = graph->tasks[static_cast<size_t>(a)].priority;
        int64_t pb = graph->tasks[static_cast<size_t>(b)].priority;
        if (pa != pb)
          return pa > pb;
      }
      if (rank)
        return (*rank)[static_cast<size_t>(a)] < (*rank)[static_cast<size_t>(b)];
      return a < b;
    }
  };
  /// std::priority_queue keeps its largest element on top: invert.
  struct Inverted {
    Order order;
    bool operator()(int64_t a, int64_t b) const { return order.first(b, a); }
  };
  Order order_;
  std::priority_queue<int64_t, std::vector<int64_t>, Inverted> heap_;
};

class Simulation {
public:
  Simulation(const TaskGraph &graph, const SimOptions &options, SimResult &result)
      : graph_(graph), options_(options), result_(result),
        numTasks_(static_cast<int64_t>(graph.tasks.size())) {}

  bool run(std::string &error);

private:
  struct Event {
    int64_t time;
    int32_t kind; // kTaskEnd, kIssue, kSchedulerFree: applied in this order
    int64_t id;
    bool operator>(const Event &other) const {
      return std::tie(time, kind, id) > std::tie(other.time, other.kind, other.id);
    }
  };

  static constexpr int32_t kTaskEnd = 0, kIssue = 1, kSchedulerFree = 2, kRelease = 3,
                            kWake = 4;

  int32_t owners() const { return workStealDispatch_ ? 1 : options_.targets; }
  int32_t ownerOf(int32_t scheduler) const { return workStealDispatch_ ? 0 : scheduler; }
  ReadyQueue &queue(int32_t owner, int32_t unit) {
    return queues_[static_cast<size_t>(owner * unitQueues_ + (byUnit_ ? unit : 0))];
  }
  int32_t unitOf(int64_t task) const { return graph_.tasks[static_cast<size_t>(task)].core; }
  std::priority_queue<int32_t, std::vector<int32_t>, std::greater<int32_t>> &
  freeCores(int32_t scheduler, int32_t unit) {
    return freeCores_[static_cast<size_t>(scheduler * kUnits + unit)];
  }
  /// Releases every task issued so far: the simulated orchestrator is
  /// blocked (full window, slot read), so the start policy gives way.
  void releaseIssued() {
    releasedBelow_ = next_;
    if (options_.start == PTOWSP_START_THRESHOLD)
      gateOpen_ = true;
    rescanGated();
  }
  /// Enqueues the held tasks the gate now lets through.
  void rescanGated();

  bool gateOpenFor(int64_t task) const {
    if (mainIndex_[static_cast<size_t>(task)] < releasedBelow_)
      return true;
    if (options_.start == PTOWSP_START_AFTER_ORCHESTRATION)
      return graph_.tasks[static_cast<size_t>(task)].epoch < epochsReleased_;
    return gateOpen_;
  }

  void becomeReady(int64_t task);
  void enqueue(int64_t task);
  void releaseGate(bool endsPhase);
  void runOrchestrator();
  void issue(int64_t task);
  void issueReleased();
  void beginStall(ptowsp_stall_reason reason);
  void endStall();
  /// The queue `scheduler` may take a task of `unit` from: its own, or with
  /// ready work_steal and an empty own queue, the longest other queue.
  ReadyQueue *sourceQueue(int32_t scheduler, int32_t unit);
  bool dispatchOne(int32_t scheduler);
  void dispatch(int32_t scheduler, int64_t task, ReadyQueue &from);
  void trackHeadOfLine();
  bool holBlocked(int32_t owner);

  const TaskGraph &graph_;
  const SimOptions &options_;
  SimResult &result_;
  const int64_t numTasks_;
  bool workStealDispatch_ = false;
  bool byUnit_ = true;
  int32_t unitQueues_ = 2;

  int64_t now_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::vector<int64_t> succBegin_, succ_;
  std::vector<int32_t> remaining_;
  std::vector<uint8_t> issued_, ended_;
  std::vector<ReadyQueue> queues_;
  std::vector<std::vector<int64_t>> queuedByUnit_; ///< [owner][unit]
  std::vector<std::priority_queue<int32_t, std::vector<int32_t>, std::greater<int32_t>>>
      freeCores_;
  std::vector<int64_t> dispatcherFreeAt_;
  std::vector<int64_t> holSince_;

  // Orchestrator.
  std::vector<int64_t> mainTasks_; ///< tasks of the main orchestrator, in order
  std::vector<int64_t> mainIndex_; ///< per task: index in mainTasks_, or INT64_MAX
  /// Process tasks released but waiting for a window slot, by (release, rank).
  std::priority_queue<std::pair<int64_t, int64_t>, std::vector<std::pair<int64_t, int64_t>>,
                      std::greater<std::pair<int64_t, int64_t>>>
      released_;
  bool joinWakeQueued_ = false;
  int64_t next_ = 0;        ///< next main task to submit (index into mainTasks_)
  int64_t issuedCount_ = 0;
  bool submitting_ = false; ///< a submission is in progress (submit_overhead_cycles)
  size_t marker_ = 0;
  bool markerStarted_ = false;
  int64_t markerCursor_ = 0;
  int64_t inFlight_ = 0;
  int64_t endedCount_ = 0;
  bool gateOpen_ = false;
  int32_t epochsReleased_ = 0;
  int64_t releasedBelow_ = 0; ///< tasks below this index passed the gate
  std::vector<int64_t> gated_;
  int32_t stallReason_ = -1;
  int64_t stallSince_ = 0;
};

void Simulation::beginStall(ptowsp_stall_reason reason) {
  if (stallReason_ == reason)
    return;
  endStall();
  stallReason_ = reason;
  stallSince_ = now_;
  ++result_.stalls[reason];
}

void Simulation::endStall() {
  if (stallReason_ < 0)
    return;
  result_.stallCycles[stallReason_] += now_ - stallSince_;
  if (now_ > stallSince_)
    result_.stallIntervals.push_back(
        {static_cast<ptowsp_stall_reason>(stallReason_), -1, stallSince_, now_});
  stallReason_ = -1;
}

void Simulation::enqueue(int64_t task) {
  int32_t scheduler = graph_.tasks[static_cast<size_t>(task)].scheduler;
  int32_t owner = workStealDispatch_ ? 0 : scheduler;
  int32_t unit = unitOf(task);
  queue(owner, unit).push(task);
  ++queuedByUnit_[static_cast<size_t>(owner)][static_cast<size_t>(unit)];
}

void Simulation::becomeReady(int64_t task) {
  if (gateOpenFor(task))
    enqueue(task);
  else
    gated_.push_back(task);
}

void Simulation::releaseGate(bool endsPhase) {
  if (options_.start == PTOWSP_START_AFTER_ORCHESTRATION) {
    if (!endsPhase)
      return;
    ++epochsReleased_;
  } else {
    gateOpen_ = true;
  }
  rescanGated();
}

void Simulation::rescanGated() {
  std::vector<int64_t> held;
  held.swap(gated_);
  for (int64_t task : held) {
    if (gateOpenFor(task))
      enqueue(task);
    else
      gated_.push_back(task);
  }
}

void Simulation::issue(int64_t task) {
  issued_[static_cast<size_t>(task)] = 1;
  ++issuedCount_;
  if (remaining_[static_cast<size_t>(task)] == 0)
    becomeReady(task);
  if (options_.start == PTOWSP_START_THRESHOLD && !gateOpen_ &&
      issuedCount_ >= options_.threshold)
    releaseGate(false);
}

/// Submits tasks in order. A submission takes the window slot when it begins
/// and issues the task when it ends, submit_overhead_cycles later.
void Simulation::issueReleased() {
  while (!released_.empty() && inFlight_ < options_.window) {
    int64_t task = released_.top().second;
    released_.pop();
    ++inFlight_;
    result_.windowHighWater = std::max(result_.windowHighWater, inFlight_);
    issue(task);
  }
}

void Simulation::runOrchestrator() {
  const std::vector<Marker> &markers = graph_.markers;
  for (;;) {
    if (submitting_)
      return;
    if (marker_ < markers.size() && markers[marker_].position == next_) {
      const Marker &marker = markers[marker_];
      if (!markerStarted_) {
        markerStarted_ = true;
        markerCursor_ = 0;
        if (marker.endsPhase)
          releaseGate(true);
      }
      bool satisfied;
      if (marker.kind == Marker::JoinProcesses) {
        satisfied = now_ >= options_.joinCycle;
        if (!satisfied && !joinWakeQueued_) {
          joinWakeQueued_ = true;
          events_.push({options_.joinCycle, kWake, 0});
        }
      } else if (marker.kind == Marker::AllTasks) {
        satisfied = inFlight_ == 0;
      } else {
        while (markerCursor_ < marker.numTasks &&
               ended_[static_cast<size_t>(
                   graph_.markerTasks[static_cast<size_t>(marker.tasksBegin + markerCursor_)])])
          ++markerCursor_;
        satisfied = markerCursor_ == marker.numTasks;
      }
      if (!satisfied) {
        if (marker.countsAsStall)
          beginStall(marker.reason);
        releaseIssued();
        return;
      }
      endStall();
      ++marker_;
      markerStarted_ = false;
      continue;
    }
    if (next_ == static_cast<int64_t>(mainTasks_.size()))
      return;
    if (inFlight_ >= options_.window) {
      beginStall(PTOWSP_STALL_TASK_RING_FULL);
      releaseIssued();
      return;
    }
    endStall();
    int64_t task = mainTasks_[static_cast<size_t>(next_++)];
    ++inFlight_;
    result_.windowHighWater = std::max(result_.windowHighWater, inFlight_);
    int64_t cost = options_.machine.submit_overhead_cycles;
    if (cost == 0) {
      issue(task);
    } else {
      submitting_ = true;
      events_.push({now_ + cost, kIssue, task});
    }
  }
}

ReadyQueue *Simulation::sourceQueue(int32_t scheduler, int32_t unit) {
  int32_t owner = ownerOf(scheduler);
  ReadyQueue *own = &queue(owner, unit);
  if (!own->empty() || options_.ready != PTOWSP_READY_WORK_STEAL)
    return own->empty() ? nullptr : own;
  ReadyQueue *victim = nullptr;
  for (int32_t other = 0; other < owners(); ++other) {
    ReadyQueue &candidate = queue(other, unit);
    if (other != owner && !candidate.empty() && (!victim || candidate.size() > victim->size()))
      victim = &candidate;
  }
  return victim;
}

void Simulation::dispatch(int32_t scheduler, int64_t task, ReadyQueue &from) {
  from.pop();
  int32_t unit = unitOf(task);
  size_t owner = static_cast<size_t>(&from - queues_.data()) / static_cast<size_t>(unitQueues_);
  --queuedByUnit_[owner][static_cast<size_t>(unit)];
  auto &cores = freeCores(scheduler, unit);
  int32_t core = cores.top();
  cores.pop();
  int64_t overhead = options_.machine.dispatch_overhead_cycles;
  dispatcherFreeAt_[static_cast<size_t>(scheduler)] = now_ + overhead;
  if (overhead > 0)
    events_.push({now_ + overhead, kSchedulerFree, scheduler});
  size_t t = static_cast<size_t>(task);
  result_.start[t] = now_ + overhead;
  result_.end[t] = result_.start[t] + graph_.tasks[t].cycles;
  result_.core[t] = core;
  result_.scheduler[t] = scheduler;
  result_.coreBusy[static_cast<size_t>(core)] += graph_.tasks[t].cycles;
  ++result_.schedulerTasks[static_cast<size_t>(scheduler)];
  events_.push({result_.end[t], kTaskEnd, task});
}

bool Simulation::dispatchOne(int32_t scheduler) {
  if (dispatcherFreeAt_[static_cast<size_t>(scheduler)] > now_)
    return false;
  if (byUnit_) {
    // The better head (by the ready order) among the units with a free core.
    ReadyQueue *best = nullptr;
    for (int32_t unit = 0; unit < kUnits; ++unit) {
      if (freeCores(scheduler, unit).empty())
        continue;
      ReadyQueue *source = sourceQueue(scheduler, unit);
      if (source && (!best || source->before(source->top(), best->top())))
        best = source;
    }
    if (!best)
      return false;
    dispatch(scheduler, best->top(), *best);
    return true;
  }
  // Single pool: strictly in order; a head whose unit has no free core
  // blocks the queue (head-of-line blocking, the point of this knob).
  int32_t owner = ownerOf(scheduler);
  ReadyQueue *source = &queue(owner, 0);
  if (source->empty()) {
    if (options_.ready != PTOWSP_READY_WORK_STEAL)
      return false;
    source = nullptr;
    for (int32_t other = 0; other < owners(); ++other) {
      ReadyQueue &candidate = queue(other, 0);
      if (other != owner && !candidate.empty() &&
          (!source || candidate.size() > source->size()))
        source = &candidate;
    }
    if (!source)
      return false;
  }
  int64_t head = source->top();
  if (freeCores(scheduler, unitOf(head)).empty())
    return false;
  dispatch(scheduler, head, *source);
  return true;
}

bool Simulation::holBlocked(int32_t owner) {
  ReadyQueue &q = queue(owner, 0);
  if (q.empty())
    return false;
  int32_t unit = unitOf(q.top());
  int32_t other = 1 - unit;
  if (queuedByUnit_[static_cast<size_t>(owner)][static_cast<size_t>(other)] == 0)
    return false;
  int32_t first = workStealDispatch_ ? 0 : owner;
  int32_t last = workStealDispatch_ ? options_.targets : owner + 1;
  bool otherFree = false;
  for (int32_t s = first; s < last; ++s) {
    if (dispatcherFreeAt_[static_cast<size_t>(s)] > now_)
      continue;
    if (!freeCores(s, unit).empty())
      return false; // the head can go; not blocked
    if (!freeCores(s, other).empty())
      otherFree = true;
  }
  return otherFree;
}

void Simulation::trackHeadOfLine() {
  for (int32_t owner = 0; owner < owners(); ++owner) {
    int64_t &since = holSince_[static_cast<size_t>(owner)];
    bool blocked = holBlocked(owner);
    if (blocked && since < 0) {
      since = now_;
      ++result_.stalls[PTOWSP_STALL_HEAD_OF_LINE];
    } else if (!blocked && since >= 0) {
      result_.stallCycles[PTOWSP_STALL_HEAD_OF_LINE] += now_ - since;
      if (now_ > since)
        result_.stallIntervals.push_back({PTOWSP_STALL_HEAD_OF_LINE,
                                          workStealDispatch_ ? -2 : owner, since, now_});
      since = -1;
    }
  }
}

bool Simulation::run(std::string &error) {
  const ptowsp_machine &machine = options_.machine;
  workStealDispatch_ = options_.dispatch == PTOWSP_DISPATCH_WORK_STEAL;
  byUnit_ = options_.pools == PTOWSP_POOLS_BY_UNIT;
  unitQueues_ = byUnit_ ? kUnits : 1;
  size_t n = static_cast<size_t>(numTasks_);

  // Successor lists (CSR) from the recorded predecessor lists.
  succBegin_.assign(n + 1, 0);
  remaining_.resize(n);
  for (size_t t = 0; t < n; ++t) {
    const TaskRecord &task = graph_.tasks[t];
    remaining_[t] = task.numPreds;
    for (int32_t p = 0; p < task.numPreds; ++p)
      ++succBegin_[static_cast<size_t>(graph_.preds[static_cast<size_t>(task.predsBegin + p)]) + 1];
  }
  for (size_t t = 0; t < n; ++t)
    succBegin_[t + 1] += succBegin_[t];
  succ_.resize(graph_.preds.size());
  {
    std::vector<int64_t> fill(succBegin_.begin(), succBegin_.end() - 1);
    for (size_t t = 0; t < n; ++t) {
      const TaskRecord &task = graph_.tasks[t];
      for (int32_t p = 0; p < task.numPreds; ++p) {
        size_t pred = static_cast<size_t>(graph_.preds[static_cast<size_t>(task.predsBegin + p)]);
        succ_[static_cast<size_t>(fill[pred]++)] = static_cast<int64_t>(t);
      }
    }
  }

  issued_.assign(n, 0);
  ended_.assign(n, 0);
  result_.start.assign(n, 0);
  result_.end.assign(n, 0);
  result_.core.assign(n, -1);
  result_.scheduler.assign(n, -1);
  result_.coreBusy.assign(static_cast<size_t>(machine.cube_cores + machine.vector_cores), 0);
  result_.schedulerTasks.assign(static_cast<size_t>(machine.schedulers), 0);

  bool byPriority = options_.ready == PTOWSP_READY_PRIORITY;
  for (int32_t i = 0; i < owners() * unitQueues_; ++i)
    queues_.emplace_back(&graph_, byPriority, options_.rank);
  queuedByUnit_.assign(static_cast<size_t>(owners()), std::vector<int64_t>(kUnits, 0));
  holSince_.assign(static_cast<size_t>(owners()), -1);
  freeCores_.resize(static_cast<size_t>(machine.schedulers) * kUnits);
  for (int32_t s = 0; s < machine.schedulers; ++s)
    for (int32_t unit = 0; unit < kUnits; ++unit) {
      CoreRange range = schedulerCores(machine, s, unit);
      for (int32_t c = range.begin; c < range.end; ++c)
        freeCores(s, unit).push(c);
    }
  dispatcherFreeAt_.assign(static_cast<size_t>(machine.schedulers), 0);
  gateOpen_ = options_.start == PTOWSP_START_THRESHOLD && options_.threshold <= 0;
  mainIndex_.assign(n, INT64_MAX);
  for (size_t t = 0; t < n; ++t) {
    if (options_.release && (*options_.release)[t] >= 0) {
      events_.push({(*options_.release)[t], kRelease, static_cast<int64_t>(t)});
      continue;
    }
    mainIndex_[t] = static_cast<int64_t>(mainTasks_.size());
    mainTasks_.push_back(static_cast<int64_t>(t));
  }

  for (;;) {
    while (!events_.empty() && events_.top().time == now_) {
      Event event = events_.top();
      events_.pop();
      if (event.kind == kSchedulerFree || event.kind == kWake)
        continue; // dispatch / orchestrator below
      if (event.kind == kRelease) {
        int64_t key = options_.rank ? (*options_.rank)[static_cast<size_t>(event.id)] : event.id;
        released_.push({key, event.id});
        continue;
      }
      if (event.kind == kIssue) {
        submitting_ = false;
        issue(event.id);
        continue;
      }
      size_t t = static_cast<size_t>(event.id);
      ended_[t] = 1;
      ++endedCount_;
      --inFlight_;
      freeCores(result_.scheduler[t], unitOf(event.id)).push(result_.core[t]);
      for (int64_t e = succBegin_[t]; e < succBegin_[t + 1]; ++e) {
        size_t next = static_cast<size_t>(succ_[static_cast<size_t>(e)]);
        if (--remaining_[next] == 0 && issued_[next])
          becomeReady(static_cast<int64_t>(next));
      }
    }
    issueReleased();
    runOrchestrator();
    for (int32_t s = 0; s < options_.targets; ++s)
      while (dispatchOne(s)) {
      }
    if (!byUnit_)
      trackHeadOfLine();
    if (!events_.empty() && events_.top().time == now_)
      continue;
    if (endedCount_ == numTasks_ && next_ == static_cast<int64_t>(mainTasks_.size()) &&
        marker_ == graph_.markers.size())
      break;
    if (events_.empty()) {
      error = "internal error: the simulation cannot progress with " +
              std::to_string(numTasks_ - endedCount_) + " of " + std::to_string(numTasks_) +
              " tasks unfinished";
      return false;
    }
    now_ = events_.top().time;
  }
  endStall();
  result_.makespan = 0;
  for (size_t t = 0; t < n; ++t)
    result_.makespan = std::max(result_.makespan, result_.end[t]);
  return true;
}

} // namespace

bool simulate(const TaskGraph &graph, const SimOptions &options, SimResult &result,
              std::string &error) {
  result = SimResult();
  Simulation simulation(graph, options, result);
  return simulation.run(error);
}

} // namespace ptowsp::runtime
