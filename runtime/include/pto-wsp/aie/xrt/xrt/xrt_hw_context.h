//===- xrt/xrt_hw_context.h - PTO-WSP XRT stub: hw_context ------*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h): a hardware
// context on the emulated device for an xclbin registered on it.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_XRT_HW_CONTEXT_H
#define PTOWSP_XRT_STUB_XRT_HW_CONTEXT_H

#include "xrt/xrt_device.h"
#include "xrt/xrt_uuid.h"

namespace xrt {

/// A context for the kernels of one registered xclbin.
class hw_context {
public:
  hw_context() = default;
  /// Throws unless `id` names an xclbin registered on `dev`.
  hw_context(const device &dev, const uuid &id)
      : device_(dev), xclbin_(dev.ptowsp_state("hw_context")->find(id)) {}

  device get_device() const { return device_; }
  uuid get_xclbin_uuid() const { return xclbin_.get_uuid(); }
  xclbin get_xclbin() const { return xclbin_; }
  explicit operator bool() const { return bool(xclbin_); }

private:
  device device_;
  xclbin xclbin_;
};

} // namespace xrt

#endif // PTOWSP_XRT_STUB_XRT_HW_CONTEXT_H
