// task_args.h (hostsim) - pto-runtime's orchestration arguments as the host
// emulation of PTO-WSP's Ascend trees provides them: tensors (host memory)
// first, then 64-bit scalars.
#pragma once

#include <cstddef>
#include <cstdint>

enum class DataType : uint32_t { FLOAT32, FLOAT16, BFLOAT16, INT8, INT16, INT32, INT64 };

inline uint64_t get_element_size(DataType type) {
  switch (type) {
  case DataType::FLOAT16: case DataType::BFLOAT16: case DataType::INT16: return 2;
  case DataType::INT8: return 1;
  case DataType::INT64: return 8;
  default: return 4;
  }
}

constexpr int RUNTIME_MAX_TENSOR_DIMS = 5;

struct ContinuousTensor {
  uint64_t data = 0;
  uint32_t shapes[RUNTIME_MAX_TENSOR_DIMS] = {};
  uint32_t ndims = 0;
  DataType dtype = DataType::FLOAT32;
  uint64_t nbytes() const {
    uint64_t count = 1;
    for (uint32_t i = 0; i < ndims; ++i)
      count *= shapes[i];
    return count * get_element_size(dtype);
  }
  template <typename T> T *data_as() const { return reinterpret_cast<T *>(data); }
};

struct ChipStorageTaskArgs {
  ContinuousTensor tensors[16];
  uint64_t scalars[32] = {};
  int32_t tensor_count_ = 0, scalar_count_ = 0;
  const ContinuousTensor &tensor(int32_t i) const { return tensors[i]; }
  uint64_t scalar(int32_t i) const { return scalars[i]; }
  int32_t tensor_count() const { return tensor_count_; }
  int32_t scalar_count() const { return scalar_count_; }
};
