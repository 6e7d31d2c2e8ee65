// ptowsp_scalar.h - how PTO-WSP's Ascend trees pass scalars in 64-bit
// argument words (pto-runtime's add_scalar and kernel args[]): integers by
// value, floats by their bits (f32 in the low 32 bits).
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace ptowsp {

template <typename T>
inline T from_bits(uint64_t bits) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(bits);
  } else if constexpr (sizeof(T) == sizeof(uint32_t)) {
    uint32_t low = static_cast<uint32_t>(bits);
    T value;
    std::memcpy(&value, &low, sizeof(value));
    return value;
  } else {
    T value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }
}

}  // namespace ptowsp
