// ptowsp_kernel.h - kernel-side helpers of PTO-WSP's Ascend trees.
//
// Every generated kernel (kernels/aiv/*.cpp, kernels/aic/*.cpp) is
// `extern "C" __aicore__ void kernel_entry(__gm__ int64_t *args)` written
// against PTO-ISA: its arguments are the task's views, then its scalars, then
// one row stride (in elements) per view. These helpers turn argument words
// into typed values and name the global-tensor shape used for views; the
// kernel body itself (TASSIGN, TLOAD, T<OP>, set_flag/wait_flag, TSTORE) is
// plain PTO-ISA.
#pragma once

#include <cstdint>

#include <pto/pto-inst.hpp>

#include "ptowsp_scalar.h"

#ifndef __gm__
#define __gm__
#endif
#ifndef __aicore__
#define __aicore__ [aicore]  // NOLINT(whitespace/braces)
#endif

// The PTO-ISA namespace: pto on the device and on a2a3sim; the host
// emulation (hostsim/pto/pto-inst.hpp) provides the same names elsewhere.
#ifndef PTOWSP_PTO_NAMESPACE
#define PTOWSP_PTO_NAMESPACE pto
#endif
using namespace PTOWSP_PTO_NAMESPACE;

namespace ptowsp {

/// A Rows x Cols window of a row-major global tensor whose row stride is
/// known when the task runs.
template <typename T, int Rows, int Cols>
using GlobalView = GlobalTensor<T, Shape<1, 1, 1, Rows, Cols>, Stride<1, 1, 1, DYNAMIC, 1>>;

template <typename T, int Rows, int Cols>
__aicore__ inline GlobalView<T, Rows, Cols> global_view(__gm__ T *data, int64_t row_stride) {
  using View = GlobalView<T, Rows, Cols>;
  return View(data, typename View::Shape(), typename View::Stride(row_stride));
}

/// Argument word `index` as a scalar of type T (floats travel as their bits,
/// in the low word for f32).
template <typename T>
__aicore__ inline T scalar_arg(__gm__ int64_t *args, int index) {
  return from_bits<T>(static_cast<uint64_t>(args[index]));
}

}  // namespace ptowsp
