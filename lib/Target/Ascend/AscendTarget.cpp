//===- AscendTarget.cpp - the Ascend (pto-runtime) tree -------------------===//
//
// Runs the Ascend pipeline (the shared task-graph front, then the
// orchestration and kernel lowerings, one emitc.file per source) and writes
// the tree a pto-runtime user recognises:
//
//   orchestration/<graph>.cpp    PTO2 aicpu_orchestration_* or HBG build_<graph>
//   kernels/aiv|aic/<k>.cpp      PTO-ISA kernel_entry per kernel
//   include/ptowsp_*.h           the helpers both include
//   kernel_config.py             ORCHESTRATION / KERNELS / RUNTIME_CONFIG
//   manifest.json                what a data step needs to bind inputs
//   ptort.conf                   the a2a3sim runner's manifest (ptort_sim.sh)
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/Ascend/AscendTarget.h"

#include "pto-wsp/Conversion/TaskGraphToAscend/TaskGraphToAscend.h"
#include "pto-wsp/Pipelines/Pipelines.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace ptowsp;

namespace {

/// The helper headers, by file name (generated from runtime/include/pto-wsp/ascend).
const std::pair<const char *, const char *> kHeaders[] = {
#include "AscendHeaders.inc"
};


std::string getShapeText(MemRefType type) {
  SmallVector<std::string> dims;
  for (int64_t dim : type.getShape())
    dims.push_back(ShapedType::isDynamic(dim) ? "?" : std::to_string(dim));
  return llvm::join(dims, "x");
}

std::string getScalarTypeName(Type type) {
  if (type.isF32())
    return "f32";
  if (type.isF64())
    return "f64";
  return "i64";
}

/// One kernel of the tree, read off its emitc.file.
struct KernelInfo {
  std::string name, source, core;
  int64_t funcId;
  SmallVector<std::string> signature;
};

/// The orchestration, read off its emitc.file.
struct OrchestrationInfo {
  std::string graph, source, entry, runtime;
  ArrayAttr tensors, scalars, symbols;
  int64_t schedulers = 0, window = 0;
};

class AscendTarget final : public Target {
public:
  llvm::StringRef getName() const override { return "ascend"; }
  llvm::StringRef getDescription() const override {
    return "a pto-runtime source tree (orchestration + PTO-ISA kernels) for "
           "Ascend A2/A3, runnable on pto-runtime's a2a3sim";
  }
  bool emitsTree() const override { return true; }

  llvm::ArrayRef<TargetOptionInfo> getOptions() const override {
    static const TargetOptionInfo options[] = {
        {"runtime",
         "pto-runtime flavour: tensormap_and_ringbuffer (PTO2, on-device "
         "orchestration) or host_build_graph",
         {"tensormap_and_ringbuffer", "host_build_graph"},
         "tensormap_and_ringbuffer"}};
    return options;
  }

  llvm::ArrayRef<Capability> getCapabilities() const override {
    static const Capability capabilities[] = {
        {"parallel_for / for_each over dense static axes", true,
         "loops stay loops in the orchestration"},
        {"dense dynamic axes, symbols", true,
         "symbols are orchestration scalars after the workload's own"},
        {"ragged and sparse axes, select", true,
         "lengths and CSR arrays read by the orchestration; they must be "
         "tensors no task writes"},
        {"if on run-time scalars", true, ""},
        {"slot loads of tensors that tasks write", false,
         "data-dependent control on task results"},
        {"CSP pipelines (channels, processes)", false,
         "pto-runtime has no channels between task generators"},
        {"explicit dependencies (deps explicit/hybrid, after)", false, ""},
        {"kernels mixing cube and vector operations", false,
         "run on different cores"},
        {"vector ops: elementwise, broadcast, scalar forms, unary, row/col "
         "reductions, rowmean, cast, fill, transpose",
         true, ""},
        {"cmp, cmps, select, iota, sort32, topk", false, ""},
        {"matmul (f16/bf16/f32) with in-kernel accumulation", true,
         "M % 16 == 0, K and N whole 32-byte blocks"},
        {"schedule: dispatch round_robin(n)", true,
         "n AICPU scheduler threads (at most 3 with PTO2, which keeps one "
         "for its orchestrator; 4 with host_build_graph)"},
        {"schedule: task_window(n) stall", true,
         "PTO2: PTO2_RING_TASK_WINDOW; host_build_graph: default only"},
        {"schedule: deps exact/overlap", true, "pto-runtime infers overlaps"},
        {"schedule: start threshold(1) (PTO2) / after_orchestration (host_build_graph)",
         true, "how each runtime starts tasks; other thresholds are rejected"},
        {"schedule: other dispatch, ready, pools, streams, timing, "
         "trace knobs",
         false, ""},
    };
    return capabilities;
  }

