//===- Finish.cpp - cpu_sim runtime: finish and results ===//
//
// Part of PTO-WSP. Ends the host run, runs the simulation and reports statistics and
// per-task times.
//
//===----------------------------------------------------------------------===//

#include "RuntimeState.h"

namespace {

/// Waits for the host run's last tasks (unless the runtime already failed),
/// stops the executor and keeps its counters.
ptowsp_status endHostRun(ptowsp_runtime *rt) {
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
  return PTOWSP_OK;
}

SimOptions simulationOptions(const ptowsp_runtime *rt) {
  SimOptions options;
  options.machine = rt->config.machine;
  options.targets = rt->targets;
  options.dispatch = rt->config.dispatch;
  options.ready = rt->config.ready;
  options.pools = rt->config.pools;
  options.window = rt->config.window_size;
  options.start = rt->config.start;
  options.threshold = rt->config.start_threshold;
  return options;
}

/// A deterministic task order: main tasks in submission order, then process
/// tasks by (release cycle, simulated issuing instance, order of the submits
/// in the simulation). Without work following tokens the issuer is the
/// recording instance and the order its program order.
void rankTasks(ptowsp_runtime *rt) {
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
}

/// Simulates the processes' own time (CSPT) and makes the task simulation
/// release their tasks when they were issued there, in rankTasks' order.
bool simulateProcesses(ptowsp_runtime *rt, SimOptions &options, std::string &message) {
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
    return false;
  rankTasks(rt);
  if (rt->config.dispatch == PTOWSP_DISPATCH_ROUND_ROBIN)
    for (size_t t = 0; t < rt->graph.tasks.size(); ++t)
      rt->graph.tasks[t].scheduler = static_cast<int32_t>(rt->rank[t] % rt->targets);
  options.release = &rt->csp.release;
  options.rank = &rt->rank;
  options.joinCycle = rt->csp.endCycle;
  rt->cspSimulated = true;
  return true;
}

/// Writes the trace and the graph dump that were asked for; the first
/// failure is the result, but both are attempted.
ptowsp_status writeOutputs(ptowsp_runtime *rt, std::string &firstMessage) {
  ptowsp_status first = PTOWSP_OK;
  std::string message;
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
    ptowsp_status s = writeGraphDot(rt->graphPath, rt->graph, rt->config.graph_max_tasks, message);
    if (s != PTOWSP_OK && first == PTOWSP_OK) {
      first = s;
      firstMessage = "ptowsp_finish: " + message;
    }
  }
  return first;
}

/// Everything ptowsp_finish does once: the host run's end, the simulation,
/// the outputs.
ptowsp_status finishOnce(ptowsp_runtime *rt) {
  if (ptowsp_status status = endHostRun(rt))
    return status;
  auto simulationBegin = std::chrono::steady_clock::now();
  SimOptions options = simulationOptions(rt);
  std::string message;
  if (!rt->instances.empty() && !simulateProcesses(rt, options, message))
    return rt->fail(PTOWSP_ERR_DEADLOCK, "ptowsp_finish: " + message);
  if (!simulate(rt->graph, options, rt->sim, message))
    return rt->fail(PTOWSP_ERR_DEADLOCK, message);
  rt->simulated = true;
  for (const CspInstanceResult &inst : rt->csp.instances)
    for (int r = 0; r < PTOWSP_STALL_REASONS; ++r) {
      rt->sim.stalls[r] += inst.stalls[r];
      rt->sim.stallCycles[r] += inst.stallCycles[r];
    }
  std::string firstMessage;
  ptowsp_status first = writeOutputs(rt, firstMessage);
  rt->simulateSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - simulationBegin).count();
  return first == PTOWSP_OK ? PTOWSP_OK : rt->error(first, firstMessage);
}

} // namespace

extern "C" {

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
  ptowsp_status status = guarded(rt, [&] { return finishOnce(rt); });
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

} // extern "C"
