//===- Module.cpp - the _pto_wsp Python extension -------------------------===//
//
// The project's own pybind11 bindings (Debian ships no MLIR Python package).
// This first layer exposes the C++ pipeline and translation the tools use,
// with MLIR diagnostics raised as Python exceptions carrying the message and
// the source location. The IR builder API for the DSL comes next.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace {

/// Raised for every diagnostic-reported failure of parsing, verification,
/// the pipeline or the translation. The Python package re-exports it as
/// pto_wsp.CompileError (a PtoError).
struct CompileFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// "file:line:col" of a location (the first file location inside it), or
/// MLIR's own spelling when it has none.
std::string formatLocation(mlir::Location location) {
  if (auto file = location->findInstanceOf<mlir::FileLineColLoc>())
    return (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
            ":" + llvm::Twine(file.getColumn()))
        .str();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << location;
  return text;
}

/// Collects the diagnostics of one call as "file:line:col: severity: msg".
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context)
      : handler(&context, [this](mlir::Diagnostic &diagnostic) {
          llvm::raw_string_ostream os(text);
          if (!text.empty())
            os << "\n";
          os << formatLocation(diagnostic.getLocation()) << ": ";
          switch (diagnostic.getSeverity()) {
          case mlir::DiagnosticSeverity::Error:
            os << "error: ";
            break;
          case mlir::DiagnosticSeverity::Warning:
            os << "warning: ";
            break;
          default:
            os << "note: ";
            break;
          }
          os << diagnostic;
          for (mlir::Diagnostic &note : diagnostic.getNotes())
            os << "\n" << formatLocation(note.getLocation()) << ": note: " << note;
          return mlir::success();
        }) {}

  [[noreturn]] void raise(const std::string &what) {
    throw CompileFailure(text.empty() ? what : text);
  }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

/// Lowers MLIR text (tile kernels, workloads, schedules) for cpu_sim and
/// returns the C++ translation unit.
std::string translateCpuSim(const std::string &source,
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

PYBIND11_MODULE(_pto_wsp, m) {
  m.doc() = "PTO-WSP compiler bindings (cpu_sim pipeline and translation)";
  static py::exception<CompileFailure> compileFailure(m, "CompileFailure");
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer)
        std::rethrow_exception(pointer);
    } catch (const CompileFailure &failure) {
      compileFailure(failure.what());
    }
  });
  m.def("translate_cpu_sim", &translateCpuSim, py::arg("source"),
        py::arg("filename") = "<string>", py::arg("arch") = "a2a3",
        py::arg("schedule") = "",
        "Lower MLIR text (kernels, workloads, schedules) with the cpu_sim "
        "pipeline and return the C++ translation unit; diagnostics raise "
        "CompileFailure with their locations.");
}
