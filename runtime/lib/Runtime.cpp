//===- Runtime.cpp - The cpu_sim task runtime's C API ---------------------===//
//
// Part of PTO-WSP. Validates what the orchestrator passes, infers
// dependencies, records the task graph in submission order, hands tasks to the
// host executor, and at ptowsp_finish runs the simulation and writes traces.
//
//===----------------------------------------------------------------------===//

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

using namespace ptowsp::runtime;

namespace {

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

thread_local std::string createError;

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
thread_local CurrentProcess currentProcess;

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

const char *dispatchName(ptowsp_dispatch dispatch) {
  switch (dispatch) {
  case PTOWSP_DISPATCH_ROUND_ROBIN:
    return "round_robin";
  case PTOWSP_DISPATCH_HASH:
    return "hash";
  case PTOWSP_DISPATCH_AFFINITY:
    return "affinity";
  case PTOWSP_DISPATCH_WORK_STEAL:
    return "work_steal";
  case PTOWSP_DISPATCH_CUSTOM:
    return "custom";
  }
  return "?";
}

const char *readyName(ptowsp_ready ready) {
  switch (ready) {
  case PTOWSP_READY_FIFO:
    return "fifo";
  case PTOWSP_READY_WORK_STEAL:
    return "work_steal";
  case PTOWSP_READY_PRIORITY:
    return "priority";
  }
  return "?";
}

const char *depsName(ptowsp_deps deps) {
  switch (deps) {
  case PTOWSP_DEPS_EXACT:
    return "exact";
  case PTOWSP_DEPS_OVERLAP:
    return "overlap";
  case PTOWSP_DEPS_EXPLICIT:
    return "explicit";
  case PTOWSP_DEPS_HYBRID:
    return "hybrid";
  }
  return "?";
}

/// The integer stored in an enum field. A C caller may store any int there,
/// and reading a value outside the enumerators through the C++ enum type is
/// undefined, so fields are checked through their representation.
template <typename Enum> int32_t rawValue(const Enum &field) {
  static_assert(sizeof(Enum) == sizeof(int32_t), "C enums are int-sized");
  int32_t value;
  std::memcpy(&value, &field, sizeof value);
  return value;
}

/// Checks every field of a configuration; the message names the field.
bool validateConfig(const ptowsp_config &c, std::string &error) {
  auto fail = [&](std::string message) {
    error = "invalid ptowsp_config: " + std::move(message);
    return false;
  };
  const ptowsp_machine &m = c.machine;
  if (m.schedulers < 1 || m.schedulers > kMaxSchedulers)
    return fail("machine.schedulers is " + std::to_string(m.schedulers) + "; it must be in [1, " +
                std::to_string(kMaxSchedulers) + "]");
  if (m.cube_cores < 0 || m.cube_cores > kMaxCores || m.vector_cores < 0 ||
      m.vector_cores > kMaxCores)
    return fail("machine.cube_cores (" + std::to_string(m.cube_cores) +
                ") and machine.vector_cores (" + std::to_string(m.vector_cores) +
                ") must be in [0, " + std::to_string(kMaxCores) + "]");
  if (m.cube_cores + m.vector_cores == 0)
    return fail("the machine has no cores (machine.cube_cores and machine.vector_cores are 0)");
  if (m.cube_cores != 0 && m.cube_cores < m.schedulers)
    return fail("machine.cube_cores (" + std::to_string(m.cube_cores) +
                ") must be 0 or at least machine.schedulers (" + std::to_string(m.schedulers) +
                "): each scheduler owns a share of the cores");
  if (m.vector_cores != 0 && m.vector_cores < m.schedulers)
    return fail("machine.vector_cores (" + std::to_string(m.vector_cores) +
                ") must be 0 or at least machine.schedulers (" + std::to_string(m.schedulers) +
                "): each scheduler owns a share of the cores");
  if (m.dispatch_overhead_cycles < 0)
    return fail("machine.dispatch_overhead_cycles is negative");
  if (m.submit_overhead_cycles < 0)
    return fail("machine.submit_overhead_cycles is negative");
  if (!(m.clock_ghz > 0) || !std::isfinite(m.clock_ghz))
    return fail("machine.clock_ghz must be a positive number");
  if (c.host_threads < 0 || c.host_threads > kMaxHostThreads)
    return fail("host_threads is " + std::to_string(c.host_threads) + "; it must be in [0, " +
                std::to_string(kMaxHostThreads) + "] (0 = hardware concurrency)");
  if (rawValue(c.dispatch) < PTOWSP_DISPATCH_ROUND_ROBIN ||
      rawValue(c.dispatch) > PTOWSP_DISPATCH_CUSTOM)
    return fail("dispatch has the unknown value " + std::to_string(rawValue(c.dispatch)));
  if (c.dispatch_targets < 0 || c.dispatch_targets > m.schedulers)
    return fail("dispatch_targets is " + std::to_string(c.dispatch_targets) +
                "; it must be in [0, machine.schedulers = " + std::to_string(m.schedulers) +
                "] (0 = all schedulers)");
  if (c.window_size < 1)
    return fail("window_size is " + std::to_string(c.window_size) + "; it must be at least 1");
  if (rawValue(c.window_mode) != PTOWSP_WINDOW_STALL &&
      rawValue(c.window_mode) != PTOWSP_WINDOW_ABORT)
    return fail("window_mode has the unknown value " + std::to_string(rawValue(c.window_mode)));
  if (rawValue(c.deps) < PTOWSP_DEPS_EXACT || rawValue(c.deps) > PTOWSP_DEPS_HYBRID)
    return fail("deps has the unknown value " + std::to_string(rawValue(c.deps)));
  if (rawValue(c.ready) < PTOWSP_READY_FIFO || rawValue(c.ready) > PTOWSP_READY_PRIORITY)
    return fail("ready has the unknown value " + std::to_string(rawValue(c.ready)));
  if (c.ready == PTOWSP_READY_WORK_STEAL && c.dispatch == PTOWSP_DISPATCH_WORK_STEAL)
    return fail("ready work_steal needs a dispatch policy that assigns schedulers; dispatch "
                "work_steal already shares one ready queue among all schedulers");
  if (rawValue(c.pools) != PTOWSP_POOLS_SINGLE && rawValue(c.pools) != PTOWSP_POOLS_BY_UNIT)
    return fail("pools has the unknown value " + std::to_string(rawValue(c.pools)));
  if (rawValue(c.start) != PTOWSP_START_THRESHOLD &&
      rawValue(c.start) != PTOWSP_START_AFTER_ORCHESTRATION)
    return fail("start has the unknown value " + std::to_string(rawValue(c.start)));
  if (c.start == PTOWSP_START_THRESHOLD) {
    if (c.start_threshold < 1 || c.start_threshold > c.window_size)
      return fail("start_threshold is " + std::to_string(c.start_threshold) +
                  "; with start threshold it must be in [1, window_size = " +
                  std::to_string(c.window_size) +
                  "] (a larger threshold could never be reached while the window is full)");
  } else if (c.start_threshold != 1) {
    return fail("start_threshold is only used by PTOWSP_START_THRESHOLD; leave it at 1 with "
                "PTOWSP_START_AFTER_ORCHESTRATION");
  }
  if (c.streams < 0 || c.streams > kMaxStreams)
    return fail("streams is " + std::to_string(c.streams) + "; it must be in [0, " +
                std::to_string(kMaxStreams) + "]");
  if (c.trace_path && !*c.trace_path)
    return fail("trace_path is empty (use NULL for no trace)");
  if (c.graph_path && !*c.graph_path)
    return fail("graph_path is empty (use NULL for no graph)");
  if (c.graph_max_tasks < 1)
    return fail("graph_max_tasks must be at least 1");
  if (c.channel_latency_cycles < 0)
    return fail("channel_latency_cycles is negative");
  return true;
}

} // namespace

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

