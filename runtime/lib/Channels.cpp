//===- Channels.cpp - cpu_sim runtime: CSP channels and processes ===//
//
// Part of PTO-WSP. Channels, process instances, send/recv/close, joins and deadlock
// detection on the host; CSP statistics.
//
//===----------------------------------------------------------------------===//

#include "RuntimeState.h"

//===----------------------------------------------------------------------===//
// CSP: channels and processes
//===----------------------------------------------------------------------===//


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

/// Runs `body(instance, channel, lock, message)`, one channel operation of
/// the calling process instance, under cspMutex once the checks every
/// operation shares have passed: called from a process, on a channel that
/// exists, and no process has failed or deadlocked yet.
template <typename Body>
ptowsp_status channelCall(ptowsp_runtime *rt, int32_t channel, const char *function, Body body) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  ptowsp_status status;
  std::string message;
  Instance *inst = channelOp(rt, channel, function, status, message);
  if (!inst)
    return rt->error(status, message);
  {
    CspLock lock(rt->cspMutex);
    if (rt->cspFailure != PTOWSP_OK) {
      status = rt->cspFailure;
      message = rt->cspFailureText;
    } else {
      status = body(*inst, rt->channels[static_cast<size_t>(channel)], lock, message);
    }
  }
  return status == PTOWSP_OK ? PTOWSP_OK : rt->error(status, message);
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
  return channelCall(rt, channel, "ptowsp_send",
                     [&](Instance &inst, Channel &c, CspLock &lock, std::string &message) {
    if (c.payloadWords > 0 && !payload) {
      message = "ptowsp_send on channel '" + c.name + "': payload is NULL";
      return PTOWSP_ERR_INVALID;
    }
    if (c.closed()) {
      message = "ptowsp_send on channel '" + c.name + "' after it was closed";
      return PTOWSP_ERR_INVALID;
    }
    ptowsp_status status = PTOWSP_OK;
    if (c.capacity > 0 && static_cast<int64_t>(c.queue.size()) >= c.capacity)
      status = blockOn(rt, inst, lock, channel, true, -1, message);
    if (status == PTOWSP_OK && c.closed()) {
      status = PTOWSP_ERR_INVALID;
      message = "ptowsp_send on channel '" + c.name + "' after it was closed";
    }
    if (status == PTOWSP_OK) {
      c.queue.emplace_back(payload ? payload : nullptr,
                           payload ? payload + c.payloadWords : nullptr);
      int64_t token = c.sent++;
      c.hostHighWater = std::max(c.hostHighWater, static_cast<int64_t>(c.queue.size()));
      inst.events.push_back({CspEvent::Send, channel, -1, token});
      rt->cspCv.notify_all();
      if (c.capacity == 0)
        status = blockOn(rt, inst, lock, channel, true, token, message);
    }
    return status;
  });
}

ptowsp_status ptowsp_recv(ptowsp_runtime *rt, int32_t channel, int64_t *payload, int32_t *got) {
  return channelCall(rt, channel, "ptowsp_recv",
                     [&](Instance &inst, Channel &c, CspLock &lock, std::string &message) {
    if (!got || (c.payloadWords > 0 && !payload)) {
      message = "ptowsp_recv on channel '" + c.name + "': payload or got is NULL";
      return PTOWSP_ERR_INVALID;
    }
    ptowsp_status status = PTOWSP_OK;
    if (c.queue.empty() && !c.closed())
      status = blockOn(rt, inst, lock, channel, false, -1, message);
    if (status == PTOWSP_OK) {
      if (!c.queue.empty()) {
        std::vector<int64_t> &token = c.queue.front();
        std::copy(token.begin(), token.end(), payload);
        c.queue.pop_front();
        // The queue is FIFO: the k-th token taken is the k-th token sent,
        // whose Send recorded id k.
        int64_t id = c.taken++;
        *got = 1;
        inst.events.push_back({CspEvent::Recv, channel, -1, id});
      } else {
        *got = 0;
        inst.events.push_back({CspEvent::RecvClosed, channel, -1});
      }
      rt->cspCv.notify_all();
    }
    return status;
  });
}

ptowsp_status ptowsp_close(ptowsp_runtime *rt, int32_t channel) {
  return channelCall(rt, channel, "ptowsp_close",
                     [&](Instance &inst, Channel &c, CspLock &, std::string &message) {
    if (c.closed()) {
      message = "ptowsp_close: channel '" + c.name + "' was already closed by all its " +
                std::to_string(c.producers) + " producers";
      return PTOWSP_ERR_INVALID;
    }
    ++c.closes;
    inst.events.push_back({CspEvent::Close, channel, -1});
    rt->cspCv.notify_all();
    return PTOWSP_OK;
  });
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

} // extern "C"
