//===- pto-wsp-run.cpp - compile and run a workload on cpu_sim ------------===//
//
// Lowers a workload .mlir for cpu_sim, compiles the C++ (cached by content),
// binds its tensor arguments to .npy files or generated data, runs it on the
// task runtime, prints the statistics, and writes outputs and traces: a
// workload can be run without Python.
//
//   pto-wsp-run softmax.mlir --input 0=x.npy --gen 1=zeros --output 1=y.npy \
//       --trace trace.json
//
// Arguments are named by position in the workload's signature.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"
#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"
#include "pto-wsp/Target/CpuSim/Graph.h"
#include "pto-wsp/Target/CpuSim/Runner.h"
#include "pto-wsp/cpu_sim/orchestration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>
#include <random>
#include <set>

using namespace mlir;
using namespace ptowsp;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<workload.mlir>"),
                                      cl::Required);
static cl::opt<std::string> workloadName(
    "workload", cl::desc("the workload to run (default: the only one)"));
static cl::opt<std::string> scheduleName(
    "schedule", cl::desc("the schedule to apply (default: the only one)"));
static cl::opt<std::string> archName(
    "arch", cl::desc("architecture name (arch/<name>.json) or file"),
    cl::init("a2a3"));
static cl::list<std::string> inputs(
    "input", cl::desc("INDEX=file.npy: bind a tensor argument to a file"));
static cl::list<std::string> generated(
    "gen", cl::desc("INDEX=zeros|ones|arange|randn|rand: bind a tensor "
                    "argument to generated data"));
static cl::list<std::string> scalars(
    "arg", cl::desc("INDEX=VALUE: bind a scalar argument"));
static cl::list<std::string> symbols(
    "symbol", cl::desc("NAME=VALUE: bind a run-time symbol"));
static cl::list<std::string> outputs(
    "output", cl::desc("INDEX=file.npy: write a tensor argument after the run"));
static cl::opt<std::string> tracePath(
    "trace", cl::desc("write the simulated timeline (Chrome/Perfetto JSON)"));
static cl::opt<std::string> graphPath(
    "graph-dot", cl::desc("write the task graph (Graphviz DOT)"));
static cl::opt<int> hostThreads(
    "host-threads", cl::desc("host worker threads (0 = one per hardware thread)"),
    cl::init(0));
static cl::opt<int64_t> channelLatency(
    "channel-latency",
    cl::desc("simulated cycles from a send to the earliest matching receive"),
    cl::init(0));
static cl::opt<unsigned> seed("seed", cl::desc("seed of generated data"),
                              cl::init(0));
static cl::opt<std::string> emitCpp(
    "emit-cpp", cl::desc("also write the generated C++ to this file"));
static cl::opt<std::string> cacheDir(
    "cache-dir", cl::desc("where compiled programs are cached"));

namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "pto-wsp-run: error: " << message << "\n";
  return 1;
}

/// Splits "INDEX=VALUE" options into a map from argument index.
llvm::Expected<std::map<unsigned, std::string>>
parseIndexed(const cl::list<std::string> &list, llvm::StringRef option) {
  std::map<unsigned, std::string> result;
  for (const std::string &entry : list) {
    auto [index, value] = llvm::StringRef(entry).split('=');
    unsigned position;
    if (index.getAsInteger(10, position) || value.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "--%s expects INDEX=VALUE, got '%s'",
                                     option.str().c_str(), entry.c_str());
    if (!result.emplace(position, value.str()).second)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "--%s binds argument %u twice",
                                     option.str().c_str(), position);
  }
  return result;
}

/// NumPy's dtype code for a memref element type.
std::optional<std::string> getNpyType(Type element) {
  if (element.isF32())
    return "f4";
  if (element.isF16())
    return "f2";
  if (element.isF64())
    return "f8";
  if (element.isInteger(64) || element.isIndex())
    return "i8";
  if (element.isInteger(32))
    return "i4";
  if (element.isInteger(16))
    return "i2";
  if (element.isInteger(8))
    return element.isUnsignedInteger() ? "u1" : "i1";
  return std::nullopt;
}

