//===- FuzzArch.cpp - fuzz the architecture-file loader -------------------===//
//
// Parses arbitrary bytes as an architecture file (ArchModel::parse, what
// loadFile runs on a file's contents) and, when that succeeds, evaluates every
// cost formula on a few shapes, as the passes do. Errors are expected;
// crashes, sanitizer reports (signed overflow, division by zero) and hangs are
// bugs.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"

#include <cstddef>
#include <cstdint>

using namespace ptowsp::arch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<ArchModel> model = ArchModel::parse(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      "fuzz-input");
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }
  for (int64_t bytes : {int64_t(0), int64_t(1), int64_t(4096)}) {
    (void)model->vectorCycles("TADD", bytes);
    (void)model->vectorCycles("TNOTLISTED", bytes);
    for (int path = 0; path < kNumPaths; ++path)
      (void)model->transferCycles(static_cast<Path>(path), bytes);
  }
  for (CubePrecision precision :
       {CubePrecision::F16, CubePrecision::BF16, CubePrecision::F32})
    (void)model->matmulCycles(128, 64, 32, precision);
  return 0;
}
