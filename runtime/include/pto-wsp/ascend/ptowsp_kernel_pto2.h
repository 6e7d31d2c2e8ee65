// ptowsp_kernel_pto2.h - kernels of the tensormap_and_ringbuffer runtime
// receive each view as a pto-runtime Tensor descriptor.
#pragma once

#include "ptowsp_kernel.h"
#include "tensor.h"  // NOLINT(build/include_subdir)

namespace ptowsp {

/// The first element of the view passed as argument `index`.
template <typename T>
__aicore__ inline __gm__ T *view_data(__gm__ int64_t *args, int index) {
  __gm__ Tensor *tensor = reinterpret_cast<__gm__ Tensor *>(args[index]);
  return reinterpret_cast<__gm__ T *>(tensor->buffer.addr) + tensor->start_offset;
}

}  // namespace ptowsp
