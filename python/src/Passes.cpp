//===- Passes.cpp - pipelines and translations for Python -----------------===//
//
// The same entry points the tools use: buildCpuSimPipeline (through
// translateToCpuSim) on MLIR text or on a module built in Python.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace py = pybind11;

namespace ptowsp::python {
namespace {

/// Lowers MLIR text (tile kernels, workloads, schedules) for cpu_sim and
/// returns the C++ translation unit.
std::string translateCpuSimText(const std::string &source,
                                const std::string &filename,
                                const std::string &arch,
                                const std::string &schedule) {
  mlir::DialectRegistry registry;
  ptowsp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  DiagnosticCollector diagnostics(context);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, filename), llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    diagnostics.raise("cannot parse " + filename);

  ptowsp::CpuSimPipelineOptions options;
  options.arch = arch;
  options.schedule = schedule;
  std::string cpp;
  llvm::raw_string_ostream output(cpp);
  if (mlir::failed(ptowsp::translateToCpuSim(*module, output, options)))
    diagnostics.raise("the cpu_sim pipeline failed on " + filename);
  return cpp;
}

} // namespace

void populatePasses(py::module_ &m) {
  m.def("translate_cpu_sim_text", &translateCpuSimText, py::arg("source"),
        py::arg("filename") = "<string>", py::arg("arch") = "a2a3",
        py::arg("schedule") = "",
        "Lower MLIR text (kernels, workloads, schedules) with the cpu_sim "
        "pipeline and return the C++ translation unit; diagnostics raise "
        "CompileFailure with their locations.");
}

} // namespace ptowsp::python