/// Data for --gen: deterministic for a given seed.
cpusim::NpyArray generate(llvm::StringRef kind, MemRefType type,
                          const std::string &dtype, std::mt19937 &random,
                          bool &ok) {
  cpusim::NpyArray array;
  array.dtype = dtype;
  array.shape.assign(type.getShape().begin(), type.getShape().end());
  int64_t count = array.getNumElements();
  array.data.resize(count * array.getElementBytes());
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> uniform;
  ok = true;
  for (int64_t i = 0; i < count; ++i) {
    double value = 0;
    if (kind == "ones")
      value = 1;
    else if (kind == "arange")
      value = static_cast<double>(i);
    else if (kind == "randn")
      value = normal(random);
    else if (kind == "rand")
      value = uniform(random);
    else if (kind != "zeros")
      ok = false;
    char *at = array.data.data() + i * array.getElementBytes();
    if (dtype == "f4") {
      float v = static_cast<float>(value);
      std::memcpy(at, &v, 4);
    } else if (dtype == "f8") {
      std::memcpy(at, &value, 8);
    } else if (dtype == "i8") {
      int64_t v = static_cast<int64_t>(value);
      std::memcpy(at, &v, 8);
    } else if (dtype == "i4") {
      int32_t v = static_cast<int32_t>(value);
      std::memcpy(at, &v, 4);
    } else {
      ok = false; // f16 and narrow integers: bind them with --input.
    }
  }
  return array;
}

/// The workload to run: the one named by --workload, or the only one. The
/// others and their schedules are erased, so that only it is compiled (and
/// --schedule applies to it alone).
llvm::Expected<workload::WorkloadOp> chooseWorkload(ModuleOp module) {
  SmallVector<workload::WorkloadOp> workloads =
      llvm::to_vector(module.getOps<workload::WorkloadOp>());
  workload::WorkloadOp chosen;
  for (workload::WorkloadOp candidate : workloads)
    if (workloadName.empty() ? workloads.size() == 1
                             : candidate.getSymName() == workloadName)
      chosen = candidate;
  if (!chosen)
    return llvm::createStringError(
        workloads.empty() ? "the module has no workload"
        : workloadName.empty()
            ? "the module has several workloads; choose one with --workload"
            : "no workload named '" + workloadName + "'");
  for (workload::WorkloadOp other : workloads)
    if (other != chosen)
      other.erase();
  for (auto schedule :
       llvm::make_early_inc_range(module.getOps<schedule::ScheduleOp>()))
    if (schedule.getWorkload() != chosen.getSymName())
      schedule.erase();
  return chosen;
}

/// An error unless every index of an INDEX=VALUE option names an argument of
/// the workload of the kind the option binds (a tensor, or a scalar), so that
/// a misnumbered option is reported instead of ignored.
llvm::Error checkIndices(ArrayRef<Type> signature,
                         const std::map<unsigned, std::string> &map,
                         llvm::StringRef option, bool tensor) {
  for (const auto &entry : map) {
    unsigned index = entry.first;
    std::string prefix = "--" + option.str() + " " + std::to_string(index) +
                         "=" + entry.second + ": ";
    if (index >= signature.size())
      return llvm::createStringError(
          prefix + "the workload has " + std::to_string(signature.size()) +
          " argument" + (signature.size() == 1 ? "" : "s") +
          " (indices 0 to " + std::to_string(signature.size() - 1) + ")");
    Type type = signature[index];
    if (isa<MemRefType>(type) != tensor)
      return llvm::createStringError(
          prefix + "argument " + std::to_string(index) + " is " +
          (tensor ? "a scalar (" : "a tensor (") +
          llvm::formatv("{0}", type).str() + ")" +
          (option == "output" ? ": only tensors are written"
           : tensor           ? ": bind it with --arg"
                              : ": bind it with --input or --gen"));
  }
  return llvm::Error::success();
}

