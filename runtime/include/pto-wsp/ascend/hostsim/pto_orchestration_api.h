// pto_orchestration_api.h (hostsim) - pto-runtime's PTO2 orchestration API on
// the host: every rt_submit_* runs its kernel at once, in submission order
// (what TensorMap's dependency tracking guarantees to be equivalent to).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <vector>

#include "hostsim.h"
#include "tensor.h"

struct PTO2OrchestrationConfig {
  int expected_arg_count;
};

struct TensorCreateInfo {
  TensorCreateInfo(const uint32_t shapes_in[], uint32_t ndims_in, DataType dtype_in = DataType::FLOAT32)
      : ndims(ndims_in), dtype(dtype_in) {
    for (uint32_t i = 0; i < ndims; ++i)
      shapes[i] = shapes_in[i];
  }
  uint32_t shapes[RUNTIME_MAX_TENSOR_DIMS] = {};
  uint32_t ndims;
  DataType dtype;
};

inline Tensor from_tensor_arg(const ContinuousTensor &t) {
  return make_host_tensor(reinterpret_cast<void *>(t.data), t.shapes, t.ndims, t.dtype);
}

struct Arg {
  std::vector<const Tensor *> tensors;
  std::vector<const TensorCreateInfo *> creates;  // parallel to tensors (null: existing)
  std::vector<uint64_t> scalars;
  void add_input(const Tensor &t) { tensors.push_back(&t), creates.push_back(nullptr); }
  void add_inout(const Tensor &t) { add_input(t); }
  void add_output(const Tensor &t) { add_input(t); }
  void add_output(const TensorCreateInfo &ci) { tensors.push_back(nullptr), creates.push_back(&ci); }
  template <typename T> void add_scalar(T value) {
    uint64_t bits = 0;
    static_assert(sizeof(T) <= sizeof(bits), "scalar wider than a word");
    __builtin_memcpy(&bits, &value, sizeof(T));
    scalars.push_back(bits);
  }
};

struct TaskOutputTensors {
  std::vector<Tensor> created;
  const Tensor &get_ref(uint32_t index) const { return created[index]; }
};

/// Buffers and descriptors live until the process ends (runs are short).
inline std::deque<Tensor> &hostsim_tensors() {
  static std::deque<Tensor> tensors;
  return tensors;
}

inline TaskOutputTensors hostsim_submit(int32_t func_id, const Arg &arg) {
  TaskOutputTensors outputs;
  std::vector<int64_t> words;
  for (size_t i = 0; i < arg.tensors.size(); ++i) {
    const Tensor *tensor = arg.tensors[i];
    if (!tensor) {
      const TensorCreateInfo &ci = *arg.creates[i];
      uint64_t count = 1;
      for (uint32_t d = 0; d < ci.ndims; ++d)
        count *= ci.shapes[d];
      void *data = std::calloc(count, get_element_size(ci.dtype));
      hostsim_tensors().push_back(make_host_tensor(data, ci.shapes, ci.ndims, ci.dtype));
      tensor = &hostsim_tensors().back();
      outputs.created.push_back(*tensor);
    }
    words.push_back(reinterpret_cast<int64_t>(tensor));
  }
  for (uint64_t scalar : arg.scalars)
    words.push_back(static_cast<int64_t>(scalar));
  ptowsp_hostsim_kernel(func_id)(words.data());
  return outputs;
}

inline TaskOutputTensors rt_submit_aiv_task(int32_t func_id, const Arg &arg) { return hostsim_submit(func_id, arg); }
inline TaskOutputTensors rt_submit_aic_task(int32_t func_id, const Arg &arg) { return hostsim_submit(func_id, arg); }

#define PTO2_SCOPE_GUARD() (void)0
