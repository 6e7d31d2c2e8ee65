//===- CpuSimTarget.cpp - the cpu_sim C++ translation ---------------------===//
//
// Workload IR -> the cpu_sim pipeline -> EmitC -> one C++ translation unit
// (kernels, their entry points and the orchestration) for the runner.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"

#include "pto-wsp/Pipelines/Pipelines.h"

using namespace mlir;
using namespace ptowsp;

namespace {

class CpuSimTarget final : public Target {
public:
  llvm::StringRef getName() const override { return "cpu_sim"; }
  llvm::StringRef getDescription() const override {
    return "one C++ translation unit run on the project's parallel, "
           "cycle-simulating task runtime";
  }
  bool emitsTree() const override { return false; }

  llvm::ArrayRef<Capability> getCapabilities() const override {
    static const Capability capabilities[] = {
        {"parallel_for / for_each over dense static axes", true, ""},
        {"dense dynamic axes, symbols", true, "bound at run time"},
        {"ragged and sparse axes, select", true, ""},
        {"if on run-time scalars, slot loads", true,
         "slot loads read integer tensors"},
        {"CSP pipelines", true, ""},
        {"every schedule knob", true,
         "but task_window mode(benchmark) and timing batched(n)"},
    };
    return capabilities;
  }

  void buildPipeline(OpPassManager &pm,
                     const TargetOptions &options) const override {
    CpuSimPipelineOptions pipeline;
    pipeline.arch = options.arch;
    pipeline.schedule = options.schedule;
    buildCpuSimPipeline(pm, pipeline);
  }

  FailureOr<std::vector<EmittedFile>>
  emit(ModuleOp module, const TargetOptions &options) const override {
    return lowerAndTranslate(*this, module, options, "program.cpp");
  }
};

} // namespace

void ptowsp::registerCpuSimTarget() {
  registerTarget(std::make_unique<CpuSimTarget>());
}

LogicalResult ptowsp::translateToCpuSim(ModuleOp module,
                                        llvm::raw_ostream &output,
                                        const TargetOptions &options) {
  const Target *target = lookupTarget("cpu_sim");
  if (!target)
    return module.emitError("target cpu_sim is not registered");
  FailureOr<std::vector<EmittedFile>> files = target->emit(module, options);
  if (failed(files))
    return failure();
  for (const EmittedFile &file : *files)
    output << file.contents;
  return success();
}