std::string TaskGraph::coordsText(int64_t task) const {
  const TaskRecord &record = tasks[static_cast<size_t>(task)];
  std::string s = "(";
  for (int32_t i = 0; i < record.numCoords; ++i) {
    if (i)
      s += ", ";
    s += std::to_string(coords[static_cast<size_t>(record.coordsBegin + i)]);
  }
  return s + ")";
}

std::string TaskGraph::describe(int64_t task) const {
  return "kernel '" + kernelName(task) + "' (task " + std::to_string(task) + ", coords " +
         coordsText(task) + ")";
}

std::string ptowsp_runtime::describeNew(const ptowsp_task &task, int64_t id) const {
  std::string s = "kernel '" + std::string(task.kernel_name ? task.kernel_name : "?") +
                  "' (task " + std::to_string(id) + ", coords (";
  if (task.coords && task.num_coords > 0)
    for (int32_t i = 0; i < task.num_coords; ++i)
      s += (i ? ", " : "") + std::to_string(task.coords[i]);
  return s + "))";
}

int32_t ptowsp_runtime::internKernel(const char *name) {
  // Fast path for the string literals generated code passes; the content is
  // still compared, so a reused buffer holding another name is not misread.
  auto byPointer = kernelByPointer.find(name);
  if (byPointer != kernelByPointer.end() &&
      graph.kernelNames[static_cast<size_t>(byPointer->second)] == name)
    return byPointer->second;
  auto [it, inserted] =
      kernelByName.emplace(name, static_cast<int32_t>(graph.kernelNames.size()));
  if (inserted)
    graph.kernelNames.emplace_back(name);
  if (kernelByPointer.size() < 4096)
    kernelByPointer[name] = it->second;
  return it->second;
}

namespace {

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
/// orchestrator. The call touches no runtime state: it fails the kernel, so
/// the run reports it even if the kernel ignores the returned status.
ptowsp_status refuseFromKernel(const char *function) {
  recordKernelFailure((std::string("called ") + function +
                       "; only the orchestrator may call the runtime, not a kernel")
                          .c_str());
  return PTOWSP_ERR_INVALID;
}

/// Rejects calls after finish and after a failure found by the runtime
/// itself; failures of the host run come back from the executor's calls.
ptowsp_status checkUsable(ptowsp_runtime *rt, const char *function) {
  if (insideKernel())
    return refuseFromKernel(function);
  if (rt->finished)
    return rt->error(PTOWSP_ERR_INVALID,
                     std::string(function) + " called after ptowsp_finish");
  if (rt->fatal != PTOWSP_OK)
    return rt->error(rt->fatal, rt->fatalError);
  return PTOWSP_OK;
}

} // namespace

//===----------------------------------------------------------------------===//
// Configuration and lifetime
//===----------------------------------------------------------------------===//

