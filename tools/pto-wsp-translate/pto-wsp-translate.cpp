//===- pto-wsp-translate.cpp - PTO-WSP IR to target sources ---------------===//
//
// Runs one target of the seam (Target.h) on an MLIR file and writes what it
// emits: `--cpu-sim` one C++ translation unit, `--ascend[=runtime]` a
// pto-runtime tree (to `-o DIR`, or every file to stdout under a banner
// naming it). `--mlir-to-cpp` prints already-lowered EmitC IR.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/ToolUtilities.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace ptowsp;

namespace {

llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional,
                                         llvm::cl::desc("<input file>"),
                                         llvm::cl::init("-"));
llvm::cl::opt<std::string>
    outputPath("o",
               llvm::cl::desc("output file (one-file targets) or directory "
                              "(tree targets); default: stdout"),
               llvm::cl::value_desc("path"), llvm::cl::init("-"));
llvm::cl::opt<std::string>
    targetName("target", llvm::cl::desc("the target (see --list-targets)"),
               llvm::cl::init(""));
llvm::cl::opt<bool> cpuSim("cpu-sim",
                           llvm::cl::desc("same as --target=cpu_sim"));
llvm::cl::opt<std::string>
    ascend("ascend", llvm::cl::ValueOptional,
           llvm::cl::desc("same as --target=ascend; a value sets its runtime "
                          "(tensormap_and_ringbuffer | host_build_graph)"),
           llvm::cl::value_desc("runtime"));
llvm::cl::opt<bool>
    mlirToCpp("mlir-to-cpp",
              llvm::cl::desc("print EmitC IR as C++ (no pipeline)"));
llvm::cl::opt<std::string> arch("arch",
                                llvm::cl::desc("architecture name in arch/ or "
                                               "an architecture file path"),
                                llvm::cl::init("a2a3"));
llvm::cl::opt<std::string>
    schedule("schedule",
             llvm::cl::desc("the schedule to apply when a workload has "
                            "several"),
             llvm::cl::init(""));
llvm::cl::list<std::string>
    targetOptions("target-option",
                  llvm::cl::desc("a target-specific option name=value"),
                  llvm::cl::value_desc("name=value"));
llvm::cl::opt<bool> listTargets("list-targets",
                                llvm::cl::desc("list the targets, their "
                                               "options and capabilities"));
llvm::cl::opt<bool> splitInputFile(
    "split-input-file",
    llvm::cl::desc("translate each '// -----' chunk separately"));
llvm::cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    llvm::cl::desc("check diagnostics against expected-* comments"));

int fail(const llvm::Twine &message) {
  llvm::errs() << "pto-wsp-translate: error: " << message << "\n";
  return 1;
}

void printTargets(llvm::raw_ostream &os) {
  for (const Target *target : getTargets()) {
    os << target->getName() << ": " << target->getDescription() << "\n";
    for (const TargetOptionInfo &option : target->getOptions()) {
      os << "  option " << option.name << " (default " << option.defaultValue
         << "): " << option.description << "\n";
    }
    for (const Capability &capability : target->getCapabilities())
      os << "  " << (capability.supported ? "[yes] " : "[no]  ")
         << capability.construct
         << (capability.note.empty() ? "" : " -- ") << capability.note << "\n";
  }
}

/// Translates one buffer: parse, run the target, print or write its files.
LogicalResult processBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer,
                            llvm::raw_ostream &os, MLIRContext &context,
                            const Target *target,
                            const TargetOptions &options) {
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  auto translate = [&]() -> LogicalResult {
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(*sourceMgr, &context);
    if (!module)
      return failure();
    if (!target)
      return emitc::translateToCpp(*module, os);
    FailureOr<std::vector<EmittedFile>> files = target->emit(*module, options);
    if (failed(files))
      return failure();
    if (target->emitsTree() && outputPath != "-") {
      if (llvm::Error error = writeFiles(outputPath, *files))
        return module->emitError(llvm::toString(std::move(error)));
      for (const EmittedFile &file : *files)
        os << file.path << "\n";
      return success();
    }
    for (const EmittedFile &file : *files) {
      if (target->emitsTree())
        os << "// ===== " << file.path << " =====\n";
      os << file.contents;
    }
    return success();
  };
  if (!verifyDiagnostics) {
    SourceMgrDiagnosticHandler handler(*sourceMgr, &context);
    return translate();
  }
  SourceMgrDiagnosticVerifierHandler handler(*sourceMgr, &context);
  (void)translate();
  return handler.verify();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAllTargets();
  llvm::cl::ParseCommandLineOptions(argc, argv, "PTO-WSP translation driver\n");
  if (listTargets) {
    printTargets(llvm::outs());
    return 0;
  }

  // Which target, from --target or its shorthands.
  std::string chosen = targetName;
  TargetOptions options;
  options.arch = arch;
  options.schedule = schedule;
  auto choose = [&](llvm::StringRef name) -> bool {
    if (!chosen.empty() && chosen != name)
      return false;
    chosen = name.str();
    return true;
  };
  if (cpuSim && !choose("cpu_sim"))
    return fail("choose one target");
  if (ascend.getNumOccurrences()) {
    if (!choose("ascend"))
      return fail("choose one target");
    if (!ascend.empty())
      options.values["runtime"] = ascend;
  }
  for (llvm::StringRef option : targetOptions) {
    auto [name, value] = option.split('=');
    if (name.empty() || value.empty() && !option.contains('='))
      return fail("--target-option expects name=value, got '" + option + "'");
    options.values[name] = value.str();
  }
  const Target *target = nullptr;
  if (mlirToCpp) {
    if (!chosen.empty())
      return fail("--mlir-to-cpp takes no target");
  } else {
    if (chosen.empty())
      return fail("no target: give --target=<name> (--list-targets), "
                  "--cpu-sim, --ascend or --mlir-to-cpp");
    target = lookupTarget(chosen);
    if (!target)
      return fail("unknown target '" + chosen + "' (--list-targets)");
    if (llvm::Error error = verifyTargetOptions(*target, options))
      return fail(llvm::toString(std::move(error)));
  }

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(inputFilename, &error);
  if (!input)
    return fail(error);
  // A tree goes to a directory; everything else to a file or stdout.
  bool toDirectory = target && target->emitsTree() && outputPath != "-";
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(toDirectory ? "-" : outputPath.getValue(), &error);
  if (!output)
    return fail(error);

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  auto process = [&](std::unique_ptr<llvm::MemoryBuffer> chunk,
                     const llvm::MemoryBufferRef &, llvm::raw_ostream &os) {
    return processBuffer(std::move(chunk), os, context, target, options);
  };
  if (failed(splitAndProcessBuffer(std::move(input), process, output->os(),
                                   splitInputFile ? kDefaultSplitMarker : "",
                                   kDefaultSplitMarker)))
    return 1;
  output->keep();
  return 0;
}
