//===- xrt/xrt_bo.h - PTO-WSP XRT stub: buffer objects ----------*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h). A buffer
// object has two copies, as a BO on a real device has a host view and a
// device view that are only coherent after sync(): map(), write() and read()
// use the host copy, a kernel run sees the device copy, and sync() copies
// between them. A host program that forgets a sync therefore sees stale
// data here too. Copies of an xrt::bo share the same buffer, like handles.
// Both copies start zeroed. Flags and memory groups are accepted and ignored.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_XRT_BO_H
#define PTOWSP_XRT_STUB_XRT_BO_H

#include "xrt/detail/xrt_mem.h"
#include "xrt/xrt_device.h"
#include "xrt/xrt_hw_context.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

/// Direction of xrt::bo::sync, as in real XRT.
enum xclBOSyncDirection {
  XCL_BO_SYNC_BO_TO_DEVICE = 0,
  XCL_BO_SYNC_BO_FROM_DEVICE,
  XCL_BO_SYNC_BO_GMIO_TO_AIE,
  XCL_BO_SYNC_BO_AIE_TO_GMIO,
};

typedef uint64_t xrtBufferFlags;
typedef uint32_t xrtMemoryGroup;

namespace xrt {

/// A buffer object on the emulated device.
class bo {
public:
  /// The typed spelling of the buffer flags.
  enum class flags : uint32_t {
    normal = 0,
    cacheable = XCL_BO_FLAGS_CACHEABLE,
    device_only = XCL_BO_FLAGS_DEV_ONLY,
    host_only = XCL_BO_FLAGS_HOST_ONLY,
    p2p = XCL_BO_FLAGS_P2P,
    svm = XCL_BO_FLAGS_SVM,
  };

  bo() = default;
  /// A `bytes`-byte buffer; `memoryGroup` is usually kernel.group_id(n).
  bo(const device &dev, size_t bytes, xrtBufferFlags /*flags*/,
     xrtMemoryGroup /*memoryGroup*/)
      : buffer_(std::make_shared<storage>()) {
    dev.ptowsp_state("xrt::bo");
    buffer_->host.assign(bytes, 0);
    buffer_->device.assign(bytes, 0);
  }
  bo(const device &dev, size_t bytes, flags f, xrtMemoryGroup memoryGroup)
      : bo(dev, bytes, static_cast<xrtBufferFlags>(f), memoryGroup) {}
  bo(const hw_context &context, size_t bytes, xrtBufferFlags f,
     xrtMemoryGroup memoryGroup)
      : bo(context.get_device(), bytes, f, memoryGroup) {}

  size_t size() const { return checked("size").host.size(); }

  /// The host copy.
  void *map() { return checked("map").host.data(); }
  template <typename MapType> MapType map() {
    return reinterpret_cast<MapType>(map());
  }

  /// Copies [offset, offset+bytes) between the host and the device copy.
  void sync(xclBOSyncDirection direction, size_t bytes, size_t offset) {
    storage &s = checked("sync");
    range("sync", bytes, offset);
    if (direction == XCL_BO_SYNC_BO_TO_DEVICE)
      copy(s.device.data() + offset, s.host.data() + offset, bytes);
    else if (direction == XCL_BO_SYNC_BO_FROM_DEVICE)
      copy(s.host.data() + offset, s.device.data() + offset, bytes);
    else
      throw std::runtime_error("xrt::bo::sync: GMIO directions are not "
                               "supported by the PTO-WSP XRT stub");
  }
  void sync(xclBOSyncDirection direction) { sync(direction, size(), 0); }

  /// Writes into the host copy at byte `seek`.
  void write(const void *source, size_t bytes, size_t seek) {
    range("write", bytes, seek);
    copy(checked("write").host.data() + seek, source, bytes);
  }
  void write(const void *source) { write(source, size(), 0); }
  /// Reads from the host copy at byte `skip`.
  void read(void *destination, size_t bytes, size_t skip) {
    range("read", bytes, skip);
    copy(destination, checked("read").host.data() + skip, bytes);
  }
  void read(void *destination) { read(destination, size(), 0); }

  /// A fake device address (the device copy's host address).
  uint64_t address() const {
    return reinterpret_cast<uintptr_t>(checked("address").device.data());
  }
  explicit operator bool() const { return buffer_ != nullptr; }

  /// @cond stub internals: the device copy a kernel run works on.
  void *ptowsp_device_data() { return checked("kernel run").device.data(); }
  /// @endcond

private:
  struct storage {
    std::vector<unsigned char> host, device;
  };
  storage &checked(const char *what) const {
    if (!buffer_)
      throw std::runtime_error(std::string("xrt::bo::") + what +
                               " on an empty buffer object");
    return *buffer_;
  }
  /// memcpy that accepts an empty copy of an empty buffer (whose data()
  /// may be null, which memcpy does not allow).
  static void copy(void *destination, const void *source, size_t bytes) {
    if (bytes != 0)
      std::memcpy(destination, source, bytes);
  }
  void range(const char *what, size_t bytes, size_t offset) const {
    size_t total = checked(what).host.size();
    if (offset > total || bytes > total - offset)
      throw std::out_of_range(
          std::string("xrt::bo::") + what + ": bytes [" +
          std::to_string(offset) + ", " + std::to_string(offset + bytes) +
          ") outside the " + std::to_string(total) + "-byte buffer");
  }
  std::shared_ptr<storage> buffer_;
};

} // namespace xrt

#endif // PTOWSP_XRT_STUB_XRT_BO_H
