// tensor.h (hostsim) - pto-runtime's PTO2 Tensor descriptor, as much of it
// as PTO-WSP's trees use: a buffer, the view's element offset into it, and
// its shape and row-major strides.
#pragma once

#include "task_args.h"

struct PTOBufferHandle {
  uint64_t addr;
  uint64_t size;
};

struct Tensor {
  PTOBufferHandle buffer{0, 0};
  uint64_t start_offset = 0;
  uint32_t ndims = 0;
  DataType dtype = DataType::FLOAT32;
  uint32_t shapes[RUNTIME_MAX_TENSOR_DIMS] = {};
  uint32_t strides[RUNTIME_MAX_TENSOR_DIMS] = {};

  Tensor view(const uint32_t view_shapes[], const uint32_t view_offsets[]) const {
    Tensor result = *this;
    for (uint32_t i = 0; i < ndims; ++i) {
      result.start_offset += static_cast<uint64_t>(view_offsets[i]) * strides[i];
      result.shapes[i] = view_shapes[i];
    }
    return result;
  }
};

/// A tensor over `data` with row-major strides.
inline Tensor make_host_tensor(void *data, const uint32_t shapes[], uint32_t ndims, DataType dtype) {
  Tensor tensor;
  tensor.ndims = ndims;
  tensor.dtype = dtype;
  uint64_t count = 1;
  for (int i = static_cast<int>(ndims) - 1; i >= 0; --i) {
    tensor.shapes[i] = shapes[i];
    tensor.strides[i] = static_cast<uint32_t>(count);
    count *= shapes[i];
  }
  tensor.buffer = {reinterpret_cast<uint64_t>(data), count * get_element_size(dtype)};
  return tensor;
}
