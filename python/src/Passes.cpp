//===- Passes.cpp - pipelines and translations for Python -----------------===//
//
// The same entry points the tools use: any target of the seam (Target.h) on
// MLIR text or on a module built in Python, and any registered pass
// pipeline.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/InitAllPasses.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/stl.h>

#include <map>
#include <mutex>

namespace py = pybind11;

namespace ptowsp::python {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

/// Runs target `targetName` on `module` (in place) and returns its files as
/// (path, contents); unknown targets and options raise ValueError,
/// diagnostics CompileFailure (`what` when there are none).
Files lowerForTarget(mlir::ModuleOp module, const std::string &targetName,
                     const std::string &arch, const std::string &schedule,
                     const std::map<std::string, std::string> &values,
                     DiagnosticCollector &diagnostics, const std::string &what) {
  ptowsp::registerAllTargets();
  const ptowsp::Target *target = ptowsp::lookupTarget(targetName);
  if (!target) {
    std::string known;
    for (const ptowsp::Target *candidate : ptowsp::getTargets())
      known += (known.empty() ? "" : ", ") + candidate->getName().str();
    throw ValueFailure("unknown target '" + targetName +
                          "'; the targets are " + known);
  }
  ptowsp::TargetOptions options;
  options.arch = arch;
  options.schedule = schedule;
  for (const auto &[key, value] : values)
    options.values[key] = value;
  if (llvm::Error error = ptowsp::verifyTargetOptions(*target, options))
    throw ValueFailure(llvm::toString(std::move(error)));
  mlir::FailureOr<std::vector<ptowsp::EmittedFile>> files =
      target->emit(module, options);
  if (mlir::failed(files))
    diagnostics.raise(what);
  Files result;
  for (ptowsp::EmittedFile &file : *files)
    result.emplace_back(std::move(file.path), std::move(file.contents));
  return result;
}

/// The one C++ translation unit of target cpu_sim.
std::string lowerToCpp(mlir::ModuleOp module, const std::string &arch,
                       const std::string &schedule,
                       DiagnosticCollector &diagnostics, const std::string &what) {
  Files files = lowerForTarget(module, "cpu_sim", arch, schedule, {},
                               diagnostics, what);
  return files.front().second;
}

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
  context.printOpOnDiagnostic(false);
  DiagnosticCollector diagnostics(context);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, filename), llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    diagnostics.raise("cannot parse " + filename);

  return lowerToCpp(*module, arch, schedule, diagnostics,
                    "the cpu_sim pipeline failed on " + filename);
}

/// Lowers a module built in Python (a clone of it: the module itself is left
/// as it is) and returns the C++ translation unit.
std::string translateCpuSim(PyModule &module, const std::string &arch,
                            const std::string &schedule) {
  DiagnosticCollector diagnostics(module.context->get());
  mlir::OwningOpRef<mlir::ModuleOp> clone = module.module->clone();
  // The pipeline expects verified input, as the parser would give it.
  if (mlir::failed(mlir::verify(*clone)))
    diagnostics.raise("the module does not verify");
  return lowerToCpp(*clone, arch, schedule, diagnostics,
                    "the cpu_sim pipeline failed");
}

/// Lowers (a clone of) a module built in Python for any target.
Files translate(PyModule &module, const std::string &target,
                const std::string &arch, const std::string &schedule,
                const std::map<std::string, std::string> &options) {
  DiagnosticCollector diagnostics(module.context->get());
  mlir::OwningOpRef<mlir::ModuleOp> clone = module.module->clone();
  if (mlir::failed(mlir::verify(*clone)))
    diagnostics.raise("the module does not verify");
  return lowerForTarget(*clone, target, arch, schedule, options, diagnostics,
                        "the " + target + " pipeline failed");
}

/// The registered targets' names.
std::vector<std::string> targetNames() {
  ptowsp::registerAllTargets();
  std::vector<std::string> names;
  for (const ptowsp::Target *target : ptowsp::getTargets())
    names.push_back(target->getName().str());
  return names;
}

/// Runs a textual pass pipeline on the module, in place. The pipeline may be
/// given with or without its `builtin.module(...)` anchor.
void runPassPipeline(PyModule &module, const std::string &pipeline) {
  static std::once_flag registered;
  std::call_once(registered, [] {
    ptowsp::registerAllPasses();
    ptowsp::registerAllTargets();
    ptowsp::registerTargetPipelines();
  });

  llvm::StringRef text = llvm::StringRef(pipeline).trim();
  if (text.consume_front("builtin.module(")) {
    if (!text.consume_back(")"))
      throw ValueFailure("unbalanced parentheses in '" + pipeline + "'");
  }
  mlir::MLIRContext &context = module.context->get();
  mlir::PassManager pm(&context);
  std::string parseErrors;
  llvm::raw_string_ostream errorStream(parseErrors);
  if (mlir::failed(mlir::parsePassPipeline(text, pm, errorStream)))
    throw ValueFailure("invalid pass pipeline '" + pipeline +
                          "': " + parseErrors);

  DiagnosticCollector diagnostics(context);
  if (mlir::failed(mlir::verify(*module.module)))
    diagnostics.raise("the module does not verify");
  if (mlir::failed(pm.run(*module.module)))
    diagnostics.raise("the pass pipeline '" + pipeline + "' failed");
}

} // namespace

void populatePasses(py::module_ &m) {
  m.def("translate_cpu_sim_text", &translateCpuSimText, py::arg("source"),
        py::arg("filename") = "<string>", py::arg("arch") = "a2a3",
        py::arg("schedule") = "",
        "Lower MLIR text (kernels, workloads, schedules) with the cpu_sim "
        "pipeline and return the C++ translation unit; diagnostics raise "
        "CompileFailure with their locations.");
  m.def("translate_cpu_sim", &translateCpuSim, py::arg("module"),
        py::arg("arch") = "a2a3", py::arg("schedule") = "",
        "Lower (a clone of) a Module with the cpu_sim pipeline and return the "
        "C++ translation unit; diagnostics raise CompileFailure.");
  m.def("translate", &translate, py::arg("module"), py::arg("target"),
        py::arg("arch") = "a2a3", py::arg("schedule") = "",
        py::arg("options") = std::map<std::string, std::string>(),
        "Lower (a clone of) a Module for `target` and return its files as "
        "(path, contents) pairs; unknown targets or options raise "
        "ValueError, diagnostics CompileFailure.");
  m.def("targets", &targetNames, "The names of the registered targets.");
  m.def("run_pass_pipeline", &runPassPipeline, py::arg("module"),
        py::arg("pipeline"),
        "Run a textual pass pipeline on the Module in place; diagnostics "
        "raise CompileFailure, a malformed pipeline ValueError.");
}

} // namespace ptowsp::python
