//===- Runtime.cpp - The cpu_sim task runtime's C API ---------------------===//
//
// Part of PTO-WSP. Validates what the orchestrator passes, infers
// dependencies, records the task graph in submission order, hands tasks to the
// host executor, and at ptowsp_finish runs the simulation and writes traces.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/cpu_sim/runtime.h"

#include "DependencyTracker.h"
#include "HostExecutor.h"
#include "Simulator.h"
#include "TaskGraph.h"
#include "TraceWriter.h"

#include <algorithm>
#include <chrono>
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

  // Last: destroyed first, so the worker threads stop before anything they
  // might touch goes away.
  std::unique_ptr<HostExecutor> executor;

  ptowsp_status error(ptowsp_status status, std::string message) {
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
  return rt ? rt->lastError.c_str() : "ptowsp_last_error: runtime is NULL";
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
  default:
    return nullptr;
  }
}

void ptowsp_runtime_destroy(ptowsp_runtime *rt) { delete rt; }

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

int32_t ptowsp_tensor(ptowsp_runtime *rt, void *base, int64_t element_bytes, int32_t rank,
                      const int64_t *dims, const char *name) {
  if (!rt)
    return -1;
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
    marker.position = static_cast<int64_t>(rt->graph.tasks.size());
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
    if (ptowsp_status status = checkUsable(rt, "ptowsp_wait_all"))
      return status;
    Marker marker;
    marker.position = static_cast<int64_t>(rt->graph.tasks.size());
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
  if (rt->finished)
    return rt->finishStatus == PTOWSP_OK ? PTOWSP_OK
                                         : rt->error(rt->finishStatus, rt->finishError);
  rt->finished = true;
  ptowsp_status status = guarded(rt, [&]() -> ptowsp_status {
    std::string message;
    ptowsp_status hostStatus = PTOWSP_OK;
    if (rt->fatal == PTOWSP_OK) {
      Marker marker;
      marker.position = static_cast<int64_t>(rt->graph.tasks.size());
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
    if (!simulate(rt->graph, options, rt->sim, message))
      return rt->fail(PTOWSP_ERR_DEADLOCK, message);
    rt->simulated = true;

    ptowsp_status first = PTOWSP_OK;
    std::string firstMessage;
    if (!rt->tracePath.empty()) {
      ptowsp_status s =
          writeTimelineTrace(rt->tracePath, rt->graph, rt->sim, rt->config.machine, message);
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

ptowsp_status ptowsp_kernel_fail(const char *message) {
  return recordKernelFailure(message) ? PTOWSP_OK : PTOWSP_ERR_INVALID;
}

} // extern "C"
