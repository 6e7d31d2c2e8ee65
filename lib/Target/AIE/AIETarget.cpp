//===- AIETarget.cpp - the AMD AIE (mlir-aie + XRT) tree ------------------===//
//
// Runs the AIE pipeline (the shared task-graph front, then the kernel
// lowering), plans one design per graph (DesignBuilder.cpp) and writes the
// tree an mlir-aie user recognises:
//
//   design.mlir            aie.device: tiles, object FIFOs, cores, runtime sequence
//   kernels/<k>.cc         plain-C++ core kernels (ptowsp_aie_kernel.h)
//   host.cpp               the XRT host program (EmitC), ptowsp_aie_host.h
//   CMakeLists.txt         builds host.cpp against XRT, or on the emulation
//   include/               the kernel and host helper headers
//   emu/design_emu.cpp     design.mlir on the CPU emulation
//   emu/include/           the emulation library and its XRT stub
//   manifest.json          tensors, FIFOs, cores, what the data step binds
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/AIE/AIETarget.h"

#include "Design.h"
#include "HostProgram.h"

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Pipelines/Pipelines.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;

namespace {

/// The headers every tree carries, by path under runtime/include/pto-wsp/aie.
const std::pair<const char *, const char *> kHeaders[] = {
#include "AIEHeaders.inc"
};


class AIETarget final : public Target {
public:
  llvm::StringRef getName() const override { return "aie"; }
  llvm::StringRef getDescription() const override {
    return "an mlir-aie design (design.mlir), plain-C++ core kernels and an "
           "XRT host program for AMD Ryzen AI NPUs, runnable on the "
           "project's CPU emulation of the design";
  }
  bool emitsTree() const override { return true; }

  llvm::ArrayRef<TargetOptionInfo> getOptions() const override {
    static const std::vector<llvm::StringRef> names = [] {
      std::vector<llvm::StringRef> list;
      for (const DeviceInfo &device : getDevices())
        list.push_back(device.name);
      return list;
    }();
    static const TargetOptionInfo options[] = {
        {"device", "the mlir-aie device: npu1_<n>col (Phoenix) or npu2 (Strix)",
         names, "npu1_4col"}};
    return options;
  }

  llvm::ArrayRef<Capability> getCapabilities() const override {
    static const Capability capabilities[] = {
        {"parallel_for / for_each over dense static axes", true,
         "the outer loops are split over cores; each core's share is one "
         "DMA access pattern per FIFO"},
        {"accumulation into a tile over a sequential loop (k loops)", true,
         "a resident buffer, loaded and stored once per work item"},
        {"several loop nests (phases)", true,
         "the runtime sequence waits for a phase's outputs before the next"},
        {"dense dynamic axes, symbols, scalar arguments", false,
         "an AIE design is static"},
        {"ragged and sparse axes, select, if on run-time scalars", false,
         "an AIE design is static"},
        {"CSP pipelines (channels, processes)", true,
         "a chain from one source process: instances on cores, channels as "
         "object FIFOs (depth = capacity) carrying the sent tile"},
        {"CSP graphs that are not chains (diamonds, cycles, token-only "
         "channels)",
         false, "rejected with the channel named"},
        {"explicit dependencies (deps explicit/hybrid, after)", false, ""},
        {"schedule: dispatch round_robin(n)", true, "n cores"},
        {"schedule: other dispatch, window, ready, pools, start, streams, "
         "timing, trace knobs",
         false, "cores run statically placed work in program order"},
    };
    return capabilities;
  }

  void buildPipeline(OpPassManager &pm,
                     const TargetOptions &options) const override {
    buildAIEPipeline(pm, options.arch, options.schedule);
  }

