// ptowsp_hbg.h - orchestration helpers of PTO-WSP's Ascend trees for
// pto-runtime's host_build_graph runtime.
//
// The generated orchestration runs on the host and builds the whole task
// graph before the device runs it: tensors are copied to device memory
// (device_malloc, copy_to_device, record_tensor_pair for the ones tasks
// write), every task is one add_task with its argument words, and every
// dependency one add_successor. The edges are the ones cpu_sim infers in its
// `overlap` mode: a task depends on every earlier task whose region of the
// same tensor overlaps one of its own, when at least one of the two writes
// it (RAW, WAR, WAW).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <iostream>
#include <unordered_map>
#include <vector>

#include "ptowsp_scalar.h"

#include "orchestration_api.h"  // NOLINT(build/include_subdir)

namespace ptowsp {

constexpr int kMaxRank = 5;

/// A tensor in device memory.
struct Tensor {
  char *device = nullptr;
  int rank = 0;
  uint64_t shape[kMaxRank] = {};
  uint64_t element_bytes = 0;
};

/// A window of a tensor: per-dimension element offsets and sizes.
struct View {
  Tensor tensor;
  uint64_t offsets[kMaxRank] = {};
  uint64_t sizes[kMaxRank] = {};
  /// The address of the window's first element.
  uint64_t address() const {
    uint64_t linear = 0;
    for (int i = 0; i < tensor.rank; ++i)
      linear = linear * tensor.shape[i] + offsets[i];
    return reinterpret_cast<uint64_t>(tensor.device + linear * tensor.element_bytes);
  }
  bool overlaps(const View &other) const {
    if (tensor.device != other.tensor.device)
      return false;
    for (int i = 0; i < tensor.rank; ++i)
      if (offsets[i] + sizes[i] <= other.offsets[i] || other.offsets[i] + other.sizes[i] <= offsets[i])
        return false;
    return true;
  }
};

/// The graph under construction: the runtime and every access so far.
struct Graph {
  OrchestrationRuntime *runtime;
  const ChipStorageTaskArgs &args;
  struct Access {
    int task;
    View view;
    bool writes;
  };
  /// Every access so far, by the tensor's device buffer: a task is only
  /// compared with earlier accesses of the tensors it touches.
  std::unordered_map<const char *, std::vector<Access>> accesses;
  int status = 0;
  Graph(OrchestrationRuntime *runtime, const ChipStorageTaskArgs &args) : runtime(runtime), args(args) {}
};

inline void fail(Graph &graph, const char *what) {
  if (graph.status == 0)
    std::cerr << "ptowsp: " << what << "\n";
  graph.status = -1;
}

/// What the orchestration returns: 0, or -1 after the first failure.
inline int status(const Graph &graph) { return graph.status; }

/// Orchestration tensor argument `index` (elements of `element_bytes`),
/// copied to device memory; tensors the tasks write are copied back after
/// the run.
inline Tensor tensor_arg(Graph &graph, int32_t index, uint64_t element_bytes, bool written) {
  Tensor tensor;
  const ContinuousTensor &host = graph.args.tensor(index);
  tensor.rank = static_cast<int>(host.ndims);
  for (int i = 0; i < tensor.rank; ++i)
    tensor.shape[i] = host.shapes[i];
  tensor.element_bytes = element_bytes;
  size_t bytes = host.nbytes();
  void *device = device_malloc(graph.runtime, bytes);
  if (!device) {
    fail(graph, "device_malloc failed for a tensor argument");
    return tensor;
  }
  tensor.device = static_cast<char *>(device);
  void *data = host.data_as<void>();
  copy_to_device(graph.runtime, device, data, bytes);
  if (written)
    record_tensor_pair(graph.runtime, data, device, bytes);
  return tensor;
}

/// Orchestration scalar argument `index` (after the tensors), as T.
template <typename T>
inline T scalar_arg(Graph &graph, int32_t index) {
  return from_bits<T>(graph.args.scalar(index));
}

/// Element `indices...` of orchestration tensor argument `index` (a tensor
/// no task writes: the workload reads it to generate tasks, e.g. the
/// lengths of a ragged axis or the CSR arrays of a sparse one).
template <typename T, typename... Index>
inline T element(Graph &graph, int32_t index, Index... indices) {
  return element_at<T>(graph.args.tensor(index), indices...);
}

/// The window of `tensor` given by Rank sizes followed by Rank offsets.
template <size_t Rank, typename... Index>
inline View view(const Tensor &tensor, Index... sizes_then_offsets) {
  static_assert(sizeof...(Index) == 2 * Rank, "view: Rank sizes then Rank offsets");
  const uint64_t all[] = {static_cast<uint64_t>(sizes_then_offsets)...};
  View result;
  result.tensor = tensor;
  for (size_t i = 0; i < Rank; ++i) {
    result.sizes[i] = all[i];
    result.offsets[i] = all[Rank + i];
  }
  return result;
}

/// Task arguments: a view with its access mode, an intermediate the task
/// creates, or a scalar.
struct In { View view; };
struct Out { View view; };
struct InOut { View view; };
struct Create { uint64_t rows, cols, element_bytes; };
template <typename T> struct Scalar { T value; };

inline In in(const View &view) { return {view}; }
inline Out out(const View &view) { return {view}; }
inline InOut inout(const View &view) { return {view}; }
inline Create create(uint64_t rows, uint64_t cols, uint64_t element_bytes) {
  return {rows, cols, element_bytes};
}
template <typename T> inline Scalar<T> scalar(T value) { return {value}; }

/// The intermediates a task created, in argument order.
struct TaskOutputs {
  std::vector<View> created;
};

/// Everything one submission collects before add_task.
struct Submission {
  std::vector<uint64_t> words;      // tensor words first, then scalar words
  std::vector<uint64_t> scalars;
  std::vector<Graph::Access> accesses;
  TaskOutputs outputs;
};

inline void add(Graph &graph, Submission &task, const View &view, bool reads, bool writes) {
  (void)reads;
  task.words.push_back(view.address());
  task.accesses.push_back({-1, view, writes});
}
inline void add(Graph &graph, Submission &task, const In &param) { add(graph, task, param.view, true, false); }
inline void add(Graph &graph, Submission &task, const Out &param) { add(graph, task, param.view, false, true); }
inline void add(Graph &graph, Submission &task, const InOut &param) { add(graph, task, param.view, true, true); }
inline void add(Graph &graph, Submission &task, const Create &param) {
  View view;
  view.tensor.rank = 2;
  view.tensor.shape[0] = param.rows;
  view.tensor.shape[1] = param.cols;
  view.tensor.element_bytes = param.element_bytes;
  view.sizes[0] = param.rows;
  view.sizes[1] = param.cols;
  void *device = device_malloc(graph.runtime, param.rows * param.cols * param.element_bytes);
  if (!device)
    fail(graph, "device_malloc failed for an intermediate");
  view.tensor.device = static_cast<char *>(device);
  task.outputs.created.push_back(view);
  add(graph, task, view, false, true);
}
template <typename T> inline void add(Graph &, Submission &task, const Scalar<T> &param) {
  uint64_t bits = 0;
  std::memcpy(&bits, &param.value, sizeof(T) < sizeof(bits) ? sizeof(T) : sizeof(bits));
  task.scalars.push_back(bits);
}

/// Adds the task and its edges from every earlier conflicting access.
template <typename... Params>
inline TaskOutputs submit(Graph &graph, int32_t func_id, CoreType core, const Params &...params) {
  Submission task;
  (add(graph, task, params), ...);
  if (graph.status != 0)
    return task.outputs;
  task.words.insert(task.words.end(), task.scalars.begin(), task.scalars.end());
  int id = add_task(graph.runtime, task.words.data(), static_cast<int>(task.words.size()), func_id, core);
  if (id < 0) {
    fail(graph, "add_task failed");
    return task.outputs;
  }
  std::vector<int> predecessors;
  for (const Graph::Access &mine : task.accesses)
    for (const Graph::Access &earlier : graph.accesses[mine.view.tensor.device])
      if ((mine.writes || earlier.writes) && earlier.view.overlaps(mine.view)) {
        bool seen = false;
        for (int p : predecessors)
          seen = seen || p == earlier.task;
        if (!seen)
          predecessors.push_back(earlier.task);
      }
  for (int predecessor : predecessors)
    add_successor(graph.runtime, predecessor, id);
  for (Graph::Access access : task.accesses) {
    access.task = id;
    graph.accesses[access.view.tensor.device].push_back(access);
  }
  return task.outputs;
}

template <typename... Params>
inline TaskOutputs submit_aiv(Graph &graph, int32_t func_id, const Params &...params) {
  return submit(graph, func_id, CoreType::AIV, params...);
}
template <typename... Params>
inline TaskOutputs submit_aic(Graph &graph, int32_t func_id, const Params &...params) {
  return submit(graph, func_id, CoreType::AIC, params...);
}

/// Intermediate `index` created by the task that returned `outputs`.
inline View output(const TaskOutputs &outputs, uint32_t index) { return outputs.created[index]; }

}  // namespace ptowsp
