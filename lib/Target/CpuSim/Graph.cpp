//===- Graph.cpp - load and run a compiled cpu_sim graph ------------------===//

#include "pto-wsp/Target/CpuSim/Graph.h"

#include "pto-wsp/Arch/ArchModel.h"

#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace ptowsp::cpusim;
using llvm::Expected;

char RunFailure::ID = 0;

void RunFailure::log(llvm::raw_ostream &os) const { os << message; }

std::error_code RunFailure::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

Expected<LoadedGraph> ptowsp::cpusim::loadGraph(const std::string &libraryPath,
                                                llvm::StringRef name) {
  Expected<SharedLibrary> library = SharedLibrary::open(libraryPath);
  if (!library)
    return library.takeError();
  Expected<void *> graph = library->lookup(("ptowsp_graph_" + name).str());
  if (!graph)
    return graph.takeError();
  Expected<void *> config =
      library->lookup(("ptowsp_graph_" + name + "_config").str());
  if (!config)
    return config.takeError();
  return LoadedGraph(std::move(*library), name.str(),
                     reinterpret_cast<ptowsp_graph_fn>(*graph),
                     reinterpret_cast<ptowsp_graph_config_fn>(*config));
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

namespace {

/// Owns a runtime for the length of one run.
struct RuntimeHandle {
  ptowsp_runtime *runtime = nullptr;
  ~RuntimeHandle() { ptowsp_runtime_destroy(runtime); }
};

/// Copies what the runtime reports after a successful ptowsp_finish; its
/// pointers die with the runtime.
RunStatistics collectStatistics(ptowsp_runtime *runtime,
                                const ptowsp_config &config) {
  ptowsp_stats stats;
  ptowsp_get_stats(runtime, &stats);
  RunStatistics result;
  result.tasks = stats.tasks;
  result.dependencyEdges = stats.edges;
  result.totalCycles = stats.total_cycles;
  result.utilization = stats.utilization;
  result.cubeCores = config.machine.cube_cores;
  result.vectorCores = config.machine.vector_cores;
  result.coreBusyCycles.assign(stats.core_busy_cycles,
                               stats.core_busy_cycles + stats.num_cores);
  for (int32_t reason = 0; reason < PTOWSP_STALL_REASONS; ++reason) {
    result.stalls[reason] = stats.stalls[reason];
    result.stallCycles[reason] = stats.stall_cycles[reason];
  }
  result.windowHighWater = stats.window_high_water;
  result.wallSeconds = stats.wall_seconds;
  if (config.trace_path)
    result.tracePath = config.trace_path;
  if (config.graph_path)
    result.graphPath = config.graph_path;

  for (int64_t index = 0; index < ptowsp_num_process_instances(runtime);
       ++index) {
    ptowsp_process_stats process;
    if (ptowsp_get_process_stats(runtime, index, &process) != PTOWSP_OK)
      break;
    ProcessStatistics &copy = result.processes.emplace_back();
    copy.name = process.name;
    copy.tasks = process.tasks;
    copy.sends = process.sends;
    copy.receives = process.receives;
    copy.endCycle = process.end_cycle;
    for (int32_t reason = 0; reason < PTOWSP_STALL_REASONS; ++reason)
      copy.channelWaitCycles += process.stall_cycles[reason];
  }
  for (int32_t index = 0;; ++index) {
    ptowsp_channel_stats channel;
    if (ptowsp_get_channel_stats(runtime, index, &channel) != PTOWSP_OK)
      break;
    ChannelStatistics &copy = result.channels.emplace_back();
    copy.name = channel.name;
    copy.capacity = channel.capacity;
    copy.tokens = channel.tokens;
    copy.highWater = channel.high_water;
    copy.emptyWaitCycles = channel.empty_wait_cycles;
    copy.fullWaitCycles = channel.full_wait_cycles;
  }
  return result;
}

} // namespace

Expected<RunStatistics>
ptowsp::cpusim::runGraph(const LoadedGraph &graph, const RunOptions &options,
                         llvm::ArrayRef<ptowsp_graph_arg> args,
                         llvm::ArrayRef<SymbolValue> symbols) {
  // The runtime configuration: the machine from the architecture file, the
  // policies from the schedule (the graph's config function), host settings
  // from the caller.
  Expected<arch::ArchModel> model =
      arch::ArchModel::load(options.arch, arch::getDefaultArchDir());
  if (!model)
    return model.takeError();
  // The runtime counts cores in int32: a larger count must be reported as
  // the file's, not wrap around into a nonsensical one.
  for (auto [field, value] :
       {std::pair<const char *, int64_t>{"cores.aicpu_schedulers",
                                         model->getNumSchedulers()},
        {"cores.aic", model->getNumCubeCores()},
        {"cores.aiv", model->getNumVectorCores()}})
    if (value > std::numeric_limits<int32_t>::max())
      return llvm::make_error<RunFailure>(
          PTOWSP_ERR_INVALID, "architecture '" + options.arch + "': " + field +
                                  " = " + std::to_string(value) +
                                  " is more than the runtime can model");
  ptowsp_config config;
  ptowsp_config_init(&config);
  config.machine.schedulers = model->getNumSchedulers();
  config.machine.cube_cores = model->getNumCubeCores();
  config.machine.vector_cores = model->getNumVectorCores();
  config.machine.dispatch_overhead_cycles = model->getDispatchOverheadCycles();
  config.machine.clock_ghz = model->getClockGHz();
  graph.getConfigFunction()(&config);
  config.host_threads = options.hostThreads;
  if (options.channelLatencyCycles)
    config.channel_latency_cycles = *options.channelLatencyCycles;
  if (!options.tracePath.empty())
    config.trace_path = options.tracePath.c_str();
  if (!options.graphPath.empty())
    config.graph_path = options.graphPath.c_str();

  RuntimeHandle handle;
  if (ptowsp_status created = ptowsp_runtime_create(&config, &handle.runtime);
      created != PTOWSP_OK)
    return llvm::make_error<RunFailure>(
        created,
        std::string("invalid runtime configuration: ") + ptowsp_create_error());

  std::vector<ptowsp_symbol> bound;
  for (const SymbolValue &symbol : symbols)
    bound.push_back({symbol.name.c_str(), symbol.f64, symbol.i64});
  char error[1024] = "";
  ptowsp_graph_context context{
      args.data(),  static_cast<int32_t>(args.size()),
      bound.data(), static_cast<int32_t>(bound.size()),
      error,        sizeof(error)};
  int32_t status = graph.getGraphFunction()(handle.runtime, &context);
  // Finish even after a failed orchestration: it waits for the tasks already
  // submitted, which may still be using the caller's buffers.
  ptowsp_status finished = ptowsp_finish(handle.runtime);
  if (status != PTOWSP_OK || finished != PTOWSP_OK) {
    std::string message = error[0] ? error : ptowsp_last_error(handle.runtime);
    ptowsp_status shown =
        status != PTOWSP_OK ? static_cast<ptowsp_status>(status) : finished;
    return llvm::make_error<RunFailure>(
        shown, "workload '" + graph.getName() + "' failed (" +
                   ptowsp_status_name(shown) + "): " + message);
  }
  return collectStatistics(handle.runtime, config);
}
