//===- Target.h - the one seam every code-generation target plugs into -*- C++ -*-===//
//
// A target turns the target-independent task graph (what the shared front of
// the pipeline produces from workloads, schedules and kernels) into the
// source files its users build: one C++ translation unit for cpu_sim, a
// pto-runtime tree for Ascend. Tools and Python find targets by name here;
// adding a target means adding a directory under lib/Target and one line in
// lib/Target/Registry/InitAllTargets.cpp, nothing in another target.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TARGET_TARGET_H
#define PTOWSP_TARGET_TARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace ptowsp {

/// What every target is given: the architecture and schedule that the shared
/// front of the pipeline needs, plus options of the target's own by name.
struct TargetOptions {
  /// An architecture name (arch/<name>.json) or an architecture file path.
  std::string arch = "a2a3";
  /// The schedule to apply when a workload has several.
  std::string schedule;
  /// Target-specific options (e.g. Ascend's `runtime`); each target rejects
  /// names it does not declare in getOptions().
  llvm::StringMap<std::string> values;
};

/// A target-specific option: its name, allowed values (empty: any) and the
/// value used when it is not given.
struct TargetOptionInfo {
  llvm::StringRef name;
  llvm::StringRef description;
  std::vector<llvm::StringRef> allowedValues;
  llvm::StringRef defaultValue;
};

/// One line of a target's capability matrix: a workload construct and
/// whether the target lowers it (unsupported ones are compile-time errors).
struct Capability {
  llvm::StringRef construct;
  bool supported;
  llvm::StringRef note;
};

/// One generated file, relative to the artifact root.
struct EmittedFile {
  std::string path;
  std::string contents;
};

class Target {
public:
  virtual ~Target();

  virtual llvm::StringRef getName() const = 0;
  virtual llvm::StringRef getDescription() const = 0;
  /// The target's own options; the default has none.
  virtual llvm::ArrayRef<TargetOptionInfo> getOptions() const { return {}; }
  /// What the target can lower (documentation and `--list-targets`).
  virtual llvm::ArrayRef<Capability> getCapabilities() const = 0;
  /// True when the output is a directory tree; false for one C++ file.
  virtual bool emitsTree() const = 0;

  /// The pass pipeline from workload IR to this target's EmitC.
  virtual void buildPipeline(mlir::OpPassManager &pm,
                             const TargetOptions &options) const = 0;

  /// Lowers `module` in place and returns the files to write. Diagnostics go
  /// to the module's context. Options have been checked against getOptions().
  virtual mlir::FailureOr<std::vector<EmittedFile>>
  emit(mlir::ModuleOp module, const TargetOptions &options) const = 0;

  /// The value of option `name`: the given one or its default.
  std::string getOption(const TargetOptions &options,
                        llvm::StringRef name) const;
};

/// Registers `target` (once per name; a second registration is an error).
void registerTarget(std::unique_ptr<Target> target);
/// Registers every target of this build (lib/Target/Registry).
void registerAllTargets();

/// The target called `name`, or null.
const Target *lookupTarget(llvm::StringRef name);
/// All registered targets, by name.
std::vector<const Target *> getTargets();

/// Checks `options` against `target`'s declared options: an unknown name or
/// a value outside the allowed set is an error naming both.
llvm::Error verifyTargetOptions(const Target &target,
                                const TargetOptions &options);

/// Runs `target`'s pipeline on `module` (in place).
mlir::LogicalResult runTargetPipeline(const Target &target,
                                      mlir::ModuleOp module,
                                      const TargetOptions &options);

/// Translates lowered EmitC IR: every `emitc.file` becomes one file named by
/// its id; a module without files becomes one file at `defaultPath`.
mlir::FailureOr<std::vector<EmittedFile>>
translateFiles(mlir::ModuleOp module, llvm::StringRef defaultPath);

/// runTargetPipeline, then translateFiles: all a target whose output is its
/// C++ needs for emit().
mlir::FailureOr<std::vector<EmittedFile>>
lowerAndTranslate(const Target &target, mlir::ModuleOp module,
                  const TargetOptions &options, llvm::StringRef defaultPath);

/// Options written `arch=a2a3 schedule=s runtime=r` (spaces or commas between
/// them): arch and schedule fill their fields, the rest the target's own
/// options, checked with verifyTargetOptions.
llvm::Expected<TargetOptions> parseTargetOptions(const Target &target,
                                                 llvm::StringRef text);

/// Registers each target's pipeline with the pass registry as
/// `pto-wsp-<name>` ('_' as '-', e.g. `--pto-wsp-cpu-sim`), taking the
/// options of parseTargetOptions (pto-wsp-opt, Python's run_pass_pipeline).
void registerTargetPipelines();

/// NumPy's name of a tensor element type ("float32", "float16", "bfloat16",
/// "int<N>"), as trees' manifests spell it; "unsupported" for others.
std::string getNumPyDtypeName(mlir::Type element);

/// Writes `files` under `directory` (created with its subdirectories).
llvm::Error writeFiles(llvm::StringRef directory,
                       llvm::ArrayRef<EmittedFile> files);

} // namespace ptowsp

#endif // PTOWSP_TARGET_TARGET_H