/// The arguments of the run, in the workload's order: tensors from --input
/// or --gen (kept alive in `buffers`), scalars from --arg.
llvm::Error bindArguments(ArrayRef<Type> signature,
                          std::vector<cpusim::NpyArray> &buffers,
                          std::vector<ptowsp_graph_arg> &args) {
  auto inputMap = parseIndexed(inputs, "input");
  auto genMap = parseIndexed(generated, "gen");
  auto scalarMap = parseIndexed(scalars, "arg");
  for (auto *map : {&inputMap, &genMap, &scalarMap})
    if (!*map)
      return map->takeError();
  buffers.resize(signature.size());
  args.resize(signature.size());
  std::mt19937 random(seed);
  auto error = [](const llvm::Twine &message) {
    return llvm::createStringError(message.str());
  };
  if (llvm::Error error = checkIndices(signature, *inputMap, "input", true))
    return error;
  if (llvm::Error error = checkIndices(signature, *genMap, "gen", true))
    return error;
  if (llvm::Error error = checkIndices(signature, *scalarMap, "arg", false))
    return error;
  for (const auto &entry : *inputMap)
    if (genMap->count(entry.first))
      return error("argument " + llvm::Twine(entry.first) +
                   " is bound by both --input and --gen");
  for (auto [index, type] : llvm::enumerate(signature)) {
    std::string position = std::to_string(index);
    if (auto memref = dyn_cast<MemRefType>(type)) {
      std::optional<std::string> dtype = getNpyType(memref.getElementType());
      if (!dtype)
        return error("argument " + position + " has unsupported element type");
      cpusim::NpyArray &array = buffers[index];
      if (inputMap->count(index)) {
        llvm::Expected<cpusim::NpyArray> read = cpusim::readNpy((*inputMap)[index]);
        if (!read)
          return read.takeError();
        array = std::move(*read);
      } else if (genMap->count(index)) {
        if (!memref.hasStaticShape())
          return error("argument " + position +
                       " has a dynamic shape: bind it with --input");
        bool ok;
        array = generate((*genMap)[index], memref, *dtype, random, ok);
        if (!ok)
          return error("cannot generate '" + (*genMap)[index] +
                       "' data for argument " + position);
      } else {
        return error("tensor argument " + position + " (" +
                     llvm::formatv("{0}", type).str() +
                     ") is not bound: use --input or --gen");
      }
      if (array.dtype != *dtype)
        return error("argument " + position + " expects dtype " + *dtype +
                     ", the file holds " + array.dtype);
      if (array.shape.size() != static_cast<size_t>(memref.getRank()) ||
          array.shape.size() > PTOWSP_MAX_RANK)
        return error("argument " + position + " expects rank " +
                     std::to_string(memref.getRank()));
      for (auto [d, dim] : llvm::enumerate(memref.getShape()))
        if (!ShapedType::isDynamic(dim) && array.shape[d] != dim)
          return error("argument " + position + " dimension " +
                       std::to_string(d) + " must be " + std::to_string(dim) +
                       ", the data has " + std::to_string(array.shape[d]));
      args[index].tensor.data = array.data.data();
      args[index].tensor.rank = static_cast<int32_t>(array.shape.size());
      for (auto [d, dim] : llvm::enumerate(array.shape))
        args[index].tensor.dims[d] = dim;
      continue;
    }
    if (!scalarMap->count(index))
      return error("scalar argument " + position + " is not bound: use --arg " +
                   position + "=VALUE");
    llvm::StringRef text = (*scalarMap)[index];
    if (isa<FloatType>(type)) {
      if (text.getAsDouble(args[index].f64))
        return error("argument " + position + " expects a number, got '" +
                     text + "'");
    } else if (text.getAsInteger(10, args[index].i64)) {
      return error("argument " + position + " expects an integer, got '" +
                   text + "'");
    } else if (auto integer = dyn_cast<IntegerType>(type);
               integer && integer.getWidth() < 64) {
      unsigned width = integer.getWidth();
      int64_t value = args[index].i64;
      bool fits = integer.isUnsigned()
                      ? value >= 0 && value < (int64_t(1) << width)
                      : value >= -(int64_t(1) << (width - 1)) &&
                            value < (int64_t(1) << (width - 1));
      if (width == 1)
        fits = value == 0 || value == 1;
      if (!fits)
        return error("argument " + position + " (" +
                     llvm::formatv("{0}", type).str() + ") cannot hold " +
                     text);
    }
  }
  return llvm::Error::success();
}

