//===- xrt/xrt_device.h - PTO-WSP XRT stub: xrt::device ---------*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h). There is one
// emulated NPU, index 0, shared by every xrt::device opened on it. It keeps
// the xclbins registered on it so that hw_context and kernel can check what
// the host asks for, as the driver would.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_XRT_DEVICE_H
#define PTOWSP_XRT_STUB_XRT_DEVICE_H

#include "xrt/experimental/xrt_xclbin.h"
#include "xrt/xrt_uuid.h"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace xrt {
namespace ptowsp_stub {

/// The emulated device: the xclbins registered on it.
struct device_state {
  std::mutex mutex;
  std::vector<xclbin> xclbins;

  static const std::shared_ptr<device_state> &instance() {
    static const std::shared_ptr<device_state> state =
        std::make_shared<device_state>();
    return state;
  }
  void add(const xclbin &binary) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const xclbin &known : xclbins)
      if (known.get_uuid() == binary.get_uuid())
        return;
    xclbins.push_back(binary);
  }
  /// The registered xclbin with that uuid; throws if there is none.
  xclbin find(const uuid &id) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const xclbin &known : xclbins)
      if (known.get_uuid() == id)
        return known;
    throw std::runtime_error("xrt (PTO-WSP stub): no xclbin with uuid " +
                             id.to_string() + " is registered on the device");
  }
};

} // namespace ptowsp_stub

/// The emulated NPU.
class device {
public:
  device() = default;
  /// Opens device `index`; the stub has one device, index 0.
  explicit device(unsigned int index) {
    if (index != 0)
      throw std::runtime_error(
          "xrt::device: no device with index " + std::to_string(index) +
          " (the PTO-WSP XRT stub emulates one NPU, index 0)");
    state_ = ptowsp_stub::device_state::instance();
  }
  explicit device(int index) : device(static_cast<unsigned int>(index)) {}

  /// Makes the xclbin's kernels available to hw_context (no programming:
  /// the emulated device runs the linked-in design).
  uuid register_xclbin(const xclbin &binary) {
    checkOpen("register_xclbin");
    if (!binary)
      throw std::runtime_error("xrt::device::register_xclbin: empty xclbin");
    state_->add(binary);
    return binary.get_uuid();
  }
  uuid load_xclbin(const xclbin &binary) { return register_xclbin(binary); }
  uuid load_xclbin(const std::string &path) {
    return register_xclbin(xclbin(path));
  }

  explicit operator bool() const { return state_ != nullptr; }

  /// @cond stub internals
  const std::shared_ptr<ptowsp_stub::device_state> &
  ptowsp_state(const char *what) const {
    checkOpen(what);
    return state_;
  }
  /// @endcond

private:
  void checkOpen(const char *what) const {
    if (!state_)
      throw std::runtime_error(std::string("xrt: ") + what +
                               " on a default-constructed xrt::device");
  }
  std::shared_ptr<ptowsp_stub::device_state> state_;
};

} // namespace xrt

#endif // PTOWSP_XRT_STUB_XRT_DEVICE_H
