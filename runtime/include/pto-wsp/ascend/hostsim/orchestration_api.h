// orchestration_api.h (hostsim) - pto-runtime's host_build_graph API on the
// host. The orchestration records tasks and edges; the driver then runs
// them in a dependency order that prefers the most recently added ready task
// (not the submission order), so that a missing edge shows as a wrong result.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "hostsim.h"
#include "task_args.h"

enum class CoreType { AIV, AIC };

struct OrchestrationRuntime {
  struct Task {
    std::vector<int64_t> args;
    int func_id;
    std::vector<int> successors;
    int predecessors = 0;
  };
  struct Pair {
    void *host, *device;
    size_t size;
  };
  std::vector<Task> tasks;
  std::vector<Pair> pairs;
};

inline int add_task(OrchestrationRuntime *runtime, uint64_t *args, int num_args, int func_id, CoreType) {
  OrchestrationRuntime::Task task;
  task.args.assign(args, args + num_args);
  task.func_id = func_id;
  runtime->tasks.push_back(task);
  return static_cast<int>(runtime->tasks.size()) - 1;
}
inline void add_successor(OrchestrationRuntime *runtime, int from, int to) {
  runtime->tasks[from].successors.push_back(to);
  runtime->tasks[to].predecessors++;
}
inline void *device_malloc(OrchestrationRuntime *, size_t size) { return std::calloc(1, size ? size : 1); }
inline int copy_to_device(OrchestrationRuntime *, void *device, const void *host, size_t size) {
  std::memcpy(device, host, size);
  return 0;
}
inline void record_tensor_pair(OrchestrationRuntime *runtime, void *host, void *device, size_t size) {
  runtime->pairs.push_back({host, device, size});
}

/// Runs the recorded graph (latest ready task first) and copies results back.
inline void hostsim_run_graph(OrchestrationRuntime &runtime) {
  std::vector<int> ready, waiting(runtime.tasks.size());
  for (size_t i = 0; i < runtime.tasks.size(); ++i)
    if ((waiting[i] = runtime.tasks[i].predecessors) == 0)
      ready.push_back(static_cast<int>(i));
  while (!ready.empty()) {
    int id = ready.back();
    ready.pop_back();
    ptowsp_hostsim_kernel(runtime.tasks[id].func_id)(runtime.tasks[id].args.data());
    for (int successor : runtime.tasks[id].successors)
      if (--waiting[successor] == 0)
        ready.push_back(successor);
  }
  for (const auto &pair : runtime.pairs)
    std::memcpy(pair.host, pair.device, pair.size);
}