/// The --symbol values: integers or reals, each naming a run-time symbol of
/// the module (`known`) once.
llvm::Expected<std::vector<cpusim::SymbolValue>>
parseSymbols(const std::set<std::string> &known) {
  std::vector<cpusim::SymbolValue> values;
  std::set<std::string> seen;
  for (const std::string &entry : symbols) {
    auto [symbol, value] = llvm::StringRef(entry).split('=');
    int64_t integer;
    double real;
    if (symbol.empty() || !llvm::StringRef(entry).contains('='))
      return llvm::createStringError("--symbol expects NAME=NUMBER, got '" +
                                     entry + "'");
    if (!known.count(symbol.str())) {
      std::string names;
      for (const std::string &name : known)
        names += (names.empty() ? "" : ", ") + name;
      return llvm::createStringError(
          "--symbol " + entry + ": the workload has no run-time symbol '" +
          symbol + "' (its symbols: " + (names.empty() ? "none" : names) +
          ")");
    }
    if (!seen.insert(symbol.str()).second)
      return llvm::createStringError("--symbol binds '" + symbol + "' twice");
    if (!value.getAsInteger(10, integer))
      values.push_back(cpusim::SymbolValue::integer(symbol.str(), integer));
    else if (!value.getAsDouble(real))
      values.push_back(cpusim::SymbolValue::real(symbol.str(), real));
    else
      return llvm::createStringError("--symbol expects NAME=NUMBER, got '" +
                                     entry + "'");
  }
  return values;
}

