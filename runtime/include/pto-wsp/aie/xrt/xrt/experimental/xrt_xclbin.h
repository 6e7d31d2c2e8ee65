//===- xrt/experimental/xrt_xclbin.h - PTO-WSP XRT stub: xclbin -*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h). The stub does
// not interpret xclbins: the emulated device runs the design linked into the
// host program (emu/design_emu.cpp). An xclbin is any existing file; opening
// a missing one throws, as real XRT does. It offers one kernel, "MLIR_AIE",
// the name mlir-aie gives its NPU kernels.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_XRT_XCLBIN_H
#define PTOWSP_XRT_STUB_XRT_XCLBIN_H

#include "xrt/xrt_uuid.h"

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace xrt {

/// An xclbin file, by path.
class xclbin {
public:
  /// A kernel the xclbin provides.
  class kernel {
  public:
    kernel() = default;
    explicit kernel(std::string name) : name_(std::move(name)) {}
    std::string get_name() const { return name_; }

  private:
    std::string name_;
  };

  xclbin() = default;
  /// Reads the file at `path`; throws std::runtime_error if it cannot.
  explicit xclbin(const std::string &path) : path_(path) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
      throw std::runtime_error("xrt::xclbin: failed to open file '" + path +
                               "' for reading");
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
    // Two FNV-1a passes with different seeds fill the 16 bytes.
    std::array<unsigned char, 16> id{};
    for (int half = 0; half < 2; ++half) {
      uint64_t hash = half ? 0x84222325cbf29ce4ull : 0xcbf29ce484222325ull;
      for (char c : bytes)
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
      for (int i = 0; i < 8; ++i)
        id[half * 8 + i] = static_cast<unsigned char>(hash >> (8 * i));
    }
    uuid_ = uuid(id);
    kernels_.emplace_back("MLIR_AIE");
  }
  uuid get_uuid() const { return uuid_; }
  std::vector<kernel> get_kernels() const { return kernels_; }
  /// The path it was read from (stub extension).
  const std::string &get_path() const { return path_; }
  explicit operator bool() const { return bool(uuid_); }

private:
  std::string path_;
  uuid uuid_;
  std::vector<kernel> kernels_;
};

} // namespace xrt

#endif // PTOWSP_XRT_STUB_XRT_XCLBIN_H
