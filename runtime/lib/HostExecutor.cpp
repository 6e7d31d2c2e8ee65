//===- HostExecutor.cpp - Runs kernels on a pool of host threads ----------===//
//
// Part of PTO-WSP.
//
// One mutex guards all scheduling state; kernels run outside it. A task is
// Waiting until its predecessors finish, then Gated (start policy) or Ready,
// Running, and finally Done, Failed or Skipped (a dependent of a failure).
// Because every state change happens under the mutex, "no task is Running
// and none is Ready" is an exact statement that nothing can make progress
// until the orchestrator acts, which is how waits detect deadlock.
//
//===----------------------------------------------------------------------===//

#include "HostExecutor.h"

#include <algorithm>
#include <exception>

namespace ptowsp::runtime {

namespace {

/// The task the calling worker thread is running, for ptowsp_kernel_fail.
struct KernelContext {
  bool active = false;
  bool failed = false;
  std::string message;
};
thread_local KernelContext currentKernel;

/// Yields a worker makes, looking for work, before it sleeps: short tasks
/// otherwise cost a sleep and a wake-up (two system calls and a context
/// switch) each. Yields, unlike a pause loop, leave the core to the
/// orchestrator when threads outnumber cores. Tuned with bench/task_overhead
/// (8 to 32 measured alike on 2 cores).
constexpr int kSpinRounds = 16;

} // namespace

bool recordKernelFailure(const char *message) {
  if (!currentKernel.active)
    return false;
  if (!currentKernel.failed) {
    currentKernel.failed = true;
    currentKernel.message = message && *message ? message : "(no message)";
  }
  return true;
}

bool insideKernel() { return currentKernel.active; }

HostExecutor::HostExecutor(const HostOptions &options,
                           std::function<std::string(int64_t)> describe)
    : options_(options), describe_(std::move(describe)) {
  if (options_.start == PTOWSP_START_THRESHOLD && options_.threshold <= 0)
    gateOpen_ = true;
  perWorker_.resize(static_cast<size_t>(options_.threads));
  workers_.reserve(static_cast<size_t>(options_.threads));
  try {
    for (int32_t w = 0; w < options_.threads; ++w)
      workers_.emplace_back([this, w] { workerLoop(w); });
  } catch (...) {
    stop();
    throw;
  }
}

HostExecutor::~HostExecutor() { stop(); }

void HostExecutor::stop() {
  {
    std::lock_guard<SpinThenBlockMutex> lock(mutex_);
    stopping_ = true;
    workAvailable_.store(true, std::memory_order_relaxed);
  }
  workerCv_.notify_all();
  for (std::thread &worker : workers_)
    if (worker.joinable())
      worker.join();
}

//===----------------------------------------------------------------------===//
// Workers
//===----------------------------------------------------------------------===//

void HostExecutor::workerLoop(int32_t worker) {
  Lock lock(mutex_);
  bool spun = false;
  for (;;) {
    if (stopping_)
      return;
    // After a failure no new task starts: the run is over.
    int64_t id = failure_ == PTOWSP_OK ? popReady(worker) : -1;
    if (id < 0 && !spun && failure_ == PTOWSP_OK && spinBeforeSleep()) {
      // Tasks of generated code are often short: poll for a little while
      // (yielding the core) before paying for a sleep and a wake-up. Then
      // look again under the lock; only a look under the lock may lead to
      // sleeping, or a wake-up sent meanwhile would be lost.
      lock.unlock();
      for (int round = 0; round < kSpinRounds; ++round) {
        std::this_thread::yield();
        if (workAvailable_.load(std::memory_order_relaxed))
          break;
      }
      lock.lock();
      spun = true;
      continue;
    }
    if (id < 0) {
      ++sleepingWorkers_;
      workerCv_.wait(lock);
      --sleepingWorkers_;
      if (wakeupsPending_ > 0)
        --wakeupsPending_;
      spun = false;
      continue;
    }
    spun = false;
    runTask(id, worker, lock);
  }
}

void HostExecutor::runTask(int64_t id, int32_t worker, Lock &lock) {
  Task &task = tasks_[id];
  task.state = State::Running;
  ++running_;
  ptowsp_kernel_fn kernel = task.kernel;
  std::unique_ptr<ptowsp_arg[]> args = std::move(task.args);
  lock.unlock();

  currentKernel.active = true;
  currentKernel.failed = false;
  currentKernel.message.clear();
  try {
    kernel(args.get());
  } catch (const std::exception &e) {
    recordKernelFailure((std::string("threw a C++ exception: ") + e.what()).c_str());
  } catch (...) {
    recordKernelFailure("threw a C++ exception of unknown type");
  }
  currentKernel.active = false;
  bool ok = !currentKernel.failed;
  std::string message = ok ? std::string() : std::move(currentKernel.message);
  args.reset();

  lock.lock();
  complete(id, worker, ok, std::move(message));
}

void HostExecutor::complete(int64_t id, int32_t worker, bool ok, std::string message) {
  Task &task = tasks_[id];
  --running_;
  --inFlight_;
  if (ok) {
    task.state = State::Done;
    for (int64_t e = task.successors; e >= 0; e = edges_[static_cast<size_t>(e)].next) {
      int64_t next = edges_[static_cast<size_t>(e)].task;
      Task &successor = tasks_[next];
      if (--successor.pending == 0 && successor.state == State::Waiting)
        makeReady(next, worker);
    }
    freeEdges(task.successors);
    task.successors = -1;
  } else {
    task.state = State::Failed;
    if (failure_ == PTOWSP_OK) {
      failure_ = PTOWSP_ERR_KERNEL;
      failedTask_ = id;
      failureText_ = std::move(message);
    }
    skipDependents(id);
  }
  if (orchestratorWaiting_ &&
      (inFlight_ <= orchestratorWakeAt_ || failure_ != PTOWSP_OK ||
       (running_ == 0 && readyCount_ == 0)))
    orchestratorCv_.notify_one();
}

void HostExecutor::orchestratorWait(Lock &lock, int64_t wakeAtInFlight) {
  orchestratorWaiting_ = true;
  orchestratorWakeAt_ = wakeAtInFlight;
  orchestratorCv_.wait(lock);
  orchestratorWaiting_ = false;
}

bool HostExecutor::spinBeforeSleep() const {
  // Spinning only pays when there is a core for it besides the orchestrator.
  static const unsigned cores = std::thread::hardware_concurrency();
  return cores >= 2;
}

void HostExecutor::skipDependents(int64_t id) {
  std::vector<int64_t> stack{id};
  while (!stack.empty()) {
    Task &task = tasks_[stack.back()];
    stack.pop_back();
    for (int64_t e = task.successors; e >= 0; e = edges_[static_cast<size_t>(e)].next) {
      int64_t next = edges_[static_cast<size_t>(e)].task;
      Task &successor = tasks_[next];
      --successor.pending;
      if (successor.state == State::Waiting) {
        successor.state = State::Skipped;
        successor.args.reset();
        --inFlight_;
        stack.push_back(next);
      }
    }
    freeEdges(task.successors);
    task.successors = -1;
  }
}

void HostExecutor::freeEdges(int64_t head) {
  while (head >= 0) {
    int64_t next = edges_[static_cast<size_t>(head)].next;
    edges_[static_cast<size_t>(head)].next = freeEdge_;
    freeEdge_ = head;
    head = next;
  }
}

//===----------------------------------------------------------------------===//
// Ready queues and the start gate
//===----------------------------------------------------------------------===//

bool HostExecutor::gateOpen(const Task &task) const {
  if (options_.start == PTOWSP_START_AFTER_ORCHESTRATION)
    return task.epoch < epoch_;
  return gateOpen_;
}

void HostExecutor::makeReady(int64_t id, int32_t worker) {
  Task &task = tasks_[id];
  if (!gateOpen(task)) {
    task.state = State::Gated;
    gated_.push_back(id);
    ++gatedCount_;
    return;
  }
  task.state = State::Ready;
  pushReady(id, worker);
}

void HostExecutor::pushReady(int64_t id, int32_t worker) {
  switch (options_.ready) {
  case PTOWSP_READY_FIFO:
    fifo_.push(id);
    break;
  case PTOWSP_READY_PRIORITY:
    byPriority_.push({tasks_[id].priority, id});
    break;
  case PTOWSP_READY_WORK_STEAL: {
    // A task readied by a worker stays with it; the orchestrator deals its
    // tasks round-robin. Idle workers steal (popReady).
    int32_t target = worker;
    if (target < 0) {
      target = nextWorker_;
      nextWorker_ = (nextWorker_ + 1) % options_.threads;
    }
    perWorker_[static_cast<size_t>(target)].push_back(id);
    break;
  }
  }
  ++readyCount_;
  workAvailable_.store(true, std::memory_order_relaxed);
  // Wake a sleeper unless enough wake-ups are already on their way: each
  // notify costs a system call, and a woken worker drains the queue anyway.
  if (sleepingWorkers_ > wakeupsPending_) {
    ++wakeupsPending_;
    workerCv_.notify_one();
  }
}

int64_t HostExecutor::popReady(int32_t worker) {
  if (readyCount_ == 0)
    return -1;
  int64_t id = -1;
  switch (options_.ready) {
  case PTOWSP_READY_FIFO:
    id = fifo_.top();
    fifo_.pop();
    break;
  case PTOWSP_READY_PRIORITY:
    id = byPriority_.top().second;
    byPriority_.pop();
    break;
  case PTOWSP_READY_WORK_STEAL: {
    // Own queue oldest first; otherwise steal the oldest task of the
    // longest queue (ties: lowest worker index), like the simulation.
    std::deque<int64_t> *queue = &perWorker_[static_cast<size_t>(worker)];
    if (queue->empty()) {
      for (std::deque<int64_t> &other : perWorker_)
        if (other.size() > queue->size())
          queue = &other;
    }
    id = queue->front();
    queue->pop_front();
    break;
  }
  }
  --readyCount_;
  if (readyCount_ == 0 && !stopping_)
    workAvailable_.store(false, std::memory_order_relaxed);
  return id;
}

void HostExecutor::openGate() {
  if (options_.start == PTOWSP_START_AFTER_ORCHESTRATION)
    ++epoch_;
  else
    gateOpen_ = true;
  std::vector<int64_t> held;
  held.swap(gated_);
  for (int64_t id : held) {
    Task &task = tasks_[id];
    if (task.state != State::Gated)
      continue;
    if (!gateOpen(task)) {
      gated_.push_back(id);
      continue;
    }
    --gatedCount_;
    task.state = State::Ready;
    pushReady(id, -1);
  }
}

//===----------------------------------------------------------------------===//
// Orchestrator side
//===----------------------------------------------------------------------===//

ptowsp_status HostExecutor::failureLocked(std::string &error) {
  if (failure_ == PTOWSP_ERR_KERNEL) {
    error = describe_(failedTask_) + " failed: " + failureText_ +
            " (its dependents and every task not started yet were not run)";
  } else {
    error = failureText_;
  }
  return failure_;
}

ptowsp_status HostExecutor::failure(std::string &error) {
  std::lock_guard<SpinThenBlockMutex> lock(mutex_);
  if (failure_ == PTOWSP_OK)
    return PTOWSP_OK;
  return failureLocked(error);
}

bool HostExecutor::deadlocked(const std::string &what, std::string &error) {
  if (running_ > 0 || readyCount_ > 0)
    return false;
  std::string text = "deadlock: " + what + ", but none of the " + std::to_string(inFlight_) +
                     " unfinished task" + (inFlight_ == 1 ? "" : "s") + " can run: ";
  int64_t waiting = inFlight_ - gatedCount_;
  if (gatedCount_ > 0) {
    text += std::to_string(gatedCount_) + " held by the start policy (";
    if (options_.start == PTOWSP_START_AFTER_ORCHESTRATION)
      text += "after_orchestration: tasks start at ptowsp_wait_all, ptowsp_finish or a blocking wait";
    else
      text += "threshold(" + std::to_string(options_.threshold) + "): " +
              std::to_string(published_) + " task" + (published_ == 1 ? "" : "s") +
              " submitted so far";
    text += ")";
    if (!gated_.empty())
      text += ", the oldest being " + describe_(gated_.front());
  }
  if (waiting > 0)
    text += std::string(gatedCount_ > 0 ? "; " : "") + std::to_string(waiting) +
            " waiting for predecessors that cannot finish";
  failure_ = PTOWSP_ERR_DEADLOCK;
  failureText_ = text;
  error = text;
  return true;
}

ptowsp_status HostExecutor::submit(int64_t id, ptowsp_kernel_fn kernel,
                                   std::unique_ptr<ptowsp_arg[]> args, int64_t priority,
                                   const int64_t *preds, int64_t numPreds, std::string &error) {
  Lock lock(mutex_);
  if (failure_ != PTOWSP_OK)
    return failureLocked(error);
  if (inFlight_ >= options_.window) {
    if (options_.windowMode == PTOWSP_WINDOW_ABORT) {
      error = "task window full: " + std::to_string(inFlight_) +
              " tasks submitted and not finished (window_size " +
              std::to_string(options_.window) + ", mode abort); the task was not submitted";
      return PTOWSP_ERR_WINDOW_ABORT;
    }
    ++counters_.stalls[PTOWSP_STALL_TASK_RING_FULL];
    std::string what = "ptowsp_submit waits for a free slot in the task window (window_size " +
                       std::to_string(options_.window) + ")";
    // Resume once a few slots are free (up to 1/8 of the window, at most
    // 256) rather than after every completion: the host's timing is not part
    // of the result, and one wake-up per task would dominate short tasks.
    int64_t slack = std::min<int64_t>(options_.window / 8, 256);
    // Generation cannot go on until a task finishes: whatever the start
    // policy held back may start now (otherwise a window smaller than the
    // workload could never drain).
    if (gatedCount_ > 0)
      openGate();
    while (inFlight_ >= options_.window) {
      if (failure_ != PTOWSP_OK)
        return failureLocked(error);
      if (deadlocked(what, error))
        return PTOWSP_ERR_DEADLOCK;
      orchestratorWait(lock, options_.window - 1 - slack);
    }
    if (failure_ != PTOWSP_OK)
      return failureLocked(error);
  }
  tasks_.ensure(id);
  ++inFlight_;
  if (inFlight_ > counters_.windowHighWater)
    counters_.windowHighWater = inFlight_;

  Task &task = tasks_[id];
  task.kernel = kernel;
  task.args = std::move(args);
  task.priority = priority;
  task.epoch = epoch_;
  task.pending = 0;
  task.successors = -1;
  task.state = State::Waiting;
  for (int64_t i = 0; i < numPreds; ++i) {
    Task &pred = tasks_[preds[i]];
    if (finished(pred.state))
      continue; // Done: a failed one would have set failure_ above
    int64_t edge;
    if (freeEdge_ >= 0) {
      edge = freeEdge_;
      freeEdge_ = edges_[static_cast<size_t>(edge)].next;
      edges_[static_cast<size_t>(edge)] = {id, pred.successors};
    } else {
      edge = static_cast<int64_t>(edges_.size());
      edges_.push_back({id, pred.successors});
    }
    pred.successors = edge;
    ++task.pending;
  }
  ++published_;
  if (task.pending == 0)
    makeReady(id, -1);
  if (options_.start == PTOWSP_START_THRESHOLD && !gateOpen_ &&
      published_ >= options_.threshold)
    openGate();
  return PTOWSP_OK;
}

ptowsp_status HostExecutor::waitFor(const std::vector<int64_t> &ids, ptowsp_stall_reason reason,
                                    const std::string &what, std::string &error) {
  Lock lock(mutex_);
  size_t done = 0;
  bool counted = false;
  for (;;) {
    if (failure_ != PTOWSP_OK)
      return failureLocked(error);
    while (done < ids.size() && finished(tasks_[ids[done]].state))
      ++done;
    if (done == ids.size())
      return PTOWSP_OK;
    if (!counted) {
      ++counters_.stalls[reason];
      counted = true;
      // The orchestrator needs these tasks to finish: release what the start
      // policy holds, as a full window does.
      if (gatedCount_ > 0)
        openGate();
    }
    if (deadlocked(what + " (" + describe_(ids[done]) + " has not finished)", error))
      return PTOWSP_ERR_DEADLOCK;
    orchestratorWait(lock, INT64_MAX); // any completion may be one of `ids`
  }
}

ptowsp_status HostExecutor::waitIdle(ptowsp_stall_reason reason, const std::string &what,
                                     std::string &error) {
  Lock lock(mutex_);
  bool counted = false;
  for (;;) {
    if (failure_ != PTOWSP_OK)
      return failureLocked(error);
    if (inFlight_ == 0)
      return PTOWSP_OK;
    if (!counted) {
      ++counters_.stalls[reason];
      counted = true;
    }
    if (deadlocked(what, error))
      return PTOWSP_ERR_DEADLOCK;
    orchestratorWait(lock, 0);
  }
}

ptowsp_status HostExecutor::waitAll(bool isFinish, std::string &error) {
  Lock lock(mutex_);
  openGate();
  bool counted = false;
  for (;;) {
    // On failure, still wait for the kernels already running: the caller may
    // free the tensors as soon as this returns.
    if (failure_ != PTOWSP_OK && running_ == 0)
      return failureLocked(error);
    if (failure_ == PTOWSP_OK && inFlight_ == 0)
      return PTOWSP_OK;
    if (!counted && !isFinish) {
      ++counters_.stalls[PTOWSP_STALL_BARRIER];
      counted = true;
    }
    if (failure_ == PTOWSP_OK &&
        deadlocked("ptowsp_wait_all waits for every submitted task", error))
      return PTOWSP_ERR_DEADLOCK;
    orchestratorWait(lock, 0);
  }
}

HostCounters HostExecutor::counters() {
  std::lock_guard<SpinThenBlockMutex> lock(mutex_);
  return counters_;
}

} // namespace ptowsp::runtime

extern "C" ptowsp_status ptowsp_kernel_fail(const char *message) {
  return ptowsp::runtime::recordKernelFailure(message) ? PTOWSP_OK : PTOWSP_ERR_INVALID;
}
