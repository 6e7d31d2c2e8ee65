//===- FuzzCpuSim.cpp - fuzz the whole cpu_sim compilation ----------------===//
//
// Parses and verifies arbitrary bytes as MLIR, then runs the cpu_sim target
// (its whole pipeline and the C++ translation, into strings; nothing is
// compiled). Diagnostics are expected and swallowed; crashes, sanitizer
// reports and hangs are bugs.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const DialectRegistry *registry = [] {
    auto *result = new DialectRegistry();
    ptowsp::registerAllDialects(*result);
    return result;
  }();
  // Only cpu_sim: this executable does not link the other targets.
  static const ptowsp::Target *target = [] {
    ptowsp::registerCpuSimTarget();
    return ptowsp::lookupTarget("cpu_sim");
  }();

  MLIRContext context(*registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  ScopedDiagnosticHandler swallow(&context,
                                  [](Diagnostic &) { return success(); });

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz-input"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module || failed(verify(*module)))
    return 0;
  ptowsp::TargetOptions options; // arch a2a3 from the source tree's arch/
  (void)target->emit(*module, options);
  return 0;
}