  void buildPipeline(OpPassManager &pm,
                     const TargetOptions &options) const override {
    buildAscendPipeline(pm, options.arch, options.schedule,
                        getOption(options, "runtime"));
  }

  FailureOr<std::vector<EmittedFile>>
  emit(ModuleOp module, const TargetOptions &options) const override {
    if (failed(runTargetPipeline(*this, module, options)))
      return failure();
    std::optional<OrchestrationInfo> orchestration;
    std::vector<KernelInfo> kernels;
    for (auto file : module.getOps<emitc::FileOp>()) {
      if (auto graph = file->getAttrOfType<StringAttr>(kAscendGraphAttr)) {
        OrchestrationInfo info;
        info.graph = graph.str();
        info.source = file.getId().str();
        info.entry = file->getAttrOfType<StringAttr>(kAscendEntryAttr).str();
        info.runtime = file->getAttrOfType<StringAttr>(kAscendRuntimeAttr).str();
        info.tensors = file->getAttrOfType<ArrayAttr>(kAscendTensorsAttr);
        info.scalars = file->getAttrOfType<ArrayAttr>(kAscendScalarsAttr);
        info.symbols = file->getAttrOfType<ArrayAttr>(kAscendSymbolsAttr);
        info.schedulers =
            file->getAttrOfType<IntegerAttr>(kAscendSchedulersAttr).getInt();
        info.window = file->getAttrOfType<IntegerAttr>(kAscendWindowAttr).getInt();
        orchestration = info;
      } else if (auto kernel =
                     file->getAttrOfType<StringAttr>(kAscendKernelAttr)) {
        KernelInfo info;
        info.name = kernel.str();
        info.source = file.getId().str();
        info.core = file->getAttrOfType<StringAttr>(kAscendCoreAttr).str();
        info.funcId = file->getAttrOfType<IntegerAttr>(kAscendFuncIdAttr).getInt();
        for (Attribute direction :
             file->getAttrOfType<ArrayAttr>(kAscendSignatureAttr))
          info.signature.push_back(cast<StringAttr>(direction).str());
        kernels.push_back(info);
      }
    }
    if (!orchestration)
      return module.emitError("target ascend needs a workload: there is "
                              "nothing to orchestrate");
    llvm::sort(kernels, [](const KernelInfo &a, const KernelInfo &b) {
      return a.funcId < b.funcId;
    });

    FailureOr<std::vector<EmittedFile>> files = translateFiles(module, "");
    if (failed(files))
      return failure();
    bool pto2 = orchestration->runtime == "tensormap_and_ringbuffer";
    for (auto [name, contents] : kHeaders) {
      StringRef header(name);
      bool wanted = header == "ptowsp_kernel.h" || header == "ptowsp_scalar.h" ||
                    header == (pto2 ? "ptowsp_pto2.h" : "ptowsp_hbg.h") ||
                    header == (pto2 ? "ptowsp_kernel_pto2.h"
                                    : "ptowsp_kernel_hbg.h");
      if (wanted)
        files->push_back({("include/" + header).str(), contents});
    }
    files->push_back({"kernel_config.py", writeKernelConfig(*orchestration, kernels)});
    files->push_back({"manifest.json", writeManifest(*orchestration, kernels)});
    files->push_back({"ptort.conf", writeRunnerManifest(*orchestration, kernels)});
    return files;
  }

private:
  /// AICPU threads: the schedulers round_robin(n) asks for (3 by default)
  /// plus, for PTO2, the orchestrator's own.
  static int64_t getAicpuThreads(const OrchestrationInfo &info) {
    int64_t schedulers = info.schedulers > 0 ? info.schedulers : 3;
    return schedulers + (info.runtime == "tensormap_and_ringbuffer" ? 1 : 0);
  }