extern "C" {

void ptowsp_config_init(ptowsp_config *config) {
  if (!config)
    return;
  *config = ptowsp_config{};
  config->machine.schedulers = 4;
  config->machine.cube_cores = 24;
  config->machine.vector_cores = 48;
  config->machine.dispatch_overhead_cycles = 100;
  config->machine.submit_overhead_cycles = 0;
  config->machine.clock_ghz = 1.85;
  config->host_threads = 0;
  config->dispatch = PTOWSP_DISPATCH_ROUND_ROBIN;
  config->dispatch_targets = 0;
  config->window_size = 8192;
  config->window_mode = PTOWSP_WINDOW_STALL;
  config->deps = PTOWSP_DEPS_OVERLAP;
  config->ready = PTOWSP_READY_FIFO;
  config->pools = PTOWSP_POOLS_BY_UNIT;
  config->start = PTOWSP_START_THRESHOLD;
  config->start_threshold = 1;
  config->streams = 0;
  config->trace_path = nullptr;
  config->graph_path = nullptr;
  config->graph_max_tasks = 2000;
  config->channel_latency_cycles = 0;
}

ptowsp_status ptowsp_runtime_create(const ptowsp_config *config, ptowsp_runtime **out) {
  if (!out) {
    createError = "ptowsp_runtime_create: out is NULL";
    return PTOWSP_ERR_INVALID;
  }
  *out = nullptr;
  if (!config) {
    createError = "ptowsp_runtime_create: config is NULL";
    return PTOWSP_ERR_INVALID;
  }
  std::string message;
  if (!validateConfig(*config, message)) {
    createError = message;
    return PTOWSP_ERR_INVALID;
  }
  try {
    auto rt = std::make_unique<ptowsp_runtime>();
    rt->config = *config;
    if (config->trace_path)
      rt->tracePath = config->trace_path;
    if (config->graph_path)
      rt->graphPath = config->graph_path;
    rt->config.trace_path = nullptr; // the copies above are the ones used
    rt->config.graph_path = nullptr;
    rt->targets = config->dispatch_targets ? config->dispatch_targets : config->machine.schedulers;
    if (config->deps != PTOWSP_DEPS_EXPLICIT)
      rt->tracker = std::make_unique<DependencyTracker>(config->deps == PTOWSP_DEPS_EXACT);
    rt->streamLast.assign(static_cast<size_t>(config->streams), -1);
    rt->channelLatency = config->channel_latency_cycles;

    HostOptions host;
    host.threads = config->host_threads;
    if (host.threads == 0)
      host.threads = std::max(1, static_cast<int32_t>(std::thread::hardware_concurrency()));
    host.ready = config->ready;
    host.window = config->window_size;
    host.windowMode = config->window_mode;
    host.start = config->start;
    host.threshold = config->start_threshold;
    ptowsp_runtime *raw = rt.get();
    rt->executor = std::make_unique<HostExecutor>(
        host, [raw](int64_t task) { return raw->graph.describe(task); });
    *out = rt.release();
    return PTOWSP_OK;
  } catch (const std::bad_alloc &) {
    createError = "ptowsp_runtime_create: out of memory";
    return PTOWSP_ERR_NO_MEMORY;
  } catch (const std::system_error &e) {
    createError = std::string("ptowsp_runtime_create: cannot start the host worker threads: ") +
                  e.what();
    return PTOWSP_ERR_INVALID;
  } catch (const std::exception &e) {
    createError = std::string("ptowsp_runtime_create: ") + e.what();
    return PTOWSP_ERR_INVALID;
  }
}

const char *ptowsp_last_error(const ptowsp_runtime *rt) {
  if (!rt)
    return "ptowsp_last_error: runtime is NULL";
  if (Instance *inst = rt->current())
    return inst->lastError.c_str();
  return rt->lastError.c_str();
}

const char *ptowsp_create_error(void) { return createError.c_str(); }

const char *ptowsp_status_name(ptowsp_status status) {
  switch (status) {
  case PTOWSP_OK:
    return "PTOWSP_OK";
  case PTOWSP_ERR_INVALID:
    return "PTOWSP_ERR_INVALID";
  case PTOWSP_ERR_WINDOW_ABORT:
    return "PTOWSP_ERR_WINDOW_ABORT";
  case PTOWSP_ERR_DEADLOCK:
    return "PTOWSP_ERR_DEADLOCK";
  case PTOWSP_ERR_KERNEL:
    return "PTOWSP_ERR_KERNEL";
  case PTOWSP_ERR_OUT_OF_BOUNDS:
    return "PTOWSP_ERR_OUT_OF_BOUNDS";
  case PTOWSP_ERR_IO:
    return "PTOWSP_ERR_IO";
  case PTOWSP_ERR_NO_MEMORY:
    return "PTOWSP_ERR_NO_MEMORY";
  case PTOWSP_ERR_PROCESS:
    return "PTOWSP_ERR_PROCESS";
  }
  return "PTOWSP_ERR_UNKNOWN";
}

const char *ptowsp_stall_reason_name(int32_t reason) {
  switch (reason) {
  case PTOWSP_STALL_TASK_RING_FULL:
    return "TASK_RING_FULL";
  case PTOWSP_STALL_SLOT_WAIT:
    return "SLOT_WAIT";
  case PTOWSP_STALL_BARRIER:
    return "BARRIER";
  case PTOWSP_STALL_HEAD_OF_LINE:
    return "HEAD_OF_LINE";
  case PTOWSP_STALL_CHANNEL_EMPTY_WAIT:
    return "CHANNEL_EMPTY_WAIT";
  case PTOWSP_STALL_CHANNEL_FULL_WAIT:
    return "CHANNEL_FULL_WAIT";
  default:
    return nullptr;
  }
}

void ptowsp_runtime_destroy(ptowsp_runtime *rt) {
  if (!rt)
    return;
  {
    std::lock_guard<std::mutex> lock(rt->cspMutex);
    if (rt->cspFailure == PTOWSP_OK) {
      rt->cspFailure = PTOWSP_ERR_INVALID;
      rt->cspFailureText = "the runtime was destroyed while processes were running";
    }
    rt->cspCv.notify_all();
  }
  for (Instance &inst : rt->instances)
    if (inst.thread.joinable())
      inst.thread.join();
  delete rt;
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

int32_t ptowsp_tensor(ptowsp_runtime *rt, void *base, int64_t element_bytes, int32_t rank,
                      const int64_t *dims, const char *name) {
  if (!rt)
    return -1;
  // Not from kernels (the orchestrator may hold the lock while it waits for them).
  std::unique_lock<std::mutex> api(rt->apiMutex, std::defer_lock);
  if (!insideKernel())
    api.lock();
  int32_t id = static_cast<int32_t>(rt->tensors.size());
  std::string label = name && *name ? std::string(name) : "tensor" + std::to_string(id);
  auto reject = [&](ptowsp_status status, const std::string &message) {
    rt->error(status, "ptowsp_tensor '" + label + "': " + message);
    return -1;
  };
  if (rt->finished)
    return reject(PTOWSP_ERR_INVALID, "called after ptowsp_finish");
  if (rt->tensors.size() >= static_cast<size_t>(INT32_MAX))
    return reject(PTOWSP_ERR_INVALID, "too many tensors");
  if (rank < 0 || rank > PTOWSP_MAX_RANK)
    return reject(PTOWSP_ERR_INVALID, "rank " + std::to_string(rank) + " is not in [0, " +
                                          std::to_string(PTOWSP_MAX_RANK) + "]");
  if (rank > 0 && !dims)
    return reject(PTOWSP_ERR_INVALID, "dims is NULL");
  if (element_bytes < 1 || element_bytes > 64)
    return reject(PTOWSP_ERR_INVALID,
                  "element_bytes " + std::to_string(element_bytes) + " is not in [1, 64]");
  TensorInfo info;
  info.name = label;
  info.base = static_cast<char *>(base);
  info.elementBytes = element_bytes;
  info.rank = rank;
  int64_t bytes = element_bytes;
  for (int32_t d = 0; d < rank; ++d) {
    if (dims[d] < 0)
      return reject(PTOWSP_ERR_INVALID, "dims[" + std::to_string(d) + "] is negative");
    info.dims[d] = dims[d];
    if (dims[d] != 0 && bytes > INT64_MAX / dims[d])
      return reject(PTOWSP_ERR_INVALID, "size in bytes overflows int64");
    bytes *= dims[d];
  }
  if (bytes > 0 && !base)
    return reject(PTOWSP_ERR_INVALID, "base is NULL");
  uintptr_t first = reinterpret_cast<uintptr_t>(base);
  if (bytes > 0 && first > UINTPTR_MAX - static_cast<uintptr_t>(bytes))
    return reject(PTOWSP_ERR_INVALID, "the byte range wraps around the address space");
  ptowsp_status status = guarded(rt, [&] {
    if (bytes > 0) {
      // Distinct tensors must not share bytes: dependencies are tracked per
      // tensor, so aliases would hide conflicts.
      uintptr_t last = first + static_cast<uintptr_t>(bytes);
      auto after = rt->tensorsByAddress.lower_bound(first);
      auto overlaps = [&](std::map<uintptr_t, int32_t>::iterator it) {
        const TensorInfo &other = rt->tensors[static_cast<size_t>(it->second)];
        int64_t otherBytes = other.elementBytes;
        for (int32_t d = 0; d < other.rank; ++d)
          otherBytes *= other.dims[d];
        return it->first < last && first < it->first + static_cast<uintptr_t>(otherBytes);
      };
      int32_t alias = -1;
      if (after != rt->tensorsByAddress.end() && overlaps(after))
        alias = after->second;
      else if (after != rt->tensorsByAddress.begin() && overlaps(std::prev(after)))
        alias = std::prev(after)->second;
      if (alias >= 0)
        return rt->error(PTOWSP_ERR_INVALID,
                         "ptowsp_tensor '" + label + "': its memory overlaps tensor " +
                             rt->tensorText(alias) +
                             "; register the whole buffer once and access parts of it "
                             "through regions");
      rt->tensorsByAddress.emplace(first, id);
    }
    rt->tensors.push_back(info);
    if (rt->tracker)
      rt->tracker->addTensor(id, rank);
    return PTOWSP_OK;
  });
  return status == PTOWSP_OK ? id : -1;
}

//===----------------------------------------------------------------------===//
// Submission
//===----------------------------------------------------------------------===//

namespace {

/// Checks the task's fields against the configuration; fills rt->accesses.
ptowsp_status validateTask(ptowsp_runtime *rt, const ptowsp_task &task, int64_t id) {
  const ptowsp_config &c = rt->config;
  auto invalid = [&](const std::string &message) {
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_submit: " + rt->describeNew(task, id) + ": " +
                                             message);
  };
  if (!task.kernel_name || !*task.kernel_name)
    return invalid("kernel_name is missing");
  if (!task.kernel)
    return invalid("kernel is NULL");
  if (task.cycles < 0)
    return invalid("cycles is negative");
  if (task.core != PTOWSP_CORE_VECTOR && task.core != PTOWSP_CORE_CUBE)
    return invalid("core has the unknown value " + std::to_string(task.core));
  if (task.core == PTOWSP_CORE_CUBE && c.machine.cube_cores == 0)
    return invalid("a cube task, but the machine has no cube cores");
  if (task.core == PTOWSP_CORE_VECTOR && c.machine.vector_cores == 0)
    return invalid("a vector task, but the machine has no vector cores");
  if (task.num_args < 0 || (task.num_args > 0 && !task.args))
    return invalid("args is NULL or num_args is negative");
  if (task.num_regions < 0 || (task.num_regions > 0 && !task.regions))
    return invalid("regions is NULL or num_regions is negative");
  if (task.num_coords < 0 || (task.num_coords > 0 && !task.coords))
    return invalid("coords is NULL or num_coords is negative");
  if (task.num_after < 0 || (task.num_after > 0 && !task.after))
    return invalid("after is NULL or num_after is negative");
  if (task.num_after > 0 && c.deps != PTOWSP_DEPS_EXPLICIT && c.deps != PTOWSP_DEPS_HYBRID)
    return invalid("explicit `after` dependencies need deps explicit or hybrid (deps is " +
                   std::string(depsName(c.deps)) + ")");
  for (int32_t i = 0; i < task.num_after; ++i)
    if (task.after[i] < 0 || task.after[i] >= id)
      return invalid("after[" + std::to_string(i) + "] = " + std::to_string(task.after[i]) +
                     " is not an earlier task id (0.." + std::to_string(id - 1) + ")");
  if (task.priority != 0 && c.ready != PTOWSP_READY_PRIORITY)
    return invalid("priority " + std::to_string(task.priority) +
                   " given, but the ready policy is " + readyName(c.ready) +
                   " (priorities need PTOWSP_READY_PRIORITY)");
  switch (c.dispatch) {
  case PTOWSP_DISPATCH_ROUND_ROBIN:
  case PTOWSP_DISPATCH_WORK_STEAL:
    if (task.dispatch_key != 0)
      return invalid("dispatch_key " + std::to_string(task.dispatch_key) +
                     " given, but dispatch " + dispatchName(c.dispatch) + " does not use it");
    break;
  case PTOWSP_DISPATCH_CUSTOM:
    if (task.dispatch_key < 0 || task.dispatch_key >= rt->targets)
      return invalid("custom dispatch_key " + std::to_string(task.dispatch_key) +
                     " is not a scheduler index in [0, " + std::to_string(rt->targets) + ")");
    break;
  case PTOWSP_DISPATCH_HASH:
  case PTOWSP_DISPATCH_AFFINITY:
    break;
  }
  if (task.stream >= 0 && task.stream >= c.streams)
    return invalid("stream " + std::to_string(task.stream) + " is not in [0, streams = " +
                   std::to_string(c.streams) + ")");

  rt->accesses.clear();
  for (int32_t r = 0; r < task.num_regions; ++r) {
    const ptowsp_region &region = task.regions[r];
    auto where = [r] { return "region " + std::to_string(r); }; // only built on error
    if (region.tensor < 0 || static_cast<size_t>(region.tensor) >= rt->tensors.size())
      return invalid(where() + " names tensor " + std::to_string(region.tensor) +
                     ", which is not registered");
    const TensorInfo &tensor = rt->tensors[static_cast<size_t>(region.tensor)];
    if (region.access != PTOWSP_ACCESS_READ && region.access != PTOWSP_ACCESS_WRITE &&
        region.access != PTOWSP_ACCESS_READWRITE)
      return invalid(where() + " has the unknown access " + std::to_string(region.access));
    if (region.rank != tensor.rank)
      return invalid(where() + " has rank " + std::to_string(region.rank) + " but tensor '" +
                     tensor.name + "' has rank " + std::to_string(tensor.rank));
    Access access;
    access.tensor = region.tensor;
    access.mode = region.access;
    access.box.rank = region.rank;
    bool inBounds = true;
    for (int32_t d = 0; d < region.rank; ++d) {
      int64_t offset = region.offsets[d], size = region.sizes[d];
      if (offset < 0 || size < 0 || offset > tensor.dims[d] || size > tensor.dims[d] - offset)
        inBounds = false;
      if (inBounds) {
        access.box.lo[d] = offset;
        access.box.hi[d] = offset + size;
      }
    }
    if (!inBounds) {
      std::string offsets = "[", sizes = "[", shape = "[";
      for (int32_t d = 0; d < region.rank; ++d) {
        offsets += (d ? ", " : "") + std::to_string(region.offsets[d]);
        sizes += (d ? ", " : "") + std::to_string(region.sizes[d]);
        shape += (d ? ", " : "") + std::to_string(tensor.dims[d]);
      }
      return rt->error(PTOWSP_ERR_OUT_OF_BOUNDS,
                       "ptowsp_submit: " + rt->describeNew(task, id) + ": " + where() +
                           " of tensor '" + tensor.name + "' (offsets " + offsets +
                           "], sizes " + sizes + "]) is out of bounds of its shape " + shape +
                           "]");
    }
    rt->accesses.push_back(access);
  }
  return PTOWSP_OK;
}

int32_t schedulerFor(ptowsp_runtime *rt, const ptowsp_task &task) {
  int64_t n = rt->targets;
  switch (rt->config.dispatch) {
  case PTOWSP_DISPATCH_ROUND_ROBIN:
    return static_cast<int32_t>(rt->roundRobin++ % n);
  case PTOWSP_DISPATCH_HASH:
    return static_cast<int32_t>(splitmix64(static_cast<uint64_t>(task.dispatch_key)) %
                                static_cast<uint64_t>(n));
  case PTOWSP_DISPATCH_AFFINITY:
    return static_cast<int32_t>(((task.dispatch_key % n) + n) % n);
  case PTOWSP_DISPATCH_CUSTOM:
    return static_cast<int32_t>(task.dispatch_key);
  case PTOWSP_DISPATCH_WORK_STEAL:
    return -1;
  }
  return -1;
}

ptowsp_status submit(ptowsp_runtime *rt, const ptowsp_task &task, int64_t *taskId) {
  if (ptowsp_status status = checkUsable(rt, "ptowsp_submit"))
    return status;
  const int64_t id = static_cast<int64_t>(rt->graph.tasks.size());
  if (ptowsp_status status = validateTask(rt, task, id))
    return status;

  // Dependencies: inferred, explicit, stream order. Nothing changes yet, so
  // a refused submission (window abort, error) leaves no trace.
  std::vector<int64_t> &preds = rt->preds;
  preds.clear();
  if (rt->tracker) {
    DependencyTracker::PartialOverlap conflict;
    if (!rt->tracker->analyze(rt->accesses, preds, conflict)) {
      const Access &access = rt->accesses[conflict.access];
      return rt->error(
          PTOWSP_ERR_INVALID,
          "exact dependency mode cannot order partially overlapping regions: " +
              rt->describeNew(task, id) + " accesses tensor " + rt->tensorText(access.tensor) +
              " " + access.box.text() + ", which partially overlaps " +
              conflict.otherBox.text() + " accessed by " + rt->graph.describe(conflict.otherTask) +
              "; use deps overlap or hybrid");
    }
  }
  preds.insert(preds.end(), task.after, task.after + task.num_after);
  if (task.stream >= 0 && rt->streamLast[static_cast<size_t>(task.stream)] >= 0)
    preds.push_back(rt->streamLast[static_cast<size_t>(task.stream)]);
  std::sort(preds.begin(), preds.end());
  preds.erase(std::unique(preds.begin(), preds.end()), preds.end());
  if (preds.size() > static_cast<size_t>(INT32_MAX))
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_submit: too many dependencies");

  std::unique_ptr<ptowsp_arg[]> args;
  if (task.num_args > 0) {
    args = std::make_unique<ptowsp_arg[]>(static_cast<size_t>(task.num_args));
    std::memcpy(args.get(), task.args, sizeof(ptowsp_arg) * static_cast<size_t>(task.num_args));
  }

  // The executor refuses the task (window abort, failure) before anything
  // is recorded; once it accepted it, the rest cannot fail but for memory.
  std::string message;
  if (ptowsp_status status =
          rt->executor->submit(id, task.kernel, std::move(args), task.priority, preds.data(),
                               static_cast<int64_t>(preds.size()), message))
    return rt->error(status, status == PTOWSP_ERR_WINDOW_ABORT || status == PTOWSP_ERR_DEADLOCK
                                 ? "ptowsp_submit: " + rt->describeNew(task, id) + ": " + message
                                 : message);
  if (rt->tracker)
    rt->tracker->commit(rt->accesses, id);
  TaskRecord record;
  record.cycles = task.cycles;
  record.priority = task.priority;
  record.coordsBegin = static_cast<int64_t>(rt->graph.coords.size());
  record.numCoords = task.num_coords;
  record.predsBegin = static_cast<int64_t>(rt->graph.preds.size());
  record.numPreds = static_cast<int32_t>(preds.size());
  record.kernelName = rt->internKernel(task.kernel_name);
  record.scheduler = schedulerFor(rt, task);
  record.epoch = rt->epoch;
  record.core = task.core;
  rt->graph.coords.insert(rt->graph.coords.end(), task.coords, task.coords + task.num_coords);
  rt->graph.preds.insert(rt->graph.preds.end(), preds.begin(), preds.end());
  rt->graph.tasks.push_back(record);
  Instance *inst = rt->current();
  rt->taskOrigin.push_back(inst ? static_cast<int32_t>(inst->index) : -1);
  if (inst)
    inst->events.push_back({CspEvent::Submit, -1, id});
  else
    ++rt->mainTasks;
  if (task.stream >= 0)
    rt->streamLast[static_cast<size_t>(task.stream)] = id;
  if (taskId)
    *taskId = id;
  return PTOWSP_OK;
}

} // namespace

void ptowsp_task_init(ptowsp_task *task) {
  if (!task)
    return;
  *task = ptowsp_task{};
  task->core = PTOWSP_CORE_VECTOR;
  task->stream = -1;
}

ptowsp_status ptowsp_submit(ptowsp_runtime *rt, const ptowsp_task *task, int64_t *task_id) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (insideKernel())
    return refuseFromKernel("ptowsp_submit");
  std::lock_guard<std::mutex> api(rt->apiMutex);
  if (!task)
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_submit: task is NULL");
  return guarded(rt, [&] { return submit(rt, *task, task_id); });
}

