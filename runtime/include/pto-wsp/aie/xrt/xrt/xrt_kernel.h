//===- xrt/xrt_kernel.h - PTO-WSP XRT stub: kernel and run ------*- C++ -*-===//
//
// Part of PTO-WSP. Header-only, C++17.
//
// A functional stand-in for the XRT headers that an mlir-aie host program
// uses (xrt/xrt_device.h, xrt/xrt_kernel.h, xrt/xrt_bo.h,
// xrt/xrt_hw_context.h, xrt/experimental/xrt_xclbin.h), with real XRT's
// spellings, so that the AIE target's host.cpp compiles unchanged against
// either. Instead of an NPU, a kernel launch runs the emulated design that is
// linked into the program: emu/design_emu.cpp defines
//
//   extern "C" int ptowsp_aie_design_run(void *const *buffers,
//                                        const size_t *bytes, int count,
//                                        char *error, size_t errorBytes);
//
// on top of ptowsp_aie_emu.h. A launch in mlir-aie's form
//
//   xrt::run run = kernel(opcode, bo_instr, instr_count, bo_0, bo_1, ...);
//
// passes the device copies of bo_0, bo_1, ... (the runtime sequence's
// arguments, in order) to ptowsp_aie_design_run. The opcode, the instruction
// buffer and its length are accepted but not interpreted: neither the
// xclbin nor the instruction stream is read, the linked-in design is what
// runs. The launch runs to completion before kernel() returns; run.wait()
// then returns ERT_CMD_STATE_COMPLETED, or ERT_CMD_STATE_ERROR after printing
// the design's error message to stderr.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_XRT_KERNEL_H
#define PTOWSP_XRT_STUB_XRT_KERNEL_H

#include "xrt/detail/ert.h"
#include "xrt/xrt_bo.h"
#include "xrt/xrt_device.h"
#include "xrt/xrt_hw_context.h"

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

/// Runs the emulated design on the given buffers; defined by the generated
/// emu/design_emu.cpp. Returns 0 on success, else writes a message.
extern "C" int ptowsp_aie_design_run(void *const *buffers, const size_t *bytes,
                                     int count, char *error, size_t errorBytes);

namespace xrt {

/// One kernel launch. The stub's launches are synchronous: the outcome is
/// known when the run object is created.
class run {
public:
  run() = default;

  /// The final state; on failure prints the message to stderr (once).
  ert_cmd_state wait() const {
    if (!state_)
      throw std::runtime_error("xrt::run::wait on a run that was not started");
    if (state_->state == ERT_CMD_STATE_ERROR && !state_->reported) {
      state_->reported = true;
      std::fprintf(stderr, "xrt (PTO-WSP stub): kernel run failed: %s\n",
                   state_->message.c_str());
    }
    return state_->state;
  }
  ert_cmd_state wait(const std::chrono::milliseconds &) const { return wait(); }
  ert_cmd_state state() const {
    return state_ ? state_->state : ERT_CMD_STATE_NEW;
  }
  /// Why the run failed (stub extension; empty on success).
  std::string ptowsp_error() const { return state_ ? state_->message : ""; }
  explicit operator bool() const { return state_ != nullptr; }

  /// @cond stub internals
  static run ptowsp_finished(ert_cmd_state state, std::string message) {
    run r;
    r.state_ = std::make_shared<outcome>();
    r.state_->state = state;
    r.state_->message = std::move(message);
    return r;
  }
  /// @endcond

private:
  struct outcome {
    ert_cmd_state state = ERT_CMD_STATE_NEW;
    std::string message;
    bool reported = false;
  };
  std::shared_ptr<outcome> state_;
};

/// A kernel of a registered xclbin; calling it launches the emulated design.
class kernel {
public:
  kernel() = default;
  /// Throws unless the context's xclbin provides a kernel called `name`.
  kernel(const hw_context &context, const std::string &name) : name_(name) {
    for (const xclbin::kernel &k : context.get_xclbin().get_kernels())
      if (k.get_name() == name)
        return;
    throw std::runtime_error("xrt::kernel: the xclbin has no kernel named '" +
                             name + "' (the PTO-WSP stub offers MLIR_AIE)");
  }
  /// The legacy form without an explicit hardware context.
  kernel(const device &dev, const uuid &id, const std::string &name)
      : kernel(hw_context(dev, id), name) {}

  /// The memory group of argument `argno`; any value works for the stub.
  int group_id(int argno) const { return argno; }
  const std::string &get_name() const { return name_; }

  /// Launches: (opcode, instruction bo, instruction count, data bos...).
  template <typename... Args> run operator()(Args &&...args) const {
    std::vector<argument> list;
    list.reserve(sizeof...(Args));
    (void)std::initializer_list<int>{(add(list, args), 0)...};
    return launch(list);
  }

private:
  struct argument {
    bool isBuffer = false;
    bo buffer;
  };
  static void add(std::vector<argument> &list, const bo &buffer) {
    list.push_back({true, buffer});
  }
  template <typename T>
  static void add(std::vector<argument> &list, const T &) {
    static_assert(std::is_arithmetic<T>::value || std::is_enum<T>::value,
                  "PTO-WSP XRT stub: kernel arguments are scalars or xrt::bo");
    list.push_back({false, bo()});
  }
  static run launch(std::vector<argument> &list) {
    if (list.size() < 3 || list[0].isBuffer || !list[1].isBuffer ||
        list[2].isBuffer)
      return run::ptowsp_finished(
          ERT_CMD_STATE_ERROR,
          "expected the mlir-aie launch form kernel(opcode, bo_instr, "
          "instr_count, bo_0, bo_1, ...)");
    std::vector<void *> buffers;
    std::vector<size_t> bytes;
    for (size_t i = 3; i < list.size(); ++i) {
      if (!list[i].isBuffer)
        return run::ptowsp_finished(
            ERT_CMD_STATE_ERROR,
            "kernel argument " + std::to_string(i) +
                " is a scalar; the emulated design takes only buffer objects "
                "after the instruction count");
      buffers.push_back(list[i].buffer.ptowsp_device_data());
      bytes.push_back(list[i].buffer.size());
    }
    char message[4096] = {0};
    int status = ptowsp_aie_design_run(buffers.data(), bytes.data(),
                                       static_cast<int>(buffers.size()),
                                       message, sizeof message);
    if (status != 0)
      return run::ptowsp_finished(ERT_CMD_STATE_ERROR,
                                  message[0] ? message : "unknown error");
    return run::ptowsp_finished(ERT_CMD_STATE_COMPLETED, "");
  }
  std::string name_;
};

} // namespace xrt

#endif // PTOWSP_XRT_STUB_XRT_KERNEL_H
