//===- InitAllDialects.h - register the project's dialects --------*- C++ -*-===//
//
// One place that lists every dialect PTO-WSP defines, and the upstream
// dialects its pipelines produce or consume.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_INITALLDIALECTS_H
#define PTOWSP_INITALLDIALECTS_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace ptowsp {
/// Adds the project's dialects and the upstream ones its tools need.
void registerAllDialects(mlir::DialectRegistry &registry);
} // namespace ptowsp

#endif // PTOWSP_INITALLDIALECTS_H