//===----------------------------------------------------------------------===//
// Waits
//===----------------------------------------------------------------------===//

ptowsp_status ptowsp_load_i64(ptowsp_runtime *rt, int32_t tensor, const int64_t *index,
                              int64_t *value) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  return guarded(rt, [&]() -> ptowsp_status {
    if (insideKernel())
      return refuseFromKernel("ptowsp_load_i64");
    if (rt->current())
      return rt->error(PTOWSP_ERR_INVALID,
                       "ptowsp_load_i64 called from a process; processes cannot wait for tasks");
    std::lock_guard<std::mutex> api(rt->apiMutex);
    if (ptowsp_status status = checkUsable(rt, "ptowsp_load_i64"))
      return status;
    if (tensor < 0 || static_cast<size_t>(tensor) >= rt->tensors.size())
      return rt->error(PTOWSP_ERR_INVALID, "ptowsp_load_i64: tensor " + std::to_string(tensor) +
                                               " is not registered");
    const TensorInfo &info = rt->tensors[static_cast<size_t>(tensor)];
    if (!value || (info.rank > 0 && !index))
      return rt->error(PTOWSP_ERR_INVALID, "ptowsp_load_i64: index or value is NULL");
    if (info.elementBytes != 4 && info.elementBytes != 8)
      return rt->error(PTOWSP_ERR_INVALID,
                       "ptowsp_load_i64: tensor '" + info.name + "' has " +
                           std::to_string(info.elementBytes) +
                           "-byte elements; slots are 4-byte (i32) or 8-byte (i64/u64)");
    Box element;
    element.rank = info.rank;
    int64_t linear = 0;
    std::string text = "[";
    for (int32_t d = 0; d < info.rank; ++d) {
      text += (d ? ", " : "") + std::to_string(index[d]);
      if (index[d] < 0 || index[d] >= info.dims[d]) {
        std::string shape = "[";
        for (int32_t e = 0; e < info.rank; ++e)
          shape += (e ? ", " : "") + std::to_string(info.dims[e]);
        return rt->error(PTOWSP_ERR_OUT_OF_BOUNDS,
                         "ptowsp_load_i64: index " + text + (d + 1 < info.rank ? ", ...]" : "]") +
                             " is out of bounds of tensor '" + info.name + "' of shape " +
                             shape + "]");
      }
      element.lo[d] = index[d];
      element.hi[d] = index[d] + 1;
      linear = linear * info.dims[d] + index[d];
    }
    text += "]";
    std::string what = "ptowsp_load_i64 of '" + info.name + "'" + text + " waits for its writers";

    Marker marker;
    marker.position = rt->mainTasks;
    marker.reason = PTOWSP_STALL_SLOT_WAIT;
    std::string message;
    ptowsp_status status;
    if (rt->tracker) {
      std::vector<int64_t> writers;
      rt->tracker->writersOf(tensor, element, writers);
      std::sort(writers.begin(), writers.end());
      writers.erase(std::unique(writers.begin(), writers.end()), writers.end());
      if (!writers.empty()) {
        marker.kind = Marker::SomeTasks;
        marker.tasksBegin = static_cast<int64_t>(rt->graph.markerTasks.size());
        marker.numTasks = static_cast<int64_t>(writers.size());
        rt->graph.markerTasks.insert(rt->graph.markerTasks.end(), writers.begin(),
                                     writers.end());
        rt->graph.markers.push_back(marker);
      }
      status = rt->executor->waitFor(writers, PTOWSP_STALL_SLOT_WAIT, what, message);
    } else {
      // Explicit mode keeps no region knowledge: wait for every task.
      marker.kind = Marker::AllTasks;
      rt->graph.markers.push_back(marker);
      status = rt->executor->waitIdle(PTOWSP_STALL_SLOT_WAIT,
                                      what + " (explicit deps: every submitted task)", message);
    }
    if (status != PTOWSP_OK)
      return rt->error(status, message);
    const char *at = info.base + linear * info.elementBytes;
    if (info.elementBytes == 4) {
      int32_t v;
      std::memcpy(&v, at, sizeof v);
      *value = v;
    } else {
      std::memcpy(value, at, sizeof *value);
    }
    return PTOWSP_OK;
  });
}

