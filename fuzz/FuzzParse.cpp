//===- FuzzParse.cpp - fuzz the parser and verifiers of the project's IR --===//
//
// Parses arbitrary bytes as MLIR with every dialect pto-wsp-opt knows and runs
// the verifier. Diagnostics are expected and swallowed; crashes, sanitizer
// reports and hangs are bugs.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pto-wsp/InitAllDialects.h"

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
  // A fresh context per input: nothing interned by one input affects the next.
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
  if (module)
    (void)verify(*module);
  return 0;
}
