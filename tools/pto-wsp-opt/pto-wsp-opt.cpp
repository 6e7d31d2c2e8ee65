//===- pto-wsp-opt.cpp - run PTO-WSP passes on MLIR files -----------------===//
//
// The project's `mlir-opt`: its dialects, passes and named pipelines plus the
// upstream ones they need.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/InitAllPasses.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  ptowsp::registerAllDialects(registry);
  ptowsp::registerAllPasses();
  ptowsp::registerAllTargets();
  ptowsp::registerTargetPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "PTO-WSP optimizer driver\n", registry));
}
