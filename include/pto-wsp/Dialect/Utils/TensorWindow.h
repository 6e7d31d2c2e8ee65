//===- TensorWindow.h - verification of 2-D windows of tensors --*- C++ -*-===//
//
// `workload.view` and `taskgraph.region` both describe a two-dimensional window
// of a global tensor (a memref) at index offsets. They share these checks so
// the two dialects accept exactly the same windows. Header-only on purpose: it
// keeps the two IR libraries independent of each other.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_UTILS_TENSORWINDOW_H
#define PTOWSP_DIALECT_UTILS_TENSORWINDOW_H

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace ptowsp {

/// The 2-D shape of a window with per-dimension `sizes` of a rank-N tensor: the
/// last two sizes, or `1 x size` for a rank-1 tensor.
inline llvm::SmallVector<int64_t, 2>
getWindowShape(llvm::ArrayRef<int64_t> sizes) {
  if (sizes.size() == 1)
    return {1, sizes[0]};
  return {sizes[sizes.size() - 2], sizes.back()};
}

/// Verifies that `offsets` (one index per tensor dimension) and static `sizes`
/// select a window of `tensor` whose 2-D shape and element type are
/// `windowShape` and `windowElementType`. Only the innermost two dimensions
/// may be wider than 1, so the window is a 2-D row-major block a tile can load.
/// Windows that are out of bounds are rejected where that is known statically
/// (static dimension and constant offset); the rest is checked at run time.
inline mlir::LogicalResult
verifyTensorWindow(mlir::Operation *op, mlir::MemRefType tensor,
                   mlir::ValueRange offsets, llvm::ArrayRef<int64_t> sizes,
                   llvm::ArrayRef<int64_t> windowShape,
                   mlir::Type windowElementType) {
  int64_t rank = tensor.getRank();
  if (rank == 0)
    return op->emitOpError("tensor must have at least one dimension");
  // Dependency inference and code generation compute addresses from the
  // shape alone, which is only right for row-major contiguous tensors.
  if (!tensor.getLayout().isIdentity())
    return op->emitOpError("tensor must have the identity (row-major) layout, "
                           "got ")
           << tensor;
  if (static_cast<int64_t>(offsets.size()) != rank)
    return op->emitOpError("expected ")
           << rank << " offsets (one per tensor dimension), got "
           << offsets.size();
  if (static_cast<int64_t>(sizes.size()) != rank)
    return op->emitOpError("expected ")
           << rank << " sizes (one per tensor dimension), got " << sizes.size();
  for (int64_t size : sizes)
    if (size <= 0)
      return op->emitOpError("window sizes must be positive");
  for (int64_t dim = 0; dim + 2 < rank; ++dim)
    if (sizes[dim] != 1)
      return op->emitOpError("window size along dimension ")
             << dim << " must be 1 (only the last two dimensions form the "
             << "2-D window), got " << sizes[dim];
  llvm::SmallVector<int64_t, 2> shape = getWindowShape(sizes);
  if (llvm::ArrayRef<int64_t>(shape) != windowShape)
    return op->emitOpError("result shape ")
           << windowShape[0] << "x" << windowShape[1]
           << " does not match the window's trailing sizes " << shape[0] << "x"
           << shape[1];
  if (tensor.getElementType() != windowElementType)
    return op->emitOpError("result element type ")
           << windowElementType << " does not match the tensor's "
           << tensor.getElementType();
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (tensor.isDynamicDim(dim))
      continue;
    int64_t extent = tensor.getDimSize(dim);
    if (sizes[dim] > extent)
      return op->emitOpError("window size ")
             << sizes[dim] << " along dimension " << dim
             << " exceeds the tensor's size " << extent;
    std::optional<int64_t> offset = mlir::getConstantIntValue(offsets[dim]);
    if (offset && (*offset < 0 || *offset + sizes[dim] > extent))
      return op->emitOpError("window [")
             << *offset << ", " << *offset + sizes[dim] << ") along dimension "
             << dim << " is out of bounds of the tensor's size " << extent;
  }
  return mlir::success();
}

/// Verifies that `indices` (one per dimension) address one element of
/// `tensor`, rejecting constant indices that are statically out of bounds.
inline mlir::LogicalResult verifyTensorElement(mlir::Operation *op,
                                               mlir::MemRefType tensor,
                                               mlir::ValueRange indices) {
  int64_t rank = tensor.getRank();
  if (static_cast<int64_t>(indices.size()) != rank)
    return op->emitOpError("expected ")
           << rank << " indices (one per tensor dimension), got "
           << indices.size();
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (tensor.isDynamicDim(dim))
      continue;
    std::optional<int64_t> index = mlir::getConstantIntValue(indices[dim]);
    if (index && (*index < 0 || *index >= tensor.getDimSize(dim)))
      return op->emitOpError("index ")
             << *index << " along dimension " << dim
             << " is out of bounds of the tensor's size "
             << tensor.getDimSize(dim);
  }
  return mlir::success();
}

} // namespace ptowsp

#endif // PTOWSP_DIALECT_UTILS_TENSORWINDOW_H
