// ptowsp_pto2.h - orchestration helpers of PTO-WSP's Ascend trees for
// pto-runtime's tensormap_and_ringbuffer (PTO2) runtime.
//
// The generated orchestration (orchestration/<graph>.cpp) is the workload's
// task-generation program: its loops stay loops and every task is one
// rt_submit_aiv_task / rt_submit_aic_task with an Arg built from the task's
// views (add_input / add_output / add_inout) and scalars (add_scalar).
// Dependencies are left to pto-runtime's TensorMap. These helpers only
// package those calls so that the code generator can emit one call per
// task; they add no behaviour of their own.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "ptowsp_scalar.h"

#include "pto_orchestration_api.h"  // NOLINT(build/include_subdir)

namespace ptowsp {

/// What aicpu_orchestration_config returns: the argument count the
/// executor checks.
inline PTO2OrchestrationConfig config(int expected_arg_count) {
  PTO2OrchestrationConfig result{};
  result.expected_arg_count = expected_arg_count;
  return result;
}

/// Orchestration tensor argument `index` as a runtime Tensor.
inline Tensor tensor_arg(const ChipStorageTaskArgs &args, int32_t index) {
  return from_tensor_arg(args.tensor(index));
}

/// Orchestration scalar argument `index` (after the tensors), as T.
template <typename T>
inline T scalar_arg(const ChipStorageTaskArgs &args, int32_t index) {
  return from_bits<T>(args.scalar(index));
}

/// Element `indices...` of orchestration tensor argument `index` (a tensor
/// no task writes: the workload reads it to generate tasks, e.g. the
/// lengths of a ragged axis or the CSR arrays of a sparse one).
template <typename T, typename... Index>
inline T element(const ChipStorageTaskArgs &args, int32_t index, Index... indices) {
  return element_at<T>(args.tensor(index), indices...);
}

/// The sub-tensor of `tensor` (Rank dimensions) at `sizes_then_offsets`: the
/// Rank view sizes followed by the Rank element offsets.
template <size_t Rank, typename... Index>
inline Tensor view(const Tensor &tensor, Index... sizes_then_offsets) {
  static_assert(sizeof...(Index) == 2 * Rank, "view: Rank sizes then Rank offsets");
  const uint64_t all[] = {static_cast<uint64_t>(sizes_then_offsets)...};
  uint32_t sizes[Rank], offsets[Rank];
  for (size_t i = 0; i < Rank; ++i) {
    sizes[i] = static_cast<uint32_t>(all[i]);
    offsets[i] = static_cast<uint32_t>(all[Rank + i]);
  }
  return tensor.view(sizes, offsets);
}

/// A task argument: a view with its access mode, or a scalar.
struct In { const Tensor &tensor; };
struct Out { const Tensor &tensor; };
struct InOut { const Tensor &tensor; };
/// An intermediate the task creates: pto-runtime allocates it in its ring
/// heap; later tasks read it through the returned TaskOutputTensors.
struct Create { TensorCreateInfo info; };
template <typename T> struct Scalar { T value; };

inline In in(const Tensor &tensor) { return {tensor}; }
inline Out out(const Tensor &tensor) { return {tensor}; }
inline InOut inout(const Tensor &tensor) { return {tensor}; }
template <typename T> inline Scalar<T> scalar(T value) { return {value}; }
/// A new Rows x Cols intermediate of `dtype`.
inline Create create(uint32_t rows, uint32_t cols, DataType dtype) {
  uint32_t shapes[2] = {rows, cols};
  return {TensorCreateInfo(shapes, 2, dtype)};
}

inline void add(Arg &arg, const In &param) { arg.add_input(param.tensor); }
inline void add(Arg &arg, const Out &param) { arg.add_output(param.tensor); }
inline void add(Arg &arg, const InOut &param) { arg.add_inout(param.tensor); }
inline void add(Arg &arg, const Create &param) { arg.add_output(param.info); }
template <typename T> inline void add(Arg &arg, const Scalar<T> &param) {
  arg.add_scalar(param.value);
}

/// Submits kernel `func_id` to an AIV (vector) core with `params` in order
/// (views first, then scalars, as pto-runtime dispatches them).
template <typename... Params>
inline TaskOutputTensors submit_aiv(int32_t func_id, const Params &...params) {
  Arg arg;
  (add(arg, params), ...);
  return rt_submit_aiv_task(func_id, arg);
}

/// Submits kernel `func_id` to an AIC (cube) core.
template <typename... Params>
inline TaskOutputTensors submit_aic(int32_t func_id, const Params &...params) {
  Arg arg;
  (add(arg, params), ...);
  return rt_submit_aic_task(func_id, arg);
}

/// Intermediate `index` created by the task that returned `outputs`.
inline Tensor output(const TaskOutputTensors &outputs, uint32_t index) {
  return outputs.get_ref(index);
}

}  // namespace ptowsp