ptowsp_status ptowsp_wait_all(ptowsp_runtime *rt) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  return guarded(rt, [&]() -> ptowsp_status {
    if (insideKernel())
      return refuseFromKernel("ptowsp_wait_all");
    if (rt->current())
      return rt->error(PTOWSP_ERR_INVALID,
                       "ptowsp_wait_all called from a process; processes cannot wait for tasks");
    std::lock_guard<std::mutex> api(rt->apiMutex);
    if (ptowsp_status status = checkUsable(rt, "ptowsp_wait_all"))
      return status;
    Marker marker;
    marker.position = rt->mainTasks;
    marker.kind = Marker::AllTasks;
    marker.reason = PTOWSP_STALL_BARRIER;
    marker.endsPhase = true;
    rt->graph.markers.push_back(marker);
    ++rt->epoch;
    std::string message;
    if (ptowsp_status status = rt->executor->waitAll(false, message))
      return rt->error(status, message);
    return PTOWSP_OK;
  });
}

//===----------------------------------------------------------------------===//
// Finish and results
//===----------------------------------------------------------------------===//

ptowsp_status ptowsp_finish(ptowsp_runtime *rt) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (insideKernel())
    return refuseFromKernel("ptowsp_finish");
  if (rt->current())
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_finish called from a process");
  if (!rt->finished && !rt->instances.empty()) {
    if (ptowsp_status status = ptowsp_join_processes(rt)) {
      std::lock_guard<std::mutex> api(rt->apiMutex);
      rt->fail(status, rt->lastError);
    }
  }
  std::lock_guard<std::mutex> api(rt->apiMutex);
  if (rt->finished)
    return rt->finishStatus == PTOWSP_OK ? PTOWSP_OK
                                         : rt->error(rt->finishStatus, rt->finishError);
  rt->finished = true;
  ptowsp_status status = guarded(rt, [&]() -> ptowsp_status {
    std::string message;
    ptowsp_status hostStatus = PTOWSP_OK;
    if (rt->fatal == PTOWSP_OK) {
      Marker marker;
      marker.position = rt->mainTasks;
      marker.kind = Marker::AllTasks;
      marker.reason = PTOWSP_STALL_BARRIER;
      marker.endsPhase = true;
      marker.countsAsStall = false;
      rt->graph.markers.push_back(marker);
      hostStatus = rt->executor->waitAll(true, message);
    }
    rt->executor->stop();
    rt->host = rt->executor->counters();
    rt->executor.reset(); // neither its per-task state nor the tracker is needed
    rt->tracker.reset();  // by the simulation
    rt->wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - rt->created).count();
    if (rt->fatal != PTOWSP_OK)
      return rt->error(rt->fatal, rt->fatalError);
    if (hostStatus != PTOWSP_OK)
      return rt->error(hostStatus, message);

    auto simulationBegin = std::chrono::steady_clock::now();
    SimOptions options;
    options.machine = rt->config.machine;
    options.targets = rt->targets;
    options.dispatch = rt->config.dispatch;
    options.ready = rt->config.ready;
    options.pools = rt->config.pools;
    options.window = rt->config.window_size;
    options.start = rt->config.start;
    options.threshold = rt->config.start_threshold;
    if (!rt->instances.empty()) {
      std::vector<std::vector<CspEvent>> events;
      std::vector<int32_t> spawnGroup; // replicas of one ptowsp_spawn share it
      for (Instance &inst : rt->instances) {
        events.push_back(std::move(inst.events));
        spawnGroup.push_back(static_cast<int32_t>(inst.index - inst.local));
      }
      std::vector<CspChannelDesc> descs;
      for (const Channel &c : rt->channels)
        descs.push_back({c.name, c.capacity, c.producers});
      if (!simulateCsp(events, spawnGroup, descs, static_cast<int64_t>(rt->graph.tasks.size()),
                       rt->config.machine.submit_overhead_cycles, rt->channelLatency, rt->csp,
                       message))
        return rt->fail(PTOWSP_ERR_DEADLOCK, "ptowsp_finish: " + message);
      // A deterministic task order: main tasks in submission order, then
      // process tasks by (release cycle, simulated issuing instance, order of
      // the submits in the simulation). Without work following tokens the
      // issuer is the recording instance and the order its program order.
      size_t n = rt->graph.tasks.size();
      std::vector<int64_t> order(n);
      for (size_t t = 0; t < n; ++t)
        order[t] = static_cast<int64_t>(t);
      std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        size_t x = static_cast<size_t>(a), y = static_cast<size_t>(b);
        int32_t ox = rt->taskOrigin[x], oy = rt->taskOrigin[y];
        if ((ox < 0) != (oy < 0))
          return ox < 0;
        if (ox < 0)
          return a < b;
        if (rt->csp.release[x] != rt->csp.release[y])
          return rt->csp.release[x] < rt->csp.release[y];
        int32_t ix = rt->csp.issuer[x], iy = rt->csp.issuer[y];
        return ix != iy ? ix < iy : rt->csp.issueSeq[x] < rt->csp.issueSeq[y];
      });
      rt->rank.assign(n, 0);
      for (size_t i = 0; i < n; ++i)
        rt->rank[static_cast<size_t>(order[i])] = static_cast<int64_t>(i);
      if (rt->config.dispatch == PTOWSP_DISPATCH_ROUND_ROBIN)
        for (size_t t = 0; t < n; ++t)
          rt->graph.tasks[t].scheduler = static_cast<int32_t>(rt->rank[t] % rt->targets);
      options.release = &rt->csp.release;
      options.rank = &rt->rank;
      options.joinCycle = rt->csp.endCycle;
      rt->cspSimulated = true;
    }
    if (!simulate(rt->graph, options, rt->sim, message))
      return rt->fail(PTOWSP_ERR_DEADLOCK, message);
    rt->simulated = true;
    for (const CspInstanceResult &inst : rt->csp.instances)
      for (int r = 0; r < PTOWSP_STALL_REASONS; ++r) {
        rt->sim.stalls[r] += inst.stalls[r];
        rt->sim.stallCycles[r] += inst.stallCycles[r];
      }

    ptowsp_status first = PTOWSP_OK;
    std::string firstMessage;
    if (!rt->tracePath.empty()) {
      std::vector<std::string> processNames, channelNames;
      for (const Instance &inst : rt->instances)
        processNames.push_back(inst.name);
      for (const Channel &c : rt->channels)
        channelNames.push_back(c.name);
      ProcessTrace processes{&rt->csp, &processNames, &channelNames};
      ptowsp_status s = writeTimelineTrace(rt->tracePath, rt->graph, rt->sim, rt->config.machine,
                                           message, rt->cspSimulated ? &processes : nullptr);
      if (s != PTOWSP_OK && first == PTOWSP_OK) {
        first = s;
        firstMessage = "ptowsp_finish: " + message;
      }
    }
    if (!rt->graphPath.empty()) {
      ptowsp_status s =
          writeGraphDot(rt->graphPath, rt->graph, rt->config.graph_max_tasks, message);
      if (s != PTOWSP_OK && first == PTOWSP_OK) {
        first = s;
        firstMessage = "ptowsp_finish: " + message;
      }
    }
    rt->simulateSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - simulationBegin)
            .count();
    return first == PTOWSP_OK ? PTOWSP_OK : rt->error(first, firstMessage);
  });
  rt->finishStatus = status;
  rt->finishError = status == PTOWSP_OK ? std::string() : rt->lastError;
  return status;
}

