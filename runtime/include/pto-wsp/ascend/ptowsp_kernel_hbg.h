// ptowsp_kernel_hbg.h - kernels of the host_build_graph runtime receive each
// view as the device address of its first element.
#pragma once

#include "ptowsp_kernel.h"

namespace ptowsp {

/// The first element of the view passed as argument `index`.
template <typename T>
__aicore__ inline __gm__ T *view_data(__gm__ int64_t *args, int index) {
  return reinterpret_cast<__gm__ T *>(args[index]);
}

}  // namespace ptowsp
