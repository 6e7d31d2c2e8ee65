//===- Target.cpp - the target registry and the shared emission steps -----===//
//
// Name -> target lookup for the tools and Python, option checking, and the
// steps every target's emit() shares: run the target's pipeline, translate
// each emitc.file to C++, write the files.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/Target.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <mutex>

using namespace mlir;
using namespace ptowsp;

Target::~Target() = default;

std::string Target::getOption(const TargetOptions &options,
                              llvm::StringRef name) const {
  auto found = options.values.find(name);
  if (found != options.values.end())
    return found->second;
  for (const TargetOptionInfo &info : getOptions())
    if (info.name == name)
      return info.defaultValue.str();
  return "";
}

//===----------------------------------------------------------------------===//
// Registry
//===----------------------------------------------------------------------===//

namespace {
struct Registry {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<Target>, std::less<>> targets;
};
Registry &getRegistry() {
  static Registry registry;
  return registry;
}
} // namespace

void ptowsp::registerTarget(std::unique_ptr<Target> target) {
  Registry &registry = getRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  std::string name = target->getName().str();
  if (registry.targets.count(name))
    llvm::report_fatal_error("target '" + llvm::Twine(name) +
                             "' registered twice");
  registry.targets.emplace(std::move(name), std::move(target));
}

const Target *ptowsp::lookupTarget(llvm::StringRef name) {
  Registry &registry = getRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  auto found = registry.targets.find(name);
  return found == registry.targets.end() ? nullptr : found->second.get();
}

std::vector<const Target *> ptowsp::getTargets() {
  Registry &registry = getRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  std::vector<const Target *> targets;
  for (auto &entry : registry.targets)
    targets.push_back(entry.second.get());
  return targets;
}

llvm::Error ptowsp::verifyTargetOptions(const Target &target,
                                        const TargetOptions &options) {
  for (const auto &entry : options.values) {
    const TargetOptionInfo *info = nullptr;
    for (const TargetOptionInfo &candidate : target.getOptions())
      if (candidate.name == entry.getKey())
        info = &candidate;
    if (!info) {
      std::string known;
      for (const TargetOptionInfo &candidate : target.getOptions())
        known += (known.empty() ? "" : ", ") + candidate.name.str();
      return llvm::createStringError(
          "target '" + target.getName().str() + "' has no option '" +
          entry.getKey().str() + "'" +
          (known.empty() ? std::string(" (it takes none)")
                         : " (its options: " + known + ")"));
    }
    if (!info->allowedValues.empty() &&
        !llvm::is_contained(info->allowedValues, entry.getValue()))
      return llvm::createStringError(
          "target '" + target.getName().str() + "': option '" +
          info->name.str() + "' must be one of " +
          llvm::join(info->allowedValues, ", ") + "; got '" + entry.getValue() +
          "'");
  }
  return llvm::Error::success();
}

llvm::Expected<TargetOptions>
ptowsp::parseTargetOptions(const Target &target, llvm::StringRef text) {
  TargetOptions options;
  SmallVector<StringRef> items;
  std::string separated = text.str();
  std::replace(separated.begin(), separated.end(), ',', ' ');
  StringRef(separated).split(items, ' ', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    auto [name, value] = item.split('=');
    if (!item.contains('=') || name.empty())
      return llvm::createStringError("target '" + target.getName().str() +
                                     "': expected name=value, got '" +
                                     item.str() + "'");
    if (name == "arch")
      options.arch = value.str();
    else if (name == "schedule")
      options.schedule = value.str();
    else
      options.values[name] = value.str();
  }
  if (llvm::Error error = verifyTargetOptions(target, options))
    return std::move(error);
  return options;
}

void ptowsp::registerTargetPipelines() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const Target *target : getTargets()) {
      std::string name = "pto-wsp-" + target->getName().str();
      std::replace(name.begin(), name.end(), '_', '-');
      std::string description =
          ("the " + target->getName() + " target's pipeline (options: arch, "
           "schedule and the target's own, name=value)")
              .str();
      mlir::registerPassPipeline(
          name, description,
          [target](OpPassManager &pm, StringRef text,
                   llvm::function_ref<LogicalResult(const llvm::Twine &)>
                       errorHandler) -> LogicalResult {
            llvm::Expected<TargetOptions> options =
                parseTargetOptions(*target, text);
            if (!options)
              return errorHandler(llvm::toString(options.takeError()));
            target->buildPipeline(pm, *options);
            return success();
          },
          [](llvm::function_ref<void(const mlir::detail::PassOptions &)>) {});
    }
  });
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

LogicalResult ptowsp::runTargetPipeline(const Target &target, ModuleOp module,
                                        const TargetOptions &options) {
  PassManager pm(module.getContext());
  target.buildPipeline(pm, options);
  return pm.run(module);
}

FailureOr<std::vector<EmittedFile>>
ptowsp::translateFiles(ModuleOp module, llvm::StringRef defaultPath) {
  std::vector<EmittedFile> files;
  SmallVector<emitc::FileOp> fileOps =
      llvm::to_vector(module.getOps<emitc::FileOp>());
  if (fileOps.empty()) {
    EmittedFile file{defaultPath.str(), {}};
    llvm::raw_string_ostream stream(file.contents);
    if (failed(emitc::translateToCpp(module, stream)))
      return failure();
    files.push_back(std::move(file));
    return files;
  }
  // The C++ emitter prints code outside files into every file: a target
  // that emits files keeps nothing else at the top level.
  for (Operation &op : module.getBody()->getOperations())
    if (!isa<emitc::FileOp>(op))
      return op.emitOpError("is outside every emitc.file");
  for (emitc::FileOp fileOp : fileOps) {
    EmittedFile file{fileOp.getId().str(), {}};
    llvm::raw_string_ostream stream(file.contents);
    if (failed(emitc::translateToCpp(module, stream,
                                     /*declareVariablesAtTop=*/false,
                                     fileOp.getId())))
      return failure();
    files.push_back(std::move(file));
  }
  return files;
}

FailureOr<std::vector<EmittedFile>>
ptowsp::lowerAndTranslate(const Target &target, ModuleOp module,
                          const TargetOptions &options,
                          llvm::StringRef defaultPath) {
  if (failed(runTargetPipeline(target, module, options)))
    return failure();
  return translateFiles(module, defaultPath);
}

llvm::Error ptowsp::writeFiles(llvm::StringRef directory,
                               llvm::ArrayRef<EmittedFile> files) {
  for (const EmittedFile &file : files) {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path, file.path);
    if (std::error_code error = llvm::sys::fs::create_directories(
            llvm::sys::path::parent_path(path)))
      return llvm::createStringError(error, "cannot create the directory of " +
                                                path.str().str() + ": " +
                                                error.message());
    std::error_code error;
    llvm::raw_fd_ostream stream(path, error);
    if (error)
      return llvm::createStringError(error, "cannot write " + path.str().str() +
                                                ": " + error.message());
    stream << file.contents;
  }
  return llvm::Error::success();
}

std::string ptowsp::getNumPyDtypeName(Type element) {
  if (element.isF32())
    return "float32";
  if (element.isF16())
    return "float16";
  if (element.isBF16())
    return "bfloat16";
  if (auto integer = dyn_cast<IntegerType>(element))
    return "int" + std::to_string(integer.getWidth());
  return "unsupported";
}