ptowsp_status ptowsp_get_stats(const ptowsp_runtime *rt, ptowsp_stats *out) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (!out) {
    rt->lastError = "ptowsp_get_stats: out is NULL";
    return PTOWSP_ERR_INVALID;
  }
  if (!rt->simulated) {
    rt->lastError = !rt->finished ? "ptowsp_get_stats: call ptowsp_finish first"
                                  : "ptowsp_get_stats: no statistics, the run failed: " +
                                        rt->finishError;
    return PTOWSP_ERR_INVALID;
  }
  const SimResult &sim = rt->sim;
  ptowsp_stats stats{};
  stats.total_cycles = sim.makespan;
  stats.tasks = static_cast<int64_t>(rt->graph.tasks.size());
  stats.edges = static_cast<int64_t>(rt->graph.preds.size());
  stats.num_cores = rt->config.machine.cube_cores + rt->config.machine.vector_cores;
  stats.num_schedulers = rt->config.machine.schedulers;
  stats.core_busy_cycles = sim.coreBusy.data();
  stats.scheduler_tasks = sim.schedulerTasks.data();
  double sum = 0;
  for (int64_t busy : sim.coreBusy)
    sum += sim.makespan > 0 ? static_cast<double>(busy) / static_cast<double>(sim.makespan) : 0;
  stats.utilization = stats.num_cores > 0 ? sum / stats.num_cores : 0;
  for (int r = 0; r < PTOWSP_STALL_REASONS; ++r) {
    stats.stalls[r] = sim.stalls[r];
    stats.stall_cycles[r] = sim.stallCycles[r];
    stats.host_stalls[r] = rt->host.stalls[r];
  }
  stats.window_high_water = sim.windowHighWater;
  stats.host_window_high_water = rt->host.windowHighWater;
  stats.wall_seconds = rt->wallSeconds;
  stats.simulate_seconds = rt->simulateSeconds;
  *out = stats;
  return PTOWSP_OK;
}

ptowsp_status ptowsp_get_task_time(const ptowsp_runtime *rt, int64_t task_id,
                                   ptowsp_task_time *out) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (!out) {
    rt->lastError = "ptowsp_get_task_time: out is NULL";
    return PTOWSP_ERR_INVALID;
  }
  if (!rt->simulated) {
    rt->lastError = "ptowsp_get_task_time: no simulated timeline (call ptowsp_finish first, "
                    "and it must succeed)";
    return PTOWSP_ERR_INVALID;
  }
  if (task_id < 0 || task_id >= static_cast<int64_t>(rt->graph.tasks.size())) {
    rt->lastError = "ptowsp_get_task_time: task " + std::to_string(task_id) + " does not exist";
    return PTOWSP_ERR_INVALID;
  }
  size_t t = static_cast<size_t>(task_id);
  out->start_cycle = rt->sim.start[t];
  out->end_cycle = rt->sim.end[t];
  out->core = rt->sim.core[t];
  out->scheduler = rt->sim.scheduler[t];
  return PTOWSP_OK;
}

//===----------------------------------------------------------------------===//
// CSP: channels and processes
//===----------------------------------------------------------------------===//

} // extern "C"

