//===- TaskGraphToAscend.h - what the Ascend lowerings share ------*- C++ -*-===//
//
// The pto-runtime flavours, the attributes the orchestration lowering leaves
// for the kernel lowering and the tree writer, and pto-runtime's names for
// element types.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CONVERSION_TASKGRAPHTOASCEND_TASKGRAPHTOASCEND_H
#define PTOWSP_CONVERSION_TASKGRAPHTOASCEND_TASKGRAPHTOASCEND_H

#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace ptowsp {

enum class AscendRuntime { TensorMapAndRingBuffer, HostBuildGraph };

/// "tensormap_and_ringbuffer" or "host_build_graph".
mlir::FailureOr<AscendRuntime> parseAscendRuntime(llvm::StringRef name);

/// pto-runtime's DataType enumerator (FLOAT32, FLOAT16, ...) for `element`.
mlir::FailureOr<std::string> getAscendDataType(mlir::Type element);

// On tile.kernel (and then on its emitc.file): the func id and core type.
constexpr llvm::StringLiteral kAscendFuncIdAttr = "ascend.func_id";
constexpr llvm::StringLiteral kAscendCoreAttr = "ascend.core";
// On a kernel's emitc.file: its name and the directions of its views.
constexpr llvm::StringLiteral kAscendKernelAttr = "ascend.kernel";
constexpr llvm::StringLiteral kAscendSignatureAttr = "ascend.signature";
// On taskgraph.submit: the row stride (elements) of each region argument.
constexpr llvm::StringLiteral kAscendRowStridesAttr = "ascend.row_strides";
// On taskgraph.region: its tensor is written by some task.
constexpr llvm::StringLiteral kAscendWrittenTensorAttr = "ascend.written_tensor";
// On taskgraph.load_scalar: the orchestration tensor it reads.
constexpr llvm::StringLiteral kAscendTensorIndexAttr = "ascend.tensor_index";
// On the orchestration's emitc.file: what the tree's manifest needs.
constexpr llvm::StringLiteral kAscendGraphAttr = "ascend.graph";
constexpr llvm::StringLiteral kAscendEntryAttr = "ascend.entry";
constexpr llvm::StringLiteral kAscendRuntimeAttr = "ascend.runtime";
constexpr llvm::StringLiteral kAscendTensorsAttr = "ascend.tensors";
constexpr llvm::StringLiteral kAscendScalarsAttr = "ascend.scalars";
constexpr llvm::StringLiteral kAscendSymbolsAttr = "ascend.symbols";
constexpr llvm::StringLiteral kAscendSchedulersAttr = "ascend.schedulers";
constexpr llvm::StringLiteral kAscendWindowAttr = "ascend.window";

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_TASKGRAPHTOASCEND_TASKGRAPHTOASCEND_H
