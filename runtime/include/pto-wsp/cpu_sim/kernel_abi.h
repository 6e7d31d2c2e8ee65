/*===- pto-wsp/cpu_sim/kernel_abi.h - cpu_sim kernel calling convention ---===*
 *
 * Part of PTO-WSP. C-compatible.
 *
 * The binary interface between the cpu_sim runtime and generated kernels.
 * Every kernel is compiled into a shared library and exported as
 *
 *     extern "C" void ptowsp_kernel_<name>(const ptowsp_arg *args);
 *
 * `args` is an array with one entry per kernel argument, in signature order:
 * a global-memory view for tensor arguments, f64 or i64 for scalars. The
 * layout is plain C so the runtime (or a Python/ctypes caller) can build the
 * array without knowing the kernel's C++ types.
 *
 * In C++ the helpers pto::arg_view / arg_f64 / arg_i64 unpack an argument;
 * PTOWSP_KERNEL(name) spells the exported signature.
 *
 *===----------------------------------------------------------------------===*/

#ifndef PTOWSP_CPU_SIM_KERNEL_ABI_H
#define PTOWSP_CPU_SIM_KERNEL_ABI_H

#include <stddef.h> /* size_t, ptrdiff_t: generated code uses them unqualified */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A rows x cols window of global memory; row_stride is in elements. */
typedef struct ptowsp_view {
  void *data;
  int64_t rows;
  int64_t cols;
  int64_t row_stride;
} ptowsp_view;

/* One kernel argument. Which member is live is fixed by the kernel's
 * signature, known to both the compiler and the runtime. */
typedef union ptowsp_arg {
  ptowsp_view view;
  double f64;
  int64_t i64;
} ptowsp_arg;

/* Signature of every generated kernel entry point. */
typedef void (*ptowsp_kernel_fn)(const ptowsp_arg *args);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* Exported kernel entry: default visibility so that the symbol survives
 * -fvisibility=hidden builds of the kernel library. */
#if defined(__GNUC__) || defined(__clang__)
#define PTOWSP_KERNEL_EXPORT __attribute__((visibility("default")))
#else
#define PTOWSP_KERNEL_EXPORT
#endif

#ifdef __cplusplus
#define PTOWSP_KERNEL(name)                                                    \
  extern "C" PTOWSP_KERNEL_EXPORT void ptowsp_kernel_##name(                   \
      const ptowsp_arg *args)
#else
#define PTOWSP_KERNEL(name)                                                    \
  PTOWSP_KERNEL_EXPORT void ptowsp_kernel_##name(const ptowsp_arg *args)
#endif

#ifdef __cplusplus
#include "pto-wsp/cpu_sim/tile.h"

namespace pto {

/// Argument `index` as a typed global view.
template <typename T>
inline GlobalView<T> arg_view(const ptowsp_arg *args, int64_t index) {
  const ptowsp_view &v = args[index].view;
  return GlobalView<T>{static_cast<T *>(v.data), v.rows, v.cols, v.row_stride};
}

/// Argument `index` as a floating-point scalar.
inline double arg_f64(const ptowsp_arg *args, int64_t index) {
  return args[index].f64;
}

/// Argument `index` as an integer scalar.
inline int64_t arg_i64(const ptowsp_arg *args, int64_t index) {
  return args[index].i64;
}

} // namespace pto
#endif /* __cplusplus */

#endif /* PTOWSP_CPU_SIM_KERNEL_ABI_H */
