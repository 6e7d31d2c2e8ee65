//===- CpuSimTarget.cpp - the cpu_sim C++ translation ---------------------===//
//
// tile (and later workload) IR -> the cpu_sim pipeline -> EmitC -> C++.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"

#include "pto-wsp/InitAllDialects.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;

LogicalResult
ptowsp::translateToCpuSim(ModuleOp module, llvm::raw_ostream &output,
                          const CpuSimPipelineOptions &options) {
  PassManager pm(module.getContext());
  buildCpuSimPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  return emitc::translateToCpp(module, output);
}

void ptowsp::registerCpuSimTranslation() {
  static llvm::cl::opt<std::string> arch(
      "arch", llvm::cl::desc("architecture for --cpu-sim: a name in arch/ "
                             "or an architecture file path"),
      llvm::cl::init("a2a3"));
  static llvm::cl::opt<std::string> schedule(
      "schedule", llvm::cl::desc("for --cpu-sim: the schedule to apply when a "
                                 "workload has several"),
      llvm::cl::init(""));
  TranslateFromMLIRRegistration registration(
      "cpu-sim", "translate tile kernels to the cpu_sim C++ translation unit",
      [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("--cpu-sim expects a builtin.module");
        CpuSimPipelineOptions options;
        options.arch = arch;
        options.schedule = schedule;
        return translateToCpuSim(module, output, options);
      },
      [](DialectRegistry &registry) { registerAllDialects(registry); });
}
