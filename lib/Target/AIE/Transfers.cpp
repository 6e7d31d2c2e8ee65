//===- Transfers.cpp - shim DMA access patterns and affine helpers ----------===//
//
// The runtime sequence's transfers: a FIFO's stream as <= 4-D access
// patterns within the limits of mlir-aie's dma_memcpy_nd, and the affine
// helpers the planners share.
//
//===----------------------------------------------------------------------===//

#include "DesignBuilder.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <functional>
#include <set>

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;
using namespace ptowsp::aie::planner;
using namespace ptowsp::taskgraph;

/// The placement terms of an affine expression (and the rest).
std::pair<Affine, Affine> planner::splitTerms(const Affine &affine,
                                            ArrayRef<LoopInfo *> placement) {
  Affine placed, rest;
  rest.constant = affine.constant;
  for (auto [id, coefficient] : affine.terms) {
    bool isPlacement = llvm::any_of(
        placement, [&, id = id](LoopInfo *loop) { return loop->id == id; });
    (isPlacement ? placed : rest).terms.push_back({id, coefficient});
  }
  return {placed, rest};
}


/// Drops unit dimensions and merges contiguous ones (outermost first).
static SmallVector<std::pair<int64_t, int64_t>>
collapseDims(ArrayRef<std::pair<int64_t, int64_t>> dims) {
  SmallVector<std::pair<int64_t, int64_t>> out;
  for (auto [size, stride] : dims) {
    if (size == 1)
      continue;
    if (!out.empty() && out.back().second == size * stride) {
      out.back() = {out.back().first * size, stride};
      continue;
    }
    out.push_back({size, stride});
  }
  if (out.empty() || out.back().second != 1)
    out.push_back({1, 1});
  return out;
}

/// Splits dims[i] = (n, stride) into (n / b, stride * b), (b, stride) with
/// b the largest divisor of n that is at most `limit`.
static void splitDim(SmallVector<std::pair<int64_t, int64_t>> &dims, size_t i,
                     int64_t limit) {
  auto [n, stride] = dims[i];
  int64_t b = std::min(n, limit);
  while (n % b != 0)
    --b;
  dims[i] = {b, stride};
  dims.insert(dims.begin() + i, {n / b, stride * b});
}

LogicalResult
DesignBuilder::emitTransfers(Fifo &fifo, int64_t offset,
                             SmallVector<std::pair<int64_t, int64_t>> dims,
                             Operation *where) {
  // The shim's buffer descriptors, as mlir-aie's dma_memcpy_nd verifier
  // states them: 4 dimensions, innermost first d0..d3; d0 and d1 wrap at
  // 1023 (d0 in 32-bit words), the outermost d3 repeats at most 64 times
  // and is the only one that may have stride 0; strides below 1M words.
  constexpr int64_t kWrap = 1023, kRepeat = 64, kMaxStride = 1 << 20;
  int64_t elementBytes = getElementBytes(fifo.element);
  dims = collapseDims(dims);
  int64_t innermost = kWrap * 4 / elementBytes;
  if (dims.back().first > innermost)
    splitDim(dims, dims.size() - 1, innermost);
  if (dims.size() >= 2 && dims[dims.size() - 2].second != 0 &&
      dims[dims.size() - 2].first > kWrap)
    splitDim(dims, dims.size() - 2, kWrap);
  // The transfer window: the innermost dims that satisfy the limits; the
  // dims outside it become separate transfers.
  size_t first = dims.size() > 4 ? dims.size() - 4 : 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = first + 1; i < dims.size(); ++i)
      if (dims[i].second == 0) { // a repeat must be the outermost dim
        first = i;
        changed = true;
      }
    if (first + 1 < dims.size() && dims[first].first > kRepeat) {
      splitDim(dims, first, kRepeat);
      ++first;
      changed = true;
    }
  }
  for (auto [size, stride] : dims)
    if (stride > kMaxStride)
      return error(where) << "the stream of FIFO @" << fifo.name
                          << " needs a DMA stride of " << stride
                          << " elements; shim buffer descriptors reach "
                          << kMaxStride;
  int64_t transfers = 1;
  for (size_t i = 0; i < first; ++i)
    transfers *= dims[i].first;
  constexpr int64_t kMaxTransfers = 256;
  if (transfers > kMaxTransfers)
    return error(where) << "the stream of FIFO @" << fifo.name << " needs "
                        << transfers << " DMA transfers (more than "
                        << kMaxTransfers << "): its access pattern has "
                        << dims.size() << " dimensions";
  for (int64_t t = 0; t < transfers; ++t) {
    Transfer transfer;
    transfer.offset = offset;
    int64_t rest = t;
    for (size_t i = first; i-- > 0;) {
      transfer.offset += (rest % dims[i].first) * dims[i].second;
      rest /= dims[i].first;
    }
    // Right-aligned (innermost last); a repeat (stride 0) goes to d3, the
    // only dimension that may have one, with unit dimensions in between.
    size_t used = dims.size() - first;
    for (size_t i = 0; i < used; ++i) {
      size_t slot = 4 - used + i;
      if (i == 0 && dims[first].second == 0)
        slot = 0;
      transfer.sizes[slot] = dims[first + i].first;
      transfer.strides[slot] = dims[first + i].second;
    }
    fifo.transfers.push_back(transfer);
  }
  return success();
}

/// Row-major strides of a static memref, in elements.
SmallVector<int64_t> planner::getStrides(MemRefType type) {
  SmallVector<int64_t> strides(type.getRank(), 1);
  for (int64_t d = type.getRank() - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * type.getDimSize(d + 1);
  return strides;
}

/// Linear element offset of `offsets` (per dim) in a tensor.
Affine planner::linearize(ArrayRef<Affine> offsets, ArrayRef<int64_t> strides) {
  Affine linear;
  for (auto [offset, stride] : llvm::zip(offsets, strides))
    linear.add(offset, stride);
  return linear;
}

/// Applies a core's placement substitution: counter -> shift + scale * j.
Affine planner::substitute(const Affine &affine,
                         const DenseMap<int, std::pair<int64_t, int64_t>> &subst) {
  Affine out;
  out.constant = affine.constant;
  for (auto [id, coefficient] : affine.terms) {
    auto it = subst.find(id);
    if (it == subst.end()) {
      Affine term;
      term.terms.push_back({id, coefficient});
      out.add(term);
      continue;
    }
    auto [shift, scale] = it->second;
    out.constant += coefficient * shift;
    Affine term;
    term.terms.push_back({id, coefficient * scale});
    out.add(term);
  }
  return out;
}