namespace {

using CspLock = std::unique_lock<std::mutex>;

/// Whether blocked instance `inst` could proceed now (under cspMutex).
bool canProceed(const ptowsp_runtime *rt, const Instance &inst) {
  const Channel &c = rt->channels[static_cast<size_t>(inst.blockedOn)];
  if (!inst.blockedSend)
    return !c.queue.empty() || c.closed();
  if (c.capacity == 0)
    return c.taken > inst.waitToken;
  return static_cast<int64_t>(c.queue.size()) < c.capacity || c.closed();
}

std::string whyBlocked(const ptowsp_runtime *rt, const Instance &inst) {
  const Channel &c = rt->channels[static_cast<size_t>(inst.blockedOn)];
  if (inst.blockedSend)
    return c.capacity == 0 ? "send on rendezvous channel '" + c.name +
                                 "' (capacity 0), no receiver took the token"
                           : "send on full channel '" + c.name + "' (capacity " +
                                 std::to_string(c.capacity) + ")";
  return "receive on empty channel '" + c.name + "', not closed (" + std::to_string(c.closes) +
         " of " + std::to_string(c.producers) + " producers closed)";
}

/// Under cspMutex: declares a deadlock when every live instance is blocked
/// and none of them can proceed.
void checkDeadlock(ptowsp_runtime *rt) {
  if (rt->cspFailure != PTOWSP_OK || !rt->mainJoining || rt->liveInstances == 0 ||
      rt->blockedInstances < rt->liveInstances)
    return;
  for (const Instance &inst : rt->instances)
    if (!inst.done && inst.blockedOn >= 0 && canProceed(rt, inst))
      return;
  std::string message = "deadlock: every live process instance waits on a channel:";
  for (const Instance &inst : rt->instances)
    if (!inst.done && inst.blockedOn >= 0)
      message += " process '" + inst.name + "' blocks in " + whyBlocked(rt, inst) + ";";
  message.pop_back();
  rt->cspFailure = PTOWSP_ERR_DEADLOCK;
  rt->cspFailureText = message;
  rt->cspCv.notify_all();
}

/// Blocks the calling instance on `channel` until canProceed or a failure.
ptowsp_status blockOn(ptowsp_runtime *rt, Instance &inst, CspLock &lock, int32_t channel,
                      bool send, int64_t token, std::string &message) {
  inst.blockedOn = channel;
  inst.blockedSend = send;
  inst.waitToken = token;
  ++rt->blockedInstances;
  checkDeadlock(rt);
  while (rt->cspFailure == PTOWSP_OK && !canProceed(rt, inst))
    rt->cspCv.wait(lock);
  --rt->blockedInstances;
  inst.blockedOn = -1;
  if (rt->cspFailure != PTOWSP_OK) {
    message = rt->cspFailureText;
    return rt->cspFailure;
  }
  return PTOWSP_OK;
}

/// Common checks of a channel operation; returns the instance or null with
/// `status`/`message` set.
Instance *channelOp(ptowsp_runtime *rt, int32_t channel, const char *function,
                    ptowsp_status &status, std::string &message) {
  Instance *inst = rt->current();
  status = PTOWSP_ERR_INVALID;
  if (insideKernel()) {
    refuseFromKernel(function);
    message = std::string(function) + " called from a kernel";
    return nullptr;
  }
  if (!inst) {
    message = std::string(function) +
              " called outside a process; channel operations belong to processes (ptowsp_spawn)";
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(rt->cspMutex);
  if (channel < 0 || static_cast<size_t>(channel) >= rt->channels.size()) {
    message = std::string(function) + ": channel " + std::to_string(channel) + " does not exist";
    return nullptr;
  }
  status = PTOWSP_OK;
  return inst;
}

} // namespace

extern "C" {

int32_t ptowsp_channel(ptowsp_runtime *rt, const char *name, int64_t capacity,
                       int32_t producers, int32_t payload_words) {
  if (!rt)
    return -1;
  std::lock_guard<std::mutex> lock(rt->cspMutex);
  std::string label = name && *name ? std::string(name)
                                    : "channel" + std::to_string(rt->channels.size());
  std::string problem;
  if (rt->finished)
    problem = "called after ptowsp_finish";
  else if (capacity < 0)
    problem = "capacity is negative (0 = rendezvous)";
  else if (producers < 1)
    problem = "producers must be at least 1";
  else if (payload_words < 0 || payload_words > 64)
    problem = "payload_words must be in [0, 64]";
  else if (rt->channels.size() >= static_cast<size_t>(INT32_MAX))
    problem = "too many channels";
  if (!problem.empty()) {
    std::string message = "ptowsp_channel '" + label + "': " + problem;
    if (Instance *inst = rt->current())
      inst->lastError = message;
    else
      rt->lastError = message;
    return -1;
  }
  Channel c;
  c.name = label;
  c.capacity = capacity;
  c.producers = producers;
  c.payloadWords = payload_words;
  rt->channels.push_back(std::move(c));
  return static_cast<int32_t>(rt->channels.size() - 1);
}

ptowsp_status ptowsp_spawn(ptowsp_runtime *rt, const char *name, int64_t instances,
                           ptowsp_process_fn fn, void *user) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (insideKernel())
    return refuseFromKernel("ptowsp_spawn");
  if (rt->current())
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_spawn called from a process; spawn from the "
                                         "main orchestrator");
  std::string label = name && *name ? std::string(name) : "process";
  if (rt->finished)
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_spawn called after ptowsp_finish");
  if (!fn)
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_spawn '" + label + "': fn is NULL");
  if (instances < 1 || instances > 4096)
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_spawn '" + label + "': instances is " +
                                             std::to_string(instances) +
                                             "; it must be in [1, 4096]");
  try {
    std::vector<Instance *> started;
    {
      std::lock_guard<std::mutex> lock(rt->cspMutex);
      if (rt->cspFailure != PTOWSP_OK)
        return rt->error(rt->cspFailure, rt->cspFailureText);
      for (int64_t i = 0; i < instances; ++i) {
        rt->instances.emplace_back();
        Instance &inst = rt->instances.back();
        inst.name = label + "[" + std::to_string(i) + "]";
        inst.index = static_cast<int64_t>(rt->instances.size() - 1);
        inst.fn = fn;
        inst.user = user;
        started.push_back(&inst);
      }
      rt->liveInstances += instances;
      rt->joined = false;
    }
    int64_t i = 0;
    for (Instance *inst : started) {
      Instance *self = inst;
      int64_t local = i++;
      self->local = local;
      self->thread = std::thread([rt, self, local] {
        currentProcess = {rt, self};
        try {
          self->fn(rt, local, self->user);
        } catch (const std::exception &e) {
          rt->error(PTOWSP_ERR_PROCESS, std::string("threw an exception: ") + e.what());
        } catch (...) {
          rt->error(PTOWSP_ERR_PROCESS, "threw an exception");
        }
        currentProcess = {};
        std::lock_guard<std::mutex> lock(rt->cspMutex);
        self->done = true;
        --rt->liveInstances;
        checkDeadlock(rt);
        rt->cspCv.notify_all();
      });
    }
  } catch (const std::system_error &e) {
    return rt->error(PTOWSP_ERR_INVALID,
                     std::string("ptowsp_spawn: cannot start a thread: ") + e.what());
  }
  return PTOWSP_OK;
}

ptowsp_status ptowsp_send(ptowsp_runtime *rt, int32_t channel, const int64_t *payload) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  ptowsp_status status;
  std::string message;
  Instance *inst = channelOp(rt, channel, "ptowsp_send", status, message);
  if (!inst)
    return rt->error(status, message);
  {
    CspLock lock(rt->cspMutex);
    Channel &c = rt->channels[static_cast<size_t>(channel)];
    if (rt->cspFailure != PTOWSP_OK) {
      status = rt->cspFailure;
      message = rt->cspFailureText;
    } else if (c.payloadWords > 0 && !payload) {
      status = PTOWSP_ERR_INVALID;
      message = "ptowsp_send on channel '" + c.name + "': payload is NULL";
    } else if (c.closed()) {
      status = PTOWSP_ERR_INVALID;
      message = "ptowsp_send on channel '" + c.name + "' after it was closed";
    } else {
      if (c.capacity > 0 && static_cast<int64_t>(c.queue.size()) >= c.capacity)
        status = blockOn(rt, *inst, lock, channel, true, -1, message);
      if (status == PTOWSP_OK && c.closed()) {
        status = PTOWSP_ERR_INVALID;
        message = "ptowsp_send on channel '" + c.name + "' after it was closed";
      }
      if (status == PTOWSP_OK) {
        c.queue.emplace_back(payload ? payload : nullptr, payload ? payload + c.payloadWords
                                                                  : nullptr);
        int64_t token = c.sent++;
        c.hostHighWater = std::max(c.hostHighWater, static_cast<int64_t>(c.queue.size()));
        inst->events.push_back({CspEvent::Send, channel, -1, token});
        rt->cspCv.notify_all();
        if (c.capacity == 0)
          status = blockOn(rt, *inst, lock, channel, true, token, message);
      }
    }
  }
  return status == PTOWSP_OK ? PTOWSP_OK : rt->error(status, message);
}

