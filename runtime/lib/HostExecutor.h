//===- HostExecutor.h - Runs kernels on a pool of host threads ------------===//
//
// Part of PTO-WSP. The host half of the runtime: a fixed pool of worker
// threads runs each task's kernel once its predecessors have finished, in the
// order of the ready policy, behind the start gate, with the task window as
// back-pressure on the orchestrator. Waits of the orchestrator detect
// deadlock from the executor's state (nothing running, nothing runnable).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_HOSTEXECUTOR_H
#define PTOWSP_RUNTIME_LIB_HOSTEXECUTOR_H

#include "TaskGraph.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

namespace ptowsp::runtime {

struct HostOptions {
  int32_t threads = 1;
  ptowsp_ready ready = PTOWSP_READY_FIFO;
  int64_t window = 1;
  ptowsp_window_mode windowMode = PTOWSP_WINDOW_STALL;
  ptowsp_start start = PTOWSP_START_THRESHOLD;
  int64_t threshold = 1;
};

/// Counters of the orchestrator's waits on the host (timing dependent).
struct HostCounters {
  int64_t stalls[PTOWSP_STALL_REASONS] = {};
  int64_t windowHighWater = 0;
};

/// A mutex that spins briefly before blocking. The executor's critical
/// sections are a few dozen instructions long, so a contended lock is usually
/// free again within that time; std::mutex would sleep in the kernel instead
/// (bench/task_overhead: about 20-40% of the per-task time on 2 cores).
class SpinThenBlockMutex {
public:
  void lock() {
    for (int spin = 0; spin < 100; ++spin) {
      if (mutex_.try_lock())
        return;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    mutex_.lock();
  }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }

private:
  std::mutex mutex_;
};

/// Records a failure of the kernel running on the calling thread; false when
/// the thread is not running a task.
bool recordKernelFailure(const char *message);

/// Whether the calling thread is running a kernel.
bool insideKernel();

class HostExecutor {
public:
  /// `describe(task)` names a task in messages; it is only called from the
  /// orchestrator-facing methods below, i.e. on the orchestrator thread.
  HostExecutor(const HostOptions &options, std::function<std::string(int64_t)> describe);
  ~HostExecutor();
  HostExecutor(const HostExecutor &) = delete;
  HostExecutor &operator=(const HostExecutor &) = delete;

  /// Submits task `id` (ids are consecutive from 0): waits for a window
  /// slot (stall mode) or refuses the task (abort mode, nothing changes),
  /// then makes it runnable once `preds` (earlier, distinct ids) finished.
  /// `args` is owned by the executor from now on.
  ptowsp_status submit(int64_t id, ptowsp_kernel_fn kernel, std::unique_ptr<ptowsp_arg[]> args,
                       int64_t priority, const int64_t *preds, int64_t numPreds,
                       std::string &error);
  /// Waits until tasks `ids` have finished. `what` describes the waiter for
  /// a deadlock message.
  ptowsp_status waitFor(const std::vector<int64_t> &ids, ptowsp_stall_reason reason,
                        const std::string &what, std::string &error);
  /// Waits until no task is unfinished, without opening the start gate.
  ptowsp_status waitIdle(ptowsp_stall_reason reason, const std::string &what,
                         std::string &error);
  /// Ends the orchestration phase (opens the start gate) and waits for all.
  /// After a failure it returns once no kernel is running any more (tasks
  /// not started by then never start). The wait of ptowsp_finish
  /// (`isFinish`) is not counted as a stall.
  ptowsp_status waitAll(bool isFinish, std::string &error);
  /// Stops and joins the workers. Tasks not started are dropped.
  void stop();
  /// The sticky failure, if any (status and message).
  ptowsp_status failure(std::string &error);

