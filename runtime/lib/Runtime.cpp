//===- Runtime.cpp - The cpu_sim task runtime: configuration and lifetime -===//
//
// Part of PTO-WSP. Validates and applies the configuration, creates and
// destroys the runtime, names statuses and stall reasons. The rest of the C
// API: Submission.cpp, Finish.cpp, Channels.cpp (state in RuntimeState.h).
//
//===----------------------------------------------------------------------===//

#include "RuntimeState.h"

namespace ptowsp::runtime {

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

} // namespace ptowsp::runtime

namespace {

thread_local std::string createError;

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

namespace ptowsp::runtime {

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

} // namespace ptowsp::runtime

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

} // extern "C"