ptowsp_status ptowsp_recv(ptowsp_runtime *rt, int32_t channel, int64_t *payload, int32_t *got) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  ptowsp_status status;
  std::string message;
  Instance *inst = channelOp(rt, channel, "ptowsp_recv", status, message);
  if (!inst)
    return rt->error(status, message);
  {
    CspLock lock(rt->cspMutex);
    Channel &c = rt->channels[static_cast<size_t>(channel)];
    if (rt->cspFailure != PTOWSP_OK) {
      status = rt->cspFailure;
      message = rt->cspFailureText;
    } else if (!got || (c.payloadWords > 0 && !payload)) {
      status = PTOWSP_ERR_INVALID;
      message = "ptowsp_recv on channel '" + c.name + "': payload or got is NULL";
    } else {
      if (c.queue.empty() && !c.closed())
        status = blockOn(rt, *inst, lock, channel, false, -1, message);
      if (status == PTOWSP_OK) {
        if (!c.queue.empty()) {
          std::vector<int64_t> &token = c.queue.front();
          std::copy(token.begin(), token.end(), payload);
          c.queue.pop_front();
          // The queue is FIFO: the k-th token taken is the k-th token sent,
          // whose Send recorded id k.
          int64_t id = c.taken++;
          *got = 1;
          inst->events.push_back({CspEvent::Recv, channel, -1, id});
        } else {
          *got = 0;
          inst->events.push_back({CspEvent::RecvClosed, channel, -1});
        }
        rt->cspCv.notify_all();
      }
    }
  }
  return status == PTOWSP_OK ? PTOWSP_OK : rt->error(status, message);
}

ptowsp_status ptowsp_close(ptowsp_runtime *rt, int32_t channel) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  ptowsp_status status;
  std::string message;
  Instance *inst = channelOp(rt, channel, "ptowsp_close", status, message);
  if (!inst)
    return rt->error(status, message);
  {
    std::lock_guard<std::mutex> lock(rt->cspMutex);
    Channel &c = rt->channels[static_cast<size_t>(channel)];
    if (rt->cspFailure != PTOWSP_OK) {
      status = rt->cspFailure;
      message = rt->cspFailureText;
    } else if (c.closed()) {
      status = PTOWSP_ERR_INVALID;
      message = "ptowsp_close: channel '" + c.name + "' was already closed by all its " +
                std::to_string(c.producers) + " producers";
    } else {
      ++c.closes;
      inst->events.push_back({CspEvent::Close, channel, -1});
      rt->cspCv.notify_all();
    }
  }
  return status == PTOWSP_OK ? PTOWSP_OK : rt->error(status, message);
}

ptowsp_status ptowsp_process_fail(ptowsp_runtime *rt, const char *message) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (!rt->current())
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_process_fail called outside a process");
  rt->error(PTOWSP_ERR_PROCESS, message ? message : "failed");
  return PTOWSP_OK;
}

ptowsp_status ptowsp_join_processes(ptowsp_runtime *rt) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (insideKernel())
    return refuseFromKernel("ptowsp_join_processes");
  if (rt->current())
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_join_processes called from a process");
  {
    // Until now the main thread could still spawn or unblock processes;
    // waiting here, it cannot.
    std::lock_guard<std::mutex> lock(rt->cspMutex);
    rt->mainJoining = true;
    checkDeadlock(rt);
  }
  for (Instance &inst : rt->instances)
    if (inst.thread.joinable())
      inst.thread.join();
  {
    std::lock_guard<std::mutex> lock(rt->cspMutex);
    rt->mainJoining = false;
  }
  std::lock_guard<std::mutex> api(rt->apiMutex);
  if (!rt->joined && !rt->finished) {
    rt->joined = true;
    Marker marker;
    marker.position = rt->mainTasks;
    marker.kind = Marker::JoinProcesses;
    marker.countsAsStall = false;
    rt->graph.markers.push_back(marker);
  }
  std::lock_guard<std::mutex> lock(rt->cspMutex);
  if (rt->cspFailure != PTOWSP_OK)
    return rt->error(rt->cspFailure, rt->cspFailureText);
  return PTOWSP_OK;
}

ptowsp_status ptowsp_set_channel_latency(ptowsp_runtime *rt, int64_t cycles) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (cycles < 0)
    return rt->error(PTOWSP_ERR_INVALID, "ptowsp_set_channel_latency: cycles is negative");
  if (insideKernel())
    return refuseFromKernel("ptowsp_set_channel_latency");
  std::lock_guard<std::mutex> api(rt->apiMutex);
  if (rt->finished)
    return rt->error(PTOWSP_ERR_INVALID,
                     "ptowsp_set_channel_latency called after ptowsp_finish");
  rt->channelLatency = cycles;
  return PTOWSP_OK;
}

int64_t ptowsp_num_process_instances(const ptowsp_runtime *rt) {
  return rt ? static_cast<int64_t>(rt->instances.size()) : 0;
}

ptowsp_status ptowsp_get_process_stats(const ptowsp_runtime *rt, int64_t index,
                                       ptowsp_process_stats *out) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (!out || !rt->simulated || index < 0 ||
      index >= static_cast<int64_t>(rt->instances.size())) {
    rt->lastError = !out ? "ptowsp_get_process_stats: out is NULL"
                    : !rt->simulated
                        ? "ptowsp_get_process_stats: call ptowsp_finish first (it must succeed)"
                        : "ptowsp_get_process_stats: no process instance " +
                              std::to_string(index);
    return PTOWSP_ERR_INVALID;
  }
  const Instance &inst = rt->instances[static_cast<size_t>(index)];
  const CspInstanceResult &r = rt->csp.instances[static_cast<size_t>(index)];
  ptowsp_process_stats stats{};
  stats.name = inst.name.c_str();
  stats.instance = inst.local;
  stats.tasks = r.tasks;
  stats.sends = r.sends;
  stats.receives = r.receives;
  stats.end_cycle = r.endCycle;
  for (int i = 0; i < PTOWSP_STALL_REASONS; ++i) {
    stats.stalls[i] = r.stalls[i];
    stats.stall_cycles[i] = r.stallCycles[i];
  }
  *out = stats;
  return PTOWSP_OK;
}

ptowsp_status ptowsp_get_channel_stats(const ptowsp_runtime *rt, int32_t channel,
                                       ptowsp_channel_stats *out) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  if (!out || !rt->simulated || channel < 0 ||
      static_cast<size_t>(channel) >= rt->channels.size()) {
    rt->lastError = !out ? "ptowsp_get_channel_stats: out is NULL"
                    : !rt->simulated
                        ? "ptowsp_get_channel_stats: call ptowsp_finish first (it must succeed)"
                        : "ptowsp_get_channel_stats: channel " + std::to_string(channel) +
                              " does not exist";
    return PTOWSP_ERR_INVALID;
  }
  const Channel &c = rt->channels[static_cast<size_t>(channel)];
  ptowsp_channel_stats stats{};
  stats.name = c.name.c_str();
  stats.capacity = c.capacity;
  stats.host_high_water = c.hostHighWater;
  if (rt->cspSimulated) {
    const CspChannelResult &r = rt->csp.channels[static_cast<size_t>(channel)];
    stats.tokens = r.tokens;
    stats.high_water = r.highWater;
    stats.empty_wait_cycles = r.emptyWaitCycles;
    stats.full_wait_cycles = r.fullWaitCycles;
  }
  *out = stats;
  return PTOWSP_OK;
}

ptowsp_status ptowsp_kernel_fail(const char *message) {
  return recordKernelFailure(message) ? PTOWSP_OK : PTOWSP_ERR_INVALID;
}

} // extern "C"