  /// Clusters a2a3sim runs: every scheduler thread needs one of its own
  /// (with fewer, a thread owning no cube core never runs its cube tasks),
  /// and 3 keep the simulation light on a small host. Hardware runs use all
  /// 24 (kernel_config.py).
  static int64_t getSimulatedBlockDim(const OrchestrationInfo &info) {
    return std::max<int64_t>(3, info.schedulers > 0 ? info.schedulers : 3);
  }

  static SmallVector<std::string>
  getOrchestrationSignature(const OrchestrationInfo &info) {
    SmallVector<std::string> signature;
    for (Attribute tensor : info.tensors)
      signature.push_back(
          cast<StringAttr>(cast<DictionaryAttr>(tensor).get("direction")).str());
    return signature;
  }

  static std::string writeKernelConfig(const OrchestrationInfo &info,
                                       ArrayRef<KernelInfo> kernels) {
    std::string text;
    llvm::raw_string_ostream os(text);
    auto directions = [](ArrayRef<std::string> signature) {
      SmallVector<std::string> items;
      for (const std::string &direction : signature)
        items.push_back("D." + direction);
      return "[" + llvm::join(items, ", ") + "]";
    };
    os << "\"\"\"Kernels and orchestration of workload @" << info.graph
       << ", generated by PTO-WSP (target ascend, " << info.runtime
       << ").\"\"\"\n\n"
       << "from pathlib import Path\n\n"
       << "from simpler.task_interface import ArgDirection as D  # pyright: "
          "ignore[reportAttributeAccessIssue]\n\n"
       << "_ROOT = Path(__file__).parent\n\n"
       << "ORCHESTRATION = {\n"
       << "    \"source\": str(_ROOT / \"" << info.source << "\"),\n"
       << "    \"function_name\": \"" << info.entry << "\",\n"
       << "    \"signature\": " << directions(getOrchestrationSignature(info))
       << ",\n}\n\nKERNELS = [\n";
    for (const KernelInfo &kernel : kernels)
      os << "    {\n        \"func_id\": " << kernel.funcId << ",\n"
         << "        \"name\": \"" << kernel.name << "\",\n"
         << "        \"source\": str(_ROOT / \"" << kernel.source << "\"),\n"
         << "        \"core_type\": \"" << kernel.core << "\",\n"
         << "        \"signature\": " << directions(kernel.signature)
         << ",\n    },\n";
    os << "]\n\nRUNTIME_CONFIG = {\n"
       << "    \"runtime\": \"" << info.runtime << "\",\n"
       << "    \"aicpu_thread_num\": " << getAicpuThreads(info) << ",\n"
       << "    \"block_dim\": 24,  # the A2/A3 clusters (1 AIC + 2 AIV each)\n}\n";
    if (info.runtime == "tensormap_and_ringbuffer")
      os << "\n# The schedule's task window: PTO2's task ring.\n"
         << "RUNTIME_ENV = {\"PTO2_RING_TASK_WINDOW\": \"" << info.window
         << "\"}\n";
    return text;
  }

