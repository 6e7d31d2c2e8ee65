//===- pto-wsp-translate.cpp - PTO-WSP IR to target sources ---------------===//
//
// `--cpu-sim` runs the cpu_sim pipeline and prints C++; `--mlir-to-cpp`
// prints already-lowered EmitC IR.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"

#include "mlir/Target/Cpp/CppEmitter.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

namespace mlir {
void registerToCppTranslation();
} // namespace mlir

int main(int argc, char **argv) {
  mlir::registerToCppTranslation();
  ptowsp::registerCpuSimTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "PTO-WSP translation driver"));
}
