//===- TileToAIE.h - what the AIE kernel lowering shares ----------*- C++ -*-===//
//
// The attributes -convert-tile-to-aie leaves on each kernel's emitc.file for
// the AIE design and tree writer, and the C spelling of element types in the
// kernels' ABI.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CONVERSION_TILETOAIE_TILETOAIE_H
#define PTOWSP_CONVERSION_TILETOAIE_TILETOAIE_H

#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace ptowsp {

// On a kernel's emitc.file: the kernel (= C function) name, and the bytes of
// its local tiles (stack arrays the core's stack must hold).
constexpr llvm::StringLiteral kAIEKernelAttr = "aie.kernel";
constexpr llvm::StringLiteral kAIEStackBytesAttr = "aie.stack_bytes";

/// The C type of a tile element in an AIE kernel: float, _Float16, __bf16,
/// int32_t, int16_t, int8_t, uint8_t (ui8, and i1 masks stored as bytes).
/// Fails for any other type.
mlir::FailureOr<std::string> getAIEElementTypeName(mlir::Type element);

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_TILETOAIE_TILETOAIE_H
