//===- InitAllPasses.h - register the project's passes ------------*- C++ -*-===//
//
// Registers every pass and pipeline PTO-WSP defines (once per process).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_INITALLPASSES_H
#define PTOWSP_INITALLPASSES_H

namespace ptowsp {
/// Registers the project's passes, conversions and named pipelines, and the
/// upstream passes those pipelines use.
void registerAllPasses();
} // namespace ptowsp

#endif // PTOWSP_INITALLPASSES_H
