//===- Submission.cpp - cpu_sim runtime: tensors, submission, waits ===//
//
// Part of PTO-WSP. Registers tensors, validates and submits tasks (dependencies, window,
// dispatch) and implements the orchestrator's waits and slot loads.
//
//===----------------------------------------------------------------------===//

#include "RuntimeState.h"

extern "C" {

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

namespace {

/// Waits belong to the orchestrator: a kernel would wait for itself, and a
/// process cannot wait for tasks.
ptowsp_status checkWaiter(ptowsp_runtime *rt, const char *function) {
  if (insideKernel())
    return refuseFromKernel(function);
  if (rt->current())
    return rt->error(PTOWSP_ERR_INVALID, std::string(function) +
                                             " called from a process; processes cannot wait "
                                             "for tasks");
  return PTOWSP_OK;
}

/// The element of `info` at `index`: its box, its linear position and the
/// index as text ("[i, j]"), or an out-of-bounds error.
ptowsp_status slotElement(ptowsp_runtime *rt, const TensorInfo &info, const int64_t *index,
                          Box &element, int64_t &linear, std::string &text) {
  element.rank = info.rank;
  linear = 0;
  text = "[";
  for (int32_t d = 0; d < info.rank; ++d) {
    text += (d ? ", " : "") + std::to_string(index[d]);
    if (index[d] < 0 || index[d] >= info.dims[d]) {
      std::string shape = "[";
      for (int32_t e = 0; e < info.rank; ++e)
        shape += (e ? ", " : "") + std::to_string(info.dims[e]);
      return rt->error(PTOWSP_ERR_OUT_OF_BOUNDS,
                       "ptowsp_load_i64: index " + text + (d + 1 < info.rank ? ", ...]" : "]") +
                           " is out of bounds of tensor '" + info.name + "' of shape " + shape +
                           "]");
    }
    element.lo[d] = index[d];
    element.hi[d] = index[d] + 1;
    linear = linear * info.dims[d] + index[d];
  }
  text += "]";
  return PTOWSP_OK;
}

/// Waits for the tasks writing `element` of `tensor` (in explicit mode, for
/// every task) and records the wait for the simulation.
ptowsp_status waitForWriters(ptowsp_runtime *rt, int32_t tensor, const Box &element,
                             const std::string &what) {
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
      rt->graph.markerTasks.insert(rt->graph.markerTasks.end(), writers.begin(), writers.end());
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
  return status == PTOWSP_OK ? PTOWSP_OK : rt->error(status, message);
}

} // namespace

ptowsp_status ptowsp_load_i64(ptowsp_runtime *rt, int32_t tensor, const int64_t *index,
                              int64_t *value) {
  if (!rt)
    return PTOWSP_ERR_INVALID;
  return guarded(rt, [&]() -> ptowsp_status {
    if (ptowsp_status status = checkWaiter(rt, "ptowsp_load_i64"))
      return status;
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
    int64_t linear;
    std::string text;
    if (ptowsp_status status = slotElement(rt, info, index, element, linear, text))
      return status;
    std::string what = "ptowsp_load_i64 of '" + info.name + "'" + text + " waits for its writers";
    if (ptowsp_status status = waitForWriters(rt, tensor, element, what))
      return status;
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
    if (ptowsp_status status = checkWaiter(rt, "ptowsp_wait_all"))
      return status;
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

} // extern "C"