/// The run's statistics, one `key: value` line each (CSP: one line per
/// process instance and per channel).
void printStatistics(llvm::StringRef name, const cpusim::CompiledLibrary &library,
                     double compileSeconds, const cpusim::RunStatistics &stats) {
  llvm::raw_ostream &os = llvm::outs();
  os << "workload: " << name << "\n"
     << "compile: " << (library.cacheHit ? "cached" : "compiled") << " "
     << llvm::formatv("{0:f2}", compileSeconds) << " s (" << library.path
     << ")\n"
     << "tasks: " << stats.tasks << "\n"
     << "dependency_edges: " << stats.dependencyEdges << "\n"
     << "total_cycles: " << stats.totalCycles << "\n"
     << "utilization: " << llvm::formatv("{0:f4}", stats.utilization) << "\n";
  int64_t numCores = stats.coreBusyCycles.size();
  int64_t busyCores = llvm::count_if(stats.coreBusyCycles,
                                     [](int64_t busy) { return busy > 0; });
  os << "busy_cores: " << busyCores << " of " << numCores << "\n";
  // Per-core busy cycles of the cores that ran something (cube cores come
  // first in the runtime's numbering).
  os << "core_busy_cycles:";
  for (auto [core, busy] : llvm::enumerate(stats.coreBusyCycles)) {
    if (busy == 0)
      continue;
    bool cube = static_cast<int64_t>(core) < stats.cubeCores;
    os << " " << (cube ? "aic" : "aiv")
       << (cube ? core : core - stats.cubeCores) << "=" << busy;
  }
  os << "\n";
  for (int32_t reason = 0; reason < PTOWSP_STALL_REASONS; ++reason)
    os << "stalls." << ptowsp_stall_reason_name(reason) << ": "
       << stats.stalls[reason] << " (" << stats.stallCycles[reason]
       << " cycles)\n";
  for (const cpusim::ProcessStatistics &process : stats.processes)
    os << "process " << process.name << ": tasks=" << process.tasks
       << " sent=" << process.sends << " received=" << process.receives
       << " end_cycle=" << process.endCycle
       << " channel_wait_cycles=" << process.channelWaitCycles << "\n";
  for (const cpusim::ChannelStatistics &channel : stats.channels)
    os << "channel " << channel.name << ": capacity=" << channel.capacity
       << " tokens=" << channel.tokens << " high_water=" << channel.highWater
       << " empty_wait_cycles=" << channel.emptyWaitCycles
       << " full_wait_cycles=" << channel.fullWaitCycles << "\n";
  os << "window_high_water: " << stats.windowHighWater << "\n"
     << "wall_seconds: " << llvm::formatv("{0:f4}", stats.wallSeconds) << "\n";
  if (!stats.tracePath.empty())
    os << "trace: " << stats.tracePath << "\n";
  if (!stats.graphPath.empty())
    os << "graph: " << stats.graphPath << "\n";
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "PTO-WSP: run a workload on cpu_sim\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllTargets();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // A diagnostic points at the user's line; the whole module printed after
  // it would bury it.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(inputFile, sourceMgr, &context);
  if (!module)
    return 1;

  // The workload to run, and its signature (before lowering erases it).
  llvm::Expected<workload::WorkloadOp> chosen = chooseWorkload(*module);
  if (!chosen)
    return fail(llvm::toString(chosen.takeError()));
  std::string name = chosen->getSymName().str();
  SmallVector<Type> signature(chosen->getFunctionType().getInputs());
  std::set<std::string> knownSymbols;
  module->walk([&](workload::RuntimeSymbolOp symbol) {
    knownSymbols.insert(symbol.getName().str());
  });

  // Option values that do not depend on the compiled program are checked
  // first, so that a typo is reported before a compilation.
  auto outputMap = parseIndexed(outputs, "output");
  if (!outputMap)
    return fail(llvm::toString(outputMap.takeError()));
  if (llvm::Error error = checkIndices(signature, *outputMap, "output", true))
    return fail(llvm::toString(std::move(error)));
  llvm::Expected<std::vector<cpusim::SymbolValue>> symbolValues =
      parseSymbols(knownSymbols);
  if (!symbolValues)
    return fail(llvm::toString(symbolValues.takeError()));

  // Lower and translate.
  std::string cpp;
  {
    llvm::raw_string_ostream stream(cpp);
    TargetOptions options;
    options.arch = archName;
    options.schedule = scheduleName;
    if (failed(translateToCpuSim(*module, stream, options)))
      return 1;
  }
  if (!emitCpp.empty()) {
    std::string error;
    auto file = openOutputFile(emitCpp, &error);
    if (!file)
      return fail(error);
    file->os() << cpp;
    file->keep();
  }

  // Compile (or find in the cache) and load.
  cpusim::CompileOptions compileOptions = cpusim::getDefaultCompileOptions();
  if (!cacheDir.empty())
    compileOptions.cacheDir = cacheDir;
  auto compileStart = std::chrono::steady_clock::now();
  llvm::Expected<cpusim::CompiledLibrary> library =
      cpusim::compileSharedLibrary(cpp, compileOptions);
  if (!library)
    return fail(llvm::toString(library.takeError()));
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();
  llvm::Expected<cpusim::LoadedGraph> graph =
      cpusim::loadGraph(library->path, name);
  if (!graph)
    return fail(llvm::toString(graph.takeError()));

  // Bind the arguments.
  std::vector<cpusim::NpyArray> buffers;
  std::vector<ptowsp_graph_arg> args;
  if (llvm::Error error = bindArguments(signature, buffers, args))
    return fail(llvm::toString(std::move(error)));

  // Run.
  cpusim::RunOptions runOptions;
  runOptions.arch = archName;
  runOptions.hostThreads = hostThreads;
  runOptions.channelLatencyCycles = channelLatency;
  runOptions.tracePath = tracePath;
  runOptions.graphPath = graphPath;
  llvm::Expected<cpusim::RunStatistics> stats =
      cpusim::runGraph(*graph, runOptions, args, *symbolValues);
  if (!stats)
    return fail(llvm::toString(stats.takeError()));
  printStatistics(name, *library, compileSeconds, *stats);

  for (auto &[index, path] : *outputMap) {
    if (llvm::Error error = cpusim::writeNpy(path, buffers[index]))
      return fail(llvm::toString(std::move(error)));
  }
  return 0;
}