  static std::string writeManifest(const OrchestrationInfo &info,
                                   ArrayRef<KernelInfo> kernels) {
    llvm::json::Array tensors, scalars, symbols, kernelList;
    for (Attribute attr : info.tensors) {
      auto tensor = cast<DictionaryAttr>(attr);
      auto type = cast<MemRefType>(cast<TypeAttr>(tensor.get("type")).getValue());
      llvm::json::Array shape;
      for (int64_t dim : type.getShape())
        shape.push_back(ShapedType::isDynamic(dim) ? -1 : dim); // -1: bound at run time
      tensors.push_back(llvm::json::Object{
          {"argument", cast<IntegerAttr>(tensor.get("index")).getInt()},
          {"name", llvm::formatv("arg{0}", cast<IntegerAttr>(tensor.get("index")).getInt()).str()},
          {"direction", cast<StringAttr>(tensor.get("direction")).str()},
          {"dtype", getNumPyDtypeName(type.getElementType())},
          {"shape", std::move(shape)}});
    }
    for (Attribute attr : info.scalars) {
      auto scalar = cast<DictionaryAttr>(attr);
      scalars.push_back(llvm::json::Object{
          {"argument", cast<IntegerAttr>(scalar.get("index")).getInt()},
          {"type", getScalarTypeName(cast<TypeAttr>(scalar.get("type")).getValue())}});
    }
    for (Attribute attr : info.symbols) {
      auto symbol = cast<DictionaryAttr>(attr);
      symbols.push_back(llvm::json::Object{
          {"name", cast<StringAttr>(symbol.get("name")).str()},
          {"type", getScalarTypeName(cast<TypeAttr>(symbol.get("type")).getValue())}});
    }
    for (const KernelInfo &kernel : kernels)
      kernelList.push_back(llvm::json::Object{{"func_id", kernel.funcId},
                                              {"name", kernel.name},
                                              {"source", kernel.source},
                                              {"core", kernel.core}});
    llvm::json::Object root{{"workload", info.graph},
                            {"runtime", info.runtime},
                            {"orchestration", info.source},
                            {"entry", info.entry},
                            {"aicpu_thread_num", getAicpuThreads(info)},
                            {"block_dim_sim", getSimulatedBlockDim(info)},
                            {"task_window", info.window},
                            {"tensors", std::move(tensors)},
                            {"scalars", std::move(scalars)},
                            {"symbols", std::move(symbols)},
                            {"kernels", std::move(kernelList)}};
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
    return text;
  }

  /// ptort.conf without data: inputs zero, nothing compared, scalars 0. The
  /// data step (pto_wsp.ascend.bind_tree, which compile(target="ascend")
  /// runs) rewrites it with the inputs and the expected outputs of a cpu_sim
  /// run of the same program.
  static std::string writeRunnerManifest(const OrchestrationInfo &info,
                                         ArrayRef<KernelInfo> kernels) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "# pto-runtime tree of workload @" << info.graph
       << " (PTO-WSP, target ascend). No data bound yet: inputs are zero and\n"
       << "# nothing is compared; pto_wsp.ascend.bind_tree writes inputs and "
          "expected outputs.\n"
       << "runtime " << info.runtime << "\n"
       << "include include\n"
       << "orchestration " << info.source << " " << info.entry;
    if (info.runtime == "tensormap_and_ringbuffer")
      os << " aicpu_orchestration_config";
    os << "\n";
    for (const KernelInfo &kernel : kernels)
      os << "kernel " << kernel.funcId << " " << kernel.core << " "
         << kernel.source << " " << llvm::join(kernel.signature, " ") << "\n";
    for (Attribute attr : info.tensors) {
      auto tensor = cast<DictionaryAttr>(attr);
      auto type = cast<MemRefType>(cast<TypeAttr>(tensor.get("type")).getValue());
      os << "tensor arg" << cast<IntegerAttr>(tensor.get("index")).getInt()
         << " " << cast<StringAttr>(tensor.get("direction")).str() << " "
         << getNumPyDtypeName(type.getElementType()) << " " << getShapeText(type)
         << " zero -\n";
    }
    for (Attribute attr : info.scalars)
      os << "scalar "
         << getScalarTypeName(
                cast<TypeAttr>(cast<DictionaryAttr>(attr).get("type")).getValue())
         << " 0\n";
    for (Attribute attr : info.symbols) {
      auto symbol = cast<DictionaryAttr>(attr);
      os << "scalar "
         << getScalarTypeName(cast<TypeAttr>(symbol.get("type")).getValue())
         << " 0  # symbol " << cast<StringAttr>(symbol.get("name")).str() << "\n";
    }
    os << "aicpu_thread_num " << getAicpuThreads(info) << "\n"
       << "block_dim " << getSimulatedBlockDim(info) << "\n";
    return text;
  }
};

} // namespace

void ptowsp::registerAscendTarget() {
  registerTarget(std::make_unique<AscendTarget>());
}