  HostCounters counters();
  int32_t threads() const { return static_cast<int32_t>(workers_.size()); }

private:
  using Lock = std::unique_lock<SpinThenBlockMutex>;
  enum class State : uint8_t { Waiting, Gated, Ready, Running, Done, Failed, Skipped };
  struct Task {
    ptowsp_kernel_fn kernel = nullptr;
    std::unique_ptr<ptowsp_arg[]> args;
    int64_t priority = 0;
    int64_t successors = -1; ///< head of a list in edges_
    int32_t pending = 0;     ///< unfinished predecessors
    int32_t epoch = 0;
    State state = State::Waiting;
  };
  struct Edge {
    int64_t task;
    int64_t next;
  };
  struct ByPriority {
    bool operator()(const std::pair<int64_t, int64_t> &a,
                    const std::pair<int64_t, int64_t> &b) const {
      // max-heap on priority, then min on id
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    }
  };

  void workerLoop(int32_t worker);
  /// Runs ready task `id` on worker `worker` (the lock is released while
  /// the kernel runs) and completes it.
  void runTask(int64_t id, int32_t worker, Lock &lock);
  bool finished(State state) const {
    return state == State::Done || state == State::Failed || state == State::Skipped;
  }
  bool gateOpen(const Task &task) const;
  /// All predecessors finished: queue it, or hold it behind the start gate.
  void makeReady(int64_t id, int32_t worker);
  void pushReady(int64_t id, int32_t worker);
  int64_t popReady(int32_t worker);
  void openGate();
  /// Completion of a task run by `worker`, under the lock.
  void complete(int64_t id, int32_t worker, bool ok, std::string message);
  void skipDependents(int64_t id);
  void freeEdges(int64_t head);
  /// Under the lock, while the orchestrator waits: true (and a message) when
  /// no task is running or runnable, so the wait can never end.
  bool deadlocked(const std::string &what, std::string &error);
  /// Waits on orchestratorCv_ until woken (see orchestratorWakeAt_).
  void orchestratorWait(Lock &lock, int64_t wakeAtInFlight);
  /// Whether a worker that found no task spins before sleeping.
  bool spinBeforeSleep() const;
  ptowsp_status failureLocked(std::string &error);

  const HostOptions options_;
  const std::function<std::string(int64_t)> describe_;

  SpinThenBlockMutex mutex_;
  std::condition_variable_any workerCv_;
  std::condition_variable_any orchestratorCv_;
  bool orchestratorWaiting_ = false;
  /// A waiting orchestrator is woken once inFlight_ drops to this (or when
  /// nothing can run any more, or on failure), not after every completion.
  int64_t orchestratorWakeAt_ = 0;
  bool stopping_ = false;
  int32_t sleepingWorkers_ = 0;
  int32_t wakeupsPending_ = 0; ///< notified sleepers that have not woken yet

  ChunkedVector<Task> tasks_;
  std::vector<Edge> edges_;
  int64_t freeEdge_ = -1;
  int64_t published_ = 0;
  int64_t inFlight_ = 0; ///< submitted, not finished
  int64_t running_ = 0;
  int64_t gatedCount_ = 0;
  std::vector<int64_t> gated_;
  int32_t epoch_ = 0;     ///< phases ended so far (after_orchestration)
  bool gateOpen_ = false; ///< threshold reached or orchestration ended

  // Ready queues (one is used, per options_.ready).
  std::priority_queue<int64_t, std::vector<int64_t>, std::greater<int64_t>> fifo_;
  std::priority_queue<std::pair<int64_t, int64_t>, std::vector<std::pair<int64_t, int64_t>>,
                      ByPriority>
      byPriority_;
  std::vector<std::deque<int64_t>> perWorker_;
  int64_t readyCount_ = 0;
  /// readyCount_ > 0 or stopping_, readable without the lock by spinning workers.
  std::atomic<bool> workAvailable_{false};
  int32_t nextWorker_ = 0;

  ptowsp_status failure_ = PTOWSP_OK;
  int64_t failedTask_ = -1;
  std::string failureText_; ///< kernel message, or the full deadlock message

  HostCounters counters_;
  std::vector<std::thread> workers_;
};

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_HOSTEXECUTOR_H
