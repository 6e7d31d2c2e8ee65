// ptowsp_scalar.h - scalars in PTO-WSP's Ascend trees: how they travel in
// 64-bit argument words (pto-runtime's add_scalar and kernel args[]):
// integers by value, floats by their bits (f32 in the low 32 bits); and how
// the orchestration reads one element of a tensor argument.
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

/// Element `indices...` of a row-major tensor argument (pto-runtime's
/// ContinuousTensor: shapes[], data_as<T>()).
template <typename T, typename TensorT, typename... Index>
inline T element_at(const TensorT &tensor, Index... indices) {
  const uint64_t at[] = {static_cast<uint64_t>(indices)...};
  uint64_t linear = 0;
  for (uint32_t i = 0; i < sizeof...(Index); ++i)
    linear = linear * tensor.shapes[i] + at[i];
  return tensor.template data_as<T>()[linear];
}

}  // namespace ptowsp
