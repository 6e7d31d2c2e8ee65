//===- RuntimeState.h - the cpu_sim runtime object, shared by its parts -===//
//
// Part of PTO-WSP. The state behind the C API of runtime.h and the helpers
// every part of the API uses: Runtime.cpp (configuration and lifetime),
// Submission.cpp (tensors, submission, waits), Finish.cpp (the host run's
// end, the simulation and the results) and Channels.cpp (CSP).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_RUNTIMESTATE_H
#define PTOWSP_RUNTIME_LIB_RUNTIMESTATE_H

#include "pto-wsp/cpu_sim/runtime.h"

#include "CspSim.h"
#include "DependencyTracker.h"
#include "HostExecutor.h"
#include "Simulator.h"
#include "TaskGraph.h"
#include "TraceWriter.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>


namespace ptowsp::runtime {

constexpr int64_t kMaxCores = int64_t(1) << 20;
constexpr int32_t kMaxSchedulers = 4096;
constexpr int32_t kMaxHostThreads = 1024;
constexpr int32_t kMaxStreams = int32_t(1) << 24;

struct TensorInfo {
  std::string name;
  char *base = nullptr;
  int64_t elementBytes = 0;
  int32_t rank = 0;
  int64_t dims[PTOWSP_MAX_RANK] = {};
};

/// A CSP channel on the host.
struct Channel {
  std::string name;
  int64_t capacity = 1;
  int32_t producers = 1;
  int32_t payloadWords = 0;
  int32_t closes = 0;
  std::deque<std::vector<int64_t>> queue;
  int64_t sent = 0;  ///< tokens posted
  int64_t taken = 0; ///< tokens received
  int64_t hostHighWater = 0;
  bool closed() const { return closes >= producers; }
};

/// One spawned process instance.
struct Instance {
  std::string name; ///< "proc[i]"
  int64_t index = 0; ///< over all spawns
  int64_t local = 0; ///< i
  ptowsp_process_fn fn = nullptr;
  void *user = nullptr;
  std::thread thread;
  std::vector<CspEvent> events; ///< written only by its own thread
  std::string lastError;
  // Under cspMutex:
  bool done = false;
  int32_t blockedOn = -1; ///< channel it waits on, or -1
  bool blockedSend = false;
  int64_t waitToken = -1; ///< rendezvous send: its token
};

struct CurrentProcess {
  const ptowsp_runtime *rt = nullptr;
  Instance *instance = nullptr;
};
extern thread_local CurrentProcess currentProcess;

uint64_t splitmix64(uint64_t x);
const char *dispatchName(ptowsp_dispatch dispatch);
const char *readyName(ptowsp_ready ready);
const char *depsName(ptowsp_deps deps);

} // namespace ptowsp::runtime

using namespace ptowsp::runtime;

//===----------------------------------------------------------------------===//
// The runtime object
//===----------------------------------------------------------------------===//

struct ptowsp_runtime {
  ptowsp_config config{};
  std::string tracePath, graphPath;
  int32_t targets = 1;
  mutable std::string lastError;

  std::vector<TensorInfo> tensors;
  std::map<uintptr_t, int32_t> tensorsByAddress; ///< first byte -> id, non-empty tensors
  std::unique_ptr<DependencyTracker> tracker;    ///< null in explicit mode
  TaskGraph graph;
  std::vector<int64_t> streamLast;
  std::unordered_map<const char *, int32_t> kernelByPointer;
  std::unordered_map<std::string, int32_t> kernelByName;
  int32_t epoch = 0;
  int64_t roundRobin = 0;

  ptowsp_status fatal = PTOWSP_OK; ///< sticky failure found outside the executor
  std::string fatalError;
  bool finished = false;
  ptowsp_status finishStatus = PTOWSP_OK;
  std::string finishError;
  bool simulated = false;
  SimResult sim;
  HostCounters host;
  double wallSeconds = 0, simulateSeconds = 0;
  std::chrono::steady_clock::time_point created = std::chrono::steady_clock::now();

  // Per-submission scratch, kept to avoid reallocating.
  std::vector<Access> accesses;
  std::vector<int64_t> preds;

  // CSP. apiMutex serialises the orchestrator-side calls (process threads
  // submit concurrently); cspMutex guards channels and instance wait states.
  std::mutex apiMutex;
  std::mutex cspMutex;
  std::condition_variable cspCv;
  std::deque<Channel> channels;
  std::deque<Instance> instances;
  int64_t liveInstances = 0;
  int64_t blockedInstances = 0;
  bool mainJoining = false; ///< the main thread waits in ptowsp_join_processes
  ptowsp_status cspFailure = PTOWSP_OK; ///< first process error or deadlock (sticky)
  std::string cspFailureText;
  bool joined = true;
  std::vector<int32_t> taskOrigin; ///< per task: instance index, -1 = main
  int64_t mainTasks = 0;
  int64_t channelLatency = 0;
  bool cspSimulated = false;
  CspResult csp;
  std::vector<int64_t> rank;

  // Last: destroyed first, so the worker threads stop before anything they
  // might touch goes away.
  std::unique_ptr<HostExecutor> executor;

  Instance *current() const {
    return currentProcess.rt == this ? currentProcess.instance : nullptr;
  }
  /// Records the first failure of a call made inside a process instance.
  void noteProcessError(Instance *inst, ptowsp_status status, const std::string &message) {
    if (status == PTOWSP_OK || status == PTOWSP_ERR_WINDOW_ABORT)
      return;
    std::lock_guard<std::mutex> lock(cspMutex);
    if (cspFailure == PTOWSP_OK) {
      cspFailure = status;
      cspFailureText = status == PTOWSP_ERR_DEADLOCK
                           ? message
                           : "process '" + inst->name + "': " + message;
    }
    cspCv.notify_all();
  }
  ptowsp_status error(ptowsp_status status, std::string message) {
    if (Instance *inst = current()) {
      noteProcessError(inst, status, message);
      inst->lastError = std::move(message);
      return status;
    }
    lastError = std::move(message);
    return status;
  }
  ptowsp_status fail(ptowsp_status status, std::string message) {
    if (fatal == PTOWSP_OK) {
      fatal = status;
      fatalError = message;
    }
    return error(status, std::move(message));
  }
  int32_t internKernel(const char *name);
  std::string describeNew(const ptowsp_task &task, int64_t id) const;
  std::string tensorText(int32_t tensor) const {
    return "'" + tensors[static_cast<size_t>(tensor)].name + "'";
  }
};

namespace ptowsp::runtime {

/// Runs `body`, turning exceptions into sticky errors: nothing escapes into C.
template <typename Body> ptowsp_status guarded(ptowsp_runtime *rt, Body &&body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return rt->fail(PTOWSP_ERR_NO_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return rt->fail(PTOWSP_ERR_INVALID, std::string("internal error: ") + e.what());
  }
}

/// A kernel calling the runtime would wait for itself or race with the
/// orchestrator: fails the kernel (see Runtime.cpp).
ptowsp_status refuseFromKernel(const char *function);

/// Rejects calls after finish and after a failure found by the runtime
/// itself (see Runtime.cpp).
ptowsp_status checkUsable(ptowsp_runtime *rt, const char *function);

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_RUNTIMESTATE_H
