//===- Design.cpp - the design model's queries ---------------------------===//
//
// The devices the AIE target knows and the model's small queries (memory and
// DMA channels per tile, affine arithmetic).
//
//===----------------------------------------------------------------------===//

#include "Design.h"

#include "pto-wsp/Conversion/TileToAIE/TileToAIE.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;

//===----------------------------------------------------------------------===//
// Model helpers
//===----------------------------------------------------------------------===//

llvm::ArrayRef<DeviceInfo> ptowsp::aie::getDevices() {
  // Ryzen AI NPUs as mlir-aie names them: Phoenix/Hawk Point (npu1, AIE-ML
  // compute tiles with 64 KiB, memtiles with 512 KiB) with 1..4 columns,
  // and Strix (npu2, AIE2P) with 8 columns.
  static const DeviceInfo devices[] = {
      {"npu1_1col", 1, 4}, {"npu1_2col", 2, 4}, {"npu1_3col", 3, 4},
      {"npu1_4col", 4, 4}, {"npu2", 8, 4},
  };
  return devices;
}

const DeviceInfo *ptowsp::aie::lookupDevice(StringRef name) {
  for (const DeviceInfo &device : getDevices())
    if (device.name == name)
      return &device;
  return nullptr;
}

int64_t Affine::getCoefficient(int loop) const {
  for (auto [id, coefficient] : terms)
    if (id == loop)
      return coefficient;
  return 0;
}

void Affine::add(const Affine &other, int64_t scale) {
  constant += other.constant * scale;
  for (auto [id, coefficient] : other.terms) {
    int loop = id;
    auto *it = llvm::find_if(terms, [&](auto &t) { return t.first == loop; });
    if (it != terms.end())
      it->second += coefficient * scale;
    else
      terms.push_back({id, coefficient * scale});
  }
  llvm::erase_if(terms, [](auto &t) { return t.second == 0; });
  llvm::sort(terms);
}

int64_t Fifo::getElementBytes() const {
  int64_t elements = 1;
  for (int64_t dim : shape)
    elements *= dim;
  return elements * aie::getElementBytes(element);
}

std::string Core::getName() const {
  return llvm::formatv("core({0},{1})", column, row).str();
}

int64_t Design::getCoreMemoryBytes(int core) const {
  int64_t bytes = kCoreStackBytes;
  for (const Fifo &fifo : fifos)
    if (fifo.producerCore == core || fifo.consumerCore == core)
      bytes += fifo.depth * fifo.getElementBytes();
  return bytes;
}

int64_t Design::getMemtileMemoryBytes(int column) const {
  int64_t bytes = 0;
  for (const Fifo &fifo : fifos) {
    if (!fifo.isShim())
      continue;
    int core = fifo.kind == Fifo::Kind::FromShim ? fifo.consumerCore
                                                 : fifo.producerCore;
    if (cores[core].column == column)
      bytes += fifo.depth * fifo.getElementBytes();
  }
  return bytes;
}

int Design::getDmaChannels(int core, bool input) const {
  int channels = 0;
  for (const Fifo &fifo : fifos)
    channels += input ? fifo.consumerCore == core : fifo.producerCore == core;
  return channels;
}


std::string ptowsp::aie::getCppTypeName(Type type) {
  if (type.isIndex() || type.isInteger(64))
    return "int64_t";
  if (type.isF64())
    return "double";
  FailureOr<std::string> name = getAIEElementTypeName(type);
  return succeeded(name) ? *name : "void";
}

int64_t ptowsp::aie::getElementBytes(Type type) {
  return std::max<int64_t>(1, type.getIntOrFloatBitWidth() / 8);
}

int64_t HostTensor::getElementBytes() const {
  return aie::getElementBytes(type.getElementType());
}

std::vector<const Fifo *> Design::getSequenceOrder(int phase) const {
  std::vector<const Fifo *> order;
  for (bool toHost : {true, false})
    for (const Fifo &fifo : fifos)
      if (fifo.isShim() && fifo.phase == phase &&
          (fifo.kind == Fifo::Kind::ToShim) == toHost)
        order.push_back(&fifo);
  return order;
}
