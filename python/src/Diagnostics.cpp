//===- Diagnostics.cpp - MLIR diagnostics as Python exceptions ------------===//

#include "Bindings.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/raw_ostream.h"

namespace ptowsp::python {

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

static const char *getSeverityName(mlir::DiagnosticSeverity severity) {
  switch (severity) {
  case mlir::DiagnosticSeverity::Error:
    return "error";
  case mlir::DiagnosticSeverity::Warning:
    return "warning";
  default:
    return "note";
  }
}

DiagnosticCollector::DiagnosticCollector(mlir::MLIRContext &context)
    : handler(&context, [this](mlir::Diagnostic &diagnostic) {
        llvm::raw_string_ostream os(text);
        if (!text.empty())
          os << "\n";
        os << formatLocation(diagnostic.getLocation()) << ": "
           << getSeverityName(diagnostic.getSeverity()) << ": " << diagnostic;
        for (mlir::Diagnostic &note : diagnostic.getNotes())
          os << "\n" << formatLocation(note.getLocation()) << ": note: " << note;
        return mlir::success();
      }) {}

void DiagnosticCollector::raise(const std::string &what) {
  throw CompileFailure(text.empty() ? what : text);
}

} // namespace ptowsp::python
