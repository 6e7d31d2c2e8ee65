// hostsim.h - what the host emulation of pto-runtime shares with its
// driver: the kernels of the tree, by func id.
#pragma once

#include <cstdint>

using HostKernel = void (*)(int64_t *args);
/// Defined by the generated registry: kernel `func_id` of the tree.
extern "C" HostKernel ptowsp_hostsim_kernel(int32_t func_id);