  FailureOr<std::vector<EmittedFile>>
  emit(ModuleOp module, const TargetOptions &options) const override {
    if (failed(runTargetPipeline(*this, module, options)))
      return failure();
    const DeviceInfo *device = lookupDevice(getOption(options, "device"));
    SmallVector<taskgraph::GraphOp> graphs =
        llvm::to_vector(module.getOps<taskgraph::GraphOp>());
    if (graphs.empty())
      return module.emitError("target aie needs a workload: there is nothing "
                              "to place");
    if (graphs.size() > 1)
      return graphs[1].emitOpError("(target aie): one workload per design; "
                                   "choose one with its own module");
    FailureOr<Design> design = buildDesign(graphs.front(), *device);
    if (failed(design))
      return failure();
    for (const std::string &warning : design->warnings)
      graphs.front().emitWarning("(target aie): ") << warning;

    // host.cpp joins the kernels' files; nothing else stays at the top.
    OpBuilder builder(module.getContext());
    builder.setInsertionPointToEnd(module.getBody());
    buildHostProgram(builder, graphs.front().getLoc(), *design);
    graphs.front().erase();
    for (auto kernel : llvm::make_early_inc_range(module.getOps<tile::KernelOp>()))
      kernel.erase();

    FailureOr<std::vector<EmittedFile>> files = translateFiles(module, "");
    if (failed(files))
      return failure();
    files->push_back({"design.mlir", printDesign(*design)});
    files->push_back({"emu/design_emu.cpp", printEmulation(*design)});
    for (auto [name, contents] : kHeaders) {
      StringRef path(name);
      bool emulation = path.starts_with("emu/") || path.starts_with("xrt/");
      // emu/<h> and xrt/<h> (the XRT stub) go to emu/include/<h>.
      files->push_back(
          {((emulation ? "emu/include/" : "include/") +
            (emulation ? path.drop_front(4) : path))
               .str(),
           contents});
    }
    files->push_back({"CMakeLists.txt", writeCMake(*design)});
    files->push_back({"manifest.json", writeManifest(*design)});
    return files;
  }

private:
  static std::string writeCMake(const Design &design) {
    std::string kernels;
    for (const KernelDecl &kernel : design.kernels)
      kernels += " kernels/" + kernel.name + ".cc";
    return llvm::formatv(
               R"(# XRT host program of workload @{0} (PTO-WSP, target aie).
#
# On a machine with XRT and an NPU (the xclbin and insts.bin come from
# mlir-aie: aiecc.py --xclbin-name=build/final.xclbin
# --npu-insts-name=build/insts.bin design.mlir, with the kernels compiled to
# <kernel>.o by Peano beside it):
#   cmake -B build && cmake --build build && build/host --data data
# Without a device, on the design's CPU emulation (emu/):
#   cmake -B build -DPTOWSP_AIE_EMULATION=ON && cmake --build build
cmake_minimum_required(VERSION 3.20)
project({0}_host CXX)
set(CMAKE_CXX_STANDARD 17)
option(PTOWSP_AIE_EMULATION "run the design on the CPU emulation" OFF)
if(PTOWSP_AIE_EMULATION)
  find_package(Threads REQUIRED)
  add_executable(host host.cpp emu/design_emu.cpp{1})
  target_include_directories(host PRIVATE include emu/include)
  target_link_libraries(host PRIVATE Threads::Threads)
else()
  find_package(XRT REQUIRED PATHS /opt/xilinx/xrt/share/cmake/XRT)
  add_executable(host host.cpp)
  target_include_directories(host PRIVATE include ${{XRT_INCLUDE_DIRS})
  target_link_libraries(host PRIVATE XRT::xrt_coreutil)
endif()
)",
               design.graph, kernels)
        .str();
  }

  static std::string writeManifest(const Design &design) {
    llvm::json::Array tensors, fifos, cores, kernels, warnings, notes;
    for (const HostTensor &tensor : design.tensors) {
      llvm::json::Array shape;
      for (int64_t dim : tensor.type.getShape())
        shape.push_back(dim);
      tensors.push_back(llvm::json::Object{
          {"argument", tensor.argument},
          {"name", tensor.name},
          {"dtype", getNumPyDtypeName(tensor.type.getElementType())},
          {"shape", std::move(shape)},
          {"read", tensor.read},
          {"written", tensor.written},
          {"on_chip", tensor.onChip}});
    }
    for (const Fifo &fifo : design.fifos) {
      llvm::json::Array shape;
      for (int64_t dim : fifo.shape)
        shape.push_back(dim);
      fifos.push_back(llvm::json::Object{
          {"name", fifo.name},
          {"kind", fifo.kind == Fifo::Kind::FromShim  ? "from_shim"
                   : fifo.kind == Fifo::Kind::ToShim ? "to_shim"
                                                     : "core_to_core"},
          {"depth", fifo.depth},
          {"element_shape", std::move(shape)},
          {"element_bytes", fifo.getElementBytes()},
          {"transfers", static_cast<int64_t>(fifo.transfers.size())}});
    }
    for (int q = 0, e = design.cores.size(); q < e; ++q) {
      const Core &core = design.cores[q];
      cores.push_back(llvm::json::Object{
          {"name", core.getName()},
          {"column", core.column},
          {"row", core.row},
          {"items", core.items},
          {"calls", core.calls},
          {"memory_bytes", design.getCoreMemoryBytes(q)},
          {"input_channels", design.getDmaChannels(q, true)},
          {"output_channels", design.getDmaChannels(q, false)}});
    }
    for (const KernelDecl &kernel : design.kernels)
      kernels.push_back(llvm::json::Object{
          {"name", kernel.name}, {"source", "kernels/" + kernel.name + ".cc"}});
    for (const std::string &warning : design.warnings)
      warnings.push_back(warning);
    for (const std::string &note : design.notes)
      notes.push_back(note);
    llvm::json::Object root{{"workload", design.graph},
                            {"target", "aie"},
                            {"device", design.device->name},
                            {"phases", design.phases},
                            {"tensors", std::move(tensors)},
                            {"fifos", std::move(fifos)},
                            {"cores", std::move(cores)},
                            {"kernels", std::move(kernels)},
                            {"notes", std::move(notes)},
                            {"warnings", std::move(warnings)}};
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
    return text;
  }
};

} // namespace

void ptowsp::registerAIETarget() {
  registerTarget(std::make_unique<AIETarget>());
}
