//===- xrt/xrt_uuid.h - PTO-WSP XRT stub: xrt::uuid -------------*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h). The stub
// derives an xclbin's uuid from a hash of the file's bytes.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_XRT_UUID_H
#define PTOWSP_XRT_STUB_XRT_UUID_H

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

namespace xrt {

/// A 16-byte identifier of an xclbin.
class uuid {
public:
  uuid() = default;
  explicit uuid(const std::array<unsigned char, 16> &bytes) : bytes_(bytes) {}
  /// The canonical 8-4-4-4-12 hex spelling.
  std::string to_string() const {
    std::string text;
    char digits[3];
    for (size_t i = 0; i < bytes_.size(); ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        text += '-';
      std::snprintf(digits, sizeof digits, "%02x", bytes_[i]);
      text += digits;
    }
    return text;
  }
  const unsigned char *get() const { return bytes_.data(); }
  explicit operator bool() const {
    for (unsigned char b : bytes_)
      if (b)
        return true;
    return false;
  }
  friend bool operator==(const uuid &a, const uuid &b) {
    return a.bytes_ == b.bytes_;
  }
  friend bool operator!=(const uuid &a, const uuid &b) { return !(a == b); }

private:
  std::array<unsigned char, 16> bytes_{};
};

} // namespace xrt

#endif // PTOWSP_XRT_STUB_XRT_UUID_H
